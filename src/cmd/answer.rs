//! `ropa answer`: what applies to a customer's plan and features, as text or JSON.

use super::cli::{AnswerArgs, AnswerFormat};

pub(super) fn run(args: AnswerArgs) -> Result<u8, String> {
    // The same checks as `check` and `build`: an answer from a broken registry
    // (a dangling reference, a transfer without a mechanism) would be wrong.
    let as_of = super::as_of(None)?;
    let project = super::open(&args.dir, None, as_of, args.audience.visibility())?;
    if project.has_errors() {
        super::print_diagnostics(&project.diagnostics, project.sources())?;
        eprintln!(
            "ropa answer: {} error(s) in the registry; run `ropa check`",
            project.diagnostics.error_count()
        );
        return Ok(1);
    }
    let reg = project.view();
    let lang = args.lang.clone().unwrap_or_else(|| reg.default_language());
    if !reg.languages().contains(&lang) {
        return Err(format!(
            "--lang {lang}: the registry's languages are {}",
            reg.languages().join(", ")
        ));
    }
    let a = crate::answer::applicable(reg, &args.plan, &args.features)?;
    match args.format {
        AnswerFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&a).map_err(|e| e.to_string())?
        ),
        AnswerFormat::Text => print!("{}", crate::answer::to_text(reg, &a, &lang)),
    }
    Ok(0)
}
