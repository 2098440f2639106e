//! `ropa new`: a commented skeleton record, written where its kind belongs.

use super::cli::NewArgs;

pub(super) fn run(args: NewArgs) -> Result<u8, String> {
    let path = crate::skeleton::write(&args.dir, &args.kind, &args.id)?;
    println!("wrote {}", path.display());
    Ok(0)
}
