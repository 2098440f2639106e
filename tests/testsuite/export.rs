//! `ropa export`: CSV, JSON and XLSX read back by other readers (the csv crate,
//! serde_json with a JSON Schema validator, Python's openpyxl) and compared with the
//! records as ropa loads them from the YAML.

use crate::support;

use ropa::model::Kind;
use ropa::registry::{HasId, Registry};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use support::{run, schema_errors, Example, Run, AS_OF};

const BOM: &[u8] = b"\xEF\xBB\xBF";

fn export(ex: &Example, extra: &[&str]) -> Run {
    let mut args = vec![
        "export".to_string(),
        ex.root().display().to_string(),
        "--as-of".to_string(),
        AS_OF.to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    run(&args)
}

fn registry(ex: &Example) -> Registry {
    let (reg, diags) = ropa::registry::load(ex.root()).expect("the example loads");
    assert_eq!(diags.error_count(), 0, "the example registry loads cleanly");
    reg
}

/// Sorted ids of a kind, as the registry holds them.
fn ids(reg: &Registry, kind: Kind) -> Vec<String> {
    let mut v: Vec<String> = reg
        .ids(kind)
        .into_iter()
        .map(|(id, _)| id.to_string())
        .collect();
    v.sort();
    v
}

/// A CSV file: its header row and its rows as header → value maps.
struct Csv {
    headers: Vec<String>,
    rows: Vec<BTreeMap<String, String>>,
}

impl Csv {
    fn column(&self, name: &str) -> Vec<String> {
        assert!(
            self.headers.iter().any(|h| h == name),
            "no column `{name}` in {:?}",
            self.headers
        );
        self.rows.iter().map(|r| r[name].clone()).collect()
    }

    /// The row whose `ID` is `id`.
    fn row(&self, id: &str) -> &BTreeMap<String, String> {
        self.rows
            .iter()
            .find(|r| r["ID"] == id)
            .unwrap_or_else(|| panic!("no row with ID `{id}`"))
    }
}

/// Parses CSV bytes: asserts the BOM, CRLF line ends, and a header row.
fn parse_csv(bytes: &[u8]) -> Csv {
    assert!(
        bytes.starts_with(BOM),
        "the CSV does not start with the UTF-8 byte-order mark: {:?}",
        &bytes[..bytes.len().min(8)]
    );
    let body = &bytes[BOM.len()..];
    assert!(
        std::str::from_utf8(body).is_ok(),
        "the CSV is not valid UTF-8"
    );
    let lone_lf = body
        .iter()
        .enumerate()
        .filter(|(i, b)| **b == b'\n' && (*i == 0 || body[i - 1] != b'\r'))
        .count();
    assert_eq!(lone_lf, 0, "every line of the CSV ends with CRLF");
    assert!(body.ends_with(b"\r\n"), "the last line ends with CRLF");
    let mut reader = csv::ReaderBuilder::new().from_reader(body);
    let headers: Vec<String> = reader
        .headers()
        .expect("a header row")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(headers[0], "ID", "the first column is the record id");
    let rows = reader
        .records()
        .map(|r| {
            let r = r.expect("a well-formed CSV record");
            assert_eq!(r.len(), headers.len(), "every row has every column");
            headers
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_string))
                .collect()
        })
        .collect();
    Csv { headers, rows }
}

#[test]
fn csv_all_round_trips_in_german() {
    let ex = Example::new();
    let out = tempfile::tempdir().expect("temp dir");
    let dir = out.path().join("csv");
    let r = export(
        &ex,
        &[
            "--format",
            "csv",
            "--what",
            "all",
            "--out",
            &dir.display().to_string(),
        ],
    );
    r.assert_exit(0);
    let mut written: Vec<String> = std::fs::read_dir(&dir)
        .expect("the CSV folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(
        written,
        [
            "activities.csv",
            "retention.csv",
            "subprocessors.csv",
            "toms.csv"
        ]
    );
    let reg = registry(&ex);
    let read = |name: &str| parse_csv(&std::fs::read(dir.join(name)).expect("read CSV"));

    // Subprocessors: ids, legal names and cities, in id order; umlauts intact.
    let subs = read("subprocessors.csv");
    assert_eq!(subs.column("ID"), ids(&reg, Kind::Subprocessor));
    for s in &reg.subprocessors {
        let row = subs.row(&s.data.id.value);
        assert_eq!(
            row["Firma"], s.data.legal_name,
            "legal name of {}",
            s.data.id.value
        );
        assert_eq!(
            row["Ort"], s.data.address.city,
            "city of {}",
            s.data.id.value
        );
        assert_eq!(row["PLZ"], s.data.address.postal_code);
    }
    assert_eq!(subs.row("deepl")["Ort"], "Köln", "umlauts survive");
    assert_eq!(subs.row("deepl")["Land"], "Deutschland");
    assert_eq!(subs.row("hetzner")["Seit"], "2016-03-01");

    // Retention: ids and periods (ISO 8601, and in words).
    let ret = read("retention.csv");
    assert_eq!(ret.column("ID"), ids(&reg, Kind::Retention));
    for rule in &reg.retention {
        let row = ret.row(&rule.data.id.value);
        let period = rule
            .data
            .period
            .as_ref()
            .map(|p| p.value.to_string())
            .unwrap_or_default();
        assert_eq!(
            row["Löschfrist (ISO 8601)"], period,
            "period of {}",
            rule.data.id.value
        );
        assert_eq!(row["Bezeichnung"], rule.data.name.get("de", "de"));
    }
    assert_eq!(ret.row("cdn-logs")["Löschfrist"], "24 Stunden");
    assert_eq!(ret.row("accounting-records")["Löschfrist"], "10 Jahre");

    // Activities: the DSK columns, one row per activity.
    let act = read("activities.csv");
    for h in [
        "Bezeichnung der Verarbeitungstätigkeit",
        "Zwecke der Verarbeitung",
        "Rechtsgrundlage",
        "Kategorien betroffener Personen",
        "Kategorien personenbezogener Daten",
        "Kategorien von Empfängern",
        "Drittlandtransfer",
        "Garantien",
        "Löschfristen",
        "TOM",
        "Verantwortlich",
        "Letzte Überprüfung",
    ] {
        assert!(act.headers.iter().any(|x| x == h), "no column `{h}`");
    }
    assert_eq!(act.column("ID"), ids(&reg, Kind::Activity));
    let billing = act.row("billing");
    assert_eq!(
        billing["Bezeichnung der Verarbeitungstätigkeit"],
        "Rechnungsstellung und Buchhaltung"
    );
    assert!(billing["Rechtsgrundlage"].contains("Art. 6(1)(b)"));
    assert!(
        billing["Zwecke der Verarbeitung"].contains("; "),
        "lists are joined with `; `: {}",
        billing["Zwecke der Verarbeitung"]
    );
    assert_eq!(billing["Letzte Überprüfung"], "2026-02-03");
    let chat = act.row("chat-service");
    assert!(
        chat["Drittlandtransfer"].contains("USA")
            || chat["Drittlandtransfer"].contains("Vereinigte Staaten"),
        "third countries are named: {}",
        chat["Drittlandtransfer"]
    );

    // TOMs: ids.
    let toms = read("toms.csv");
    assert_eq!(toms.column("ID"), ids(&reg, Kind::Tom));
}

#[test]
fn csv_of_one_kind_goes_to_stdout_in_english() {
    let ex = Example::new();
    let r = export(
        &ex,
        &["--format", "csv", "--what", "subprocessors", "--lang", "en"],
    );
    r.assert_exit(0);
    // `Run` reads stdout lossily as text; the BOM is U+FEFF at its start.
    let subs = parse_csv(r.stdout.as_bytes());
    assert_eq!(
        &subs.headers[..7],
        [
            "ID",
            "Name",
            "Legal name",
            "Street",
            "Postcode",
            "City",
            "Country"
        ]
    );
    assert!(subs
        .headers
        .iter()
        .any(|h| h == "Link to contract with processor"));
    let reg = registry(&ex);
    assert_eq!(subs.column("ID"), ids(&reg, Kind::Subprocessor));
    assert_eq!(subs.row("deepl")["City"], "Köln");
    assert_eq!(subs.row("deepl")["Country"], "Germany");
}

#[test]
fn csv_of_one_kind_to_a_file() {
    let ex = Example::new();
    let out = tempfile::tempdir().expect("temp dir");
    let file = out.path().join("löschfristen.csv");
    let r = export(
        &ex,
        &[
            "--format",
            "csv",
            "--what",
            "retention",
            "--out",
            &file.display().to_string(),
        ],
    );
    r.assert_exit(0);
    let ret = parse_csv(&std::fs::read(&file).expect("the CSV"));
    assert_eq!(ret.column("ID"), ids(&registry(&ex), Kind::Retention));
}

#[test]
fn csv_of_every_kind_needs_a_folder() {
    let ex = Example::new();
    let r = export(&ex, &["--format", "csv"]);
    r.assert_exit(2);
    assert!(r.stderr.contains("--out DIR"), "stderr: {}", r.stderr);
    assert!(r.stdout.is_empty(), "nothing on stdout: {}", r.stdout);
}

#[test]
fn language_must_be_a_registry_language() {
    let ex = Example::new();
    let r = export(&ex, &["--format", "json", "--lang", "fr"]);
    r.assert_exit(2);
    assert!(r.stderr.contains("de, en"), "stderr: {}", r.stderr);
    assert!(r.stdout.is_empty());
}

#[test]
fn a_broken_registry_exports_nothing() {
    let ex = Example::broken();
    let out = tempfile::tempdir().expect("temp dir");
    let file = out.path().join("export.json");
    let r = export(
        &ex,
        &["--format", "json", "--out", &file.display().to_string()],
    );
    r.assert_exit(1);
    assert!(
        r.stderr.contains("legal_name"),
        "diagnostics on stderr: {}",
        r.stderr
    );
    assert!(!file.exists(), "nothing is written");
}

/// The schemas `ropa schema` writes, by file name.
fn schemas(dir: &Path) -> BTreeMap<String, Value> {
    run(&[
        "schema".to_string(),
        "--out".to_string(),
        dir.display().to_string(),
    ])
    .assert_exit(0);
    std::fs::read_dir(dir)
        .expect("schema folder")
        .map(|e| {
            let path = e.expect("entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let v = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            (name, v)
        })
        .collect()
}

/// The records of a kind as ropa serialises them, sorted by id.
fn serialised<T: HasId + serde::Serialize>(records: &[ropa::model::Record<T>]) -> Value {
    let mut v: Vec<&T> = records.iter().map(|r| &r.data).collect();
    v.sort_by(|a, b| a.id().value.cmp(&b.id().value));
    serde_json::to_value(v).expect("records serialise")
}

#[test]
fn json_round_trips_and_matches_its_schema() {
    let ex = Example::new();
    let out = tempfile::tempdir().expect("temp dir");
    let file = out.path().join("export.json");
    let r = export(
        &ex,
        &["--format", "json", "--out", &file.display().to_string()],
    );
    r.assert_exit(0);
    let text = std::fs::read_to_string(&file).expect("the JSON");
    let doc: Value = serde_json::from_str(&text).expect("valid JSON");
    let keys: Vec<&str> = doc
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "ropa_export",
            "as_of",
            "registry_version",
            "audience",
            "organization",
            "activities",
            "subprocessors",
            "retention",
            "toms"
        ],
        "stable key order"
    );
    assert_eq!(doc["ropa_export"], 1);
    assert_eq!(doc["as_of"], AS_OF);
    let reg = registry(&ex);
    assert_eq!(
        doc["organization"],
        serde_json::to_value(&reg.organization.as_ref().unwrap().data).unwrap()
    );
    assert_eq!(doc["activities"], serialised(&reg.activities));
    assert_eq!(doc["subprocessors"], serialised(&reg.subprocessors));
    assert_eq!(doc["retention"], serialised(&reg.retention));
    assert_eq!(doc["toms"], serialised(&reg.toms));
    // Text stays per language, dates and durations as written.
    let hetzner = doc["subprocessors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "hetzner")
        .expect("hetzner");
    assert!(hetzner["service"]["de"]
        .as_str()
        .unwrap()
        .contains("Rechenzentrum"));
    assert_eq!(hetzner["since"], "2016-03-01");
    assert_eq!(hetzner["address"]["city"], "Gunzenhausen");
    let cdn = doc["retention"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "cdn-logs")
        .expect("cdn-logs");
    assert_eq!(cdn["period"], "PT24H");

    // Two runs give the same text.
    let again = export(&ex, &["--format", "json"]);
    again.assert_exit(0);
    assert_eq!(again.stdout, text, "the export is stable");

    let dir = tempfile::tempdir().expect("temp dir");
    let all = schemas(dir.path());
    let schema = all
        .get("export.schema.json")
        .expect("`ropa schema` writes export.schema.json");
    assert!(jsonschema::meta::is_valid(schema), "a valid JSON Schema");
    assert_eq!(schema_errors(schema, &doc), Vec::<String>::new());

    // The schema is not a formality: a broken document fails it.
    let mut broken = doc.clone();
    broken["subprocessors"][0]
        .as_object_mut()
        .unwrap()
        .remove("legal_name");
    assert!(
        !schema_errors(schema, &broken).is_empty(),
        "missing legal_name is caught"
    );
    let mut broken = doc.clone();
    broken["ropa_export"] = 2.into();
    assert!(
        !schema_errors(schema, &broken).is_empty(),
        "a wrong format version is caught"
    );
    let mut broken = doc;
    broken["retention"][0]["period"] = "24 hours".into();
    assert!(
        !schema_errors(schema, &broken).is_empty(),
        "a bad duration is caught"
    );
}

#[test]
fn json_of_one_kind_has_only_that_kind() {
    let ex = Example::new();
    let r = export(&ex, &["--format", "json", "--what", "toms"]);
    r.assert_exit(0);
    let doc: Value = serde_json::from_str(&r.stdout).expect("JSON on stdout");
    let keys: Vec<&str> = doc
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "ropa_export",
            "as_of",
            "registry_version",
            "audience",
            "organization",
            "toms"
        ]
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let all = schemas(dir.path());
    assert_eq!(
        schema_errors(&all["export.schema.json"], &doc),
        Vec::<String>::new()
    );
}

/// Makes sure `python3` can import openpyxl, installing it with pip when missing.
fn ensure_openpyxl() {
    let has = |py: &str| {
        Command::new("python3")
            .args(["-c", py])
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    };
    assert!(
        has("import sys"),
        "the XLSX test reads the file with Python's openpyxl; python3 is not available"
    );
    if !has("import openpyxl") {
        let status = Command::new("python3")
            .args(["-m", "pip", "install", "--quiet", "openpyxl"])
            .status()
            .expect("run pip");
        assert!(status.success(), "`pip install openpyxl` failed");
        assert!(has("import openpyxl"), "openpyxl still cannot be imported");
    }
}

/// Reads an XLSX with openpyxl: per sheet its name, header row, frozen panes,
/// autofilter range, row count and a few cell facts.
const READ_XLSX: &str = r#"
import json, sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {"sheets": [], "created": wb.properties.created.isoformat() if wb.properties.created else None}
for ws in wb.worksheets:
    rows = list(ws.iter_rows(values_only=True))
    dates = [c.coordinate for row in ws.iter_rows(min_row=2) for c in row
             if isinstance(c.value, datetime.datetime)]
    date_formats = sorted({c.number_format for row in ws.iter_rows(min_row=2) for c in row
             if isinstance(c.value, datetime.datetime)})
    widths = [ws.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width
              for i in range(ws.max_column)]
    out["sheets"].append({
        "name": ws.title,
        "header": list(rows[0]) if rows else [],
        "header_bold": all(c.font.b for c in ws[1]),
        "freeze": ws.freeze_panes,
        "autofilter": ws.auto_filter.ref,
        "rows": ws.max_row,
        "ids": [r[0] for r in rows[1:]],
        "dates": len(dates),
        "date_formats": date_formats,
        "widths": widths,
        "wrap": ws.cell(row=2, column=2).alignment.wrap_text if ws.max_row > 1 else None,
        "first_date": next((str(c.value.date()) for row in ws.iter_rows(min_row=2) for c in row
                            if isinstance(c.value, datetime.datetime)), None),
    })
print(json.dumps(out))
"#;

fn read_xlsx(path: &Path) -> Value {
    ensure_openpyxl();
    let out = support::output_ok(
        Command::new("python3").args(["-c", READ_XLSX]).arg(path),
        "openpyxl (python3) reading the file",
    );
    serde_json::from_slice(&out.stdout).expect("JSON from the Python script")
}

fn column_letter(n: usize) -> String {
    let mut n = n;
    let mut s = String::new();
    loop {
        s.insert(0, (b'A' + (n % 26) as u8) as char);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    s
}

#[test]
fn xlsx_opens_in_openpyxl_with_frozen_filtered_headers() {
    let ex = Example::new();
    let out = tempfile::tempdir().expect("temp dir");
    let a = out.path().join("a.xlsx");
    let b = out.path().join("b.xlsx");
    for f in [&a, &b] {
        export(
            &ex,
            &["--format", "xlsx", "--out", &f.display().to_string()],
        )
        .assert_exit(0);
    }
    assert_eq!(
        std::fs::read(&a).unwrap(),
        std::fs::read(&b).unwrap(),
        "two runs give identical bytes"
    );
    let reg = registry(&ex);
    let book = read_xlsx(&a);
    assert_eq!(book["created"], format!("{AS_OF}T00:00:00"));
    let sheets = book["sheets"].as_array().expect("sheets");
    let names: Vec<&str> = sheets.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "Verarbeitungstätigkeiten",
            "Unterauftragsverarbeiter",
            "Löschfristen",
            "TOM"
        ]
    );
    let csv_dir = out.path().join("csv");
    export(
        &ex,
        &["--format", "csv", "--out", &csv_dir.display().to_string()],
    )
    .assert_exit(0);
    for (sheet, (kind, file)) in sheets.iter().zip([
        (Kind::Activity, "activities.csv"),
        (Kind::Subprocessor, "subprocessors.csv"),
        (Kind::Retention, "retention.csv"),
        (Kind::Tom, "toms.csv"),
    ]) {
        let name = sheet["name"].as_str().unwrap();
        let csv = parse_csv(&std::fs::read(csv_dir.join(file)).unwrap());
        let header: Vec<&str> = sheet["header"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h.as_str().unwrap())
            .collect();
        assert_eq!(header, csv.headers, "{name}: the same columns as the CSV");
        assert_eq!(sheet["header_bold"], true, "{name}: bold header");
        assert_eq!(sheet["freeze"], "A2", "{name}: header row frozen");
        let ids = ids(&reg, kind);
        assert_eq!(sheet["rows"], ids.len() + 1, "{name}: a row per record");
        let sheet_ids: Vec<&str> = sheet["ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(sheet_ids, ids, "{name}: sorted by id");
        assert_eq!(
            sheet["autofilter"],
            format!("A1:{}{}", column_letter(header.len() - 1), ids.len() + 1),
            "{name}: autofilter over the whole table"
        );
        assert_eq!(sheet["wrap"], true, "{name}: text wraps");
        for w in sheet["widths"].as_array().unwrap() {
            let w = w.as_f64().expect("every column has a width");
            assert!((8.0..=63.0).contains(&w), "{name}: column width {w}");
        }
    }
    // Dates are real dates with a date format.
    let activities = &sheets[0];
    assert!(
        activities["dates"].as_u64().unwrap() > 0,
        "review dates are dates"
    );
    assert_eq!(
        activities["date_formats"],
        serde_json::json!(["yyyy-mm-dd"])
    );
    assert_eq!(
        activities["first_date"], "2026-02-03",
        "billing's last review"
    );
}

#[test]
fn xlsx_in_english() {
    let ex = Example::new();
    let out = tempfile::tempdir().expect("temp dir");
    let file = out.path().join("ropa.xlsx");
    export(
        &ex,
        &[
            "--format",
            "xlsx",
            "--what",
            "subprocessors",
            "--lang",
            "en",
            "--out",
            &file.display().to_string(),
        ],
    )
    .assert_exit(0);
    let book = read_xlsx(&file);
    let sheets = book["sheets"].as_array().unwrap();
    assert_eq!(sheets.len(), 1);
    assert_eq!(sheets[0]["name"], "Subprocessors");
    assert_eq!(sheets[0]["header"][2], "Legal name");
}

#[test]
fn column_letters() {
    assert_eq!(column_letter(0), "A");
    assert_eq!(column_letter(18), "S");
    assert_eq!(column_letter(26), "AA");
}
