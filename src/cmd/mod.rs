//! The command layer: one file per command. Only here are arguments turned into
//! plain values, dates parsed, results printed and exit codes chosen; everything
//! below takes values and returns results.

mod answer;
mod build;
mod check;
pub mod cli;
mod diff;
mod export;
mod new;
mod report;
mod schema;
mod serve;
mod verify;

use crate::diagnostics::Diagnostics;
use crate::model::{Date, Visibility};
use crate::project::{OpenOptions, Project};
use crate::source::SourceMap;
use cli::{Cli, Command};
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

/// Exit status when ropa could not do its job at all (bad arguments, no registry).
const COULD_NOT_RUN: u8 = 2;

/// Runs one command line and says how the process should end: 0 done, 1 the
/// registry has errors (or, for `verify`, the bundle changed), 2 could not run.
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Build(args) => build::run(args),
        Command::Answer(args) => answer::run(args),
        Command::Report(args) => report::run(args),
        Command::Export(args) => export::run(args),
        Command::Verify(args) => verify::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Schema(args) => schema::run(args),
        Command::New(args) => new::run(args),
        Command::Serve(args) => serve::run(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(COULD_NOT_RUN)
        }
    }
}

/// `--as-of`, or today.
fn as_of(arg: Option<&str>) -> Result<Date, String> {
    match arg {
        Some(s) => Date::parse(s).map_err(|e| format!("--as-of: {e}")),
        None => Ok(Date(chrono::Local::now().date_naive())),
    }
}

/// The revision to read and the as-of date: `--at DATE` gives both (the commit in
/// force at the end of that day, and the day itself); otherwise `--rev` (or the work
/// tree) and `--as-of` (or today).
fn revision_and_date(
    dir: &Path,
    rev: Option<&str>,
    at: Option<&str>,
    as_of_arg: Option<&str>,
) -> Result<(Option<String>, Date), String> {
    let Some(at) = at else {
        return Ok((rev.map(str::to_string), as_of(as_of_arg)?));
    };
    let day = Date::parse(at).map_err(|e| format!("--at: {e}"))?;
    let end_of_day = day
        .0
        .and_hms_opt(23, 59, 59)
        .map(|t| t.and_utc().timestamp())
        .ok_or_else(|| format!("--at {at}: not a day"))?;
    let commit = crate::history::git::commit_until(dir, end_of_day, &format!("--at {at}"))
        .map_err(|e| e.0)?;
    Ok((Some(commit.id), day))
}

/// Shows log messages on stderr as plain lines: what `serve` reports, and with
/// `--verbose` the time of each phase.
fn init_logging(verbose: bool) {
    use std::io::Write;
    let phases = if verbose {
        log::LevelFilter::Debug
    } else {
        log::LevelFilter::Info
    };
    // A second call (never made by the binary) would fail harmlessly.
    let _ = env_logger::Builder::new()
        .filter_level(log::LevelFilter::Info)
        .filter_module("ropa::phase", phases)
        .format(|out, record| writeln!(out, "{}", record.args()))
        .try_init();
}

/// Opens the registry in `dir` (its work tree, or with `rev` that git revision) for
/// `audience`, as every command does.
fn open(
    dir: &Path,
    rev: Option<&str>,
    as_of: Date,
    audience: Visibility,
) -> Result<Project, String> {
    let input = crate::load::input::open(dir, rev).map_err(|e| e.to_string())?;
    Project::open_from(input, &OpenOptions { as_of, audience }).map_err(|e| e.to_string())
}

/// Prints diagnostics to stderr, in colour on a terminal.
fn print_diagnostics(diagnostics: &Diagnostics, sources: &SourceMap) -> Result<(), String> {
    use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
    let choice = if std::io::stderr().is_terminal() {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    };
    diagnostics
        .render_text(sources, &mut StandardStream::stderr(choice))
        .map_err(|e| e.to_string())
}
