//! Data-flow diagrams drawn as static, deterministic SVG at build time: boxes are
//! systems, arrows are flows of personal data. No JavaScript, web fonts or filters,
//! so diagrams work offline, print well and diff cleanly between builds.

use crate::html::escape as esc;
use std::collections::HashMap;
use std::fmt::Write;

/// A box in a diagram.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiagramNode {
    /// Key that edges refer to; if two nodes share one, edges attach to the first.
    pub id: String,
    /// Name of the system, shown in the box (wrapped onto two lines if long).
    pub label: String,
    /// Smaller grey line under the label, e.g. the operator ("Hetzner").
    pub sublabel: Option<String>,
    /// Link target of the box, e.g. the system's wiki page.
    pub href: Option<String>,
    /// Outside our control (third party, visitor's device): drawn dashed.
    pub external: bool,
}

/// An arrow from one box to another.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiagramEdge {
    /// Id of the source node; the edge is skipped if no node has it.
    pub from: String,
    /// Id of the target node; the edge is skipped if no node has it.
    pub to: String,
    /// Purpose or data carried, written on the arrow.
    pub label: String,
    /// Link target of the label, e.g. the processing activity.
    pub href: Option<String>,
}

const CHAR_W: f64 = 7.2; // average advance of a 13px sans-serif glyph
const SMALL_CHAR_W: f64 = 6.2; // the same at 11px
const MAX_LINE: usize = 24; // label characters per line before wrapping
const MAX_SMALL: usize = 40; // sublabel and edge label characters before clipping
const MARGIN: f64 = 16.0;
const ROW_GAP: f64 = 28.0;
const LOOP_H: f64 = 40.0; // height of a self-loop above its box

/// A placed box, or a waypoint (no text, no height) where a long edge crosses a column.
#[derive(Default)]
struct Shape {
    lines: Vec<String>,
    sub: Option<String>,
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    /// Room kept free above the box (for a self-loop).
    top: f64,
}

/// Shapes are indexed like the input nodes, followed by the waypoints.
struct Layout<'a> {
    shapes: Vec<Shape>,
    rank: Vec<usize>,
    /// Each drawable edge with the shapes it passes through, source first.
    links: Vec<(&'a DiagramEdge, Vec<usize>)>,
    width: f64,
    height: f64,
}

/// Draws the diagram as an `<svg>` element (no XML prolog), to be inlined in HTML.
///
/// Ids inside the SVG are derived from a hash of the title and contents, so several
/// diagrams can be inlined into one page.
pub fn render(
    nodes: &[DiagramNode],
    edges: &[DiagramEdge],
    title: &str,
    description: &str,
) -> String {
    let l = layout(nodes, edges);
    let p = id_prefix(title, description, nodes);
    let mut paths = String::new();
    let mut labels = String::new();
    let mut placed = Placed::default();
    let segs: Vec<&[usize]> = l.links.iter().flat_map(|(_, c)| c.windows(2)).collect();
    let ends = port_ys(&l, &segs);
    let mut next_seg = segs.iter().zip(&ends);
    for (e, chain) in &l.links {
        let (mut d, mut mid) = (String::new(), (0.0, 0.0));
        for (k, (w, &[y0, y3])) in next_seg.by_ref().take(chain.len() - 1).enumerate() {
            let (a, b) = (&l.shapes[w[0]], &l.shapes[w[1]]);
            let p = if w[0] == w[1] {
                // Self-loop: a small arc over the top of the box.
                let (x0, x3, top) = (a.x + a.w * 0.65, a.x + a.w * 0.35, a.y - LOOP_H);
                [x0, a.y, x0, top, x3, top, x3, a.y]
            } else {
                // Forward segments leave right and enter left, back edges of cycles the
                // other way; the control points keep both ends horizontal.
                let fwd = l.rank[w[0]] < l.rank[w[1]];
                let x0 = a.x + if fwd { a.w } else { 0.0 };
                let x3 = b.x + if fwd { 0.0 } else { b.w };
                let dx = (x3 - x0) / 2.0;
                [x0, y0, x0 + dx, y0, x3 - dx, y3, x3, y3]
            };
            if k == 0 {
                // The label goes on the first segment, at the curve's point for t = 1/2.
                let at = |i: usize| (p[i] + 3.0 * p[i + 2] + 3.0 * p[i + 4] + p[i + 6]) / 8.0;
                mid = (at(0), at(1));
            }
            // Between segments the edge runs straight across the waypoint's column.
            let p = p.map(num);
            let m = if k == 0 { 'M' } else { 'L' };
            let _ = write!(
                d,
                "{m}{},{}C{},{} {},{} {},{}",
                p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]
            );
        }
        let _ = writeln!(paths, "<path d=\"{d}\" marker-end=\"url(#{p}-arrow)\"/>");
        if !e.label.is_empty() {
            let label = clip(&e.label, MAX_SMALL);
            let w = label.chars().count() as f64 * SMALL_CHAR_W + 8.0;
            let y = placed.free_y(mid.0, mid.1, w);
            let [rx, ry, rw] = [mid.0 - w / 2.0, y - 8.0, w].map(num);
            let g = format!(
                "<g font-size=\"11\"><rect x=\"{rx}\" y=\"{ry}\" width=\"{rw}\" height=\"16\" \
                 rx=\"3\" fill=\"#fff\" fill-opacity=\"0.9\"/>{}</g>",
                text(mid.0, y + 4.0, " fill=\"#333\"", &label)
            );
            labels += &(link(&e.href, g) + "\n");
        }
    }
    let boxes: String = nodes.iter().zip(&l.shapes).map(node_svg).collect();

    // The view box grows if a label had to move past the edge.
    let (mut top, mut bottom) = (0.0_f64, l.height);
    for &(_, y, _) in &placed.labels {
        (top, bottom) = (top.min(y - 8.0 - MARGIN), bottom.max(y + 8.0 + MARGIN));
    }
    let [y, w, h] = [top, l.width, bottom - top].map(num);
    let (t, d) = (esc(title), esc(description));
    // Edge labels come last so they sit on top of every arrow and stay legible.
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 {y} {w} {h}\" width=\"{w}\" \
         height=\"{h}\" role=\"img\" aria-labelledby=\"{p}-title\" aria-describedby=\"{p}-desc\" \
         style=\"max-width:100%;height:auto\" font-family=\"system-ui, sans-serif\" \
         font-size=\"13\">\n<title id=\"{p}-title\">{t}</title>\n<desc id=\"{p}-desc\">{d}</desc>\n\
         <defs><marker id=\"{p}-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" \
         markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">\
         <path d=\"M0,0L10,5L0,10z\" fill=\"#555\"/></marker></defs>\n\
         <g fill=\"none\" stroke=\"#555\" stroke-width=\"1.5\">\n{paths}</g>\n{boxes}{labels}</svg>\n"
    )
}

/// The y of both ends of every segment. Ends are spread over each box side, ordered by
/// where the other end sits, so arrows do not cross at the box and parallel edges
/// stay apart.
fn port_ys(l: &Layout, segs: &[&[usize]]) -> Vec<[f64; 2]> {
    let cy = |v: usize| l.shapes[v].y + l.shapes[v].h / 2.0;
    let mut ports = vec![Vec::new(); 2 * l.shapes.len()]; // left and right side of each
    for (i, w) in segs.iter().enumerate().filter(|(_, w)| w[0] != w[1]) {
        let fwd = l.rank[w[0]] < l.rank[w[1]];
        ports[2 * w[0] + fwd as usize].push((cy(w[1]), i, 0));
        ports[2 * w[1] + !fwd as usize].push((cy(w[0]), i, 1));
    }
    let mut ends = vec![[0.0; 2]; segs.len()];
    for (slot, list) in ports.iter_mut().enumerate() {
        list.sort_by(|p, q| p.0.total_cmp(&q.0).then(p.1.cmp(&q.1)));
        let sh = &l.shapes[slot / 2];
        for (k, &(_, i, end)) in list.iter().enumerate() {
            ends[i][end] = sh.y + sh.h * (k + 1) as f64 / (list.len() + 1) as f64;
        }
    }
    ends
}

/// Edge labels placed so far, and by band of one line height, for finding clashes
/// without looking at every label of a large diagram.
#[derive(Default)]
struct Placed {
    /// Centre x, centre y and width of each label.
    labels: Vec<(f64, f64, f64)>,
    bands: HashMap<i64, Vec<usize>>,
}

impl Placed {
    const LINE: f64 = 18.0;

    /// Picks the y for an edge label centred at (x, y): if it would cover an earlier
    /// label (parallel edges, fan-outs) it moves down, up, further down... by one line.
    fn free_y(&mut self, x: f64, y: f64, w: f64) -> f64 {
        let band = |y: f64| (y / Self::LINE).floor() as i64;
        let clash = |y: f64| {
            (band(y - Self::LINE)..=band(y + Self::LINE))
                .filter_map(|b| self.bands.get(&b))
                .flatten()
                .map(|&i| self.labels[i])
                .any(|(px, py, pw)| (px - x).abs() < (pw + w) / 2.0 && (py - y).abs() < Self::LINE)
        };
        let mut step = 0;
        let y = loop {
            let sign = if step % 2 == 0 { 1.0 } else { -1.0 };
            let candidate = y + sign * Self::LINE * ((step + 1) / 2) as f64;
            if !clash(candidate) {
                break candidate;
            }
            step += 1;
        };
        self.bands
            .entry(band(y))
            .or_default()
            .push(self.labels.len());
        self.labels.push((x, y, w));
        y
    }
}

/// One box: dashed when external, label lines underlined when linked, so neither
/// depends on colour alone.
fn node_svg((node, sh): (&DiagramNode, &Shape)) -> String {
    let [x, y, w, h] = [sh.x, sh.y, sh.w, sh.h].map(num);
    let fill = if node.external { "#fff" } else { "#eef3fb" };
    let dash = if node.external { "6 4" } else { "none" };
    let mut g = String::from("<g>");
    if sh.lines.iter().any(|line| line.ends_with('…')) {
        let _ = write!(g, "<title>{}</title>", esc(&node.label)); // full text as tooltip
    }
    let _ = write!(
        g,
        "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"6\" fill=\"{fill}\" \
         stroke=\"#2a5599\" stroke-width=\"1.5\" stroke-dasharray=\"{dash}\"/>"
    );
    let linked = node.href.is_some();
    let style = if linked {
        " fill=\"#1a1a1a\" text-decoration=\"underline\""
    } else {
        " fill=\"#1a1a1a\""
    };
    let cx = sh.x + sh.w / 2.0;
    for (i, line) in sh.lines.iter().enumerate() {
        g += &text(cx, sh.y + 24.0 + 16.0 * i as f64, style, line);
    }
    if let Some(sub) = &sh.sub {
        let y = sh.y + 22.0 + 16.0 * sh.lines.len() as f64;
        g += &text(cx, y, " font-size=\"11\" fill=\"#4d4d4d\"", sub);
    }
    link(&node.href, g + "</g>") + "\n"
}

/// A `<text>` element centred on x, with its baseline at y.
fn text(x: f64, y: f64, attrs: &str, content: &str) -> String {
    let [x, y] = [x, y].map(num);
    format!(
        "<text x=\"{x}\" y=\"{y}\" text-anchor=\"middle\"{attrs}>{}</text>",
        esc(content)
    )
}

/// Ranks nodes into columns, adds waypoints for long edges, orders each column to
/// reduce crossings and places the shapes.
fn layout<'a>(nodes: &'a [DiagramNode], edges: &'a [DiagramEdge]) -> Layout<'a> {
    let mut index = HashMap::new();
    for (i, node) in nodes.iter().enumerate() {
        index.entry(node.id.as_str()).or_insert(i);
    }
    let find = |id: &String| index.get(id.as_str()).copied();
    let pairs: Vec<_> = edges
        .iter()
        .filter_map(|e| Some((find(&e.from)?, find(&e.to)?, e)))
        .collect();
    let n = nodes.len();
    let mut rank = ranks(n, &pairs);
    let mut shapes: Vec<Shape> = nodes.iter().map(size).collect();
    let mut adj = vec![Vec::new(); n];
    let mut links = Vec::new();
    for (a, b, e) in pairs {
        // A long edge gets a waypoint in every column it crosses, so that it is routed
        // between the boxes rather than through them.
        let mut chain = vec![a];
        for r in rank[a].min(rank[b]) + 1..rank[a].max(rank[b]) {
            chain.push(shapes.len());
            shapes.push(Shape::default());
            rank.push(r);
            adj.push(Vec::new());
        }
        if rank[a] > rank[b] {
            chain[1..].reverse();
        }
        chain.push(b);
        for w in chain.windows(2).filter(|w| w[0] != w[1]) {
            adj[w[0]].push(w[1]);
            adj[w[1]].push(w[0]);
        }
        if a == b {
            shapes[a].top = LOOP_H; // room for the self-loop
        }
        links.push((e, chain));
    }

    let cols = rank.iter().max().map_or(0, |m| m + 1);
    let mut layers = vec![Vec::new(); cols];
    for v in 0..shapes.len() {
        layers[rank[v]].push(v);
    }
    // Barycenter sweeps, down then up: each shape moves towards the mean position of
    // its neighbours in the column just swept. Ties keep input order.
    let mut pos = vec![0.0; shapes.len()];
    layers.iter().for_each(|layer| place(layer, &mut pos));
    let down = (1..cols).map(|r| (r, r - 1));
    for (r, from) in down.chain((1..cols).rev().map(|r| (r - 1, r))) {
        let mut keyed = Vec::new();
        for &v in &layers[r] {
            let nb: Vec<f64> = adj[v]
                .iter()
                .filter(|&&u| rank[u] == from)
                .map(|&u| pos[u])
                .collect();
            let mean = nb.iter().sum::<f64>() / nb.len() as f64;
            keyed.push((if nb.is_empty() { pos[v] } else { mean }, v));
        }
        keyed.sort_by(|p, q| p.0.total_cmp(&q.0).then(p.1.cmp(&q.1)));
        layers[r] = keyed.into_iter().map(|(_, v)| v).collect();
        place(&layers[r], &mut pos);
    }

    // Columns are as wide as their widest box and far enough apart for the longest
    // edge label; each column is centred vertically.
    let mut gap: f64 = 110.0;
    for (e, _) in &links {
        gap = gap.max(e.label.chars().count().min(MAX_SMALL) as f64 * SMALL_CHAR_W + 56.0);
    }
    let (mut col_w, mut col_h) = (vec![0.0_f64; cols], vec![-ROW_GAP; cols]);
    for (v, sh) in shapes.iter().enumerate() {
        col_w[rank[v]] = col_w[rank[v]].max(sh.w);
        col_h[rank[v]] += sh.top + sh.h + ROW_GAP;
    }
    let inner_h = col_h.iter().copied().fold(0.0, f64::max);
    let mut x = MARGIN;
    for (r, layer) in layers.iter().enumerate() {
        let mut y = MARGIN + (inner_h - col_h[r]) / 2.0;
        for &v in layer {
            let sh = &mut shapes[v];
            sh.w = if v < n { sh.w } else { col_w[r] }; // waypoints span their column
            (sh.x, sh.y) = (x + (col_w[r] - sh.w) / 2.0, y + sh.top);
            y += sh.top + sh.h + ROW_GAP;
        }
        x += col_w[r] + gap;
    }
    let width = x + MARGIN - if cols > 0 { gap } else { 0.0 };
    let height = inner_h + 2.0 * MARGIN;
    Layout {
        shapes,
        rank,
        links,
        width,
        height,
    }
}

/// Stores each shape's index in its column, centred on zero like the drawing.
fn place(layer: &[usize], pos: &mut [f64]) {
    for (i, &v) in layer.iter().enumerate() {
        pos[v] = i as f64 - (layer.len() as f64 - 1.0) / 2.0;
    }
}

/// Longest-path rank from the sources, ignoring the back edges a depth-first search
/// finds (started from sources first, in input order), so cycles break the same way
/// on every build.
fn ranks(n: usize, pairs: &[(usize, usize, &DiagramEdge)]) -> Vec<usize> {
    let (mut out, mut has_in) = (vec![Vec::new(); n], vec![false; n]);
    for &(a, b, _) in pairs {
        out[a].push(b);
        has_in[b] |= a != b;
    }
    let mut roots: Vec<usize> = (0..n).collect();
    roots.sort_by_key(|&v| has_in[v]);
    let (mut state, mut back, mut post) = (vec![0u8; n], Vec::new(), Vec::new());
    for root in roots {
        if state[root] != 0 {
            continue;
        }
        let mut stack = vec![(root, 0)];
        state[root] = 1; // 1: on the stack, 2: finished
        while let Some(top) = stack.last_mut() {
            let v = top.0;
            if let Some(&t) = out[v].get(top.1) {
                top.1 += 1;
                match state[t] {
                    0 => {
                        state[t] = 1;
                        stack.push((t, 0));
                    }
                    1 => back.push((v, t)),
                    _ => {}
                }
            } else {
                state[v] = 2;
                post.push(v);
                stack.pop();
            }
        }
    }
    // Reverse post-order is a topological order once back edges are ignored.
    let mut rank = vec![0; n];
    for &v in post.iter().rev() {
        for &t in out[v].iter().filter(|&&t| !back.contains(&(v, t))) {
            rank[t] = rank[t].max(rank[v] + 1);
        }
    }
    rank
}

/// Box size from the text it holds; `layout` fills in the position.
fn size(node: &DiagramNode) -> Shape {
    let lines = wrap(&node.label);
    let sub = node.sublabel.as_deref().filter(|s| !s.is_empty());
    let sub = sub.map(|s| clip(s, MAX_SMALL));
    let chars = |s: &String| s.chars().count() as f64;
    let mut w = sub.as_ref().map_or(0.0, |s| chars(s) * SMALL_CHAR_W);
    for line in &lines {
        w = w.max(chars(line) * CHAR_W);
    }
    let h = 20.0 + 16.0 * lines.len() as f64 + if sub.is_some() { 14.0 } else { 0.0 };
    let w = (w + 24.0).max(96.0);
    Shape {
        lines,
        sub,
        w,
        h,
        ..Shape::default()
    }
}

/// Splits a long label into two lines at the space nearest its middle, clipping each.
fn wrap(label: &str) -> Vec<String> {
    let chars: Vec<char> = label.chars().collect();
    if chars.len() <= MAX_LINE {
        return vec![label.to_string()];
    }
    let mid = chars.len() / 2;
    let spaces = (0..chars.len()).filter(|&i| chars[i] == ' ');
    let (a, b) = match spaces.min_by_key(|&i| i.abs_diff(mid)) {
        Some(i) => (&chars[..i], &chars[i + 1..]),
        None => chars.split_at(mid),
    };
    let line = |part: &[char]| clip(&part.iter().collect::<String>(), MAX_LINE);
    vec![line(a), line(b)]
}

/// Shortens text to `max` characters, marking the cut with an ellipsis.
fn clip(text: &str, max: usize) -> String {
    match text.chars().count() <= max {
        true => text.to_string(),
        false => text.chars().take(max - 1).chain(['…']).collect(),
    }
}

/// Wraps `inner` in a link when there is a target.
fn link(href: &Option<String>, inner: String) -> String {
    match href {
        Some(h) => format!("<a href=\"{}\">{inner}</a>", esc(h)),
        None => inner,
    }
}

/// Prefix for the ids inside one diagram. FNV-1a rather than std's hasher, whose output
/// may change between Rust releases and would make builds differ.
fn id_prefix(title: &str, description: &str, nodes: &[DiagramNode]) -> String {
    let mut h: u32 = 0x811c_9dc5;
    let ids = nodes.iter().map(|n| n.id.as_str());
    for part in [title, description].into_iter().chain(ids) {
        for b in part.bytes().chain([0]) {
            h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
        }
    }
    format!("dfd-{h:08x}")
}

/// Formats a coordinate with at most one decimal, so output is stable.
fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: &str) -> DiagramNode {
        let label = format!("Label {id}");
        DiagramNode {
            id: id.into(),
            label,
            ..Default::default()
        }
    }

    fn edge(from: &str, to: &str) -> DiagramEdge {
        let label = format!("{from} to {to}");
        DiagramEdge {
            from: from.into(),
            to: to.into(),
            label,
            href: None,
        }
    }

    fn count_arrows(nodes: &[DiagramNode], edges: &[DiagramEdge]) -> usize {
        render(nodes, edges, "T", "").matches("marker-end=").count()
    }

    #[test]
    fn deterministic_and_labels_escaped() {
        let mut nodes = vec![node("a"), node("b"), node("c")];
        nodes[2].label = "Tom & Jerry's <db>".into();
        let edges = [edge("a", "b"), edge("b", "c"), edge("a", "c")];
        let svg = render(&nodes, &edges, "T", "D");
        assert_eq!(svg, render(&nodes, &edges, "T", "D"));
        assert!(svg.contains(">Label a<") && svg.contains(">Label b<"));
        assert!(svg.contains(">Tom &amp; Jerry&#39;s &lt;db&gt;<") && !svg.contains("<db>"));
    }

    #[test]
    fn chain_goes_left_to_right() {
        let (nodes, edges) = (
            [node("c"), node("b"), node("a")],
            [edge("b", "c"), edge("a", "b")],
        );
        let l = layout(&nodes, &edges);
        assert!(l.shapes[2].x < l.shapes[1].x && l.shapes[1].x < l.shapes[0].x);
    }

    #[test]
    fn cycles_terminate_and_render() {
        let nodes = [node("a"), node("b")];
        let svg = render(&nodes, &[edge("a", "b"), edge("b", "a")], "T", "");
        assert!(svg.contains(">Label a<") && svg.contains(">Label b<"));
        assert_eq!(
            count_arrows(&nodes, &[edge("a", "b"), edge("b", "a"), edge("a", "a")]),
            3
        );
    }

    #[test]
    fn unknown_endpoints_skipped_isolated_nodes_kept() {
        let nodes = [node("a"), node("lonely")];
        assert_eq!(
            count_arrows(&nodes, &[edge("a", "ghost"), edge("ghost", "a")]),
            0
        );
        assert!(render(&nodes, &[], "T", "").contains(">Label lonely<"));
    }

    #[test]
    fn hrefs_and_special_characters_escaped() {
        let mut nodes = [node("a"), node("b")];
        nodes[0].href = Some("/systems/chat?x=1&y=\"2\"".into());
        let e = DiagramEdge {
            href: Some("/activities/support".into()),
            ..edge("a", "b")
        };
        let svg = render(&nodes, &[e], "Flows <main>", "Who & what");
        assert!(svg.contains("<a href=\"/systems/chat?x=1&amp;y=&quot;2&quot;\">"));
        assert!(svg.contains("<a href=\"/activities/support\">"));
        assert!(svg.contains(">Flows &lt;main&gt;</title>"));
        assert!(svg.contains(">Who &amp; what</desc>"));
    }

    #[test]
    fn marker_ids_differ_per_title() {
        let nodes = [node("a"), node("b")];
        let id = |t: &str| {
            let svg = render(&nodes, &[edge("a", "b")], t, "");
            let start = svg.find("<marker id=\"").unwrap() + 12;
            svg[start..start + svg[start..].find('"').unwrap()].to_string()
        };
        assert_ne!(id("One"), id("Two"));
    }

    #[test]
    fn long_edges_get_waypoints_and_numbers_stay_short() {
        let nodes = [node("a"), node("b"), node("c")];
        let edges = [edge("a", "b"), edge("b", "c"), edge("a", "c")];
        let l = layout(&nodes, &edges);
        assert_eq!(l.links[2].1.len(), 3);
        assert_eq!([1.0, 2.25, -0.04, 3.04].map(num), ["1", "2.3", "0", "3"]);
        assert_eq!(wrap("A very long system name that must wrap").len(), 2);
    }
}
