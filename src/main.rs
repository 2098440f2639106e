//! The `ropa` binary: parse the command line, call the library, print, exit.

use clap::Parser;
use ropa::cli::{
    AnswerArgs, BuildArgs, CheckArgs, Cli, Command, Format, NewArgs, SchemaArgs, ServeArgs,
};
use ropa::model::Date;
use std::io::IsTerminal;
use std::process::ExitCode;

/// mimalloc: ropa allocates many small strings and trees on several threads at once,
/// where it is markedly faster than the system allocator (see benches/README.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit status when ropa could not do its job at all (bad arguments, no registry).
const COULD_NOT_RUN: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check(args),
        Command::Build(args) => build(args),
        Command::Answer(args) => answer(args),
        Command::Report(args) => ropa::export::report::run(&args),
        Command::Export(args) => ropa::export::run(&args),
        Command::Verify(args) => ropa::export::bundle::run_verify(&args),
        Command::Schema(args) => schema(args),
        Command::New(args) => new(args),
        Command::Serve(args) => serve(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(COULD_NOT_RUN)
        }
    }
}

fn as_of(arg: Option<&str>) -> Result<Date, String> {
    match arg {
        Some(s) => Date::parse(s).map_err(|e| format!("--as-of: {e}")),
        None => Ok(Date(chrono::Local::now().date_naive())),
    }
}

fn stderr_writer() -> codespan_reporting::term::termcolor::StandardStream {
    use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
    let choice = if std::io::stderr().is_terminal() {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    };
    StandardStream::stderr(choice)
}

fn check(args: CheckArgs) -> Result<u8, String> {
    let as_of = as_of(args.as_of.as_deref())?;
    let t = std::time::Instant::now();
    let input =
        ropa::load::input::open(&args.dir, args.rev.as_deref()).map_err(|e| e.to_string())?;
    let (reg, mut diags) = ropa::registry::load_from(input).map_err(|e| e.to_string())?;
    ropa::site::phase(
        args.verbose,
        t,
        &format!("loaded {} files", reg.sources.files().len()),
    );
    let t = std::time::Instant::now();
    diags.extend(
        ropa::check::check(&reg, &ropa::check::CheckOptions { as_of })
            .iter()
            .cloned(),
    );
    ropa::site::phase(args.verbose, t, "checked");
    match args.format {
        Format::Json => {
            let json = serde_json::to_string_pretty(&diags.to_json(&reg.sources))
                .map_err(|e| e.to_string())?;
            println!("{json}");
        }
        Format::Text => {
            let mut out = stderr_writer();
            diags
                .render_text(&reg.sources, &mut out)
                .map_err(|e| e.to_string())?;
            eprintln!(
                "ropa check: {} error(s), {} warning(s) in {} file(s) of {}",
                diags.error_count(),
                diags.warning_count(),
                reg.sources.files().len(),
                args.dir.display()
            );
        }
    }
    let failed = diags.error_count() > 0 || (args.deny_warnings && diags.warning_count() > 0);
    // The process ends here: freeing a large registry piece by piece only costs time.
    std::mem::forget(reg);
    Ok(u8::from(failed))
}

fn build(args: BuildArgs) -> Result<u8, String> {
    let as_of = as_of(args.as_of.as_deref())?;
    let default_out = match args.audience {
        ropa::cli::Audience::Internal => "site",
        ropa::cli::Audience::Customer => "site-customer",
        ropa::cli::Audience::Public => "site-public",
    };
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| args.dir.join(default_out));
    let opts = ropa::site::BuildOptions {
        as_of,
        verbose: args.verbose,
        audience: args.audience.visibility(),
    };
    let start = std::time::Instant::now();
    let input =
        ropa::load::input::open(&args.dir, args.rev.as_deref()).map_err(|e| e.to_string())?;
    // Never replace what ropa did not write (see `ropa::outdir`), checked before the
    // registry is even read.
    ropa::outdir::check_site_folder(&out, &args.dir, args.force)?;
    // Pages are written into a fresh folder beside `out` as they are rendered; it
    // replaces `out` only if the whole build succeeds.
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    let staging = ropa::site::output::Staging::new(&out)
        .map_err(|e| format!("cannot write the site: {e}"))?;
    let compiled = ropa::build::compile_from(input, &opts, &staging).map_err(|e| e.to_string())?;
    let mut err = stderr_writer();
    compiled
        .diagnostics
        .render_text(compiled.sources(), &mut err)
        .map_err(|e| e.to_string())?;
    let Some(written) = compiled.rendered.as_ref().map(|r| r.written) else {
        eprintln!(
            "ropa build: {} error(s); nothing written, {} left as it was",
            compiled.diagnostics.error_count(),
            out.display()
        );
        return Ok(1);
    };
    let t = std::time::Instant::now();
    staging
        .commit()
        .map_err(|e| format!("writing the site: {e}"))?;
    ropa::site::phase(args.verbose, t, "swapped in");
    eprintln!(
        "ropa build: {} files in {} ({} warning(s), {:.0} ms)",
        written,
        out.display(),
        compiled.diagnostics.warning_count(),
        start.elapsed().as_secs_f64() * 1000.0
    );
    // The process ends here: freeing a large registry piece by piece only costs time.
    std::mem::forget(compiled);
    Ok(0)
}

fn answer(args: AnswerArgs) -> Result<u8, String> {
    let (full, mut diags) = ropa::registry::load(&args.dir).map_err(|e| e.to_string())?;
    // The same checks as `check` and `build`: an answer from a broken registry
    // (a dangling reference, a transfer without a mechanism) would be wrong.
    let as_of = as_of(None)?;
    diags.extend(
        ropa::check::check(&full, &ropa::check::CheckOptions { as_of })
            .iter()
            .cloned(),
    );
    if diags.error_count() > 0 {
        diags
            .render_text(&full.sources, &mut stderr_writer())
            .map_err(|e| e.to_string())?;
        eprintln!(
            "ropa answer: {} error(s) in the registry; run `ropa check`",
            diags.error_count()
        );
        return Ok(1);
    }
    let reg = ropa::audience::filter(&full, args.audience.visibility());
    let lang = args.lang.clone().unwrap_or_else(|| reg.default_language());
    if !reg.languages().contains(&lang) {
        return Err(format!(
            "--lang {lang}: the registry's languages are {}",
            reg.languages().join(", ")
        ));
    }
    let a = ropa::answer::applicable(&reg, &args.plan, &args.features)?;
    match args.format {
        ropa::cli::AnswerFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&a).map_err(|e| e.to_string())?
        ),
        ropa::cli::AnswerFormat::Text => print!("{}", ropa::answer::to_text(&reg, &a, &lang)),
    }
    Ok(0)
}

fn schema(args: SchemaArgs) -> Result<u8, String> {
    let written = ropa::schema::write_all(&args.out).map_err(|e| e.to_string())?;
    for path in written {
        println!("{}", path.display());
    }
    Ok(0)
}

fn new(args: NewArgs) -> Result<u8, String> {
    let path = ropa::skeleton::write(&args.dir, &args.kind, &args.id)?;
    println!("wrote {}", path.display());
    Ok(0)
}

fn serve(args: ServeArgs) -> Result<u8, String> {
    let build = ropa::site::BuildOptions {
        as_of: as_of(args.as_of.as_deref())?,
        verbose: args.verbose,
        audience: args.audience.visibility(),
    };
    ropa::serve::serve(ropa::serve::ServeOptions {
        dir: args.dir,
        port: args.port,
        build,
    })?;
    Ok(0)
}
