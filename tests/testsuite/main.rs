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
//!    `run_on`, `Run`, `AS_OF`, `example`, `files`, `build`, `ropa`, `html::…`,
//!    `webdriver::Browser`, …) rather than writing them again; what several modules
//!    need goes into `support/`.
//! 4. Tests that must not run beside others of their kind (servers measuring latency,
//!    load tests) take `support::serial()` first.
//! 5. Snapshot tests use `insta` (see the `snapshot` module, which replaces
//!    temporary paths by `[ROOT]` and runs everything as of `AS_OF`). `./test.sh` and
//!    CI only compare (`INSTA_UPDATE=no`: a changed or missing snapshot fails); write
//!    new ones with `INSTA_UPDATE=always cargo test --test testsuite snapshot::`,
//!    review the diff and commit `tests/testsuite/snapshots/`.
//!
//! Tests from another branch written as `tests/<feature>.rs` fold in by moving the
//! file here, adding `mod <feature>;`, replacing `mod common;` by
//! `use crate::support;` (and `common::` by `support::`), and dropping local copies
//! of helpers that `support` has (`copy_dir`, `ropa`, `text`, `files`, `example`).

mod at;
mod browser;
mod bundle;
mod check;
mod diff;
mod export;
mod export_audience;
mod hygiene;
mod input_variants;
mod layers;
mod leak;
mod mutation;
mod new_skeleton;
mod output_safety;
mod report;
mod revision;
mod robustness;
mod schema;
mod serve;
mod serve_safety;
mod site;
mod snapshot;
mod support;
mod template_override;
mod translations;
mod trust;
mod yaml_readers;
