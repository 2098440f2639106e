//! The `ropa` binary: parse the command line and hand it to the command layer.

use clap::Parser;
use std::process::ExitCode;

/// mimalloc: ropa allocates many small strings and trees on several threads at once,
/// where it is markedly faster than the system allocator (see benches/README.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    ropa::cmd::run(ropa::cmd::cli::Cli::parse())
}
