//! The command line's words: clap definitions only, no behaviour.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// ropa compiles GDPR records kept as YAML and Markdown in git into an internal wiki,
/// a public trust site, the records of processing (Art. 30) and audit exports.
///
/// A registry is a folder with `registry/` (YAML records, one folder per kind) and
/// `processes/` (Markdown process descriptions). Start with `ropa check`.
#[derive(Debug, Parser)]
#[command(name = "ropa", version, about, long_about, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load every record and report every problem at once.
    ///
    /// Reports YAML syntax errors, wrong types, unknown fields, missing fields,
    /// duplicate ids, dangling references, invalid dates and durations, missing
    /// translations, and the GDPR rules (missing AVV/DPA, transfers without a
    /// mechanism, data without retention, activities without purpose, legal basis,
    /// controllers or categories), each with file:line:column, a code and a hint.
    ///
    /// Exit status: 0 when there are no errors (warnings allowed), 1 when there are
    /// errors (or warnings with --deny-warnings), 2 when the check could not run.
    Check(CheckArgs),
    /// Build the internal wiki, or with --audience the customer or public trust site.
    ///
    /// Checks the registry first; any error stops the build and leaves the previous
    /// output untouched (the new site is written beside it and swapped in when complete).
    /// The same records and the same --as-of give byte-identical files.
    Build(BuildArgs),
    /// Serve the internal wiki on http://127.0.0.1 while you edit, rebuilding on every save.
    ///
    /// Builds in memory (nothing is written to disk) and serves the site on the local
    /// machine only. Watches `registry/`, `processes/` and `templates/`; after a change
    /// the site is rebuilt and open pages reload by themselves. While the registry has
    /// errors, every page shows them instead, and recovers once they are fixed.
    ///
    /// Answers only requests naming 127.0.0.1, localhost or [::1] as their host (any
    /// other gets 421: protection against DNS rebinding by a web page). A client has
    /// 10 s to send its request; past 512 connections at once, new ones get 503.
    ///
    /// Exit status: 2 when there is no registry or the port is taken; otherwise it
    /// runs until stopped (Ctrl-C).
    Serve(ServeArgs),
    /// Write the records of processing activities (Art. 30) as one print-ready HTML document.
    ///
    /// Cover (controller, processor, representative, DPO, authority, as-of date, registry
    /// version), part A controller records (Art. 30(1)(a)–(g)), part B processor records
    /// (Art. 30(2)(a)–(d)), and the annexes of an AVV/DPA: subprocessors and TOMs.
    /// An item the registry leaves empty is printed as "not stated", never dropped.
    Report(ReportArgs),
    /// Export records as CSV, JSON or XLSX, or everything as a hashed audit bundle.
    ///
    /// CSV is UTF-8 with a byte-order mark (so spreadsheet software detects the encoding),
    /// a header row and RFC 4180 quoting. JSON has a stable key order and a JSON Schema.
    /// XLSX has one sheet per kind with frozen, filterable headers. `--bundle FILE.zip`
    /// writes the report in every language, every export and a manifest of SHA-256 hashes.
    Export(ExportArgs),
    /// What changed in the records between two revisions, per record and field.
    ///
    /// Compares records by kind and id (a file moved with the same record in it is no
    /// change) and names each changed field in words, with values as the site shows
    /// them (an example follows the options).
    ///
    /// FROM defaults to the last tag reachable from HEAD (or HEAD when there is
    /// none), TO to the work tree as it is on disk. With --audience, only what that
    /// audience may see at both ends: a record it sees at one end only is added or
    /// removed, a field hidden at either end is left out, and references to records
    /// hidden at either end are dropped: what a customer may see changed since the
    /// version they signed.
    ///
    /// Exit status: 0 (also when nothing changed: "no changes in the records"), 1 when
    /// the registry at either end has errors (nothing is compared), 2 when a revision
    /// does not exist or the folder is not in git.
    #[command(after_long_help = DIFF_EXAMPLE)]
    Diff(DiffArgs),
    /// Check an audit bundle written by `ropa export --bundle`: names every file that changed.
    Verify(VerifyArgs),
    /// Which subprocessors, data, sites and retention apply to a customer's plan and features.
    ///
    /// Core subprocessors always apply; an optional one applies when the plan includes
    /// its feature and the feature is switched on (`--feature`) or on by default.
    Answer(AnswerArgs),
    /// Write a JSON Schema for every record kind, for editor completion and validation.
    ///
    /// Writes one `<kind>.schema.json` per kind into the output folder. Point your
    /// editor's YAML support at them (see README, "Editor support").
    Schema(SchemaArgs),
    /// Write a commented skeleton record of a kind, with every field explained.
    ///
    /// The file goes where the kind lives (e.g. `registry/subprocessors/<id>.yaml`,
    /// `processes/<id>.md`); an existing file is never overwritten.
    New(NewArgs),
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Human-readable, with source snippets (on stderr).
    Text,
    /// One JSON document (on stdout), for CI and editors.
    Json,
}

/// Arguments of `ropa check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The registry folder (holding `registry/` and `processes/`).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Output format of the diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Judge reviews, expiries and due dates as of this date (YYYY-MM-DD; default: today).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Print the time of each phase (loading, checking) to stderr.
    #[arg(long, short)]
    pub verbose: bool,
    /// Read the registry as it is at a git revision (a commit, tag or branch, e.g.
    /// HEAD~1) instead of the work tree. DIR may be any folder of the repository's
    /// work tree; its templates are read from the revision too.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
}

/// Who a site is for; each sees only records and fields of its visibility or wider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Audience {
    /// The internal wiki: everything.
    Internal,
    /// Customers: `public` and `customer` records and fields.
    Customer,
    /// Anyone: the public trust site, `public` records and fields only.
    Public,
}

impl Audience {
    /// The narrowest visibility this audience may see.
    pub fn visibility(self) -> crate::model::Visibility {
        match self {
            Audience::Internal => crate::model::Visibility::Internal,
            Audience::Customer => crate::model::Visibility::Customer,
            Audience::Public => crate::model::Visibility::Public,
        }
    }
}

/// The example at the end of `ropa diff --help`.
const DIFF_EXAMPLE: &str = "\
Example:
  $ ropa diff . v1.0 --lang en
  Changes in the records from v1.0 (1a2b3c4) to the work tree

  Subprocessors
    ~ Hetzner — Address › City: Gunzenhausen → Nürnberg
    ~ Hetzner — Processing sites: + Helsinki (FI)

  Retention
    ~ CDN logs — Period: 24 hours → 7 days

  $ ropa diff . v1.0 HEAD --audience customer --format markdown   # for a pull request";

/// Arguments of `ropa build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The registry folder (holding `registry/` and `processes/`).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Where to write the site (default: `site/` in the registry folder, `site-public/`
    /// or `site-customer/` for those audiences).
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Who the site is for: `internal` (the wiki), `customer` or `public` (the trust
    /// site). Hidden records and fields never reach the output, nor do links to them.
    #[arg(long, value_enum, default_value_t = Audience::Internal)]
    pub audience: Audience,
    /// The date the dashboard counts due items from (YYYY-MM-DD; default: today).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Print the time of each phase.
    #[arg(long, short)]
    pub verbose: bool,
    /// Replace the output folder even though it is not empty and was not written by
    /// ropa (it has no `.ropa-output`). Never allowed for the registry folder, its
    /// `registry/`, `processes/` or `templates/`, a folder holding it, `/` or home.
    #[arg(long)]
    pub force: bool,
    /// Read the registry as it is at a git revision (a commit, tag or branch, e.g.
    /// HEAD~1) instead of the work tree. DIR may be any folder of the repository's
    /// work tree; its templates are read from the revision too.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
    /// The records as they stood on DATE (YYYY-MM-DD): the last commit on or before
    /// the end of that day (committer time, UTC) on HEAD's first-parent history, read
    /// as with `--rev` and judged as of that date. A shallow clone, a folder outside
    /// git or a day before the first commit is an error (exit 2), never a guess.
    #[arg(long, value_name = "DATE", conflicts_with_all = ["rev", "as_of"])]
    pub at: Option<String>,
}

/// Arguments of `ropa answer`.
#[derive(Debug, clap::Args)]
pub struct AnswerArgs {
    /// The registry folder.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The customer's plan (a plan id, e.g. `business`).
    #[arg(long)]
    pub plan: String,
    /// A feature the customer switched on (repeat for several).
    #[arg(long = "feature", value_name = "FEATURE")]
    pub features: Vec<String>,
    /// `text` for people, `json` for tools.
    #[arg(long, value_enum, default_value_t = AnswerFormat::Text)]
    pub format: AnswerFormat,
    /// Language of the text (default: the registry's default language).
    #[arg(long)]
    pub lang: Option<String>,
    /// Answer as the public sees the registry (`public`), or as customers do.
    #[arg(long, value_enum, default_value_t = Audience::Public)]
    pub audience: Audience,
}

/// Output of `ropa answer`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AnswerFormat {
    /// Readable text.
    Text,
    /// JSON.
    Json,
}

/// Arguments of `ropa report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The registry folder.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Language of the report (default: the registry's default language).
    #[arg(long)]
    pub lang: Option<String>,
    /// The date the report states it is valid for (YYYY-MM-DD; default: today).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Where to write the HTML (default: stdout).
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Who the output is for. `internal` (the default) is for auditors: everything,
    /// including internal notes, TOM evidence and document locations. `customer` leaves
    /// out what is internal (as the customer site does); `public` also leaves out what
    /// is only for customers (as the public trust site does).
    #[arg(long, value_enum, default_value_t = Audience::Internal)]
    pub audience: Audience,
    /// The records as they stood on DATE (YYYY-MM-DD): the last commit on or before
    /// the end of that day (committer time, UTC) on HEAD's first-parent history, read
    /// as with `--rev` and judged as of that date. A shallow clone, a folder outside
    /// git or a day before the first commit is an error (exit 2), never a guess.
    #[arg(long, value_name = "DATE", conflicts_with_all = ["as_of"])]
    pub at: Option<String>,
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Comma-separated values, one file per kind.
    Csv,
    /// One JSON document.
    Json,
    /// One spreadsheet, a sheet per kind.
    Xlsx,
}

/// What an export covers (`--what`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum What {
    /// Processing activities (Art. 30(1) and 30(2) records).
    Activities,
    /// Subprocessors (the AVV/DPA annex list).
    Subprocessors,
    /// The retention schedule.
    Retention,
    /// Technical and organisational measures (Art. 32).
    Toms,
    /// All of the above.
    All,
}

impl What {
    /// The library's value.
    pub fn export(self) -> crate::export::What {
        match self {
            What::Activities => crate::export::What::Activities,
            What::Subprocessors => crate::export::What::Subprocessors,
            What::Retention => crate::export::What::Retention,
            What::Toms => crate::export::What::Toms,
            What::All => crate::export::What::All,
        }
    }
}

/// Arguments of `ropa export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The registry folder.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Output format (not needed with --bundle).
    #[arg(long, value_enum, required_unless_present = "bundle")]
    pub format: Option<ExportFormat>,
    /// Which records.
    #[arg(long, value_enum, default_value = "all")]
    pub what: What,
    /// Language of column names and text (default: the registry's default language).
    #[arg(long)]
    pub lang: Option<String>,
    /// The as-of date (YYYY-MM-DD; default: today).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Output file, or folder for CSV (default: stdout for JSON and a single CSV).
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Write an audit bundle (zip) with reports, exports and a SHA-256 manifest.
    #[arg(long, value_name = "FILE.zip", conflicts_with = "format")]
    pub bundle: Option<PathBuf>,
    /// Who the output is for. `internal` (the default) is for auditors: everything,
    /// including internal notes, TOM evidence and document locations. `customer` leaves
    /// out what is internal (as the customer site does); `public` also leaves out what
    /// is only for customers (as the public trust site does).
    #[arg(long, value_enum, default_value_t = Audience::Internal)]
    pub audience: Audience,
    /// The records as they stood on DATE (YYYY-MM-DD): the last commit on or before
    /// the end of that day (committer time, UTC) on HEAD's first-parent history, read
    /// as with `--rev` and judged as of that date. A shallow clone, a folder outside
    /// git or a day before the first commit is an error (exit 2), never a guess.
    #[arg(long, value_name = "DATE", conflicts_with_all = ["as_of"])]
    pub at: Option<String>,
}

/// Arguments of `ropa verify`.
#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// The bundle to check.
    pub bundle: PathBuf,
}

/// Arguments of `ropa schema`.
#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Folder to write the schemas into (created if missing).
    #[arg(long, short, default_value = "schema")]
    pub out: PathBuf,
}

/// Arguments of `ropa new`.
#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The kind of record: organization, subprocessor, contract, transfer,
    /// data-category, data-subject, activity, system, flow, retention, tom, role,
    /// training, plan, feature, process.
    pub kind: String,
    /// The new record's id (kebab-case, e.g. `hetzner`).
    pub id: String,
    /// The registry folder.
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
}

/// Arguments of `ropa serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The registry folder (holding `registry/` and `processes/`).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The port to listen on (on 127.0.0.1 only); 0 picks a free one and prints it.
    #[arg(long, short, default_value_t = 4000)]
    pub port: u16,
    /// The date the dashboard counts due items from (YYYY-MM-DD; default: today).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Who the site is for: `internal` (the wiki), `customer` or `public` (the trust site).
    #[arg(long, value_enum, default_value_t = Audience::Internal)]
    pub audience: Audience,
    /// Print the time of each phase of every (re)build to stderr.
    #[arg(long, short)]
    pub verbose: bool,
}

/// How `ropa diff` prints the changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Lines for a terminal.
    Text,
    /// Headings per kind and bullet lists, for a pull-request comment.
    Markdown,
    /// One JSON document: `{from, to, audience, lang, changes: [{kind, id, label,
    /// change, fields: [{path, label, old, new | removed, added}]}]}`.
    Json,
}

/// Arguments of `ropa diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The registry folder (holding `registry/` and `processes/`), inside a git work
    /// tree; give it first (`.`) to name revisions after it.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The revision to compare from (a commit, tag or branch; default: the last tag
    /// reachable from HEAD, or HEAD).
    pub from: Option<String>,
    /// The revision to compare to (default: the work tree as it is on disk).
    pub to: Option<String>,
    /// Who the changes are for: only what that audience may see at both ends.
    #[arg(long, value_enum, default_value_t = Audience::Internal)]
    pub audience: Audience,
    /// The language of the words (default: the registry's default language).
    #[arg(long)]
    pub lang: Option<String>,
    /// How to print the changes.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
}
