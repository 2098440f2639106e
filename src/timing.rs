//! Phase timings (`--verbose`): how long each step took and the peak memory so far,
//! logged through the `log` crate at debug level; the command layer decides whether
//! they are shown.

use std::time::Instant;

/// Logs how long the phase `what` took since `start`, and the peak memory so far
/// (where the system tells it). Costs nothing when debug logging is off.
pub fn phase(start: Instant, what: &str) {
    if !log::log_enabled!(target: "ropa::phase", log::Level::Debug) {
        return;
    }
    let peak = peak_memory_mib()
        .map(|m| format!("  peak {m:>6} MiB"))
        .unwrap_or_default();
    log::debug!(
        target: "ropa::phase",
        "{what:<28} {:>8.1} ms{peak}",
        start.elapsed().as_secs_f64() * 1000.0
    );
}

/// The process's peak resident memory in MiB (Linux: `VmHWM` in /proc/self/status).
fn peak_memory_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}
