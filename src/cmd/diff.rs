//! `ropa diff`: what changed in the records between two revisions, as text,
//! Markdown or JSON.

use super::cli::{DiffArgs, DiffFormat};
use crate::history::{open_state, OpenError, State};

pub(super) fn run(args: DiffArgs) -> Result<u8, String> {
    let audience = args.audience.visibility();
    let from_rev = match &args.from {
        Some(rev) => rev.clone(),
        None => crate::history::git::default_from(&args.dir).map_err(|e| e.0)?,
    };
    let open = |rev: Option<&str>| -> Result<Result<State, u8>, String> {
        match open_state(&args.dir, rev, audience) {
            Ok(state) => Ok(Ok(state)),
            Err(OpenError::CouldNotRun(message)) => Err(match message.strip_prefix("--rev ") {
                Some(rest) => format!("revision {rest}"),
                None => message,
            }),
            Err(OpenError::Broken(broken)) => {
                let (reg, diagnostics) = *broken;
                super::print_diagnostics(&diagnostics, &reg.sources)?;
                let (at, check) = match rev {
                    Some(rev) => (format!("at {rev}"), format!("ropa check --rev {rev}")),
                    None => ("in the work tree".to_string(), "ropa check".to_string()),
                };
                eprintln!(
                    "ropa diff: the registry {at} has {} error(s), so its records cannot be compared; `{check}` lists them",
                    diagnostics.error_count()
                );
                Ok(Err(1))
            }
        }
    };
    let from = match open(Some(&from_rev))? {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let to = match open(args.to.as_deref())? {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let reg = to.view();
    let lang = args.lang.clone().unwrap_or_else(|| reg.default_language());
    if !reg.languages().contains(&lang) {
        return Err(format!(
            "--lang {lang}: the registry's languages are {}",
            reg.languages().join(", ")
        ));
    }
    let changes = crate::history::compare(&from, &to);
    let words = crate::revdiff::Words::new(&from, &to, audience, &lang).word(&changes);
    let out = match args.format {
        DiffFormat::Text => crate::revdiff::text(&from, &to, &words, &lang),
        DiffFormat::Markdown => crate::revdiff::markdown(&from, &to, &words, &lang),
        DiffFormat::Json => {
            let json = crate::revdiff::json(&from, &to, &words, audience, &lang);
            serde_json::to_string_pretty(&json).map_err(|e| e.to_string())? + "\n"
        }
    };
    // A reader that stops early (`| head`) is no error.
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    Ok(0)
}
