//! One diagnostic type for every problem ropa finds, and its two renderings:
//! human text with source snippets, and JSON for CI.

use crate::source::{FileId, SourceMap, Span};
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::term::{self, termcolor::WriteColor, Styles, StylesWriter};
use serde::Serialize;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails `ropa check` and every build.
    Error,
    /// Reported; fails only with `--deny-warnings`.
    Warning,
}

/// Where a problem is: a file and a byte range in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// The file.
    pub file: FileId,
    /// The bytes the problem is about.
    pub span: Span,
}

/// A second place that explains the first (e.g. the other file of a duplicate id).
#[derive(Debug, Clone)]
pub struct Note {
    /// Where.
    pub at: Location,
    /// What is there.
    pub message: String,
}

/// One problem: a stable code, a message, where it is, and how to fix it.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable code, e.g. `unknown-field` or `gdpr-art28-no-avv` (see README).
    pub code: &'static str,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where it is; `None` only for problems about the registry as a whole.
    pub at: Option<Location>,
    /// Short text shown under the caret.
    pub label: String,
    /// Other places that matter.
    pub notes: Vec<Note>,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A new error at a location.
    pub fn error(code: &'static str, message: impl Into<String>, at: Location) -> Self {
        Self::new(Severity::Error, code, message, Some(at))
    }

    /// A new warning at a location.
    pub fn warning(code: &'static str, message: impl Into<String>, at: Location) -> Self {
        Self::new(Severity::Warning, code, message, Some(at))
    }

    /// A new diagnostic.
    pub fn new(
        severity: Severity,
        code: &'static str,
        message: impl Into<String>,
        at: Option<Location>,
    ) -> Self {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            at,
            label: String::new(),
            notes: Vec::new(),
            hint: None,
        }
    }

    /// Sets the text under the caret.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// Sets the hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a second place.
    pub fn with_note(mut self, at: Location, message: impl Into<String>) -> Self {
        self.notes.push(Note {
            at,
            message: message.into(),
        });
        self
    }
}

/// All problems of one run, kept in file and line order.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a problem.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Records many problems.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    /// Problems in file, line and column order (files in the order they were read,
    /// which is sorted by path), then by code for a stable order.
    pub fn sorted(&self, sources: &SourceMap) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.items.iter().collect();
        v.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                (
                    d.at.map(|l| sources.get(l.file).path.clone()),
                    d.at.map(|l| l.span.start),
                    d.severity,
                    d.code,
                    d.message.clone(),
                )
            };
            key(a).cmp(&key(b))
        });
        v
    }

    /// Keeps at most `limit` diagnostics of one code in one file (the first ones, by
    /// position) and replaces the rest by one "and N more" diagnostic at the first one
    /// left out: a file with thousands of the same finding must not print megabytes.
    /// The summary is an error when any diagnostic it stands for is one, so the exit
    /// status stays the same.
    pub fn cap_repeats(&mut self, limit: usize) {
        use std::collections::HashMap;
        let mut groups: HashMap<(FileId, &'static str), Vec<usize>> = HashMap::new();
        for (i, d) in self.items.iter().enumerate() {
            if let Some(at) = d.at {
                groups.entry((at.file, d.code)).or_default().push(i);
            }
        }
        let mut dropped = vec![false; self.items.len()];
        let mut summaries = Vec::new();
        for ((_, code), mut indices) in groups {
            if indices.len() <= limit {
                continue;
            }
            indices.sort_by_key(|&i| self.items[i].at.map(|l| l.span.start));
            let rest = &indices[limit..];
            let severity = rest
                .iter()
                .map(|&i| self.items[i].severity)
                .min()
                .unwrap_or(Severity::Warning);
            for &i in rest {
                dropped[i] = true;
            }
            let first = &self.items[rest[0]];
            summaries.push(
                Diagnostic::new(
                    severity,
                    code,
                    format!("and {} more `{code}` in this file", rest.len()),
                    first.at,
                )
                .with_label("the first of them")
                .with_hint(format!(
                    "only the first {limit} `{code}` of a file are shown; fix those and run `ropa check` again"
                )),
            );
        }
        let mut i = 0;
        self.items.retain(|_| {
            i += 1;
            !dropped[i - 1]
        });
        self.items.extend(summaries);
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    /// True when nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// All problems, in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Writes every problem as text with source snippets, then a summary line.
    pub fn render_text(
        &self,
        sources: &SourceMap,
        out: &mut dyn WriteColor,
    ) -> std::io::Result<()> {
        let config = term::Config::default();
        let styles = Styles::default();
        let mut writer = StylesWriter::new(out, &styles);
        for d in self.sorted(sources) {
            let cs = to_codespan(d, sources);
            term::emit_to_write_style(&mut writer, &config, sources, &cs)
                .map_err(|e| std::io::Error::other(e.to_string()))?;
        }
        Ok(())
    }

    /// Every problem as a JSON value (stable field order).
    pub fn to_json(&self, sources: &SourceMap) -> serde_json::Value {
        let items: Vec<serde_json::Value> = self
            .sorted(sources)
            .into_iter()
            .map(|d| diagnostic_json(d, sources))
            .collect();
        serde_json::json!({
            "errors": self.error_count(),
            "warnings": self.warning_count(),
            "diagnostics": items,
        })
    }
}

fn location_json(at: &Location, sources: &SourceMap) -> serde_json::Value {
    let file = sources.get(at.file);
    let (line, column) = file.line_col(at.span.start);
    let (end_line, end_column) = file.line_col(at.span.end);
    serde_json::json!({
        "file": file.path.display().to_string().replace('\\', "/"),
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
    })
}

fn diagnostic_json(d: &Diagnostic, sources: &SourceMap) -> serde_json::Value {
    let mut v = serde_json::json!({
        "severity": d.severity,
        "code": d.code,
        "message": d.message,
    });
    let obj = v.as_object_mut().expect("json object");
    if let Some(at) = &d.at {
        if let serde_json::Value::Object(loc) = location_json(at, sources) {
            obj.extend(loc);
        }
    }
    if let Some(h) = &d.hint {
        obj.insert("hint".into(), h.clone().into());
    }
    if !d.notes.is_empty() {
        let notes: Vec<_> = d
            .notes
            .iter()
            .map(|n| {
                let mut l = location_json(&n.at, sources);
                l["message"] = n.message.clone().into();
                l
            })
            .collect();
        obj.insert("related".into(), notes.into());
    }
    v
}

/// Longest source line shown as a snippet. A longer one (a line of thousands of
/// tags) is named by its place only: printing it under every diagnostic would make
/// the output grow with the line's length times the number of findings on it.
const MAX_SNIPPET_LINE: usize = 300;

/// `file:line:column` of a place whose line is too long to show, or None.
fn too_long_to_show(at: &Location, sources: &SourceMap) -> Option<String> {
    let file = sources.get(at.file);
    let text = file.text.as_str();
    let start = at.span.start.min(text.len());
    let line_start = text.get(..start)?.rfind('\n').map_or(0, |i| i + 1);
    let line_end = text
        .get(start..)?
        .find('\n')
        .map_or(text.len(), |i| start + i);
    if line_end - line_start <= MAX_SNIPPET_LINE {
        return None;
    }
    let (line, col) = file.line_col(start);
    Some(format!(
        "at {}:{line}:{col} (a line of {} bytes, too long to show)",
        file.path.display(),
        line_end - line_start
    ))
}

fn to_codespan(d: &Diagnostic, sources: &SourceMap) -> CsDiagnostic<usize> {
    let mut cs = match d.severity {
        Severity::Error => CsDiagnostic::error(),
        Severity::Warning => CsDiagnostic::warning(),
    }
    .with_code(d.code)
    .with_message(&d.message);
    let mut labels = Vec::new();
    let mut notes = Vec::new();
    if let Some(at) = d.at {
        match too_long_to_show(&at, sources) {
            Some(place) => notes.push(format!("{place}: {}", d.label)),
            None => labels
                .push(Label::primary(at.file, at.span.start..at.span.end).with_message(&d.label)),
        }
    }
    for n in &d.notes {
        match too_long_to_show(&n.at, sources) {
            Some(place) => notes.push(format!("{place}: {}", n.message)),
            None => labels.push(
                Label::secondary(n.at.file, n.at.span.start..n.at.span.end)
                    .with_message(&n.message),
            ),
        }
    }
    cs = cs.with_labels(labels);
    if let Some(h) = &d.hint {
        notes.push(format!("hint: {h}"));
    }
    cs.with_notes(notes)
}

/// "did you mean `x`?" plus the allowed names.
pub fn suggest(got: &str, allowed: &[&str]) -> String {
    let best = allowed
        .iter()
        .map(|a| (strsim::jaro_winkler(got, a), *a))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let list = allowed
        .iter()
        .map(|a| format!("`{a}`"))
        .collect::<Vec<_>>()
        .join(", ");
    match best {
        Some((_, a)) => format!("did you mean `{a}`?"),
        None if allowed.is_empty() => "there is nothing to choose from here".to_string(),
        None => format!("allowed: {list}"),
    }
}
