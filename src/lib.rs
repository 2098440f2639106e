//! ropa compiles GDPR records kept as YAML and Markdown into a wiki, a trust site,
//! the records of processing (Art. 30) and audit exports.

pub mod answer;
pub mod audience;
pub mod build;
pub mod check;
pub mod cli;
pub mod diagnostics;
pub mod export;
pub mod facts;
pub mod html;
pub mod i18n;
pub mod links;
pub mod load;
pub mod markdown;
pub mod model;
pub mod outdir;
pub mod registry;
pub mod schema;
pub mod serve;
pub mod session;
pub mod site;
pub mod skeleton;
pub mod source;
