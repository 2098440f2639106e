//! `ropa export --bundle` and `ropa verify`: the bundle is reproducible to the byte,
//! verifies when intact, and `verify` names every file that was changed, removed or
//! added, and refuses what is not a bundle.

use crate::support;

use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use support::{run, Example, Run, AS_OF};

fn bundle(ex: &Example, path: &Path) -> Run {
    support::run_on(
        "export",
        ex.root(),
        &["--bundle", &path.display().to_string()],
    )
}

fn verify(path: &Path) -> Run {
    run(&["verify".to_string(), path.display().to_string()])
}

/// Every member of a zip, in the zip's order, with its content.
fn members(path: &Path) -> Vec<(String, Vec<u8>)> {
    let file = std::fs::File::open(path).expect("open the zip");
    let mut zip = zip::ZipArchive::new(file).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).expect("a member");
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).expect("read a member");
            (f.name().expect("a UTF-8 name").into_owned(), bytes)
        })
        .collect()
}

/// Writes a zip with these members (as an attacker or a careless editor would).
fn write_zip(path: &Path, files: &[(String, Vec<u8>)]) {
    let file = std::fs::File::create(path).expect("create the zip");
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        zip.start_file(name.as_str(), options)
            .expect("start a member");
        zip.write_all(bytes).expect("write a member");
    }
    zip.finish().expect("finish the zip");
}

/// The paths `ropa verify` names on stdout, by what happened to them.
fn named(r: &Run) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in r.stdout.lines() {
        let mut words = line.split_whitespace();
        let (Some(what), Some(path)) = (words.next(), words.next()) else {
            continue;
        };
        out.entry(what.to_string())
            .or_default()
            .push(path.trim_end_matches(':').to_string());
    }
    out
}

struct Fixture {
    _ex: Example,
    dir: tempfile::TempDir,
    zip: PathBuf,
}

fn fixture() -> Fixture {
    let ex = Example::new();
    let dir = tempfile::tempdir().expect("temp dir");
    let zip = dir.path().join("audit.zip");
    bundle(&ex, &zip).assert_exit(0);
    Fixture { _ex: ex, dir, zip }
}

#[test]
fn bundles_of_the_same_input_are_byte_identical() {
    let ex = Example::new();
    let dir = tempfile::tempdir().expect("temp dir");
    let a = dir.path().join("a.zip");
    let b = dir.path().join("b.zip");
    bundle(&ex, &a).assert_exit(0);
    // A second later, from another copy of the same registry.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let ex2 = Example::new();
    bundle(&ex2, &b).assert_exit(0);
    let (a, b) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert!(
        a == b,
        "the two bundles differ ({} and {} bytes)",
        a.len(),
        b.len()
    );
}

#[test]
fn bundle_holds_reports_exports_and_a_manifest() {
    let f = fixture();
    let files = members(&f.zip);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "csv/activities.csv",
            "csv/retention.csv",
            "csv/subprocessors.csv",
            "csv/toms.csv",
            "export.json",
            "export.schema.json",
            "export.xlsx",
            "report-de.html",
            "report-en.html",
            "manifest.json",
        ]
    );
    let content: BTreeMap<&str, &[u8]> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let manifest: Value = serde_json::from_slice(content["manifest.json"]).expect("JSON");
    assert_eq!(manifest["ropa_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(manifest["as_of"], AS_OF);
    assert!(manifest.get("registry_version").is_some());
    let listed = manifest["files"].as_array().expect("files");
    let paths: Vec<&str> = listed.iter().map(|f| f["path"].as_str().unwrap()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "the manifest is sorted by path");
    assert_eq!(
        paths,
        names[..names.len() - 1],
        "every other member is listed"
    );
    for entry in listed {
        let path = entry["path"].as_str().unwrap();
        let bytes = content[path];
        assert_eq!(entry["bytes"], bytes.len(), "size of {path}");
        assert_eq!(
            entry["sha256"],
            format!("{:x}", Sha256::digest(bytes)),
            "hash of {path}"
        );
    }
    let de = String::from_utf8(content["report-de.html"].to_vec()).expect("UTF-8");
    assert!(de.contains("lang=\"de\""), "the German report");
    assert!(content["csv/subprocessors.csv"].starts_with(b"\xEF\xBB\xBF"));
    assert!(content["export.xlsx"].starts_with(b"PK"));
    // Nothing else is left beside the bundle (the temporary file was renamed).
    let left: Vec<String> = std::fs::read_dir(f.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["audit.zip"]);
}

#[test]
fn an_intact_bundle_verifies() {
    let f = fixture();
    let r = verify(&f.zip);
    r.assert_exit(0);
    assert!(r.stdout.starts_with("OK"), "stdout: {}", r.stdout);
}

/// Verifies a copy of the fixture's bundle whose members `tamper` changed; asserts
/// that `verify` fails (exit 1).
fn verify_tampered(tamper: impl FnOnce(&mut Vec<(String, Vec<u8>)>)) -> Run {
    let f = fixture();
    let mut files = members(&f.zip);
    tamper(&mut files);
    let tampered = f.dir.path().join("tampered.zip");
    write_zip(&tampered, &files);
    let r = verify(&tampered);
    r.assert_exit(1);
    r
}

#[test]
fn one_changed_byte_is_named() {
    let r = verify_tampered(|files| {
        let (_, bytes) = files
            .iter_mut()
            .find(|(n, _)| n == "csv/toms.csv")
            .expect("csv/toms.csv");
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0x01;
    });
    assert_eq!(
        named(&r),
        BTreeMap::from([("changed".to_string(), vec!["csv/toms.csv".to_string()])]),
        "exactly the changed file is named; stdout:\n{}",
        r.stdout
    );
}

#[test]
fn a_file_of_another_size_is_named() {
    let r = verify_tampered(|files| {
        for (name, bytes) in files.iter_mut() {
            if name == "report-en.html" {
                bytes.extend_from_slice(b"<!-- added -->");
            }
        }
    });
    assert_eq!(
        named(&r),
        BTreeMap::from([("changed".to_string(), vec!["report-en.html".to_string()])]),
        "stdout:\n{}",
        r.stdout
    );
}

#[test]
fn missing_and_extra_files_are_named_every_one() {
    let r = verify_tampered(|files| {
        files.retain(|(n, _)| n != "export.json");
        for (name, bytes) in files.iter_mut() {
            if name == "export.xlsx" {
                let last = bytes.len() - 1;
                bytes[last] ^= 0xFF;
            }
        }
        files.push(("notes.txt".to_string(), b"added later".to_vec()));
    });
    assert_eq!(
        named(&r),
        BTreeMap::from([
            ("changed".to_string(), vec!["export.xlsx".to_string()]),
            ("extra".to_string(), vec!["notes.txt".to_string()]),
            ("missing".to_string(), vec!["export.json".to_string()]),
        ]),
        "stdout:\n{}",
        r.stdout
    );
}

#[test]
fn a_byte_flipped_in_the_zip_itself_names_the_member() {
    // Damage the compressed data of one member in place, without rewriting the zip:
    // the member no longer reads back (CRC), which `verify` reports as a change.
    let f = fixture();
    let mut raw = std::fs::read(&f.zip).unwrap();
    let (start, len) = {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&f.zip).unwrap()).unwrap();
        let member = zip.by_name("export.schema.json").unwrap();
        (
            member.data_start().expect("data offset") as usize,
            member.compressed_size() as usize,
        )
    };
    raw[start + len / 2] ^= 0x55;
    let damaged = f.dir.path().join("damaged.zip");
    std::fs::write(&damaged, raw).unwrap();
    let r = verify(&damaged);
    r.assert_exit(1);
    assert_eq!(
        named(&r),
        BTreeMap::from([(
            "changed".to_string(),
            vec!["export.schema.json".to_string()]
        )]),
        "stdout:\n{}\nstderr:\n{}",
        r.stdout,
        r.stderr
    );
}

#[test]
fn what_is_not_a_bundle_exits_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = dir.path().join("notes.zip");
    std::fs::write(&text, "this is not a zip file").unwrap();
    let r = verify(&text);
    r.assert_exit(2);
    assert!(r.stderr.contains("not a readable"), "stderr: {}", r.stderr);

    let no_manifest = dir.path().join("plain.zip");
    write_zip(&no_manifest, &[("a.txt".to_string(), b"a".to_vec())]);
    let r = verify(&no_manifest);
    r.assert_exit(2);
    assert!(r.stderr.contains("manifest.json"), "stderr: {}", r.stderr);

    let bad_manifest = dir.path().join("bad.zip");
    write_zip(
        &bad_manifest,
        &[("manifest.json".to_string(), b"{\"files\": 3}".to_vec())],
    );
    verify(&bad_manifest).assert_exit(2);

    verify(&dir.path().join("absent.zip")).assert_exit(2);
}

#[test]
fn a_bundle_replaces_the_old_one_whole() {
    let f = fixture();
    // An earlier bundle (a zip, if a broken one): replaced. Any other file is refused,
    // see the `output_safety` module.
    std::fs::write(&f.zip, b"PK\x03\x04an older, different file").unwrap();
    bundle(&f._ex, &f.zip).assert_exit(0);
    verify(&f.zip).assert_exit(0);
}

#[test]
fn a_broken_registry_writes_no_bundle() {
    let ex = Example::broken();
    let dir = tempfile::tempdir().expect("temp dir");
    let zip = dir.path().join("audit.zip");
    bundle(&ex, &zip).assert_exit(1);
    assert!(!zip.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no temporary file left"
    );
}
