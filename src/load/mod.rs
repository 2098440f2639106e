//! Reading a registry through its [`input::Input`] (the work tree or a git
//! revision): its files found and parsed, YAML and front matter turned into records.
//!
//! Every problem becomes a [`Diagnostic`]; loading never stops at the first one.
//! What comes out is [`Loaded`]: the records and the text of every file, which the
//! registry layer indexes.

mod comments;
pub mod de;
mod documents;
mod fetch;
mod file;
pub mod front_matter;
pub mod input;
mod kinds;
pub mod raw;
mod recover;
mod translations;
pub mod visibility;
pub mod yaml;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::process::{
    AnswerMeta, AnswerTranslationMeta, ProcessMeta, ProcessTranslationMeta,
};
use crate::model::{Kind, Records};
use crate::source::{SourceFile, SourceMap};
use documents::document_files;
use fetch::{discover, discover_if_any, fetch, Part};
use file::FileLoad;
use input::Input;
use kinds::registry_file;
use raw::RawRecord;
use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

/// Largest file ropa reads (anything bigger is not a registry record).
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Why a registry could not be read at all (exit code 2).
#[derive(Debug)]
pub struct LoadFailure(pub String);

impl fmt::Display for LoadFailure {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LoadFailure {}

/// A registry as read from its files.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Every record that could be read, by kind, in file order.
    pub records: Records,
    /// Every file read, in the order of their ids.
    pub sources: SourceMap,
    /// Ids of records that exist but could not be read; references to them are
    /// not reported a second time.
    pub unreadable: BTreeSet<(Kind, String)>,
    /// Every loaded record as written (YAML tree), for deriving an audience's view.
    pub raw: Vec<RawRecord>,
}

/// Loads the registry `input` holds (the folder with `registry/` and `processes/`).
pub fn load_from(input: &dyn Input) -> Result<(Loaded, Diagnostics), LoadFailure> {
    // Reading tens of thousands of small files waits on the disk now and then; with
    // twice as many threads as cores, one thread parses while another waits.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (mut reg, mut diags) = match rayon::ThreadPoolBuilder::new()
        .num_threads(2 * cores)
        .thread_name(|i| format!("ropa-load-{i}"))
        .build()
    {
        Ok(pool) => pool.install(|| load_files(input)),
        Err(_) => load_files(input),
    }?;
    // The registry's own words (`locales/<lang>.toml`), put in use for this run.
    crate::i18n::install(read_locales(input), &mut reg.sources, &mut diags);
    Ok((reg, diags))
}

/// The registry's word lists, `locales/*.toml`, each as its path and its text (or
/// why it could not be read).
fn read_locales(input: &dyn Input) -> Vec<(PathBuf, Result<String, String>)> {
    let dir = Path::new("locales");
    if !input.is_dir(dir) {
        return Vec::new();
    }
    let Ok(files) = input.files_under(dir) else {
        return Vec::new();
    };
    files
        .into_iter()
        .filter(|p| p.parent() == Some(dir) && p.extension().is_some_and(|x| x == "toml"))
        .map(|p| {
            let text = fetch::read_bounded(input, &p).map(|bytes| {
                fetch::normalise_line_ends(String::from_utf8_lossy(&bytes).into_owned())
            });
            (p, text)
        })
        .collect()
}

fn load_files(input: &dyn Input) -> Result<(Loaded, Diagnostics), LoadFailure> {
    let root = input.root();
    let registry_dir = Path::new("registry");
    if !input.is_dir(Path::new("")) {
        return Err(LoadFailure(format!(
            "`{}` is not a folder; give the folder that holds `registry/` (and `processes/`)",
            root.display()
        )));
    }
    if !input.is_dir(registry_dir) {
        let at = input
            .revision()
            .map(|rev| format!(" at revision {rev}"))
            .unwrap_or_default();
        return Err(LoadFailure(format!(
            "no registry in `{}`{at}: expected a folder `{}` with `organization.yaml` in it; `ropa new organization <id>` writes one",
            root.display(),
            root.join(registry_dir).display()
        )));
    }
    let mut loader = Loader {
        out: Loaded::default(),
        diags: Diagnostics::default(),
        languages: Vec::new(),
    };
    // The three folders are listed at once.
    let answers_dir = registry_dir.join("answers");
    let (files, (answer_files, process_files)) = rayon::join(
        || discover(input, registry_dir, &["yaml", "yml"]),
        || {
            rayon::join(
                || discover_if_any(input, &answers_dir),
                || discover_if_any(input, Path::new("processes")),
            )
        },
    );
    let (files, answer_files, process_files) = (files?, answer_files?, process_files?);
    // The organisation first: it names the languages every other file is checked against.
    let (org_files, rest): (Vec<_>, Vec<_>) = files
        .into_iter()
        .partition(|p| p.strip_prefix(registry_dir).ok() == Some(Path::new("organization.yaml")));
    if org_files.is_empty() {
        loader.diags.push(
            Diagnostic::new(
                crate::diagnostics::Severity::Error,
                "missing-organization",
                "the registry has no `registry/organization.yaml`",
                None,
            )
            .with_hint("create it with `ropa new organization <id>`: it names the controller, the DPO and the languages"),
        );
    }
    // The organisation first (it names the languages).
    for path in &org_files {
        let fetched = fetch(input, path, Part::Whole);
        let id = loader.out.sources.files().len();
        let (source, load) = registry_file(registry_dir, fetched, id, &[]);
        loader.merge(source, load);
    }
    // Then the records' files are read, parsed and turned into records in parallel,
    // each with the id it will have; one thread adds them in file order while the
    // others read the answers and processes.
    let languages = loader.languages.clone();
    let base = loader.out.sources.files().len();
    let answers_base = base + rest.len();
    let processes_base = answers_base + answer_files.len();
    let records: Vec<_> = {
        use rayon::prelude::*;
        rest.par_iter()
            .enumerate()
            .map(|(i, path)| {
                registry_file(
                    registry_dir,
                    fetch(input, path, Part::Whole),
                    base + i,
                    &languages,
                )
            })
            .collect()
    };
    let ((), (answers, processes)) = rayon::join(
        || {
            loader.reserve(records.iter().map(|(_, load)| load));
            for (source, load) in records {
                loader.merge(source, load);
            }
        },
        || {
            rayon::join(
                || {
                    document_files::<AnswerMeta, AnswerTranslationMeta>(
                        input,
                        &answer_files,
                        answers_base,
                        Kind::Answer,
                        &languages,
                    )
                },
                || {
                    document_files::<ProcessMeta, ProcessTranslationMeta>(
                        input,
                        &process_files,
                        processes_base,
                        Kind::Process,
                        &languages,
                    )
                },
            )
        },
    );
    loader.documents(answers, Kind::Answer, |r| &mut r.answers);
    loader.documents(processes, Kind::Process, |r| &mut r.processes);
    Ok((loader.out, loader.diags))
}

/// Gathers what each file's load found, in file order.
struct Loader {
    out: Loaded,
    diags: Diagnostics,
    languages: Vec<String>,
}

impl Loader {
    /// Makes room for what `loads` will add (growing the lists one file at a time
    /// would copy them over and over).
    fn reserve<'l, 'a: 'l>(&mut self, loads: impl Iterator<Item = &'l FileLoad<'a>> + Clone) {
        self.out.sources.reserve(loads.clone().count());
        self.out
            .raw
            .reserve(loads.clone().map(|l| l.raw.len()).sum());
        let mut per_kind: std::collections::BTreeMap<Kind, usize> = Default::default();
        for (kind, n) in loads.filter_map(|l| l.adds) {
            *per_kind.entry(kind).or_default() += n;
        }
        for (kind, n) in per_kind {
            self.out.records.reserve(kind, n);
        }
    }

    /// Adds a file's text to the source map and what loading it found to the registry.
    fn merge(&mut self, source: SourceFile, load: FileLoad) {
        let id = self.out.sources.push(source);
        debug_assert_eq!(
            id, load.file,
            "files are merged in the order they were numbered"
        );
        self.diags.extend(load.diags.iter().cloned());
        self.out.unreadable.extend(load.unreadable);
        self.out.raw.extend(load.raw);
        if let Some(languages) = load.languages_found {
            self.languages = languages;
        }
        if let Some(add) = load.add {
            add(&mut self.out.records);
        }
    }
}
