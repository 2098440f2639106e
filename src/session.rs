//! What `ropa serve` keeps between rebuilds, and how it rebuilds after a change.
//!
//! A full rebuild loads, checks and renders everything ([`crate::build::compile`]).
//! The common edit while writing — the Markdown text of a process, its front matter
//! untouched — takes a short path instead: the file is read again, its text replaces
//! the old one in the loaded registry, only its links are checked, and only the pages
//! that show the text are rendered again (the process in every language, the dashboard
//! with its findings, the search index). Anything else, or a text whose headings (link
//! targets for other pages) changed, goes the full way. Both give the same files.

use crate::build::{build_error, compile, Compiled};
use crate::diagnostics::Diagnostics;
use crate::load::{front_matter, LoadFailure};
use crate::registry::Registry;
use crate::site::output::{Files, MemorySink};
use crate::site::{render_processes, BuildOptions};
use crate::source::{FileId, SourceFile};
use crate::timing::phase;
use codespan_reporting::term::termcolor::NoColor;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// The result of one (re)build, as `serve` shows it.
pub struct Outcome {
    /// The site, when it built.
    pub files: Option<Arc<Files>>,
    /// Every diagnostic (warnings too), as text.
    pub text: String,
    /// How many errors.
    pub errors: usize,
    /// How many warnings.
    pub warnings: usize,
    /// How many files this rebuild rendered.
    pub rendered: usize,
    /// Whether it took the short path (only the pages of changed process texts).
    pub partial: bool,
}

/// A registry compiled into memory, kept for the next rebuild.
pub struct Session {
    dir: PathBuf,
    opts: BuildOptions,
    /// The last compile; its registry holds every change since.
    compiled: Compiled,
    /// The site as last rendered.
    files: Arc<Files>,
    /// The findings the dashboard shows, as text.
    shown_findings: String,
    /// Processes whose text changed since their pages were last rendered (a change
    /// that broke a link is rendered once the registry builds again).
    pending: BTreeSet<String>,
}

impl Session {
    /// Compiles `dir` into memory: the session (when it built) and what to show.
    pub fn start(
        dir: &Path,
        opts: &BuildOptions,
    ) -> Result<(Option<Session>, Outcome), LoadFailure> {
        let sink = MemorySink::default();
        let compiled = compile(dir, opts, &sink)?;
        let files = Arc::new(sink.into_files());
        let mut outcome = outcome(&compiled.registry, &compiled.diagnostics);
        let Some(rendered) = &compiled.rendered else {
            return Ok((None, outcome));
        };
        outcome.rendered = rendered.written;
        outcome.files = Some(Arc::clone(&files));
        let session = Session {
            dir: dir.to_path_buf(),
            opts: opts.clone(),
            compiled,
            files,
            shown_findings: outcome.text.clone(),
            pending: BTreeSet::new(),
        };
        Ok((Some(session), outcome))
    }

    /// Rebuilds after the files `changed` (absolute paths, as found under the
    /// registry folder) changed: the short way when only process texts changed, else
    /// `None` (the caller compiles again).
    pub fn update(&mut self, changed: &[PathBuf]) -> Option<Outcome> {
        let edits: Vec<Edit> = changed
            .iter()
            .map(|path| self.edit(path))
            .collect::<Option<_>>()?;
        if edits.is_empty() {
            return None;
        }
        let t = Instant::now();
        for edit in &edits {
            self.apply(edit);
        }
        phase(t, "texts read again");
        let t = Instant::now();
        let reg = &self.compiled.registry;
        let diagnostics = &mut self.compiled.diagnostics;
        // What the check found in the old texts goes; what it finds in the new ones comes.
        let mut kept = Diagnostics::default();
        kept.extend(
            diagnostics
                .iter()
                .filter(|d| {
                    !d.at.is_some_and(|at| {
                        edits
                            .iter()
                            .any(|e| e.file == at.file && at.span.start >= e.body_offset)
                    })
                })
                .cloned(),
        );
        for edit in &edits {
            kept.extend(crate::check::markdown_of(reg, edit.file).iter().cloned());
        }
        *diagnostics = kept;
        phase(t, "their links checked");
        let mut result = outcome(reg, diagnostics);
        result.partial = true;
        if result.errors > 0 {
            return Some(result);
        }
        // The dashboard lists the findings: render it again only if they changed.
        let home = result.text != self.shown_findings;
        let sink = MemorySink::default();
        let shown = self.compiled.shown.as_ref().unwrap_or(reg);
        let ids: Vec<&str> = self.pending.iter().map(String::as_str).collect();
        let rendered = self.compiled.rendered.as_mut()?;
        match render_processes(shown, diagnostics, &self.opts, &sink, &ids, home, rendered) {
            Ok(written) => result.rendered = written,
            Err(e) => {
                let mut all = Diagnostics::default();
                all.extend(diagnostics.iter().cloned());
                all.extend(build_error(e).iter().cloned());
                let mut failed = outcome(reg, &all);
                failed.partial = true;
                return Some(failed);
            }
        }
        self.pending.clear();
        self.shown_findings.clone_from(&result.text);
        let t = Instant::now();
        let mut files = Files::clone(&self.files);
        files.extend(sink.into_files());
        self.files = Arc::new(files);
        phase(t, "site updated");
        result.files = Some(Arc::clone(&self.files));
        Some(result)
    }

    /// What changing `path` means, if it is a process text whose front matter and
    /// headings stayed as they were.
    fn edit(&self, path: &Path) -> Option<Edit> {
        let relative = path.strip_prefix(&self.dir).ok()?;
        if !relative.starts_with("processes") || relative.extension()? != "md" {
            return None;
        }
        let reg = &self.compiled.registry;
        let file = reg.sources.find(relative)?;
        let (process, body) = reg.processes.iter().find_map(|p| {
            let body = p.data.bodies.iter().find(|b| b.file == file)?;
            Some((p.data.id.value.clone(), body))
        })?;
        let bytes = reg.input.read(relative, crate::load::MAX_FILE_BYTES).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        if text.contains('\0') {
            return None;
        }
        let new = SourceFile::new(relative.to_path_buf(), text);
        let body_offset = front_matter::split(&new)?.body_offset;
        let old = &reg.sources.get(file).text;
        if body_offset != body.body_offset || new.text[..body_offset] != old[..body_offset] {
            return None;
        }
        let markdown = crate::model::process::Markdown::of(&new.text, body_offset);
        if crate::markdown::anchors(&markdown) != crate::markdown::anchors(&body.markdown) {
            return None;
        }
        Some(Edit {
            file,
            body_offset,
            process,
            lang: body.lang.clone(),
            source: new,
            markdown,
        })
    }

    /// Puts an edit into the loaded registry (and the shown one).
    fn apply(&mut self, edit: &Edit) {
        let registries =
            std::iter::once(&mut self.compiled.registry).chain(&mut self.compiled.shown);
        for reg in registries {
            reg.sources.replace(edit.file, edit.source.clone());
            let body = reg
                .processes
                .iter_mut()
                .filter(|p| p.data.id.value == edit.process)
                .flat_map(|p| &mut p.data.bodies)
                .find(|b| b.lang == edit.lang);
            if let Some(body) = body {
                body.markdown.clone_from(&edit.markdown);
            }
        }
        self.pending.insert(edit.process.clone());
    }
}

/// A process text read again.
struct Edit {
    file: FileId,
    body_offset: usize,
    process: String,
    lang: String,
    source: SourceFile,
    markdown: crate::model::process::Markdown,
}

/// The diagnostics of a registry as `serve` shows them (no files yet).
fn outcome(reg: &Registry, diagnostics: &Diagnostics) -> Outcome {
    let mut text = NoColor::new(Vec::new());
    let _ = diagnostics.render_text(&reg.sources, &mut text);
    Outcome {
        files: None,
        text: String::from_utf8_lossy(&text.into_inner()).into_owned(),
        errors: diagnostics.error_count(),
        warnings: diagnostics.warning_count(),
        rendered: 0,
        partial: false,
    }
}
