//! Data-flow diagrams on pages: the overview of all flows, and the part one activity
//! or system takes part in.

use super::super::diagram::{self, DiagramEdge, DiagramNode};
use super::lists::{list, List};
use super::root_of;
use crate::i18n::t;
use crate::model::Kind;
use crate::view::{href, index_href, SiteView};
use serde::Serialize;

/// The most flows one diagram draws. Beyond it the drawing is wider than any screen or
/// page (3,000 flows made a 200,000-pixel, 10 MB SVG), so a note stands in its place
/// and the pages of the systems and activities draw their part.
pub const DIAGRAM_MAX_FLOWS: usize = 150;

/// The data of the flows index: the list and the diagram of all flows.
#[derive(Serialize)]
pub struct FlowsOverview<'a> {
    #[serde(flatten)]
    list: List<'a>,
    diagram: String,
}

/// The diagram of `flows` as inline SVG, or else the interface string `too_many` (with
/// the number of flows and the limit filled in) when there are too many to draw.
fn diagram_for(
    v: &SiteView,
    flows: &[&crate::model::Record<crate::model::flow::Flow>],
    lang: &str,
    root: &str,
    title: &str,
    too_many: &str,
) -> String {
    if flows.len() > DIAGRAM_MAX_FLOWS {
        let note = t(lang, too_many)
            .replace("{flows}", &flows.len().to_string())
            .replace("{max}", &DIAGRAM_MAX_FLOWS.to_string())
            .replace("{used_by}", &t(lang, "used_by"));
        return format!(
            "<p class=\"diagram-note\">{}</p>",
            crate::html::escape(&note)
        );
    }
    let d = v.default_lang().to_string();
    let mut seen = std::collections::HashSet::new();
    let system_ids: Vec<&str> = flows
        .iter()
        .flat_map(|f| [f.data.from.value.as_str(), f.data.to.value.as_str()])
        .filter(|s| seen.insert(*s))
        .collect();
    let nodes: Vec<DiagramNode> = system_ids
        .iter()
        .map(|id| {
            let sys = v.reg.system(id);
            DiagramNode {
                id: id.to_string(),
                label: v.label(Kind::System, id, lang),
                sublabel: sys
                    .and_then(|s| s.data.operated_by.as_ref())
                    .map(|o| v.label(Kind::Subprocessor, &o.value, lang)),
                href: sys.map(|_| format!("{root}{}", href(Kind::System, id, lang))),
                external: sys.is_some_and(|s| s.data.external),
            }
        })
        .collect();
    let edges: Vec<DiagramEdge> = flows
        .iter()
        .map(|f| DiagramEdge {
            from: f.data.from.value.clone(),
            to: f.data.to.value.clone(),
            label: f.data.purpose.get(lang, &d).to_string(),
            href: Some(format!(
                "{root}{}",
                href(Kind::Flow, &f.data.id.value, lang)
            )),
        })
        .collect();
    diagram::render(&nodes, &edges, title, &t(lang, "diagram_desc"))
}

/// The flows index: the list of flows and the diagram of them all.
pub fn flows_overview<'a>(v: &SiteView<'a>, lang: &str) -> FlowsOverview<'a> {
    let mut flows: Vec<_> = v.reg.flows.iter().collect();
    flows.sort_by(|a, b| a.data.id.value.cmp(&b.data.id.value));
    let root = root_of(&index_href(Kind::Flow, lang));
    let svg = diagram_for(
        v,
        &flows,
        lang,
        &root,
        &t(lang, "all_flows"),
        "too_many_flows",
    );
    FlowsOverview {
        list: list(v, Kind::Flow, lang),
        diagram: svg,
    }
}

/// The diagram of the flows an activity or system takes part in ("" when none).
pub fn record_diagram(v: &SiteView, kind: Kind, id: &str, lang: &str, root: &str) -> String {
    let mut flows = v.flows_of(kind, id).to_vec();
    if flows.is_empty() {
        return String::new();
    }
    flows.sort_by(|a, b| a.data.id.value.cmp(&b.data.id.value));
    let title = format!("{}: {}", t(lang, "data_flows"), v.label(kind, id, lang));
    diagram_for(v, &flows, lang, root, &title, "too_many_flows_here")
}
