//! `ropa verify`: an audit bundle against its manifest, every changed file named.

use super::cli::VerifyArgs;
use crate::export::bundle::{verify_bytes, Problem};
use crate::model::Visibility;

/// 0 when every file matches the manifest, 1 when any file changed, is missing or is
/// extra (each is named), `Err` (exit 2) when the file is not a readable bundle.
pub(super) fn run(args: VerifyArgs) -> Result<u8, String> {
    let path = &args.bundle;
    let bytes =
        std::fs::read(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    let v = verify_bytes(&bytes)
        .map_err(|e| format!("`{}` is not a readable ropa bundle: {e}", path.display()))?;
    let version = v.manifest.registry_version.as_deref().unwrap_or("unknown");
    if v.problems.is_empty() {
        println!(
            "OK {}: {} files match the manifest (as of {}, registry version {version}, audience {}, ropa {})",
            path.display(),
            v.manifest.files.len(),
            v.manifest.as_of,
            v.manifest.audience.unwrap_or(Visibility::Internal).as_str(),
            v.manifest.ropa_version
        );
        return Ok(0);
    }
    for p in &v.problems {
        println!("{p}");
    }
    let count = |f: fn(&Problem) -> bool| v.problems.iter().filter(|p| f(p)).count();
    eprintln!(
        "ropa verify: {} does not match its manifest (as of {}): {} changed, {} missing, {} extra",
        path.display(),
        v.manifest.as_of,
        count(|p| matches!(p, Problem::Changed { .. })),
        count(|p| matches!(p, Problem::Missing(_))),
        count(|p| matches!(p, Problem::Extra(_))),
    );
    Ok(1)
}
