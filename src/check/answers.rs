//! FAQ answers: every `{{ … }}` expression must name a fact of the records, in every
//! language, and every source must be a `kind:id` reference.

use super::loc;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::facts::{facts, render_answer};
use crate::registry::Registry;
use crate::source::Span;
use rayon::prelude::*;

pub(super) fn check(reg: &Registry, out: &mut Diagnostics) {
    // With a record that could not be read, facts are missing for reasons already
    // reported; checking answers then would only repeat those errors.
    if reg.answers.is_empty() || reg.organization.is_none() || !reg.unreadable.is_empty() {
        return;
    }
    // One facts context per language, each built and used on its own thread.
    let reach = crate::facts::Reachable::by_answers(reg);
    let found: Vec<Diagnostics> = reg
        .languages()
        .par_iter()
        .map(|lang| answers_in(reg, lang, &reach))
        .collect();
    for f in found {
        out.extend(f.iter().cloned());
    }
}

/// The problems of every answer's text in one language.
fn answers_in(reg: &Registry, lang: &str, reach: &crate::facts::Reachable) -> Diagnostics {
    let mut out = Diagnostics::default();
    {
        let facts = crate::facts::context(&facts(reg, lang, reach));
        for a in &reg.answers {
            let Some(body) = a.data.bodies.iter().find(|b| b.lang == lang) else {
                continue;
            };
            let name = format!("answer-{}-{lang}", a.data.id.value);
            if let Err(message) = render_answer(&body.markdown, &facts, &name) {
                let span = place(&message, &name, &body.markdown)
                    .map(|(line, col)| {
                        let start = body.body_offset + offset_in(&body.markdown, line, col);
                        Span::new(start, start + 1)
                    })
                    .unwrap_or(Span::new(body.body_offset, body.body_offset));
                let first_line = message.lines().next().unwrap_or_default().to_string();
                out.push(
                    Diagnostic::error("answer-template", format!("answer `{}` cannot be rendered: {first_line}", a.data.id.value), loc(body.file, span))
                        .with_label(message.lines().last().unwrap_or_default().to_string())
                        .with_hint("facts are written `{{ subprocessor.hetzner.sites }}`, `{{ retention[\"cdn-logs\"].period }}`, `{{ dpo.email }}`; README, \"Answers\", lists them all"),
                );
            }
        }
    }
    out
}

/// The `line:column` Tera names after `--> name:`, if any.
fn place(message: &str, name: &str, _text: &str) -> Option<(usize, usize)> {
    let marker = format!("{name}:");
    let at = message.find(&marker)? + marker.len();
    let rest = &message[at..];
    let mut parts = rest
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty());
    let line = parts.next()?.parse().ok()?;
    let col = parts.next()?.parse().ok()?;
    Some((line, col))
}

/// Byte offset of a 1-based line and column in `text`.
fn offset_in(text: &str, line: usize, col: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let line_text = text[start.min(text.len())..].lines().next().unwrap_or("");
    start
        + line_text
            .char_indices()
            .nth(col.saturating_sub(1))
            .map(|(i, _)| i)
            .unwrap_or(0)
}
