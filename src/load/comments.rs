//! `comment-in-value`: a `#` that YAML reads as a comment although it looks like
//! part of the value, as in `street: 440 N Barranca Ave #4133` (YAML keeps
//! `440 N Barranca Ave` and drops `#4133` without a word).
//!
//! The rule, kept simple so authors can predict it: a plain (unquoted) value
//! followed on its line by spaces and a `#` that is directly followed by a
//! character other than a space. Comments written as `# text` are left alone, and
//! `#4133` or `#2` look like data.

use super::yaml::{Node, NodeKind};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::source::{FileId, Span};

/// Warns about every plain value of `node` (not keys) cut short by a comment.
pub(super) fn check(node: &Node, text: &str, file: FileId, diags: &mut Diagnostics) {
    match &node.kind {
        NodeKind::Scalar {
            text: value,
            plain: true,
        } => {
            if let Some(comment) = cut_by(text, node.span) {
                diags.push(warning(text, node.span, value, comment, file));
            }
        }
        NodeKind::Seq(items) => items.iter().for_each(|n| check(n, text, file, diags)),
        NodeKind::Map(entries) => entries
            .iter()
            .for_each(|(_, value)| check(value, text, file, diags)),
        _ => {}
    }
}

/// The comment after `span` on its line, when it matches the rule above.
fn cut_by(text: &str, span: Span) -> Option<Span> {
    let rest = text.get(span.end..)?;
    let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let after_blank = line.trim_start_matches([' ', '\t']);
    if after_blank.len() == line.len() {
        return None;
    }
    let next = after_blank.strip_prefix('#')?.chars().next()?;
    if next.is_whitespace() || next == '#' {
        return None;
    }
    let start = span.end + (line.len() - after_blank.len());
    Some(Span::new(start, span.end + line.trim_end().len()))
}

fn warning(text: &str, value: Span, read: &str, comment: Span, file: FileId) -> Diagnostic {
    let whole = text.get(value.start..comment.end).unwrap_or(read);
    let quoted = format!("\"{}\"", whole.replace('\\', "\\\\").replace('"', "\\\""));
    let at = crate::diagnostics::Location {
        file,
        span: comment,
    };
    Diagnostic::warning(
        "comment-in-value",
        format!(
            "`{}` is read as a YAML comment, so the value is only `{read}`",
            text.get(comment.start..comment.end).unwrap_or("#")
        ),
        at,
    )
    .with_label("dropped from the value")
    .with_hint(format!(
        "quote the value if the `#` belongs to it: {quoted}; a comment is written `# text`, with a space after `#`"
    ))
}
