//! The word lists behind [`super`]: `locales/<lang>.toml` of ropa (built in), merged
//! per key with a registry's own `locales/<lang>.toml`, parsed once and looked up by
//! language, section and key.
//!
//! A file is TOML: one table per section (`[ui]`, `[report]`, `[country]`…), each
//! key a string. English is complete and is the fallback: every language starts as a
//! copy of it, so a key a language lacks reads in English, and a language nobody wrote
//! a file for reads all in English. A registry's file may replace single keys of a
//! shipped language or bring a new one (`locales/fr.toml`); a key English does not
//! have is a typo and is reported, with the file, line and column.

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::source::{SourceFile, SourceMap, Span};
use foldhash::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock, RwLock};

/// The languages ropa ships, as (code, file text). English first: it is the fallback.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("en", include_str!("../../locales/en.toml")),
    ("de", include_str!("../../locales/de.toml")),
];

/// The language every other falls back to.
pub const FALLBACK: &str = "en";

/// Section → key → text.
type Words = HashMap<String, HashMap<String, String>>;

/// Every language's words, each already merged over English.
#[derive(Debug)]
pub struct Catalog {
    langs: HashMap<String, Words>,
    /// The keys of each section in the order of the English file.
    order: HashMap<String, Vec<String>>,
}

/// One `key = "text"` of a file, with where it is.
#[derive(Debug)]
pub struct Entry {
    /// The table it is in (`ui`).
    pub section: String,
    /// The key (`sources`).
    pub key: String,
    /// The text.
    pub text: String,
    /// Where the key is.
    pub span: Span,
}

/// Something wrong in a file: what, and where.
#[derive(Debug)]
pub struct Problem {
    /// Stable diagnostic code.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// Where.
    pub span: Span,
    /// How to fix it.
    pub hint: String,
}

/// Reads a word list. A TOML syntax error ends the reading; a value that is not a
/// string, or a key outside a section, is a problem of its own and skipped.
pub fn parse(text: &str) -> Result<(Vec<Entry>, Vec<Problem>), Problem> {
    let doc = toml::de::DeTable::parse(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        Problem {
            code: "locale-syntax",
            message: format!("this is not valid TOML: {}", e.message().trim()),
            span: Span::new(span.start, span.end),
            hint: "a word list is TOML: `[section]` lines and `key = \"text\"` lines below them"
                .into(),
        }
    })?;
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    for (section, table) in doc.get_ref() {
        let sspan = Span::new(section.span().start, section.span().end);
        let Some(table) = table.get_ref().as_table() else {
            problems.push(Problem {
                code: "locale-invalid",
                message: format!("`{}` is outside any section", section.get_ref()),
                span: sspan,
                hint: "put every key under a section header such as `[ui]` or `[report]`".into(),
            });
            continue;
        };
        for (key, value) in table {
            let span = Span::new(key.span().start, key.span().end);
            match value.get_ref().as_str() {
                Some(s) => entries.push(Entry {
                    section: section.get_ref().to_string(),
                    key: key.get_ref().to_string(),
                    text: s.to_string(),
                    span,
                }),
                None => problems.push(Problem {
                    code: "locale-invalid",
                    message: format!(
                        "`{}.{}` is {}, not a text",
                        section.get_ref(),
                        key.get_ref(),
                        with_article(value.get_ref().type_str())
                    ),
                    span,
                    hint: "write the word in double quotes: `key = \"text\"`".into(),
                }),
            }
        }
    }
    Ok((entries, problems))
}

/// "an integer", "a boolean".
fn with_article(noun: &str) -> String {
    let an = noun.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {noun}", if an { "an" } else { "a" })
}

impl Catalog {
    /// The words ropa ships.
    fn built_in() -> Catalog {
        let mut order: HashMap<String, Vec<String>> = HashMap::default();
        let mut langs: HashMap<String, Words> = HashMap::default();
        for (lang, text) in BUILT_IN {
            let (entries, problems) =
                parse(text).unwrap_or_else(|p| panic!("locales/{lang}.toml: {}", p.message));
            assert!(problems.is_empty(), "locales/{lang}.toml: {problems:?}");
            let mut words = langs.get(FALLBACK).cloned().unwrap_or_default();
            for e in entries {
                if *lang == FALLBACK {
                    order
                        .entry(e.section.clone())
                        .or_default()
                        .push(e.key.clone());
                }
                words.entry(e.section).or_default().insert(e.key, e.text);
            }
            langs.insert(lang.to_string(), words);
        }
        Catalog { langs, order }
    }

    /// Whether English has the key (every key a file may set).
    fn knows(&self, section: &str, key: &str) -> bool {
        self.langs[FALLBACK]
            .get(section)
            .is_some_and(|s| s.contains_key(key))
    }

    /// The known key nearest to `section.key`, for a hint.
    fn nearest(&self, section: &str, key: &str) -> Option<String> {
        let wanted = format!("{section}.{key}");
        self.order
            .iter()
            .flat_map(|(s, keys)| keys.iter().map(move |k| format!("{s}.{k}")))
            .map(|k| (strsim::jaro_winkler(&wanted, &k), k))
            .filter(|(score, _)| *score > 0.85)
            .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(&a.1)))
            .map(|(_, k)| k)
    }

    /// The words of `lang`: its own, or English for a language without a file.
    pub fn words(&self, lang: &str) -> &Words {
        self.langs
            .get(lang)
            .unwrap_or_else(|| &self.langs[FALLBACK])
    }

    /// A word, `None` when no language has the key.
    pub fn get(&self, lang: &str, section: &str, key: &str) -> Option<&str> {
        self.words(lang)
            .get(section)
            .and_then(|s| s.get(key))
            .map(String::as_str)
    }

    /// The keys of a section, in the order of the English file.
    pub fn keys(&self, section: &str) -> &[String] {
        self.order.get(section).map(Vec::as_slice).unwrap_or(&[])
    }
}

fn built_in() -> &'static Arc<Catalog> {
    static BUILT_IN_CATALOG: OnceLock<Arc<Catalog>> = OnceLock::new();
    BUILT_IN_CATALOG.get_or_init(|| Arc::new(Catalog::built_in()))
}

/// The catalog in use: the built-in one until a registry with its own word lists is
/// loaded (one registry per run; `ropa serve` loads it again on every change).
static ACTIVE: RwLock<Option<Arc<Catalog>>> = RwLock::new(None);

/// Runs `f` with the catalog in use.
pub fn with<R>(f: impl FnOnce(&Catalog) -> R) -> R {
    let guard = ACTIVE.read().unwrap_or_else(|e| e.into_inner());
    match guard.as_ref() {
        Some(c) => f(c),
        None => f(built_in()),
    }
}

/// Reads the registry's `root/locales/*.toml` (each named by its language), merges
/// them over the built-in words and puts the result in use; problems go to `diags`,
/// the files to `sources`. Without such a folder the built-in words are used.
pub fn install(
    files: Vec<(PathBuf, Result<String, String>)>,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) {
    let catalog = load_overrides(files, sources, diags);
    *ACTIVE.write().unwrap_or_else(|e| e.into_inner()) = catalog.map(Arc::new);
}

fn load_overrides(
    mut files: Vec<(PathBuf, Result<String, String>)>,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) -> Option<Catalog> {
    if files.is_empty() {
        return None;
    }
    // English first: a new language starts from the registry's English.
    files.sort_by_key(|(p, _)| (p.file_stem().is_none_or(|s| s != FALLBACK), p.clone()));
    let base = built_in();
    let mut langs = base.langs.clone();
    for (path, read) in files {
        let lang = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let shown = Path::new("locales").join(path.file_name().unwrap_or_default());
        let text = match read {
            Ok(text) => text,
            Err(e) => {
                diags.push(
                    Diagnostic::new(
                        crate::diagnostics::Severity::Error,
                        "locale-unreadable",
                        format!("{} cannot be read: {e}", shown.display()),
                        None,
                    )
                    .with_hint(
                        "check the file's permissions, or remove it to use ropa's own words",
                    ),
                );
                continue;
            }
        };
        let file = sources.push(SourceFile::new(shown.clone(), text.clone()));
        let at = |span: Span| Location { file, span };
        let (entries, problems) = match parse(&text) {
            Ok(x) => x,
            Err(p) => {
                diags.push(
                    Diagnostic::error(p.code, p.message, at(p.span))
                        .with_label("here")
                        .with_hint(format!(
                            "{}; until it is fixed, ropa uses its own words for `{lang}`",
                            p.hint
                        )),
                );
                continue;
            }
        };
        for p in problems {
            diags.push(
                Diagnostic::error(p.code, p.message, at(p.span))
                    .with_label("not a word")
                    .with_hint(p.hint),
            );
        }
        if !langs.contains_key(&lang) {
            // A new language: English (with the registry's own English words) until
            // the file says otherwise.
            let english = langs[FALLBACK].clone();
            langs.insert(lang.clone(), english);
        }
        let Some(words) = langs.get_mut(&lang) else {
            continue;
        };
        for e in entries {
            if !base.knows(&e.section, &e.key) {
                let hint = match base.nearest(&e.section, &e.key) {
                    Some(k) => format!(
                        "did you mean `{k}`? The keys are those of ropa's own locales/en.toml"
                    ),
                    None => {
                        "the keys are those of ropa's own locales/en.toml; remove this one".into()
                    }
                };
                diags.push(
                    Diagnostic::error(
                        "locale-unknown-key",
                        format!(
                            "`{}.{}` is no word ropa uses, so it changes nothing",
                            e.section, e.key
                        ),
                        at(e.span),
                    )
                    .with_label("unknown key")
                    .with_hint(hint),
                );
                continue;
            }
            words.entry(e.section).or_default().insert(e.key, e.text);
        }
    }
    Some(Catalog {
        langs,
        order: base.order.clone(),
    })
}
