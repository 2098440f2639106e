//! ropa compiles GDPR records kept as YAML and Markdown into a wiki, a trust site,
//! the records of processing (Art. 30) and audit exports.
//!
//! The modules stand in layers, lowest first; a module uses only its own layer and
//! those above it in this list, never one below (`tests/testsuite/layers.rs` fails the
//! test suite on any import against this order). Data flows one way:
//! files → load → registry → check → project → render → files.

// 1. model, source text and diagnostics: plain data, no I/O, no command line.
pub mod diagnostics;
pub mod html;
pub mod i18n;
pub mod markdown;
pub mod model;
pub mod source;
pub mod timing;

// 2. load: discovery, YAML, front matter → the model.
pub mod load;

// 3. the loaded registry: lookups, links, facts, the audience filter.
pub mod audience;
pub mod facts;
pub mod links;
pub mod registry;

// 4. check: every rule over a loaded registry.
pub mod check;

// 5. project: load → check → audience, once, for every command.
pub mod history;
pub mod project;

// 6. render: the view shared by every output, then the outputs.
pub mod answer;
pub mod export;
pub mod outdir;
pub mod revdiff;
pub mod schema;
pub mod site;
pub mod skeleton;
pub mod view;

// 7. pipelines that write or serve what render makes.
pub mod build;
pub mod serve;
pub mod session;

// 8. the command layer: arguments in, text and exit codes out.
pub mod cmd;
