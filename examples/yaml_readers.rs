//! Times ropa's two YAML readers on every YAML file (and Markdown front matter) of a
//! folder, on one thread: the fast reader where it takes the file and the full
//! parser where not (what `ropa check` does), against the full parser on every file.
//!
//! ```sh
//! cargo run --release --example yaml_readers -- /tmp/reg100 [RUNS]
//! ```
//!
//! benches/README.md ("One YAML path: the measurement") has the figures.

use ropa::load::{front_matter, yaml};
use ropa::source::SourceFile;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("usage: yaml_readers DIR [RUNS]"));
    let runs: usize = args
        .next()
        .map_or(5, |r| r.parse().expect("RUNS is a number"));
    let files: Vec<SourceFile> = walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let path = e.into_path();
            let ext = path.extension()?.to_str()?.to_string();
            let text = std::fs::read_to_string(&path).ok()?;
            let file = SourceFile::new(path, text);
            match ext.as_str() {
                "yaml" | "yml" => Some(file),
                "md" => front_matter::split(&file).map(|fm| fm.yaml),
                _ => None,
            }
        })
        .collect();
    let bytes: usize = files.iter().map(|f| f.text.len()).sum();
    let fast = files
        .iter()
        .filter(|f| yaml::parse_fast(&f.text).is_some())
        .count();
    println!(
        "{} YAML texts, {:.1} MB; the fast reader takes {fast}",
        files.len(),
        bytes as f64 / 1e6
    );
    let time = |name: &str, read: &dyn Fn(&SourceFile) -> bool| {
        let mut best = Duration::MAX;
        for _ in 0..runs {
            let start = Instant::now();
            let ok = files.iter().filter(|f| read(f)).count();
            best = best.min(start.elapsed());
            assert_eq!(ok, files.len(), "{name}: some files do not parse");
        }
        println!(
            "{name:<34} {:>8.1} ms (best of {runs})",
            best.as_secs_f64() * 1e3
        );
    };
    time("fast reader, else full (ropa)", &|f| yaml::parse(f).is_ok());
    time("full parser only", &|f| yaml::parse_full(f).is_ok());
}
