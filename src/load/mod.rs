//! Reading a registry from disk: discovery (walkdir), YAML and front matter → the model.
//!
//! Every problem becomes a [`Diagnostic`]; loading never stops at the first one.

mod comments;
pub mod de;
pub mod front_matter;
pub mod yaml;

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::process::{
    AnswerMeta, AnswerTranslationMeta, Document, DocumentMeta, Markdown, ProcessBody, ProcessMeta,
    ProcessTranslationMeta, TranslationMeta,
};
use crate::model::{Kind, Record, Spanned};
use crate::registry::{HasId, Registry};
use crate::source::{FileId, SourceFile, Span};
use de::{from_node, suggest};
use serde::de::DeserializeOwned;
use std::fmt;
use std::path::{Path, PathBuf};
use yaml::{Node, NodeKind};

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

/// Loads the registry under `root` (the folder holding `registry/` and `processes/`).
pub fn load(root: &Path) -> Result<(Registry, Diagnostics), LoadFailure> {
    // Reading tens of thousands of small files waits on the disk now and then; with
    // twice as many threads as cores, one thread parses while another waits.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (mut reg, mut diags) = match rayon::ThreadPoolBuilder::new()
        .num_threads(2 * cores)
        .thread_name(|i| format!("ropa-load-{i}"))
        .build()
    {
        Ok(pool) => pool.install(|| load_files(root)),
        Err(_) => load_files(root),
    }?;
    // The registry's own words (`locales/<lang>.toml`), put in use for this run.
    crate::i18n::install(root, &mut reg.sources, &mut diags);
    Ok((reg, diags))
}

fn load_files(root: &Path) -> Result<(Registry, Diagnostics), LoadFailure> {
    let registry_dir = root.join("registry");
    if !root.is_dir() {
        return Err(LoadFailure(format!(
            "`{}` is not a folder; give the folder that holds `registry/` (and `processes/`)",
            root.display()
        )));
    }
    if !registry_dir.is_dir() {
        return Err(LoadFailure(format!(
            "no registry in `{}`: expected a folder `{}` with `organization.yaml` in it; `ropa new organization <id>` writes one",
            root.display(),
            registry_dir.display()
        )));
    }
    let mut loader = Loader {
        reg: Registry::at(root),
        diags: Diagnostics::default(),
        languages: Vec::new(),
    };
    // The three folders are listed at once.
    let answers_dir = registry_dir.join("answers");
    let processes_dir = root.join("processes");
    let (files, (answer_files, process_files)) = rayon::join(
        || discover(&registry_dir, &["yaml", "yml"]),
        || {
            rayon::join(
                || discover_if_any(&answers_dir),
                || discover_if_any(&processes_dir),
            )
        },
    );
    let (files, answer_files, process_files) = (files?, answer_files?, process_files?);
    // The organisation first: it names the languages every other file is checked against.
    let (org_files, rest): (Vec<_>, Vec<_>) = files
        .into_iter()
        .partition(|p| p.strip_prefix(&registry_dir).ok() == Some(Path::new("organization.yaml")));
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
        let fetched = fetch(root, path, Part::Whole);
        let id = loader.reg.sources.files().len();
        let (source, load) = registry_file(&registry_dir, fetched, id, &[]);
        loader.merge(source, load);
    }
    // Then the records' files are read, parsed and turned into records in parallel,
    // each with the id it will have; one thread adds them in file order while the
    // others read the answers and processes.
    let languages = loader.languages.clone();
    let base = loader.reg.sources.files().len();
    let answers_base = base + rest.len();
    let processes_base = answers_base + answer_files.len();
    let records: Vec<_> = {
        use rayon::prelude::*;
        rest.par_iter()
            .enumerate()
            .map(|(i, path)| {
                registry_file(
                    &registry_dir,
                    fetch(root, path, Part::Whole),
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
                        root,
                        &answer_files,
                        answers_base,
                        Kind::Answer,
                        &languages,
                    )
                },
                || {
                    document_files::<ProcessMeta, ProcessTranslationMeta>(
                        root,
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
    loader.reg.reindex();
    Ok((loader.reg, loader.diags))
}

/// The Markdown files under `dir`, if it exists.
fn discover_if_any(dir: &Path) -> Result<Vec<PathBuf>, LoadFailure> {
    if dir.is_dir() {
        discover(dir, &["md"])
    } else {
        Ok(Vec::new())
    }
}

/// Every file with one of `extensions` under `dir`, sorted by path; hidden entries skipped.
fn discover(dir: &Path, extensions: &[&str]) -> Result<Vec<PathBuf>, LoadFailure> {
    let mut out = Vec::new();
    // Listed in the order the file system gives, then sorted once (sorting each
    // folder while walking compares parsed file names: slow for a folder of 20,000).
    let walker = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.map_err(|e| {
            LoadFailure(format!(
                "cannot read `{}`: {e}",
                e.path().unwrap_or(dir).display()
            ))
        })?;
        let ext_ok = entry
            .path()
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.contains(&e));
        if entry.file_type().is_file() && ext_ok {
            out.push(entry.into_path());
        }
    }
    out.sort_by_cached_key(|p| path_order(p));
    Ok(out)
}

/// A path's bytes ordered as a walk sorted by file name visits them: folder by
/// folder (the separator sorts before every other byte), names compared bytewise.
fn path_order(path: &Path) -> Vec<u8> {
    let separator = std::path::MAIN_SEPARATOR as u8;
    let mut key = path.as_os_str().as_encoded_bytes().to_vec();
    for b in &mut key {
        if *b == separator {
            *b = 0;
        }
    }
    key
}

/// Which part of a file is YAML.
#[derive(Clone, Copy)]
enum Part {
    /// The whole file (registry records).
    Whole,
    /// The front matter of a Markdown file.
    FrontMatter,
}

/// Why a file's text could not be used.
enum Unreadable {
    Io(String),
    NotUtf8(usize),
    Binary,
}

/// A file read and parsed ahead of loading (the costly part, done in parallel).
struct Fetched {
    path: PathBuf,
    file: SourceFile,
    unreadable: Option<Unreadable>,
    nul_at: Option<usize>,
    front_matter: Option<front_matter::FrontMatter>,
    yaml: Option<Result<Node, yaml::YamlError>>,
}

fn fetch(root: &Path, path: &Path, part: Part) -> Fetched {
    let shown = relative_to(root, path).to_path_buf();
    let bytes = read_bounded(path);
    let mut fetched = Fetched {
        path: path.to_path_buf(),
        file: SourceFile::new(shown.clone(), String::new()),
        unreadable: None,
        nul_at: None,
        front_matter: None,
        yaml: None,
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => {
            fetched.unreadable = Some(Unreadable::Io(e));
            return fetched;
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => normalise_line_ends(t),
        Err(e) => {
            // The offset of the first bad byte, counted in the normalised text that
            // diagnostics show.
            let valid = e.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
            let at = normalise_line_ends(prefix).len();
            fetched.unreadable = Some(Unreadable::NotUtf8(at));
            normalise_line_ends(String::from_utf8_lossy(e.as_bytes()).into_owned())
        }
    };
    if fetched.unreadable.is_none() {
        // A registry is tens of megabytes of text: looked through with memchr's
        // vectorised search.
        if let Some(at) = memchr::memchr(0, text.as_bytes()) {
            fetched.unreadable = Some(Unreadable::Binary);
            fetched.nul_at = Some(at);
        }
    }
    fetched.file = SourceFile::new(shown, text);
    if fetched.unreadable.is_some() {
        return fetched;
    }
    match part {
        Part::Whole => fetched.yaml = Some(yaml::parse(&fetched.file)),
        Part::FrontMatter => {
            fetched.front_matter = front_matter::split(&fetched.file);
            fetched.yaml = fetched
                .front_matter
                .as_ref()
                .map(|fm| yaml::parse(&fm.yaml));
        }
    }
    fetched
}

/// A file's text as every later stage sees it: a leading UTF-8 byte order mark
/// dropped, and CRLF and lone CR line ends turned into LF.
///
/// Done once, here, so the YAML parser, the fast reader, front matter, the audience
/// filter and diagnostics all read the same lines (a lone-CR file once passed `check`
/// and then lost its record on the public site). Diagnostics show this text, so
/// their line and column agree with what an editor shows for the original file.
pub(crate) fn normalise_line_ends(text: String) -> String {
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            // CRLF is one line end: the LF that follows is the one kept.
            if chars.peek() != Some(&'\n') {
                out.push('\n');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// `path` relative to `root`, as shown to the user. Paths found under `root` start
/// with its bytes, which are compared as such (comparing component by component
/// costs more, for tens of thousands of files); any other path is compared the
/// usual way.
fn relative_to<'p>(root: &Path, path: &'p Path) -> &'p Path {
    let root_bytes = root.as_os_str().as_encoded_bytes();
    let rest = path
        .as_os_str()
        .as_encoded_bytes()
        .strip_prefix(root_bytes)
        .and_then(|rest| rest.strip_prefix(std::path::MAIN_SEPARATOR_STR.as_bytes()))
        .filter(|rest| !root_bytes.is_empty() && !rest.is_empty())
        .filter(|rest| !rest.starts_with(std::path::MAIN_SEPARATOR_STR.as_bytes()))
        .and_then(|rest| std::str::from_utf8(rest).ok());
    match rest {
        Some(rest) => Path::new(rest),
        None => path.strip_prefix(root).unwrap_or(path),
    }
}

/// A file's bytes, if it is not larger than [`MAX_FILE_BYTES`]; opened once, its
/// size asked of the open file.
///
/// A file is read up to the size it had when opened (tens of thousands of files:
/// asking each for one more byte to see its end would be one more system call
/// each). A file that reports no size (as some special file systems do) is read to
/// its end, up to the limit.
fn read_bounded(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    if len > MAX_FILE_BYTES {
        return Err(format!(
            "the file is {len} bytes; registry files are at most {MAX_FILE_BYTES}"
        ));
    }
    let limit = if len == 0 { MAX_FILE_BYTES + 1 } else { len };
    let mut bytes = Vec::with_capacity(len as usize);
    file.by_ref()
        .take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "the file is over {MAX_FILE_BYTES} bytes; registry files are at most that"
        ));
    }
    Ok(bytes)
}

struct Loader {
    reg: Registry,
    diags: Diagnostics,
    languages: Vec<String>,
}

/// What loading one file found. Files are loaded on their own, in parallel, each
/// with the id its file will have; [`Loader::merge`] then adds them in file order.
struct FileLoad<'a> {
    languages: &'a [String],
    file: FileId,
    diags: Diagnostics,
    unreadable: Vec<(Kind, String)>,
    raw: Vec<crate::registry::RawRecord>,
    /// The registry's languages, when this file is the organisation.
    languages_found: Option<Vec<String>>,
    /// Adds the file's records to the registry.
    add: Option<AddRecords>,
    /// The kind and number of records `add` adds.
    adds: Option<(Kind, usize)>,
}

/// Adds one file's records to the registry.
type AddRecords = Box<dyn FnOnce(&mut Registry) + Send>;

/// One document file loaded: its text, what loading it found, and what it holds.
type LoadedDocument<'a, M, Tm> = (SourceFile, FileLoad<'a>, Option<DocumentPart<M, Tm>>);

impl Loader {
    /// Makes room for what `loads` will add (growing the lists one file at a time
    /// would copy them over and over).
    fn reserve<'l, 'a: 'l>(&mut self, loads: impl Iterator<Item = &'l FileLoad<'a>> + Clone) {
        self.reg.sources.reserve(loads.clone().count());
        self.reg
            .raw
            .reserve(loads.clone().map(|l| l.raw.len()).sum());
        let mut per_kind: std::collections::BTreeMap<Kind, usize> = Default::default();
        for (kind, n) in loads.filter_map(|l| l.adds) {
            *per_kind.entry(kind).or_default() += n;
        }
        for (kind, n) in per_kind {
            self.reg.reserve(kind, n);
        }
    }

    /// Adds a file's text to the source map and what loading it found to the registry.
    fn merge(&mut self, source: SourceFile, load: FileLoad) {
        let id = self.reg.sources.push(source);
        debug_assert_eq!(
            id, load.file,
            "files are merged in the order they were numbered"
        );
        self.diags.extend(load.diags.iter().cloned());
        self.reg.unreadable.extend(load.unreadable);
        self.reg.raw.extend(load.raw);
        if let Some(languages) = load.languages_found {
            self.languages = languages;
        }
        if let Some(add) = load.add {
            add(&mut self.reg);
        }
    }
}

impl<'a> FileLoad<'a> {
    fn new(languages: &'a [String], file: FileId) -> Self {
        FileLoad {
            languages,
            file,
            diags: Diagnostics::default(),
            unreadable: Vec::new(),
            raw: Vec::new(),
            languages_found: None,
            add: None,
            adds: None,
        }
    }

    /// Reports an unreadable, binary or non-UTF-8 file (for which there is nothing
    /// further to load); true if the file can be used.
    fn readable(&mut self, fetched: &Fetched) -> bool {
        let id = self.file;
        match &fetched.unreadable {
            None => true,
            Some(Unreadable::Io(e)) => {
                self.diags.push(
                    Diagnostic::error(
                        "io-error",
                        format!("cannot read this file: {e}"),
                        loc(id, Span::default()),
                    )
                    .with_hint("check that the file exists and is readable"),
                );
                false
            }
            Some(bad) => {
                let (at, what) = match bad {
                    Unreadable::NotUtf8(at) => (*at, "this file is not UTF-8 text"),
                    _ => (
                        fetched.nul_at.unwrap_or_default(),
                        "this file contains a NUL byte: it looks like a binary file",
                    ),
                };
                self.diags.push(
                    Diagnostic::error("not-text", what, loc(id, Span::new(at, at + 1)))
                        .with_label("first bad byte here")
                        .with_hint("registry files must be UTF-8 text; re-save the file as UTF-8, or move it out of the registry"),
                );
                false
            }
        }
    }

    /// The YAML tree parsed ahead, or its syntax error reported; translated texts are
    /// checked against the registry's languages.
    fn parsed(
        &mut self,
        parsed: Option<Result<Node, yaml::YamlError>>,
        text: &str,
    ) -> Option<Node> {
        let file = self.file;
        match parsed? {
            Ok(node) => {
                check_translations(&node, self.languages, file, &mut self.diags);
                // Most files hold no comment at all: one scan spares the tree walk.
                if memchr::memchr(b'#', text.as_bytes()).is_some() {
                    comments::check(&node, text, file, &mut self.diags);
                }
                Some(node)
            }
            Err(e) => {
                let mut d =
                    Diagnostic::error(e.code, e.message, loc(file, e.span)).with_hint(e.hint);
                if let Some(first) = e.related {
                    d = d.with_note(loc(file, first), "first written here");
                }
                self.diags.push(d);
                None
            }
        }
    }

    fn push<T: DeserializeOwned + HasId + Send + 'static>(
        &mut self,
        node: Node,
        kind: Kind,
        list: fn(&mut Registry) -> &mut Vec<Record<T>>,
    ) {
        let records: Vec<Record<T>> = self.records(&node, kind);
        self.remember(&records, node, kind);
        self.adds = Some((kind, records.len()));
        self.add = Some(Box::new(move |reg| list(reg).extend(records)));
    }

    /// Keeps the YAML tree of each loaded record (matched by its span) for audience views.
    fn remember<T: HasId>(&mut self, records: &[Record<T>], node: Node, kind: Kind) {
        // A file that lists records would be read again once per record: its trees
        // are kept.
        let (items, listed) = match node.kind {
            NodeKind::Seq(items) => (items, true),
            _ => (vec![node], false),
        };
        // Records come in the order of their items; items that gave no record are skipped.
        let mut items = items.into_iter();
        self.raw.reserve_exact(records.len());
        for r in records {
            if let Some(n) = items.by_ref().find(|n| n.span == r.span) {
                let id = &r.data.id().value;
                crate::audience::check_field_visibility(kind, id, r.file, &n, &mut self.diags);
                self.raw.push(crate::registry::RawRecord::new(
                    kind,
                    r.data.id().value.clone(),
                    r.file,
                    n,
                    listed,
                ));
            }
        }
    }

    /// The records in one file: a mapping is one record, a list holds several.
    fn records<T: DeserializeOwned>(&mut self, node: &Node, kind: Kind) -> Vec<Record<T>> {
        let file = self.file;
        let items: Vec<&Node> = match &node.kind {
            NodeKind::Map(_) => vec![node],
            NodeKind::Seq(items) if kind != Kind::Organization => items.iter().collect(),
            NodeKind::Null => {
                self.diags.push(
                    Diagnostic::error(
                        "empty-file",
                        format!("this file holds no {kind} record"),
                        loc(file, node.span),
                    )
                    .with_hint(format!(
                        "write a record (see `ropa new {kind} <id>`) or delete the file"
                    )),
                );
                return Vec::new();
            }
            _ => {
                let expected = if kind == Kind::Organization {
                    "a mapping (`key: value` lines)".to_string()
                } else {
                    format!("a {kind} record (a mapping) or a list of them")
                };
                self.diags.push(
                    Diagnostic::error(
                        "wrong-type",
                        format!("expected {expected}, found {}", node.describe()),
                        loc(file, node.span),
                    )
                    .with_hint(format!(
                        "see `ropa new {kind} <id>` for the shape of a {kind}"
                    )),
                );
                return Vec::new();
            }
        };
        // Sized to fit: most files hold one record, and a growing list would make
        // room for four (a record is hundreds of bytes).
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            if let Some(r) = self.record(item, kind) {
                out.push(r);
            }
        }
        out
    }

    fn record<T: DeserializeOwned>(&mut self, node: &Node, kind: Kind) -> Option<Record<T>> {
        let file = self.file;
        if !matches!(node.kind, NodeKind::Map(_)) {
            self.diags.push(
                Diagnostic::error(
                    "wrong-type",
                    format!(
                        "expected a {kind} record (a mapping), found {}",
                        node.describe()
                    ),
                    loc(file, node.span),
                )
                .with_hint("each item of a list file is a record with `id:` and its fields"),
            );
            return None;
        }
        let (result, unknown, errors) = recover::<T>(node);
        for u in unknown {
            let within = if u.within.is_empty() {
                kind.name().to_string()
            } else {
                describe_struct(u.within)
            };
            self.diags.push(
                Diagnostic::error(
                    "unknown-field",
                    format!("unknown field `{}` in {within}", u.key),
                    loc(file, u.span),
                )
                .with_label("not a field of this record")
                .with_hint(suggest(&u.key, u.allowed)),
            );
        }
        for e in errors {
            let mut d = Diagnostic::error(
                e.kind.code(),
                e.message,
                loc(file, e.span.unwrap_or(node.span)),
            );
            if let Some(h) = e.hint {
                d = d.with_hint(h);
            }
            self.diags.push(d);
        }
        match result {
            Some(data) => Some(Record {
                file,
                span: node.span,
                data,
            }),
            None => {
                if let Some(id) = node.get("id").and_then(Node::as_str) {
                    self.unreadable.push((kind, id.to_string()));
                }
                None
            }
        }
    }
}

/// Loads one file of `registry/` (not an answer) that will have the id `file`.
fn registry_file<'a>(
    registry_dir: &Path,
    mut fetched: Fetched,
    file: FileId,
    languages: &'a [String],
) -> (SourceFile, FileLoad<'a>) {
    let mut load = FileLoad::new(languages, file);
    let source = std::mem::replace(
        &mut fetched.file,
        SourceFile::new(PathBuf::new(), String::new()),
    );
    let relative = fetched
        .path
        .strip_prefix(registry_dir)
        .unwrap_or(&fetched.path);
    let first = relative
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    let is_top_level = relative.components().count() == 1;
    let kind = if is_top_level && first == "organization.yaml" {
        Some(Kind::Organization)
    } else if is_top_level {
        None
    } else {
        Kind::from_folder(&first)
    };
    if !load.readable(&fetched) {
        return (source, load);
    }
    let Some(kind) = kind else {
        let folders: Vec<&str> = Kind::ALL
            .iter()
            .filter(|k| **k != Kind::Process && **k != Kind::Organization)
            .map(|k| k.folder())
            .collect();
        let hint = if is_top_level {
            format!(
                "records live in folders named after their kind: {}",
                suggest(&first, &folders)
            )
        } else {
            format!(
                "the folder `{first}` holds no known kind of record; {}",
                suggest(&first, &folders)
            )
        };
        load.diags.push(
            Diagnostic::warning(
                "unknown-file",
                format!(
                    "ropa does not know what `{}` holds; it is skipped",
                    relative.display()
                ),
                loc(file, Span::default()),
            )
            .with_hint(hint),
        );
        return (source, load);
    };
    let Some(node) = load.parsed(fetched.yaml.take(), &source.text) else {
        // The ids written in a file that does not parse still exist as far as the
        // author is concerned: references to them are not reported a second time.
        for id in scan_ids(&source.text) {
            load.unreadable.push((kind, id));
        }
        if kind == Kind::Organization {
            load.languages_found = Some(scan_languages(&source.text));
        }
        return (source, load);
    };
    match kind {
        Kind::Organization => {
            let records = load.records(&node, kind);
            if records.is_empty() {
                load.languages_found = Some(scan_languages(&source.text));
            }
            if let Some(org) = records.first() {
                let languages = org_languages(org);
                check_translations(&node, &languages, file, &mut load.diags);
                load.languages_found = Some(languages);
            }
            load.remember(&records, node, kind);
            load.add = Some(Box::new(move |reg| {
                reg.organization = records.into_iter().next();
            }));
        }
        Kind::Subprocessor => load.push(node, kind, |r| &mut r.subprocessors),
        Kind::Contract => load.push(node, kind, |r| &mut r.contracts),
        Kind::Transfer => load.push(node, kind, |r| &mut r.transfers),
        Kind::DataCategory => load.push(node, kind, |r| &mut r.data_categories),
        Kind::DataSubject => load.push(node, kind, |r| &mut r.data_subjects),
        Kind::Activity => load.push(node, kind, |r| &mut r.activities),
        Kind::System => load.push(node, kind, |r| &mut r.systems),
        Kind::Flow => load.push(node, kind, |r| &mut r.flows),
        Kind::Retention => load.push(node, kind, |r| &mut r.retention),
        Kind::Tom => load.push(node, kind, |r| &mut r.toms),
        Kind::Role => load.push(node, kind, |r| &mut r.roles),
        Kind::Training => load.push(node, kind, |r| &mut r.trainings),
        Kind::Plan => load.push(node, kind, |r| &mut r.plans),
        Kind::Feature => load.push(node, kind, |r| &mut r.features),
        Kind::Process | Kind::Answer => {}
    }
    (source, load)
}

impl Loader {
    /// Markdown documents (processes, answers): `id.md` in the default language,
    /// `id.LANG.md` translations whose front matter holds only the heading.
    fn documents<M, Tm>(
        &mut self,
        loaded: Vec<LoadedDocument<M, Tm>>,
        kind: Kind,
        list: fn(&mut Registry) -> &mut Vec<Record<Document<M>>>,
    ) where
        M: DocumentMeta,
        Tm: TranslationMeta,
    {
        let folder = if kind == Kind::Answer {
            "registry/answers"
        } else {
            "processes"
        };
        let mut translations: Vec<(String, String, FileId, Tm, usize, Markdown)> = Vec::new();
        self.reserve(loaded.iter().map(|(_, load, _)| load));
        let documents = loaded
            .iter()
            .filter(|(_, _, part)| matches!(part, Some(DocumentPart::Document(_))))
            .count();
        list(&mut self.reg).reserve(documents);
        for (source, load, part) in loaded {
            self.merge(source, load);
            match part {
                Some(DocumentPart::Document(record)) => list(&mut self.reg).push(*record),
                Some(DocumentPart::Translation {
                    base,
                    lang,
                    file,
                    meta,
                    offset,
                    text,
                }) => translations.push((base, lang, file, meta, offset, text)),
                None => {}
            }
        }
        // A translation belongs to the document of the same file stem (or id).
        let mut by_name: std::collections::HashMap<String, usize> =
            std::collections::HashMap::new();
        for (i, d) in list(&mut self.reg).iter().enumerate() {
            by_name.entry(d.data.id.value.clone()).or_insert(i);
        }
        let files: Vec<FileId> = list(&mut self.reg).iter().map(|d| d.file).collect();
        let stems: Vec<(String, usize)> = files
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                let stem = self
                    .reg
                    .sources
                    .get(*f)
                    .path
                    .file_stem()?
                    .to_str()?
                    .to_string();
                Some((stem, i))
            })
            .collect();
        for (stem, i) in stems {
            by_name.insert(stem, i);
        }
        for (base, lang, file, meta, offset, text) in translations {
            let found = by_name.get(&base).copied();
            let docs = list(&mut self.reg);
            match found.and_then(|i| docs.get_mut(i)) {
                Some(d) => d.data.bodies.push(ProcessBody {
                    title: meta.heading().get(&lang, &lang).to_string(),
                    lang,
                    markdown: text,
                    body_offset: offset,
                    file,
                }),
                None => self.diags.push(
                    Diagnostic::error("orphan-translation", format!("this translation has no {kind} `{base}.md` in the default language"), loc(file, Span::new(0, 0)))
                        .with_hint(format!("create `{folder}/{base}.md`, or rename this file to match an existing {kind}")),
                ),
            }
        }
        let languages = self.languages.clone();
        let mut missing = Vec::new();
        for d in list(&mut self.reg).iter_mut() {
            d.data.bodies.sort_by_key(|b| {
                languages
                    .iter()
                    .position(|l| *l == b.lang)
                    .unwrap_or(usize::MAX)
            });
            for lang in &languages {
                if !d.data.bodies.iter().any(|b| &b.lang == lang) {
                    missing.push((
                        d.file,
                        d.data.meta.heading().span,
                        d.data.id.value.clone(),
                        lang.clone(),
                    ));
                }
            }
        }
        for (file, span, id, lang) in missing {
            let stem = self
                .reg
                .sources
                .get(file)
                .path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            self.diags.push(
                Diagnostic::warning("missing-translation", format!("{kind} `{id}` has no {lang} text"), loc(file, span))
                    .with_label(format!("no `{stem}.{lang}.md` beside this file"))
                    .with_hint(format!("write `{folder}/{stem}.{lang}.md` with the heading in its front matter; until then readers see the {} text", languages.first().map(String::as_str).unwrap_or("default"))),
            );
        }
    }
}

/// What one Markdown document file holds.
enum DocumentPart<M, Tm> {
    /// A document in the default language.
    Document(Box<Record<Document<M>>>),
    /// A translation, for the document of stem `base`.
    Translation {
        base: String,
        lang: String,
        file: FileId,
        meta: Tm,
        offset: usize,
        text: Markdown,
    },
}

/// Loads process or answer files in parallel; the first will have the id `base`.
fn document_files<'a, M, Tm>(
    root: &Path,
    paths: &[PathBuf],
    base: FileId,
    kind: Kind,
    languages: &'a [String],
) -> Vec<LoadedDocument<'a, M, Tm>>
where
    M: DeserializeOwned + DocumentMeta + Send,
    Tm: DeserializeOwned + TranslationMeta + Send,
{
    use rayon::prelude::*;
    paths
        .par_iter()
        .enumerate()
        .map(|(i, path)| {
            document_file::<M, Tm>(
                fetch(root, path, Part::FrontMatter),
                base + i,
                kind,
                languages,
            )
        })
        .collect()
}

/// Loads one process or answer file that will have the id `file`.
fn document_file<'a, M, Tm>(
    mut fetched: Fetched,
    file: FileId,
    kind: Kind,
    languages: &'a [String],
) -> LoadedDocument<'a, M, Tm>
where
    M: DeserializeOwned + DocumentMeta,
    Tm: DeserializeOwned + TranslationMeta,
{
    let mut load = FileLoad::new(languages, file);
    let source = std::mem::replace(
        &mut fetched.file,
        SourceFile::new(PathBuf::new(), String::new()),
    );
    let default_lang = languages.first().map(String::as_str).unwrap_or("en");
    let stem = fetched
        .path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string();
    let (base, lang) = match stem.rsplit_once('.') {
        Some((b, l)) if l.len() == 2 && l.bytes().all(|c| c.is_ascii_lowercase()) => {
            (b.to_string(), Some(l.to_string()))
        }
        _ => (stem.clone(), None),
    };
    if !load.readable(&fetched) {
        return (source, load, None);
    }
    let is_translation = matches!(&lang, Some(l) if languages.is_empty() || *l != default_lang);
    let Some(fm) = fetched.front_matter.take() else {
        let (message, hint) = if source.text.starts_with("---") {
            (
                format!("the front matter of this {kind} is not closed"),
                "end the front matter with a line that holds only `---`".to_string(),
            )
        } else {
            (format!("a {kind} must start with YAML front matter between `---` lines"), format!("start the file with `---`, the fields, then `---`; `ropa new {kind} <id>` writes one"))
        };
        load.diags.push(
            Diagnostic::error("missing-front-matter", message, loc(file, Span::new(0, 0)))
                .with_hint(hint),
        );
        if !is_translation {
            load.unreadable.push((kind, base));
        }
        return (source, load, None);
    };
    let Some(node) = load.parsed(fetched.yaml.take(), &source.text) else {
        if !is_translation {
            load.unreadable.push((kind, base));
        }
        return (source, load, None);
    };
    if is_translation {
        let lang = lang.unwrap_or_default();
        if !languages.contains(&lang) {
            load.diags.push(
                Diagnostic::warning(
                    "unknown-language",
                    format!(
                        "`{lang}` is not one of the registry's languages ({})",
                        languages.join(", ")
                    ),
                    loc(file, Span::new(0, 0)),
                )
                .with_hint(
                    "add the language to `languages` in organization.yaml, or rename the file",
                ),
            );
        }
        let part = load
            .record::<Tm>(&node, kind)
            .map(|r| DocumentPart::Translation {
                base,
                lang,
                file,
                meta: r.data,
                offset: fm.body_offset,
                text: Markdown::of(&source.text, fm.body_offset),
            });
        return (source, load, part);
    }
    let Some(r) = load.record::<M>(&node, kind) else {
        load.unreadable.push((kind, base));
        return (source, load, None);
    };
    let id = r.data.id().cloned().unwrap_or_else(|| Spanned {
        span: Span::new(0, 0),
        value: base.clone(),
    });
    let body = ProcessBody {
        lang: default_lang.to_string(),
        title: r.data.heading().get(default_lang, default_lang).to_string(),
        markdown: Markdown::of(&source.text, fm.body_offset),
        body_offset: fm.body_offset,
        file,
    };
    let span = node.span;
    crate::audience::check_field_visibility(kind, &id.value, file, &node, &mut load.diags);
    load.raw.reserve_exact(1);
    load.raw.push(crate::registry::RawRecord::new(
        kind,
        id.value.clone(),
        file,
        node,
        false,
    ));
    let record = Record {
        file,
        span,
        data: Document {
            id,
            meta: r.data,
            bodies: vec![body],
        },
    };
    (source, load, Some(DocumentPart::Document(Box::new(record))))
}

/// Most values of one record ropa will set aside to find further errors in it.
const MAX_ERRORS_PER_RECORD: usize = 32;

/// Deserializes a record, and on an error sets the offending entry aside and tries
/// again, so that every bad value of a record is reported in one run, and a record
/// whose bad values were all optional still loads (and its references get checked).
///
/// A "missing field" that is only missing because ropa set it aside is not reported;
/// the mapping that needed it is set aside in turn.
fn recover<T: DeserializeOwned>(
    node: &Node,
) -> (Option<T>, Vec<de::UnknownField>, Vec<de::DeError>) {
    // Most records are fine: read them as they are, and copy only to set values aside.
    if let (Ok(value), unknown) = from_node::<T>(node) {
        return (Some(value), unknown, Vec::new());
    }
    let mut work = node.clone();
    let mut removed: Vec<(usize, String)> = Vec::new();
    let mut unknown: Vec<de::UnknownField> = Vec::new();
    let mut errors = Vec::new();
    for _ in 0..MAX_ERRORS_PER_RECORD {
        let (result, found) = from_node::<T>(&work);
        for u in found {
            if !unknown.iter().any(|k| k.span == u.span) {
                unknown.push(u);
            }
        }
        let err = match result {
            Ok(value) => return (Some(value), unknown, errors),
            Err(e) => e,
        };
        let span = err.span.unwrap_or(work.span);
        if err.kind == de::DeErrorKind::MissingField {
            // The error points at the first key of the mapping that lacks the field.
            let consequence = removed.iter().any(|(map_start, field)| {
                *map_start == span.start && err.message.contains(&format!("`{field}`"))
            });
            if !consequence {
                errors.push(err);
            }
            if !remove_map_at(&mut work, span.start, &mut removed) {
                return (None, unknown, errors);
            }
        } else {
            errors.push(err);
            if !remove_entry_containing(&mut work, span, &mut removed) {
                return (None, unknown, errors);
            }
        }
    }
    (None, unknown, errors)
}

/// Removes the innermost mapping entry whose key or value contains `span`.
fn remove_entry_containing(
    node: &mut Node,
    span: Span,
    removed: &mut Vec<(usize, String)>,
) -> bool {
    let head = map_head(node);
    match &mut node.kind {
        NodeKind::Map(entries) => {
            let Some(i) = entries
                .iter()
                .position(|(k, v)| contains(k.span, span) || contains(v.span, span))
            else {
                return false;
            };
            if remove_entry_containing(&mut entries[i].1, span, removed) {
                return true;
            }
            let (k, _) = entries.remove(i);
            removed.push((head, k.as_str().unwrap_or_default().to_string()));
            true
        }
        NodeKind::Seq(items) => items
            .iter_mut()
            .filter(|n| contains(n.span, span))
            .any(|n| remove_entry_containing(n, span, removed)),
        _ => false,
    }
}

/// Removes the entry that holds the mapping whose first key starts at `head`.
fn remove_map_at(node: &mut Node, head: usize, removed: &mut Vec<(usize, String)>) -> bool {
    let my_head = map_head(node);
    match &mut node.kind {
        NodeKind::Map(entries) => {
            if let Some(i) = entries
                .iter()
                .position(|(_, v)| matches!(v.kind, NodeKind::Map(_)) && map_head(v) == head)
            {
                let (k, _) = entries.remove(i);
                removed.push((my_head, k.as_str().unwrap_or_default().to_string()));
                return true;
            }
            if let Some(i) = entries.iter().position(|(_, v)| match &v.kind {
                NodeKind::Seq(items) => items.iter().any(|it| map_head(it) == head),
                _ => false,
            }) {
                let (k, _) = entries.remove(i);
                removed.push((my_head, k.as_str().unwrap_or_default().to_string()));
                return true;
            }
            entries
                .iter_mut()
                .any(|(_, v)| remove_map_at(v, head, removed))
        }
        NodeKind::Seq(items) => items.iter_mut().any(|n| remove_map_at(n, head, removed)),
        _ => false,
    }
}

fn map_head(node: &Node) -> usize {
    match &node.kind {
        NodeKind::Map(entries) => entries
            .first()
            .map(|(k, _)| k.span.start)
            .unwrap_or(node.span.start),
        _ => node.span.start,
    }
}

fn contains(outer: Span, inner: Span) -> bool {
    outer.start <= inner.start
        && inner.end <= outer.end
        && !(outer.start == outer.end && inner.start != outer.start)
}

/// The `id:` values written in a text that is not valid YAML (best effort).
fn scan_ids(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let l = line.trim_start();
            let l = l.strip_prefix("- ").unwrap_or(l).trim_start();
            let v = l.strip_prefix("id:")?.trim();
            let v = v.trim_matches(|c| c == '"' || c == '\'');
            (!v.is_empty()).then(|| v.to_string())
        })
        .collect()
}

/// The `languages: [de, en]` of an organization file that could not be read (best effort),
/// so that process translations are still recognised as such.
fn scan_languages(text: &str) -> Vec<String> {
    text.lines()
        .find_map(|line| line.trim_start().strip_prefix("languages:"))
        .map(|v| {
            v.trim()
                .trim_matches(|c| c == '[' || c == ']')
                .split(',')
                .map(|s| s.trim().trim_matches(|c| c == '"' || c == '\'').to_string())
                .filter(|s| s.len() == 2)
                .collect()
        })
        .unwrap_or_default()
}

fn loc(file: FileId, span: Span) -> Location {
    Location { file, span }
}

fn org_languages(org: &Record<crate::model::organization::Organization>) -> Vec<String> {
    org.data.languages.iter().map(|l| l.value.clone()).collect()
}

/// "Address" → "an address", for messages about nested records.
fn describe_struct(name: &str) -> String {
    let mut words = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            words.push(' ');
        }
        words.push(c.to_ascii_lowercase());
    }
    let article = if words.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {words}")
}

/// Warns about text maps that lack one of the registry's languages or name another.
fn check_translations(node: &Node, languages: &[String], file: FileId, diags: &mut Diagnostics) {
    if languages.is_empty() {
        return;
    }
    match &node.kind {
        NodeKind::Seq(items) => items
            .iter()
            .for_each(|n| check_translations(n, languages, file, diags)),
        NodeKind::Map(entries) => {
            // Every mapping of the registry passes here: its keys are looked at in place.
            let keys = || entries.iter().filter_map(|(k, _)| k.as_str());
            let is_text = keys().next().is_some()
                && keys().all(|k| k.len() == 2 && k.bytes().all(|b| b.is_ascii_lowercase()))
                && keys().any(|k| languages.iter().any(|l| l == k))
                && entries
                    .iter()
                    .all(|(_, v)| matches!(v.kind, NodeKind::Scalar { .. } | NodeKind::Null));
            if is_text {
                for lang in languages {
                    if !keys().any(|k| k == lang) {
                        diags.push(
                            Diagnostic::warning(
                                "missing-translation",
                                format!("this text has no `{lang}` version"),
                                loc(file, node.span),
                            )
                            .with_label(format!("add `{lang}: …` here"))
                            .with_hint(format!(
                                "until it is added, readers of the {lang} pages see the {} text",
                                keys().next().unwrap_or_default()
                            )),
                        );
                    }
                }
                for (k, _) in entries {
                    if let Some(name) = k.as_str() {
                        if !languages.iter().any(|l| l == name) {
                            diags.push(
                                Diagnostic::warning("unknown-language", format!("`{name}` is not one of the registry's languages ({})", languages.join(", ")), loc(file, k.span))
                                    .with_hint("add it to `languages` in organization.yaml, or remove this translation"),
                            );
                        }
                    }
                }
            } else {
                entries
                    .iter()
                    .for_each(|(_, v)| check_translations(v, languages, file, diags));
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shown_relative_to_the_registry_folder() {
        let root = Path::new("/srv/ropa");
        for (path, shown) in [
            ("/srv/ropa/registry/a.yaml", "registry/a.yaml"),
            ("/srv/ropa-b/registry/a.yaml", "/srv/ropa-b/registry/a.yaml"),
            ("/srv/ropa", ""),
            ("/elsewhere/a.yaml", "/elsewhere/a.yaml"),
        ] {
            assert_eq!(
                relative_to(root, Path::new(path)),
                Path::new(shown),
                "{path}"
            );
        }
        assert_eq!(
            relative_to(Path::new("."), Path::new("./processes/p.md")),
            Path::new("processes/p.md")
        );
        assert_eq!(
            relative_to(Path::new("reg/"), Path::new("reg/x.yaml")),
            Path::new("x.yaml")
        );
        assert_eq!(
            relative_to(Path::new(""), Path::new("/abs/x.yaml")),
            Path::new("/abs/x.yaml")
        );
    }

    /// Files are found in the order of a walk that sorts each folder by name: a
    /// folder's files before those of a sibling whose name it begins (`a/` before
    /// `a-b/` and `a.yaml`), hidden entries skipped.
    #[test]
    fn files_are_found_in_the_order_of_a_sorted_walk() {
        let dir = tempfile::tempdir().unwrap();
        let names = [
            "a-b/x.yaml",
            "a/x.yaml",
            "a/b/y.yaml",
            "a/b.yaml",
            "a.yaml",
            "a0/z.yaml",
            "B.yaml",
            "ä.yaml",
            "a/.hidden.yaml",
            ".hidden/c.yaml",
            "a/notes.txt",
        ];
        for name in names {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "id: x\n").unwrap();
        }
        let found: Vec<String> = discover(dir.path(), &["yaml"])
            .unwrap()
            .iter()
            .map(|p| p.strip_prefix(dir.path()).unwrap().display().to_string())
            .collect();
        assert_eq!(
            found,
            [
                "B.yaml",
                "a/b/y.yaml",
                "a/b.yaml",
                "a/x.yaml",
                "a-b/x.yaml",
                "a.yaml",
                "a0/z.yaml",
                "ä.yaml"
            ]
        );
    }
}
