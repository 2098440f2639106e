//! `ropa serve`: the wiki on 127.0.0.1 while its author edits.

use super::cli::ServeArgs;
use crate::serve::{serve, ServeOptions};
use crate::site::BuildOptions;

pub(super) fn run(args: ServeArgs) -> Result<u8, String> {
    super::init_logging(args.verbose);
    let build = BuildOptions {
        as_of: super::as_of(args.as_of.as_deref())?,
        audience: args.audience.visibility(),
    };
    let shown = args.dir.display().to_string();
    serve(ServeOptions {
        dir: args.dir,
        port: args.port,
        build,
        on_ready: Box::new(move |address| {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            // Tests (and scripts) read the port from this line, so it must not sit in
            // a buffer.
            let _ = writeln!(out, "Serving {shown} on {address} (Ctrl-C to stop)");
            let _ = out.flush();
        }),
    })?;
    Ok(0)
}
