//! `ropa schema`: a JSON Schema of every record kind, written to a folder.

use super::cli::SchemaArgs;

pub(super) fn run(args: SchemaArgs) -> Result<u8, String> {
    let written = crate::schema::write_all(&args.out).map_err(|e| e.to_string())?;
    for path in written {
        println!("{}", path.display());
    }
    Ok(0)
}
