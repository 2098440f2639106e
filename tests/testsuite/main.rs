//! The one integration-test binary of ropa (`cargo test --test testsuite`): a module
//! per feature, each driving the real `ropa` binary (or the library) on copies of the
//! example registry or of `tests/fixtures/`, with the shared helpers in `support/`.
//!
//! One binary instead of a binary per file: the helpers and the dependencies are
//! compiled and linked once, and `cargo test NAME` filters by module path, e.g.
//! `cargo test leak::` or `./test.sh site::`.
//!
//! To add a feature's tests:
//! 1. Write `tests/testsuite/<feature>.rs`, starting with a `//!` line that says what
//!    it tests.
//! 2. Add `mod <feature>;` below (keep the list sorted).
//! 3. In it, `use crate::support::{…};` for the shared helpers (`Example`, `run`,
//!    `Run`, `AS_OF`, `example`, `files`, `ropa`, `html::…`, `webdriver::Browser`, …) rather
//!    than writing them again; what several modules need goes into `support/`.
//! 4. Tests that must not run beside others of their kind (servers measuring latency,
//!    load tests) take `support::serial()` first.
//! 5. Snapshot tests use `insta` (`support::snap` normalises temporary paths); new
//!    snapshots are reviewed with `cargo insta review` or by renaming the `.snap.new`
//!    file, and committed under `tests/testsuite/snapshots/`.

mod browser;
mod bundle;
mod check;
mod export;
mod export_audience;
mod hygiene;
mod input_variants;
mod leak;
mod mutation;
mod new_skeleton;
mod output_safety;
mod report;
mod robustness;
mod schema;
mod serve;
mod serve_safety;
mod site;
mod snapshot;
mod support;
mod trust;
