//! A fast reader for the plain YAML registry files are written in: block mappings
//! and lists, plain and quoted one-line scalars, `>`/`|` block scalars of plain
//! paragraphs, and flow lists of plain words (`[de, en]`).
//!
//! It gives up (`None`) on anything else — and on anything wrong — and
//! [`super::parse`] then reads the file with the full YAML parser. So the result
//! never depends on which of the two read a file; this one is only faster (the
//! full parser builds tokens and events first, which was a third of `ropa check`
//! on a large registry). The tests compare both on every file they can find.

use super::{is_null, Node, NodeKind, MAX_DEPTH};
use crate::source::Span;

/// The longest line the fast reader takes: the full parser refuses a key longer
/// than 1024 characters ("simple key"), which this reader does not count.
const MAX_LINE: usize = 1000;

/// Whether `text` has none of what the full parser refuses and this reader does
/// not look for: control characters other than tab and line ends (YAML's
/// "unprintable" ones, C1 included), a byte order mark or a non-character
/// (U+FFFE, U+FFFF) anywhere, a line longer than [`MAX_LINE`], or no final
/// line end. Found by the
/// mutation test (tests/testsuite/mutation.rs).
fn plain_enough(text: &str) -> bool {
    // This runs on every YAML file, so it is kept to two fast scans (three passes,
    // one decoding every character, cost 8 % of `check` at scale 100). In UTF-8, C1
    // controls are `C2 80..9F`, U+FEFF is `EF BB BF`, U+FFFE/U+FFFF `EF BF BE/BF`:
    // a byte that may start one of them, or a control byte, is rare in records, and
    // only a file that has one is looked at closely.
    let b = text.as_bytes();
    let suspect = |c: u8| {
        (c < 0x20 && c != b'\t' && c != b'\n' && c != b'\r')
            | (c == 0x7f)
            | (c == 0xc2)
            | (c == 0xef)
    };
    // Folded without an early exit, so that the compiler can vectorise it.
    let has_suspect = b
        .chunks(256)
        .any(|chunk| chunk.iter().fold(false, |found, &c| found | suspect(c)));
    if has_suspect {
        for (i, &c) in b.iter().enumerate() {
            let refused = match c {
                0xc2 => matches!(b.get(i + 1), Some(0x80..=0x9f)),
                0xef => matches!(
                    (b.get(i + 1), b.get(i + 2)),
                    (Some(0xbb), Some(0xbf)) | (Some(0xbf), Some(0xbe | 0xbf))
                ),
                c => suspect(c),
            };
            if refused {
                return false;
            }
        }
    }
    // No line longer than the full parser takes, and a final line end (a file cut
    // off without one: the readers end the last value's span differently there, so
    // it goes to the full parser).
    let mut line_start = 0;
    for end in memchr::memchr_iter(b'\n', b) {
        if end - line_start > MAX_LINE {
            return false;
        }
        line_start = end + 1;
    }
    line_start == b.len()
}

/// Reads `text` if it is in the simple subset; `None` if the full parser must.
pub fn parse(text: &str) -> Option<Node> {
    if !plain_enough(text) {
        return None;
    }
    let mut r = Reader::new(text)?;
    let Some(first) = r.content_line()? else {
        return Some(Node {
            kind: NodeKind::Null,
            span: Span::new(0, 0),
        });
    };
    let indent = r.lines[first].indent;
    let root = r.block(indent, 0)?;
    // Anything left over (a line less indented than the root) is not simple.
    match r.content_line()? {
        None => Some(root),
        Some(_) => None,
    }
}

/// One line of the text: where it starts, where its content starts and where it ends
/// (before `\n` or `\r\n`).
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    indent: usize,
    end: usize,
}

struct Reader<'a> {
    text: &'a str,
    lines: Vec<Line>,
    /// The next line to read.
    at: usize,
}

/// Characters that give a scalar at the start of a value a special meaning.
fn is_indicator(b: u8) -> bool {
    matches!(
        b,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    )
}

fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')
}

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Option<Self> {
        let bytes = text.as_bytes();
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            return None;
        }
        // Tabs and lone carriage returns have rules of their own; a registry file has
        // neither, which one vectorised search over the whole text shows.
        let crlf = match memchr::memchr2(b'\t', b'\r', bytes) {
            None => false,
            Some(i) if bytes[i] == b'\t' => return None,
            Some(_) => true,
        };
        let mut lines = Vec::with_capacity(text.len() / 24 + 1);
        let mut start = 0;
        while start < bytes.len() {
            let nl = memchr::memchr(b'\n', &bytes[start..]).map(|i| start + i);
            let mut end = nl.unwrap_or(bytes.len());
            if crlf {
                if end > start && bytes[end - 1] == b'\r' {
                    end -= 1;
                }
                let line = &bytes[start..end];
                if line.contains(&b'\r') || line.contains(&b'\t') {
                    return None;
                }
            }
            let indent = bytes[start..end].iter().take_while(|b| **b == b' ').count();
            lines.push(Line { start, indent, end });
            start = match nl {
                Some(i) => i + 1,
                None => bytes.len(),
            };
        }
        let mut r = Reader { text, lines, at: 0 };
        // A leading `---` (front matter) starts the one document.
        if let Some(first) = r.lines.first() {
            if &text[first.start..first.end] == "---" {
                r.at = 1;
            }
        }
        if r.lines[r.at.min(r.lines.len())..].iter().any(|l| {
            let s = &text[l.start..l.end];
            l.indent == 0 && (s.starts_with("---") || s.starts_with("...") || s.starts_with('%'))
        }) {
            return None;
        }
        Some(r)
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    /// The next line with content (not blank, not a comment), or `None` at the end.
    /// The outer `None` gives up.
    fn content_line(&mut self) -> Option<Option<usize>> {
        while self.at < self.lines.len() {
            let l = self.lines[self.at];
            let first = l.start + l.indent;
            if first < l.end && self.bytes()[first] != b'#' {
                return Some(Some(self.at));
            }
            self.at += 1;
        }
        Some(None)
    }

    /// A block list or mapping whose lines are indented by `indent`, starting at the
    /// current line.
    fn block(&mut self, indent: usize, depth: usize) -> Option<Node> {
        if depth + 2 >= MAX_DEPTH {
            return None;
        }
        let l = self.lines[self.at];
        if self.is_seq_entry(l.start + l.indent, l.end) {
            self.seq(indent, depth, false)
        } else {
            self.map(indent, l.start + l.indent, depth)
        }
    }

    fn is_seq_entry(&self, at: usize, end: usize) -> bool {
        let b = self.bytes();
        b[at] == b'-' && (at + 1 == end || b[at + 1] == b' ')
    }

    /// A block list at `indent`; the current line is its first entry. A list written
    /// at the indentation of the key it is the value of (`indentless`) starts, for the
    /// full parser, at its first item rather than its first dash.
    fn seq(&mut self, indent: usize, depth: usize, indentless: bool) -> Option<Node> {
        let mut items: Vec<Node> = Vec::new();
        let start = self.lines[self.at].start + indent;
        while let Some(i) = self.content_line()? {
            let l = self.lines[i];
            if l.indent < indent {
                break;
            }
            let dash = l.start + l.indent;
            if l.indent > indent || !self.is_seq_entry(dash, l.end) {
                if l.indent == indent {
                    // A mapping key at the list's indentation ends a list that is the
                    // value of a key at the same indentation.
                    break;
                }
                return None;
            }
            // `- value`: the value starts after the blanks that follow the dash.
            let mut at = dash + 1;
            while at < l.end && self.bytes()[at] == b' ' {
                at += 1;
            }
            if at >= l.end || self.bytes()[at] == b'#' {
                // An empty item or one whose value is on the next lines.
                return None;
            }
            let column = at - l.start;
            if self.is_seq_entry(at, l.end) {
                return None;
            }
            if self.key_end(at, l.end).is_some() {
                items.push(self.map(column, at, depth + 1)?);
            } else {
                let node = self.inline(at, l.end, indent, depth + 1)?;
                items.push(node);
            }
        }
        let end = items.last().map(|n| n.span.end)?;
        let start = if indentless {
            items[0].span.start
        } else {
            start
        };
        Some(Node {
            kind: NodeKind::Seq(items),
            span: Span::new(start, end),
        })
    }

    /// Where the key of a `key: value` entry starting at `at` ends, if it is one.
    fn key_end(&self, at: usize, end: usize) -> Option<usize> {
        let b = self.bytes();
        let mut i = at;
        while i < end && is_key_byte(b[i]) {
            i += 1;
        }
        if i == at || b[at] == b'-' || b[at] == b'.' {
            return None;
        }
        if i < end && b[i] == b':' && (i + 1 == end || b[i + 1] == b' ') {
            Some(i)
        } else {
            None
        }
    }

    /// A block mapping whose keys stand at column `indent`; its first key is at `first`
    /// on the current line.
    fn map(&mut self, indent: usize, first: usize, depth: usize) -> Option<Node> {
        let mut entries: Vec<(Node, Node)> = Vec::new();
        let mut key_at = first;
        loop {
            let l = self.lines[self.at];
            let key_end = self.key_end(key_at, l.end)?;
            let key = &self.text[key_at..key_end];
            // A null key (`null:`) and a repeated one are errors the full parser reports.
            if is_null(key) || entries.iter().any(|(k, _)| k.as_str() == Some(key)) {
                return None;
            }
            let key_node = Node {
                kind: NodeKind::Scalar {
                    text: key.to_string(),
                    plain: true,
                },
                span: Span::new(key_at, key_end),
            };
            let mut at = key_end + 1;
            while at < l.end && self.bytes()[at] == b' ' {
                at += 1;
            }
            let value = if at >= l.end || self.bytes()[at] == b'#' {
                // The value is a block on the next lines.
                self.at += 1;
                let next = self.content_line()??;
                let n = self.lines[next];
                let dash = n.start + n.indent;
                if n.indent > indent {
                    self.block(n.indent, depth + 1)?
                } else if n.indent == indent && self.is_seq_entry(dash, n.end) {
                    self.seq(indent, depth + 1, true)?
                } else {
                    // An empty value (null): rare, left to the full parser.
                    return None;
                }
            } else {
                self.inline(at, l.end, indent, depth + 1)?
            };
            entries.push((key_node, value));
            let Some(next) = self.content_line()? else {
                break;
            };
            let n = self.lines[next];
            if n.indent < indent {
                break;
            }
            if n.indent > indent {
                return None;
            }
            if self.is_seq_entry(n.start + n.indent, n.end) {
                // A list entry at the mapping's indentation belongs to an outer list.
                break;
            }
            key_at = n.start + n.indent;
        }
        let end = entries.last().map(|(_, v)| v.span.end)?;
        Some(Node {
            kind: NodeKind::Map(entries),
            span: Span::new(first, end),
        })
    }

    /// A value written on the line from `at` to `end`: a scalar, a flow list, or the
    /// header of a block scalar. The line is consumed; `parent` is the indentation of
    /// the list or mapping holding it (further lines must not be more indented).
    fn inline(&mut self, at: usize, end: usize, parent: usize, depth: usize) -> Option<Node> {
        let b = self.bytes();
        let node = match b[at] {
            quote @ (b'"' | b'\'') => {
                let (text, close) = if quote == b'"' {
                    double_quoted(self.text, at, end)?
                } else {
                    single_quoted(self.text, at, end)?
                };
                self.rest_is_blank(close, end)?;
                Node {
                    kind: NodeKind::Scalar { text, plain: false },
                    span: Span::new(at, close),
                }
            }
            b'[' => {
                if depth + 1 >= MAX_DEPTH {
                    return None;
                }
                self.flow_list(at, end)?
            }
            b'|' | b'>' => return self.block_scalar(at, end, parent),
            c if is_indicator(c) => return None,
            _ => {
                let text_end = plain_end(b, at, end);
                let text = &self.text[at..text_end];
                if text.contains(": ") || text.ends_with(':') {
                    return None;
                }
                plain_node(text, at)
            }
        };
        self.at += 1;
        // A more indented line after a one-line value would continue it.
        if let Some(next) = self.content_line()? {
            if self.lines[next].indent > parent {
                return None;
            }
        }
        Some(node)
    }

    /// Only blanks may follow a quoted scalar or a flow list (the full parser's
    /// place for one followed by a comment includes the comment).
    fn rest_is_blank(&self, from: usize, end: usize) -> Option<()> {
        self.text[from..end]
            .bytes()
            .all(|b| b == b' ')
            .then_some(())
    }

    /// `[a, b]`: plain words only.
    fn flow_list(&mut self, at: usize, end: usize) -> Option<Node> {
        let b = self.bytes();
        let close = at + self.text[at..end].find(']')?;
        self.rest_is_blank(close + 1, end)?;
        let mut items = Vec::new();
        let inner = &self.text[at + 1..close];
        if !inner.trim().is_empty() {
            let mut pos = at + 1;
            for part in inner.split(',') {
                let lead = part.len() - part.trim_start_matches(' ').len();
                let word = part.trim_matches(' ');
                let start = pos + lead;
                pos += part.len() + 1;
                if word.is_empty()
                    || is_indicator(b[start])
                    || word.bytes().any(|c| {
                        matches!(c, b'[' | b']' | b'{' | b'}' | b':' | b'#' | b'"' | b'\'')
                    })
                {
                    return None;
                }
                items.push(plain_node(word, start));
            }
        }
        let end_at = items.last().map(|n| n.span.end).unwrap_or(close + 1);
        Some(Node {
            kind: NodeKind::Seq(items),
            span: Span::new(at, end_at),
        })
    }

    /// `>` or `|` (optionally `-`) and the more indented lines that follow.
    fn block_scalar(&mut self, at: usize, end: usize, parent: usize) -> Option<Node> {
        let b = self.bytes();
        let folded = b[at] == b'>';
        let mut h = at + 1;
        let strip = h < end && b[h] == b'-';
        if strip {
            h += 1;
        }
        self.rest_is_blank(h, end)?;
        let header_line = self.at;
        // The block's lines: from the next line, while blank or indented past `parent`.
        let mut i = header_line + 1;
        let mut indent = None;
        let mut last_content = header_line;
        while i < self.lines.len() {
            let l = self.lines[i];
            let blank = l.indent == l.end - l.start;
            if blank {
                if indent.is_some_and(|n| l.end - l.start > n) {
                    return None;
                }
                i += 1;
                continue;
            }
            if l.indent <= parent {
                break;
            }
            match indent {
                None => indent = Some(l.indent),
                Some(n) if l.indent == n => {}
                Some(n) if l.indent > n && !folded => {}
                Some(_) => return None,
            }
            last_content = i;
            i += 1;
        }
        let indent = indent?;
        // Blank lines before the first content line are not handled here.
        if self.lines[header_line + 1].indent != indent
            || self.lines[header_line + 1].end - self.lines[header_line + 1].start == indent
        {
            return None;
        }
        let mut text = String::new();
        let mut blanks = 0usize;
        let mut first = true;
        for l in &self.lines[header_line + 1..=last_content] {
            let len = l.end - l.start;
            if len <= indent && l.indent == len {
                blanks += 1;
                continue;
            }
            let content = &self.text[l.start + indent..l.end];
            if !first {
                if folded {
                    if blanks == 0 {
                        text.push(' ');
                    }
                } else {
                    text.push('\n');
                }
            }
            for _ in 0..blanks {
                text.push('\n');
            }
            blanks = 0;
            first = false;
            text.push_str(content);
        }
        if !strip {
            text.push('\n');
        }
        // Trailing blank lines belong to the block but not to its text (clip/strip).
        let span_end = self.lines[last_content].end;
        self.at = last_content + 1;
        let first = self.lines[header_line + 1];
        Some(Node {
            kind: NodeKind::Scalar { text, plain: false },
            span: Span::new(first.start + indent, span_end),
        })
    }
}

/// A plain scalar's node: null for `~`, `null` and the like, else its text.
fn plain_node(text: &str, start: usize) -> Node {
    let kind = if is_null(text) {
        NodeKind::Null
    } else {
        NodeKind::Scalar {
            text: text.to_string(),
            plain: true,
        }
    };
    Node {
        kind,
        span: Span::new(start, start + text.len()),
    }
}

/// Where a plain scalar from `at` ends: before a comment or the line's end, trailing
/// blanks trimmed.
fn plain_end(b: &[u8], at: usize, end: usize) -> usize {
    let mut i = at;
    let mut stop = None;
    while i < end {
        if b[i] == b'#' && b[i - 1] == b' ' {
            stop = Some(i);
            break;
        }
        i += 1;
    }
    let mut e = stop.unwrap_or(end);
    while e > at && b[e - 1] == b' ' {
        e -= 1;
    }
    e
}

/// A `"…"` scalar on one line: its text and the offset after the closing quote.
fn double_quoted(text: &str, at: usize, end: usize) -> Option<(String, usize)> {
    let b = text.as_bytes();
    let mut out = String::new();
    let mut i = at + 1;
    let mut run = i;
    while i < end {
        match b[i] {
            b'"' => {
                out.push_str(&text[run..i]);
                return Some((out, i + 1));
            }
            b'\\' => {
                out.push_str(&text[run..i]);
                let c = *b.get(i + 1).filter(|_| i + 1 < end)?;
                out.push(match c {
                    b'"' => '"',
                    b'\\' => '\\',
                    b'/' => '/',
                    b'n' => '\n',
                    b't' => '\t',
                    _ => return None,
                });
                i += 2;
                run = i;
            }
            _ => i += 1,
        }
    }
    None
}

/// A `'…'` scalar on one line (`''` is a quote).
fn single_quoted(text: &str, at: usize, end: usize) -> Option<(String, usize)> {
    let b = text.as_bytes();
    let mut out = String::new();
    let mut i = at + 1;
    let mut run = i;
    while i < end {
        if b[i] == b'\'' {
            out.push_str(&text[run..i]);
            if i + 1 < end && b[i + 1] == b'\'' {
                out.push('\'');
                i += 2;
                run = i;
                continue;
            }
            return Some((out, i + 1));
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests;
