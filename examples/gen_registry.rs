//! Writes a valid synthetic registry of a given size, for benchmarks.
//!
//! ```sh
//! cargo run --release --example gen_registry -- --scale 10 --out /tmp/ropa-bench/s10
//! ```
//!
//! Scale 1 is the base: 20 subprocessors, 50 activities, 100 processes (each in German
//! and English), 30 retention rules, 15 systems, 30 flows. Those kinds grow linearly
//! with the scale (scale 100: 2,000 subprocessors, 5,000 activities, 10,000 processes).
//! The taxonomies a company does not multiply with its size — data categories, data
//! subjects, roles, TOMs, trainings, features, answers — grow with the square root of
//! the scale, so the roles × data categories matrix stays a realistic size.
//! `--processes N` sets the number of processes apart from the scale (each still in
//! both languages), e.g. `--scale 100 --processes 5000` for 10,000 process pages.
//!
//! The output is deterministic for given `--scale`, `--processes` and `--seed` (a small xorshift
//! generator, no dependencies) and passes `ropa check --as-of 2026-11-29` with no errors
//! and no warnings (its tests, run by `cargo test`, check that and the counts it prints).
//! It is an example, not a command of `ropa`, so it is never installed.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------------------------------
// Random numbers

/// xorshift64* — small, fast, good enough for test data.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        // splitmix64 of the seed, so that small seeds still give well-mixed states.
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        ((self.next() >> 11) % n as u64) as usize
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    /// Between `lo` and `hi` distinct indices of `0..n`, sorted.
    fn sample_range(&mut self, n: usize, lo: usize, hi: usize) -> Vec<usize> {
        let k = self.range(lo, hi);
        self.sample(n, k)
    }
    /// `k` distinct indices of `0..n`, sorted (k is capped at n).
    fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let k = k.min(n);
        let mut out: Vec<usize> = Vec::with_capacity(k);
        while out.len() < k {
            let i = self.below(n);
            if !out.contains(&i) {
                out.push(i);
            }
        }
        out.sort_unstable();
        out
    }
}

// ---------------------------------------------------------------------------------------
// Words

/// (German, English) pairs.
type Pair = (&'static str, &'static str);

const ACTORS: &[Pair] = &[
    ("Das Privacy-Team", "The privacy team"),
    ("Der Support", "Support"),
    ("Die Fachabteilung", "The business unit"),
    ("Das Engineering", "Engineering"),
    ("Die Buchhaltung", "Accounting"),
    ("Der Vertrieb", "Sales"),
    ("Die Personalabteilung", "HR"),
    ("Die Datenschutzbeauftragte", "The DPO"),
    ("Die Teamleitung", "The team lead"),
    ("Der IT-Betrieb", "IT operations"),
];
const ACTIONS: &[Pair] = &[
    (
        "prüft die Anfrage auf Vollständigkeit",
        "checks the request for completeness",
    ),
    (
        "dokumentiert die Entscheidung im Ticket",
        "records the decision in the ticket",
    ),
    (
        "informiert die betroffene Person schriftlich",
        "informs the data subject in writing",
    ),
    (
        "stimmt sich mit dem Dienstleister ab",
        "coordinates with the service provider",
    ),
    (
        "löscht die nicht mehr benötigten Daten",
        "deletes the data no longer needed",
    ),
    (
        "legt einen Vorgang im Ticketsystem an",
        "opens a case in the ticket system",
    ),
    (
        "bewertet das Risiko für die betroffenen Personen",
        "assesses the risk to the data subjects",
    ),
    (
        "holt die Freigabe der Geschäftsführung ein",
        "obtains management's approval",
    ),
    (
        "aktualisiert das Verzeichnis der Verarbeitungstätigkeiten",
        "updates the records of processing",
    ),
    (
        "prüft die Berechtigungen im System",
        "reviews the permissions in the system",
    ),
    (
        "sichert die Nachweise im Dokumentenmanagement",
        "files the evidence in the document store",
    ),
    (
        "meldet Abweichungen an die Datenschutzbeauftragte",
        "reports deviations to the DPO",
    ),
];
const TIMES: &[Pair] = &[
    ("binnen zwei Werktagen", "within two working days"),
    ("am selben Tag", "on the same day"),
    ("vor Ablauf der Frist", "before the deadline"),
    ("spätestens nach einer Woche", "within a week at the latest"),
    ("unverzüglich", "without undue delay"),
    ("einmal im Quartal", "once a quarter"),
    ("bei jeder Änderung", "at every change"),
    ("nach Abschluss des Vorgangs", "once the case is closed"),
];
const DOMAINS: &[Pair] = &[
    ("Vertrieb", "sales"),
    ("Personal", "HR"),
    ("Kundenservice", "customer service"),
    ("Marketing", "marketing"),
    ("Logistik", "logistics"),
    ("Einkauf", "purchasing"),
    ("Finanzen", "finance"),
    ("Produktion", "production"),
    ("Forschung", "research"),
    ("IT-Sicherheit", "IT security"),
    ("Recht", "legal"),
    ("Filialen", "branches"),
];
const PROCESS_TOPICS: &[Pair] = &[
    ("Auskunftsersuchen", "Access requests"),
    ("Löschkonzept", "Deletion concept"),
    ("Meldung von Datenpannen", "Breach notification"),
    ("Dienstleisterprüfung", "Vendor assessment"),
    ("Berechtigungsvergabe", "Granting permissions"),
    ("Einwilligungsverwaltung", "Consent management"),
    ("Aufbewahrung von Belegen", "Keeping records"),
    ("Onboarding neuer Beschäftigter", "Onboarding new staff"),
    ("Offboarding", "Offboarding"),
    ("Videoüberwachung", "Video surveillance"),
    ("Bewerberdaten", "Applicant data"),
    ("Newsletter-Versand", "Sending newsletters"),
];
const CATEGORY_BASES: &[Pair] = &[
    ("Kontaktdaten", "Contact data"),
    ("Vertragsdaten", "Contract data"),
    ("Zahlungsdaten", "Payment data"),
    ("Nutzungsdaten", "Usage data"),
    ("Kommunikationsinhalte", "Communication content"),
    ("Standortdaten", "Location data"),
    ("Geräte-Kennungen", "Device identifiers"),
    ("Protokolldaten", "Log data"),
    ("Bewerbungsunterlagen", "Application documents"),
    ("Beschäftigtendaten", "Employee data"),
    ("Bankverbindung", "Bank details"),
    ("Bestellhistorie", "Order history"),
    ("Bilddaten", "Image data"),
    ("Support-Anfragen", "Support requests"),
    ("Zugangsdaten", "Login data"),
    ("Steuerdaten", "Tax data"),
];
const ART9_BASES: &[Pair] = &[
    ("Gesundheitsdaten", "Health data"),
    ("Gewerkschaftszugehörigkeit", "Trade union membership"),
    ("Biometrische Daten", "Biometric data"),
];
const SUBJECTS: &[Pair] = &[
    ("Kunden", "Customers"),
    ("Interessenten", "Prospects"),
    ("Beschäftigte", "Employees"),
    ("Bewerber", "Applicants"),
    ("Lieferanten", "Suppliers"),
    ("Website-Besucher", "Website visitors"),
    ("Endnutzer", "End users"),
    ("Geschäftspartner", "Business partners"),
];
const SYSTEM_BASES: &[Pair] = &[
    ("CRM", "CRM"),
    ("Ticketsystem", "Ticket system"),
    ("Data Warehouse", "Data warehouse"),
    ("ERP", "ERP"),
    ("Personalverwaltung", "HR system"),
    ("Webshop", "Web shop"),
    ("Mailserver", "Mail server"),
    ("Dateiablage", "File store"),
    ("Backup-Speicher", "Backup storage"),
    ("Analyseplattform", "Analytics platform"),
    ("Zahlungsgateway", "Payment gateway"),
    ("Intranet", "Intranet"),
];
const TOM_BASES: &[(&str, &str, &str, &str)] = &[
    (
        "Transportverschlüsselung",
        "Encryption in transit",
        "technical",
        "transfer",
    ),
    (
        "Verschlüsselung gespeicherter Daten",
        "Encryption at rest",
        "technical",
        "data-access",
    ),
    (
        "Zutrittskontrolle",
        "Physical access control",
        "technical",
        "physical-access",
    ),
    (
        "Zwei-Faktor-Anmeldung",
        "Two-factor login",
        "technical",
        "system-access",
    ),
    (
        "Rollenkonzept",
        "Role concept",
        "organisational",
        "data-access",
    ),
    ("Protokollierung", "Logging", "technical", "input"),
    ("Datensicherung", "Backups", "technical", "availability"),
    (
        "Mandantentrennung",
        "Tenant separation",
        "technical",
        "separation",
    ),
    (
        "Vertraulichkeitsverpflichtung",
        "Confidentiality undertaking",
        "organisational",
        "instructions",
    ),
    (
        "Regelmäßige Überprüfung",
        "Regular review",
        "organisational",
        "review",
    ),
];
const PREFIXES: &[&str] = &[
    "Nord", "Süd", "Alpen", "Rhein", "Baltic", "Atlas", "Helio", "Vega", "Orion", "Lumen", "Kappa",
    "Delta", "Quant", "Terra", "Aqua", "Silva", "Nova", "Polar",
];
const SUFFIXES: &[(&str, &str, &str)] = &[
    ("Cloud", "Cloud-Hosting", "cloud hosting"),
    ("Mail", "E-Mail-Versand", "e-mail delivery"),
    ("Pay", "Zahlungsabwicklung", "payment processing"),
    ("Track", "Sendungsverfolgung", "shipment tracking"),
    ("Desk", "Helpdesk-Software", "help desk software"),
    ("Sign", "elektronische Signatur", "electronic signature"),
    ("Host", "Serverbetrieb", "server operation"),
    ("Print", "Druck und Versand", "printing and mailing"),
    ("Call", "Telefonie", "telephony"),
    ("Analytics", "Webanalyse", "web analytics"),
    ("HR", "Personalverwaltung", "HR administration"),
    ("Backup", "Datensicherung", "backups"),
    ("Search", "Suchdienst", "search service"),
];
/// Sites inside the EEA: (city, country, legal form).
const EEA_SITES: &[(&str, &str, &str)] = &[
    ("Frankfurt am Main", "DE", "GmbH"),
    ("Berlin", "DE", "GmbH"),
    ("Nürnberg", "DE", "GmbH"),
    ("Paris", "FR", "SAS"),
    ("Amsterdam", "NL", "B.V."),
    ("Dublin", "IE", "Ltd"),
    ("Wien", "AT", "GmbH"),
    ("Stockholm", "SE", "AB"),
    ("Madrid", "ES", "S.L."),
    ("Warschau", "PL", "sp. z o.o."),
];
/// Sites in countries with an adequacy decision: no transfer record needed.
const ADEQUATE_SITES: &[(&str, &str, &str)] = &[
    ("Zürich", "CH", "AG"),
    ("London", "GB", "Ltd"),
    ("Tokio", "JP", "K.K."),
];
/// Third-country sites that need a transfer: (city, country, legal form).
const THIRD_SITES: &[(&str, &str, &str)] = &[
    ("Ashburn", "US", "Inc."),
    ("Portland", "US", "Inc."),
    ("Bengaluru", "IN", "Pvt. Ltd."),
    ("Singapur", "SG", "Pte. Ltd."),
];
const HANDLES: &[&str] = &[
    "art15-access",
    "art16-rectification",
    "art17-erasure",
    "art20-portability",
    "art21-objection",
    "art33-breach",
    "authority-request",
    "subprocessor-change",
    "training",
    "deletion",
    "other",
];
const PROTOCOLS: &[&str] = &[
    "HTTPS (TLS 1.3)",
    "SFTP",
    "PostgreSQL über TLS",
    "AMQP über TLS",
];
const TEAMS: &[&str] = &[
    "privacy-team",
    "engineering",
    "support",
    "finance",
    "hr",
    "sales",
    "legal",
    "it-ops",
];

// ---------------------------------------------------------------------------------------
// YAML and text helpers

/// A YAML double-quoted scalar.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `key:` followed by a `de:`/`en:` map, at `indent` spaces.
fn text(out: &mut String, indent: usize, key: &str, de: &str, en: &str) {
    let pad = " ".repeat(indent);
    let _ = writeln!(
        out,
        "{pad}{key}:\n{pad}  de: {}\n{pad}  en: {}",
        q(de),
        q(en)
    );
}

/// A list item that is a `de:`/`en:` map, at `indent` spaces.
fn text_item(out: &mut String, indent: usize, de: &str, en: &str) {
    let pad = " ".repeat(indent);
    let _ = writeln!(out, "{pad}- de: {}\n{pad}  en: {}", q(de), q(en));
}

/// `key:` and a block list of plain scalars (ids), skipped when empty.
fn ids(out: &mut String, indent: usize, key: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let pad = " ".repeat(indent);
    let _ = writeln!(out, "{pad}{key}:");
    for i in items {
        let _ = writeln!(out, "{pad}  - {i}");
    }
}

/// One sentence in both languages.
fn sentence(rng: &mut Rng) -> (String, String) {
    let a = rng.below(ACTORS.len());
    let b = rng.below(ACTIONS.len());
    let c = rng.below(TIMES.len());
    (
        format!("{} {} {}.", ACTORS[a].0, ACTIONS[b].0, TIMES[c].0),
        format!("{} {} {}.", ACTORS[a].1, ACTIONS[b].1, TIMES[c].1),
    )
}

/// `n` sentences in both languages.
fn sentences(rng: &mut Rng, n: usize) -> (String, String) {
    let mut de = String::new();
    let mut en = String::new();
    for i in 0..n {
        let (d, e) = sentence(rng);
        if i > 0 {
            de.push(' ');
            en.push(' ');
        }
        de.push_str(&d);
        en.push_str(&e);
    }
    (de, en)
}

/// A date in 2026 (before the benchmarks' as-of date 2026-11-29).
fn date_2026(rng: &mut Rng) -> String {
    format!("2026-{:02}-{:02}", rng.range(1, 10), rng.range(1, 28))
}

/// A date after 2026-11-29: some within the dashboard's 90-day window, most later.
fn future_date(rng: &mut Rng) -> String {
    if rng.chance(15) {
        format!("2027-{:02}-{:02}", rng.range(1, 2), rng.range(1, 28))
    } else {
        format!(
            "{}-{:02}-{:02}",
            rng.range(2027, 2028),
            rng.range(3, 12),
            rng.range(1, 28)
        )
    }
}

fn sqrt_scale(base: usize, scale: usize) -> usize {
    ((base as f64) * (scale as f64).sqrt()).ceil() as usize
}

// ---------------------------------------------------------------------------------------
// The model the generator keeps to make references consistent

struct Category {
    id: String,
    de: String,
    en: String,
}

struct Sub {
    id: String,
    name: String,
    categories: Vec<usize>,
    transfer: Option<String>,
}

struct Gen {
    rng: Rng,
    root: PathBuf,
    scale: usize,
    /// How many processes to write (each in German and English).
    process_count: usize,
    categories: Vec<Category>,
    /// For each category, the retention rules that list it.
    rules_of: Vec<Vec<usize>>,
    retention: Vec<String>,
    subjects: Vec<String>,
    subs: Vec<Sub>,
    systems: Vec<String>,
    toms: Vec<String>,
    roles: Vec<String>,
    staff_roles: Vec<String>,
    trainings: Vec<String>,
    activities: Vec<String>,
    processes: Vec<String>,
    features: Vec<String>,
    files: usize,
    bytes: usize,
}

impl Gen {
    fn write(&mut self, rel: &str, content: &str) {
        let path = self.root.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).expect("create folder");
        }
        fs::write(&path, content).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        self.files += 1;
        self.bytes += content.len();
    }

    /// Retention rules (ids) that together cover `cats`.
    fn rules_for(&mut self, cats: &[usize]) -> Vec<String> {
        let mut out: Vec<usize> = Vec::new();
        for &c in cats {
            if out.iter().any(|r| self.rules_of[c].contains(r)) {
                continue;
            }
            let pick = *self.rng.pick(&self.rules_of[c]);
            out.push(pick);
        }
        out.sort_unstable();
        out.dedup();
        out.into_iter().map(|r| self.retention[r].clone()).collect()
    }

    fn pick_ids(&mut self, list: &[String], lo: usize, hi: usize) -> Vec<String> {
        let k = self.rng.range(lo, hi);
        self.rng
            .sample(list.len(), k)
            .into_iter()
            .map(|i| list[i].clone())
            .collect()
    }

    fn organization(&mut self) {
        let org = include_str!("../registry/organization.yaml");
        self.write("registry/organization.yaml", org);
    }

    fn data_categories(&mut self) {
        let n = sqrt_scale(25, self.scale);
        let mut out = String::from("# Synthetic data categories (ropa benchmark).\n");
        for i in 0..n {
            let id = format!("dc-{:04}", i + 1);
            // Every 30th category is a special category (Art. 9).
            let art9 = i % 30 == 29;
            let (de, en) = if art9 {
                let b = ART9_BASES[(i / 30) % ART9_BASES.len()];
                (b.0.to_string(), b.1.to_string())
            } else {
                let b = CATEGORY_BASES[i % CATEGORY_BASES.len()];
                let d = DOMAINS[(i / CATEGORY_BASES.len()) % DOMAINS.len()];
                let round = i / (CATEGORY_BASES.len() * DOMAINS.len());
                let tag = if round > 0 {
                    format!(" {}", round + 1)
                } else {
                    String::new()
                };
                (
                    format!("{} ({}{tag})", b.0, d.0),
                    format!("{} ({}{tag})", b.1, d.1),
                )
            };
            let _ = writeln!(out, "- id: {id}");
            text(&mut out, 2, "label", &de, &en);
            let (dd, ed) = sentences(&mut self.rng, 2);
            text(&mut out, 2, "description", &dd, &ed);
            // Some categories are children of an earlier one (not of a special category).
            if i >= 10 && !art9 && self.rng.chance(20) {
                let mut p = self.rng.below(10);
                if p % 30 == 29 {
                    p = 0;
                }
                let _ = writeln!(out, "  parent: dc-{:04}", p + 1);
            }
            if art9 {
                out.push_str("  art9: true\n");
            }
            self.categories.push(Category { id, de, en });
        }
        self.write("registry/data-categories/data-categories.yaml", &out);
    }

    fn data_subjects(&mut self) {
        let n = sqrt_scale(6, self.scale);
        let mut out = String::from("# Synthetic categories of data subjects.\n");
        for i in 0..n {
            let id = format!("ds-{:03}", i + 1);
            let b = SUBJECTS[i % SUBJECTS.len()];
            let d = DOMAINS[(i / SUBJECTS.len()) % DOMAINS.len()];
            let _ = writeln!(out, "- id: {id}");
            text(
                &mut out,
                2,
                "label",
                &format!("{} ({})", b.0, d.0),
                &format!("{} ({})", b.1, d.1),
            );
            let (dd, ed) = sentences(&mut self.rng, 1);
            text(&mut out, 2, "description", &dd, &ed);
            self.subjects.push(id);
        }
        self.write("registry/data-subjects/data-subjects.yaml", &out);
    }

    fn retention_rules(&mut self) {
        let n = 30 * self.scale;
        let cats = self.categories.len();
        self.rules_of = vec![Vec::new(); cats];
        self.retention = (0..n).map(|i| format!("ret-{:05}", i + 1)).collect();
        let mut out = String::from("# Synthetic retention rules.\n");
        for i in 0..n {
            // Rule i covers category i (mod count), so every category has a rule, plus 1–4 more.
            let mut covered = vec![i % cats];
            for c in self.rng.sample_range(cats, 1, 4) {
                if !covered.contains(&c) {
                    covered.push(c);
                }
            }
            covered.sort_unstable();
            for &c in &covered {
                self.rules_of[c].push(i);
            }
            let first = &self.categories[covered[0]];
            let _ = writeln!(out, "- id: {}", self.retention[i]);
            text(
                &mut out,
                2,
                "name",
                &format!("{} – Regel {}", first.de, i + 1),
                &format!("{} – rule {}", first.en, i + 1),
            );
            let list: Vec<String> = covered
                .iter()
                .map(|&c| self.categories[c].id.clone())
                .collect();
            ids(&mut out, 2, "data_categories", &list);
            match self.rng.below(5) {
                0 => out.push_str("  trigger: collection\n"),
                1 => out.push_str("  trigger: account-deletion\n"),
                2 => out.push_str("  trigger: contract-end\n"),
                3 => {
                    out.push_str("  trigger: event\n");
                    text(&mut out, 2, "event", "Ende des Vorgangs", "End of the case");
                }
                _ => {
                    out.push_str("  trigger: customer-configurable\n");
                    text_item_list(
                        &mut out,
                        2,
                        "customer_options",
                        &[(
                            "Der Kunde stellt die Frist im Konto ein.",
                            "The customer sets the period in the account.",
                        )],
                    );
                }
            }
            let period = *self
                .rng
                .pick(&["P30D", "P90D", "P6M", "P1Y", "P3Y", "P6Y", "P10Y"]);
            let _ = writeln!(out, "  period: {period}");
            if self.rng.chance(30) {
                text(
                    &mut out,
                    2,
                    "legal_basis",
                    "§ 147 AO, § 257 HGB",
                    "section 147 AO, section 257 HGB",
                );
            }
            let (dd, ed) = sentences(&mut self.rng, 2);
            text(&mut out, 2, "deletion", &dd, &ed);
        }
        self.write("registry/retention/retention.yaml", &out);
    }

    fn subprocessors(&mut self) {
        let n = 20 * self.scale;
        let cats = self.categories.len();
        for i in 0..n {
            let id = format!("sp-{:05}", i + 1);
            let prefix = *self.rng.pick(PREFIXES);
            let suffix = *self.rng.pick(SUFFIXES);
            let name = format!("{prefix}{} {}", suffix.0, i + 1);
            // 70 % EEA, 10 % adequate country, 12 % third country, 8 % global edge.
            let kind = self.rng.below(100);
            let (site, transfer_country, global) = if kind < 70 {
                (*self.rng.pick(EEA_SITES), None, false)
            } else if kind < 80 {
                (*self.rng.pick(ADEQUATE_SITES), None, false)
            } else if kind < 92 {
                let s = *self.rng.pick(THIRD_SITES);
                (s, Some(s.1), false)
            } else {
                (("Seattle", "US", "Inc."), Some("US"), true)
            };
            let mut my_cats = self.rng.sample_range(cats, 2, 7);
            // No special categories at processors in this synthetic company.
            my_cats.retain(|&c| c % 30 != 29);
            if my_cats.is_empty() {
                my_cats.push(0);
            }
            let cat_ids: Vec<String> = my_cats
                .iter()
                .map(|&c| self.categories[c].id.clone())
                .collect();
            let rules = self.rules_for(&my_cats);
            let subjects = self.pick_ids(&self.subjects.clone(), 1, 3);
            let transfer = transfer_country.map(|_| format!("{id}-transfer"));
            let mut contracts = vec![format!("{id}-avv")];
            if transfer.is_some() {
                contracts.push(format!("{id}-scc"));
            }

            let mut out = String::new();
            let _ = writeln!(
                out,
                "# Synthetic subprocessor {} ({suffix_de}).",
                i + 1,
                suffix_de = suffix.1
            );
            let _ = writeln!(
                out,
                "id: {id}\nname: {}\nlegal_name: {}",
                q(&name),
                q(&format!("{name} {}", site.2))
            );
            let _ = writeln!(
                out,
                "address:\n  street: {}\n  postal_code: \"{:05}\"\n  city: {}\n  country: {}",
                q(&format!("Hauptstraße {}", i % 200 + 1)),
                10000 + (i * 37) % 89999,
                q(site.0),
                site.1
            );
            if transfer_country.is_some() && self.rng.chance(50) {
                let _ = writeln!(
                    out,
                    "parent:\n  name: {}\n  country: US",
                    q(&format!("{prefix} Holdings Inc."))
                );
            }
            let (sd, se) = sentences(&mut self.rng, 2);
            text(
                &mut out,
                0,
                "service",
                &format!("{} für {}. {sd}", suffix.1, DOMAINS[i % DOMAINS.len()].0),
                &format!("{} for {}. {se}", suffix.2, DOMAINS[i % DOMAINS.len()].1),
            );
            out.push_str("sites:\n");
            if global {
                out.push_str("  - global_edge: true\n");
                text(
                    &mut out,
                    4,
                    "description",
                    "Weltweites Edge-Netz; Verarbeitung in Drittländern nicht ausgeschlossen.",
                    "Worldwide edge network; processing in third countries cannot be ruled out.",
                );
            } else {
                let _ = writeln!(out, "  - city: {}\n    country: {}", q(site.0), site.1);
                text(
                    &mut out,
                    4,
                    "description",
                    "Produktivsysteme",
                    "Production systems",
                );
                if self.rng.chance(30) {
                    // A second site, in the same country (so no extra transfer is needed).
                    let _ = writeln!(
                        out,
                        "  - city: {}\n    country: {}",
                        q(&format!("{} 2", site.0)),
                        site.1
                    );
                    text(&mut out, 4, "description", "Datensicherungen", "Backups");
                }
            }
            ids(&mut out, 0, "data_categories", &cat_ids);
            ids(&mut out, 0, "data_subjects", &subjects);
            ids(&mut out, 0, "retention", &rules);
            ids(&mut out, 0, "contracts", &contracts);
            if let Some(t) = &transfer {
                ids(&mut out, 0, "transfers", std::slice::from_ref(t));
            }
            if self.rng.chance(60) {
                out.push_str("certifications:\n  - name: ISO/IEC 27001\n");
                text(
                    &mut out,
                    4,
                    "scope",
                    "Rechenzentren und Betrieb",
                    "Data centres and operations",
                );
                let _ = writeln!(out, "    valid_until: {}", future_date(&mut self.rng));
                let _ = writeln!(out, "    evidence: https://example.com/{id}/iso27001");
            }
            let _ = writeln!(
                out,
                "status: active\nsince: {}-{:02}-01",
                self.rng.range(2012, 2025),
                self.rng.range(1, 12)
            );
            let (ad, ae) = sentences(&mut self.rng, 3);
            text(&mut out, 0, "assessment", &ad, &ae);
            let _ = writeln!(
                out,
                "review:\n  last: {}\n  interval: P1Y",
                date_2026(&mut self.rng)
            );
            out.push_str("field_visibility:\n  review: internal\n");
            let (nd, ne) = sentences(&mut self.rng, 1);
            text(&mut out, 0, "notes", &nd, &ne);
            self.write(&format!("registry/subprocessors/{id}.yaml"), &out);

            // The signed processing agreement.
            let mut c = String::new();
            let _ = writeln!(
                c,
                "id: {id}-avv\nkind: {}",
                if site.1 == "DE" { "avv" } else { "dpa" }
            );
            text(
                &mut c,
                0,
                "title",
                &format!("Vertrag zur Auftragsverarbeitung ({name})"),
                &format!("Data processing agreement ({name})"),
            );
            let _ = writeln!(
                c,
                "subprocessor: {id}\nour_role: controller\nsigned: {}-{:02}-{:02}",
                self.rng.range(2018, 2025),
                self.rng.range(1, 12),
                self.rng.range(1, 28)
            );
            let _ = writeln!(
                c,
                "version: {}\nreview_by: {}",
                q(&format!("Fassung {}", self.rng.range(2018, 2025))),
                future_date(&mut self.rng)
            );
            let _ = writeln!(c, "document:\n  location: dms://vertraege/{id}/avv.pdf");
            c.push_str("art28_terms: [a, b, c, d, e, f, g, h]\nsubprocessor_authorisation: general\nobjection_notice_days: 30\n");
            let _ = writeln!(
                c,
                "breach_notification_hours: {}",
                self.rng.pick(&[24, 48, 72])
            );
            c.push_str("field_visibility:\n  document: internal\n");
            self.write(&format!("registry/contracts/{id}-avv.yaml"), &c);

            if let Some(t) = &transfer {
                let mut c = String::new();
                let _ = writeln!(c, "id: {id}-scc\nkind: scc");
                text(
                    &mut c,
                    0,
                    "title",
                    &format!("EU-Standardvertragsklauseln 2021/914, Modul 2 – {name}"),
                    &format!("EU standard contractual clauses 2021/914, module 2 – {name}"),
                );
                let _ = writeln!(
                    c,
                    "subprocessor: {id}\nour_role: controller\nsigned: {}-{:02}-{:02}",
                    self.rng.range(2021, 2025),
                    self.rng.range(1, 12),
                    self.rng.range(1, 28)
                );
                let _ = writeln!(
                    c,
                    "review_by: {}\nscc_module: two",
                    future_date(&mut self.rng)
                );
                let _ = writeln!(c, "document:\n  location: dms://vertraege/{id}/scc.pdf");
                self.write(&format!("registry/contracts/{id}-scc.yaml"), &c);

                let country = transfer_country.unwrap_or("US");
                let mut tr = String::new();
                let _ = writeln!(tr, "id: {t}\nsubprocessor: {id}\ncountries: [{country}]");
                if global {
                    tr.push_str("global: true\n");
                }
                if country == "US" {
                    tr.push_str("mechanisms:\n  - eu-us-dpf\n  - scc\n");
                    let _ = writeln!(tr, "dpf_checked: {}", date_2026(&mut self.rng));
                } else {
                    tr.push_str("mechanisms:\n  - scc\n");
                }
                let _ = writeln!(tr, "contract: {id}-scc");
                let _ = writeln!(
                    tr,
                    "tia:\n  date: {}\n  review_by: {}\n  document: dms://datenschutz/tia/{id}.pdf",
                    date_2026(&mut self.rng),
                    future_date(&mut self.rng)
                );
                text_item_list(
                    &mut tr,
                    0,
                    "supplementary_measures",
                    &[
                        (
                            "Transportverschlüsselung mit TLS 1.2 oder höher.",
                            "Transport encryption with TLS 1.2 or higher.",
                        ),
                        (
                            "Pseudonymisierung vor der Übermittlung, wo möglich.",
                            "Pseudonymisation before the transfer where possible.",
                        ),
                    ],
                );
                let (dd, de) = sentences(&mut self.rng, 1);
                text(&mut tr, 0, "description", &dd, &de);
                tr.push_str("field_visibility:\n  tia: customer\n");
                self.write(&format!("registry/transfers/{t}.yaml"), &tr);
            }
            self.subs.push(Sub {
                id,
                name,
                categories: my_cats,
                transfer,
            });
        }
        // Our own processing agreement with customers (we are the processor).
        let mut c = String::from("id: customer-avv\nkind: avv\n");
        text(
            &mut c,
            0,
            "title",
            "Vertrag zur Auftragsverarbeitung (Kunden-AVV)",
            "Data processing agreement (customer DPA)",
        );
        text(
            &mut c,
            0,
            "counterparty",
            "jeder Kunde (als Verantwortlicher)",
            "each customer (as controller)",
        );
        c.push_str("our_role: processor\nversion: \"5.0 (2026-01-01)\"\nreview_by: 2027-06-30\n");
        c.push_str("art28_terms: [a, b, c, d, e, f, g, h]\nsubprocessor_authorisation: general\nobjection_notice_days: 30\nbreach_notification_hours: 24\nvisibility: customer\n");
        self.write("registry/contracts/customer-avv.yaml", &c);
    }

    fn systems(&mut self) {
        let n = 15 * self.scale;
        let mut out = String::from("# Synthetic systems.\n");
        for i in 0..n {
            let id = format!("sys-{:05}", i + 1);
            let b = SYSTEM_BASES[i % SYSTEM_BASES.len()];
            let d = DOMAINS[(i / SYSTEM_BASES.len()) % DOMAINS.len()];
            let _ = writeln!(out, "- id: {id}");
            text(
                &mut out,
                2,
                "name",
                &format!("{} {} {}", b.0, d.0, i + 1),
                &format!("{} {} {}", b.1, d.1, i + 1),
            );
            let (dd, de) = sentences(&mut self.rng, 2);
            text(&mut out, 2, "description", &dd, &de);
            if i % 20 == 19 {
                out.push_str("  external: true\n");
            } else if self.rng.chance(70) {
                let s = self.rng.below(self.subs.len());
                let _ = writeln!(out, "  operated_by: {}", self.subs[s].id);
            }
            self.systems.push(id);
        }
        self.write("registry/systems/systems.yaml", &out);
    }

    fn toms(&mut self) {
        let n = sqrt_scale(15, self.scale);
        let mut out = String::from("# Synthetic technical and organisational measures.\n");
        for i in 0..n {
            let id = format!("tom-{:04}", i + 1);
            let b = TOM_BASES[i % TOM_BASES.len()];
            let _ = writeln!(out, "- id: {id}");
            text(
                &mut out,
                2,
                "title",
                &format!("{} {}", b.0, i + 1),
                &format!("{} {}", b.1, i + 1),
            );
            let (dd, de) = sentences(&mut self.rng, 3);
            text(&mut out, 2, "description", &dd, &de);
            let _ = writeln!(out, "  kind: {}\n  control: {}\n  art32: [b]\n  sdm_goals: [confidentiality, integrity]", b.2, b.3);
            let _ = writeln!(out, "  owner: {}", self.rng.pick(TEAMS));
            if self.rng.chance(25) {
                let s = self.rng.below(self.subs.len());
                let _ = writeln!(out, "  provided_by: {}", self.subs[s].id);
            }
            let _ = writeln!(
                out,
                "  evidence: {}\n  last_tested: {}",
                q(&format!("Wiki › TOM › {id}")),
                date_2026(&mut self.rng)
            );
            self.toms.push(id);
        }
        self.write("registry/toms/toms.yaml", &out);
    }

    fn roles(&mut self) {
        let n = sqrt_scale(8, self.scale);
        let cats = self.categories.len();
        let mut out = String::from("# Synthetic roles.\n");
        for i in 0..n {
            let id = format!("role-{:03}", i + 1);
            let staff = i % 3 != 0;
            let d = DOMAINS[i % DOMAINS.len()];
            let _ = writeln!(out, "- id: {id}");
            text(
                &mut out,
                2,
                "name",
                &format!("Rolle {} {}", d.0, i + 1),
                &format!("Role {} {}", d.1, i + 1),
            );
            let _ = writeln!(out, "  scope: {}", if staff { "staff" } else { "product" });
            let (dd, de) = sentences(&mut self.rng, 1);
            text(&mut out, 2, "description", &dd, &de);
            out.push_str("  permissions:\n");
            for p in 0..self.rng.range(1, 3) {
                let _ = writeln!(out, "    - id: perm-{}", p + 1);
                let a = ACTIONS[self.rng.below(ACTIONS.len())];
                text(&mut out, 6, "label", a.0, a.1);
            }
            let list: Vec<String> = self
                .rng
                .sample_range(cats, 2, 6)
                .into_iter()
                .map(|c| self.categories[c].id.clone())
                .collect();
            ids(&mut out, 2, "data_categories", &list);
            if !staff {
                out.push_str("  customizable: true\n");
            }
            if staff {
                self.staff_roles.push(id.clone());
            }
            self.roles.push(id);
        }
        self.write("registry/roles/roles.yaml", &out);
    }

    fn trainings(&mut self) {
        let n = sqrt_scale(4, self.scale);
        let mut out = String::from("# Synthetic trainings.\n");
        for i in 0..n {
            let id = format!("tr-{:03}", i + 1);
            let topic = PROCESS_TOPICS[i % PROCESS_TOPICS.len()];
            let _ = writeln!(out, "- id: {id}");
            text(
                &mut out,
                2,
                "title",
                &format!("Schulung {} {}", topic.0, i + 1),
                &format!("Training: {} {}", topic.1, i + 1),
            );
            let (dd, de) = sentences(&mut self.rng, 2);
            text(&mut out, 2, "topic", &dd, &de);
            let _ = writeln!(out, "  audience: [{}]", self.rng.pick(TEAMS));
            let _ = writeln!(
                out,
                "  depth: {}",
                if i % 4 == 0 { "intensive" } else { "standard" }
            );
            // Held in 2026 with a yearly interval: due in 2027, some in the 90-day window.
            let _ = writeln!(
                out,
                "  last_held: 2026-{:02}-{:02}\n  interval: P1Y",
                self.rng.range(1, 11),
                self.rng.range(1, 28)
            );
            let _ = writeln!(
                out,
                "  evidence: {}",
                q(&format!("Wiki › Schulungen › {id}"))
            );
            // Written after the processes, so it names one that exists.
            let _ = writeln!(
                out,
                "  process: {}",
                self.processes[i % self.processes.len()]
            );
            self.trainings.push(id);
        }
        self.write("registry/trainings/trainings.yaml", &out);
    }

    fn features_and_plans(&mut self) {
        let n = sqrt_scale(3, self.scale);
        let mut out = String::from("# Synthetic optional features.\n");
        for i in 0..n {
            let id = format!("feature-{:03}", i + 1);
            let _ = writeln!(out, "- id: {id}");
            let s = SUFFIXES[i % SUFFIXES.len()];
            text(
                &mut out,
                2,
                "name",
                &format!("Zusatzfunktion {} {}", s.1, i + 1),
                &format!("Add-on {} {}", s.2, i + 1),
            );
            let (dd, de) = sentences(&mut self.rng, 1);
            text(&mut out, 2, "description", &dd, &de);
            let _ = writeln!(out, "  default_on: {}", i % 3 == 0);
            let subs: Vec<String> = self
                .rng
                .sample_range(self.subs.len(), 1, 3)
                .into_iter()
                .map(|s| self.subs[s].id.clone())
                .collect();
            ids(&mut out, 2, "subprocessors", &subs);
            self.features.push(id);
        }
        self.write("registry/features/features.yaml", &out);

        let mut out = String::from("# Plans.\n");
        let plans = [
            ("basic", 0),
            ("team", n / 3),
            ("business", 2 * n / 3),
            ("corporate", n),
        ];
        for (id, upto) in plans {
            let _ = writeln!(
                out,
                "- id: {id}\n  name: {}",
                q(&format!("{}{}", id[..1].to_uppercase(), &id[1..]))
            );
            text(
                &mut out,
                2,
                "description",
                &format!("Paket {id}"),
                &format!("Plan {id}"),
            );
            let f: Vec<String> = self.features[..upto].to_vec();
            ids(&mut out, 2, "features", &f);
        }
        self.write("registry/plans/plans.yaml", &out);
    }

    fn activities(&mut self) {
        let n = 50 * self.scale;
        let cats = self.categories.len();
        self.activities = (0..n).map(|i| format!("act-{:05}", i + 1)).collect();
        for i in 0..n {
            let id = self.activities[i].clone();
            let controller = i % 5 < 3;
            let d = DOMAINS[i % DOMAINS.len()];
            let topic = PROCESS_TOPICS[(i / 3) % PROCESS_TOPICS.len()];
            // Subprocessors first; the activity processes (some of) their categories.
            let sub_idx = self.rng.sample_range(self.subs.len(), 1, 3);
            let mut my_cats: Vec<usize> = Vec::new();
            for &s in &sub_idx {
                let c = &self.subs[s].categories;
                my_cats.push(c[self.rng.below(c.len())]);
            }
            for c in self.rng.sample_range(cats, 1, 4) {
                if !controller && c % 30 == 29 {
                    continue;
                }
                my_cats.push(c);
            }
            my_cats.sort_unstable();
            my_cats.dedup();
            let special = my_cats.iter().any(|c| c % 30 == 29);
            let cat_ids: Vec<String> = my_cats
                .iter()
                .map(|&c| self.categories[c].id.clone())
                .collect();
            let rules = self.rules_for(&my_cats);
            let subs: Vec<String> = sub_idx.iter().map(|&s| self.subs[s].id.clone()).collect();
            let transfers: Vec<String> = sub_idx
                .iter()
                .filter_map(|&s| self.subs[s].transfer.clone())
                .collect();

            let mut out = String::new();
            let _ = writeln!(out, "# Synthetic processing activity {}.", i + 1);
            let _ = writeln!(
                out,
                "id: {id}\nrole: {}",
                if controller {
                    "controller"
                } else {
                    "processor"
                }
            );
            text(
                &mut out,
                0,
                "name",
                &format!("{} im Bereich {} ({})", topic.0, d.0, i + 1),
                &format!("{} in {} ({})", topic.1, d.1, i + 1),
            );
            let (dd, de) = sentences(&mut self.rng, 3);
            text(&mut out, 0, "description", &dd, &de);
            if controller {
                out.push_str("purposes:\n");
                for _ in 0..self.rng.range(1, 3) {
                    let (pd, pe) = sentence(&mut self.rng);
                    text_item(&mut out, 2, &pd, &pe);
                }
                out.push_str("legal_basis:\n");
                let art = *self.rng.pick(&["6(1)(b)", "6(1)(c)", "6(1)(f)"]);
                let _ = writeln!(out, "  - article: {art}");
                text(
                    &mut out,
                    4,
                    "explanation",
                    "Erforderlich für die Vertragserfüllung.",
                    "Necessary for performing the contract.",
                );
                if special {
                    out.push_str("  - article: 9(2)(b)\n");
                    text(
                        &mut out,
                        4,
                        "explanation",
                        "Pflichten aus dem Arbeitsrecht.",
                        "Obligations under employment law.",
                    );
                }
            } else {
                out.push_str("controllers:\n");
                out.push_str("  - name:\n      de: \"Kunden (alle Pakete)\"\n      en: \"Customers (all plans)\"\n");
                text(
                    &mut out,
                    4,
                    "contact",
                    "Je Kunde im CRM hinterlegt",
                    "Recorded per customer in the CRM",
                );
                out.push_str("    contract: customer-avv\n");
                out.push_str("processing_categories:\n");
                for _ in 0..self.rng.range(1, 3) {
                    let (pd, pe) = sentence(&mut self.rng);
                    text_item(&mut out, 2, &pd, &pe);
                }
            }
            let subjects = self.pick_ids(&self.subjects.clone(), 1, 3);
            ids(&mut out, 0, "data_subjects", &subjects);
            ids(&mut out, 0, "data_categories", &cat_ids);
            if controller {
                out.push_str("recipients:\n");
                let role = self.rng.pick(&self.staff_roles).clone();
                let _ = writeln!(out, "  - kind: internal\n    role: {role}");
                let _ = writeln!(out, "  - kind: processor\n    subprocessor: {}", subs[0]);
                if self.rng.chance(30) {
                    out.push_str("  - kind: authority\n");
                    text(&mut out, 4, "name", "Finanzbehörden", "Tax authorities");
                }
            }
            ids(&mut out, 0, "transfers", &transfers);
            ids(&mut out, 0, "retention", &rules);
            let toms = self.pick_ids(&self.toms.clone(), 3, 8);
            ids(&mut out, 0, "toms", &toms);
            let systems = self.pick_ids(&self.systems.clone(), 1, 4);
            ids(&mut out, 0, "systems", &systems);
            ids(&mut out, 0, "subprocessors", &subs);
            let _ = writeln!(out, "owner: {}", self.rng.pick(TEAMS));
            let _ = writeln!(
                out,
                "review:\n  last: {}\n  interval: P1Y",
                date_2026(&mut self.rng)
            );
            if controller {
                out.push_str("dpia:\n  required: false\n");
                text(
                    &mut out,
                    2,
                    "reason",
                    "Schwellwertanalyse ohne hohes Risiko.",
                    "Threshold analysis found no high risk.",
                );
            }
            self.write(&format!("registry/activities/{id}.yaml"), &out);
        }
    }

    fn flows(&mut self) {
        let n = 30 * self.scale;
        let cats = self.categories.len();
        for i in 0..n {
            let id = format!("flow-{:05}", i + 1);
            let pair = self.rng.sample(self.systems.len(), 2);
            let (from, to) = if self.rng.chance(50) {
                (pair[0], pair[1])
            } else {
                (pair[1], pair[0])
            };
            let mut out = String::new();
            let _ = writeln!(
                out,
                "id: {id}\nfrom: {}\nto: {}",
                self.systems[from], self.systems[to]
            );
            let list: Vec<String> = self
                .rng
                .sample_range(cats, 1, 4)
                .into_iter()
                .map(|c| self.categories[c].id.clone())
                .collect();
            ids(&mut out, 0, "data_categories", &list);
            let (pd, pe) = sentence(&mut self.rng);
            text(&mut out, 0, "purpose", &pd, &pe);
            let acts = self.pick_ids(&self.activities.clone(), 1, 2);
            ids(&mut out, 0, "activities", &acts);
            let protocol = *self.rng.pick::<&str>(PROTOCOLS);
            let _ = writeln!(out, "protocol: {}", q(protocol));
            out.push_str("countries: [DE]\n");
            self.write(&format!("registry/flows/{id}.yaml"), &out);
        }
    }

    /// One process in both languages, 1–3 KB of Markdown each.
    fn process(&mut self, i: usize) {
        let id = self.processes[i].clone();
        let n = self.processes.len();
        let topic = PROCESS_TOPICS[i % PROCESS_TOPICS.len()];
        let d = DOMAINS[(i / PROCESS_TOPICS.len()) % DOMAINS.len()];
        let title_de = format!("{} im Bereich {} ({})", topic.0, d.0, i + 1);
        let title_en = format!("{} in {} ({})", topic.1, d.1, i + 1);
        let act = self.activities[self.rng.below(self.activities.len())].clone();
        let sub = self.rng.below(self.subs.len());
        let (sub_id, sub_name) = (self.subs[sub].id.clone(), self.subs[sub].name.clone());
        let ret = self.retention[self.rng.below(self.retention.len())].clone();
        let sys = self.systems[self.rng.below(self.systems.len())].clone();
        let cat = self.rng.below(self.categories.len());
        // Links to other processes (earlier and later ones, so every target exists).
        let others: Vec<usize> = (0..self.rng.range(1, 3))
            .map(|_| self.rng.below(n))
            .filter(|&o| o != i)
            .collect();

        let mut fm = String::from("---\n");
        let _ = writeln!(fm, "title: {}", q(&title_de));
        let _ = writeln!(fm, "owner: {}", self.rng.pick(TEAMS));
        let _ = writeln!(fm, "audience: [{}, privacy-team]", self.rng.pick(TEAMS));
        let _ = writeln!(fm, "handles: [{}]", self.rng.pick(HANDLES));
        if self.rng.chance(50) {
            fm.push_str("deadline: P1M\n");
            text(
                &mut fm,
                0,
                "deadline_basis",
                "Art. 12 Abs. 3 DSGVO",
                "Art. 12(3) GDPR",
            );
        }
        fm.push_str("related:\n");
        let _ = writeln!(
            fm,
            "  - activity:{act}\n  - subprocessor:{sub_id}\n  - retention:{ret}\n  - system:{sys}"
        );
        for &o in &others {
            let _ = writeln!(fm, "  - process:{}", self.processes[o]);
        }
        let _ = writeln!(
            fm,
            "review:\n  last: {}\n  interval: P1Y\n---\n",
            date_2026(&mut self.rng)
        );

        let mut de = fm;
        let mut en = format!("---\ntitle: {}\n---\n\n", q(&title_en));
        let _ = writeln!(de, "# {title_de}\n");
        let _ = writeln!(en, "# {title_en}\n");
        let (s1d, s1e) = sentences(&mut self.rng, 2);
        let _ = writeln!(
            de,
            "Dieser Prozess regelt den Umgang mit **{}** in der Tätigkeit [{act}](ropa:activity/{act}).[^basis] {s1d}\n",
            self.categories[cat].de
        );
        let _ = writeln!(
            en,
            "This process governs how **{}** is handled in the activity [{act}](ropa:activity/{act}).[^basis] {s1e}\n",
            self.categories[cat].en
        );
        de.push_str("## Zweck und Geltungsbereich\n\n");
        en.push_str("## Purpose and scope\n\n");
        for _ in 0..self.rng.range(1, 3) {
            let k = self.rng.range(2, 3);
            let (pd, pe) = sentences(&mut self.rng, k);
            let _ = writeln!(de, "{pd}\n");
            let _ = writeln!(en, "{pe}\n");
        }
        de.push_str("## Ablauf\n\n| Schritt | Verantwortlich | Frist | System |\n| --- | --- | --- | --- |\n");
        en.push_str("## Procedure\n\n| Step | Responsible | Deadline | System |\n| --- | --- | --- | --- |\n");
        for step in 0..self.rng.range(3, 6) {
            let a = ACTORS[self.rng.below(ACTORS.len())];
            let b = ACTIONS[self.rng.below(ACTIONS.len())];
            let t = TIMES[self.rng.below(TIMES.len())];
            let s = &self.systems[self.rng.below(self.systems.len())];
            let _ = writeln!(
                de,
                "| {}. {} | {} | {} | [{s}](ropa:system/{s}) |",
                step + 1,
                b.0,
                a.0,
                t.0
            );
            let _ = writeln!(
                en,
                "| {}. {} | {} | {} | [{s}](ropa:system/{s}) |",
                step + 1,
                b.1,
                a.1,
                t.1
            );
        }
        let (s2d, s2e) = sentences(&mut self.rng, 2);
        let _ = writeln!(
            de,
            "\nDaten bei [{sub_name}](ropa:subprocessor/{sub_id}) werden nach der Löschregel [{ret}](ropa:retention/{ret}) gelöscht. {s2d}\n"
        );
        let _ = writeln!(
            en,
            "\nData held by [{sub_name}](ropa:subprocessor/{sub_id}) is deleted under the retention rule [{ret}](ropa:retention/{ret}). {s2e}\n"
        );
        de.push_str("## Prüfpunkte\n\n");
        en.push_str("## Checks\n\n");
        for _ in 0..self.rng.range(2, 5) {
            let done = if self.rng.chance(30) { "x" } else { " " };
            let (cd, ce) = sentence(&mut self.rng);
            let _ = writeln!(de, "- [{done}] {cd}");
            let _ = writeln!(en, "- [{done}] {ce}");
        }
        de.push_str("\n## Verweise\n\n");
        en.push_str("\n## References\n\n");
        let _ = writeln!(
            de,
            "- Zurück zum [Zweck](#zweck-und-geltungsbereich) dieses Prozesses"
        );
        let _ = writeln!(
            en,
            "- Back to the [purpose](#purpose-and-scope) of this process"
        );
        for &o in &others {
            let other = &self.processes[o];
            let _ = writeln!(de, "- [Ablauf von {other}]({other}.md#ablauf)");
            let _ = writeln!(en, "- [Procedure of {other}]({other}.md#procedure)");
        }
        let _ = writeln!(
            de,
            "\n[^basis]: Art. 5 Abs. 2 und Art. 24 DSGVO (Rechenschaftspflicht)."
        );
        let _ = writeln!(
            en,
            "\n[^basis]: Art. 5(2) and Art. 24 GDPR (accountability)."
        );
        self.write(&format!("processes/{id}.md"), &de);
        self.write(&format!("processes/{id}.en.md"), &en);
    }

    fn processes(&mut self) {
        let n = self.process_count;
        self.processes = (0..n).map(|i| format!("p-{:05}", i + 1)).collect();
        for i in 0..n {
            self.process(i);
        }
    }

    fn answers(&mut self) {
        let n = sqrt_scale(5, self.scale);
        for i in 0..n {
            let s = &self.subs[(i * 7) % self.subs.len()];
            let (sid, sname) = (s.id.clone(), s.name.clone());
            let ret = self.retention[(i * 11) % self.retention.len()].clone();
            let mut de = String::from("---\n");
            let _ = writeln!(
                de,
                "question: {}",
                q(&format!(
                    "Wo verarbeitet {sname} unsere Daten, und wie lange?"
                ))
            );
            let _ = writeln!(de, "order: {}\nsources:\n  - subprocessor:{sid}\n  - retention:{ret}\nvisibility: public\n---\n", (i + 1) * 10);
            let _ = writeln!(
                de,
                "{{{{ org.legal_name }}}} setzt [{{{{ subprocessor[\"{sid}\"].name }}}}](ropa:subprocessor/{sid}) \
                 ({{{{ subprocessor[\"{sid}\"].legal_name }}}}) ein. Verarbeitungsorte: \
                 {{{{ subprocessor[\"{sid}\"].sites }}}}.\n\n\
                 Die Daten werden nach {{{{ retention[\"{ret}\"].period }}}} gelöscht \
                 (Regel [{{{{ retention[\"{ret}\"].name }}}}](ropa:retention/{ret}))."
            );
            let mut en = String::from("---\n");
            let _ = writeln!(
                en,
                "question: {}\n---\n",
                q(&format!(
                    "Where does {sname} process our data, and for how long?"
                ))
            );
            let _ = writeln!(
                en,
                "{{{{ org.legal_name }}}} uses [{{{{ subprocessor[\"{sid}\"].name }}}}](ropa:subprocessor/{sid}) \
                 ({{{{ subprocessor[\"{sid}\"].legal_name }}}}). Locations: \
                 {{{{ subprocessor[\"{sid}\"].sites }}}}.\n\n\
                 The data is deleted after {{{{ retention[\"{ret}\"].period }}}} \
                 (rule [{{{{ retention[\"{ret}\"].name }}}}](ropa:retention/{ret}))."
            );
            self.write(&format!("registry/answers/a-{:03}.md", i + 1), &de);
            self.write(&format!("registry/answers/a-{:03}.en.md", i + 1), &en);
        }
    }
}

/// `key:` followed by a list of `de:`/`en:` items, at `indent` spaces.
fn text_item_list(out: &mut String, indent: usize, key: &str, items: &[Pair]) {
    let pad = " ".repeat(indent);
    let _ = writeln!(out, "{pad}{key}:");
    for (de, en) in items {
        text_item(out, indent + 2, de, en);
    }
}

const USAGE: &str = "usage: gen_registry --scale N --out DIR [--processes N] [--seed S]
  --scale N      size: scale 1 is 20 subprocessors, 50 activities, 100 processes
  --out DIR      where to write registry/ and processes/ (both emptied first)
  --processes N  processes to write, each in two languages (default: 100 × scale)
  --seed S       another seed, another registry of the same scale (default: 42)";

/// A wrong command line: what is wrong and the usage on stderr, exit code 2.
fn usage_error(problem: &str) -> ! {
    eprintln!("gen_registry: {problem}\n\n{USAGE}");
    std::process::exit(2);
}

/// The value after `flag`: a whole number of at least `least`.
fn number(flag: &str, value: Option<String>, least: u64) -> u64 {
    let Some(value) = value else {
        usage_error(&format!("`{flag}` needs a number after it"))
    };
    match value.parse::<u64>() {
        Ok(n) if n >= least => n,
        _ => usage_error(&format!(
            "`{flag}` needs a whole number of at least {least}, not `{value}`"
        )),
    }
}

fn main() {
    let mut scale = 1usize;
    let mut out: Option<PathBuf> = None;
    let mut seed = 42u64;
    let mut processes: Option<usize> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--scale" => scale = number("--scale", args.next(), 1) as usize,
            "--out" => match args.next() {
                Some(dir) => out = Some(PathBuf::from(dir)),
                None => usage_error("`--out` needs a folder after it"),
            },
            "--processes" => processes = Some(number("--processes", args.next(), 1) as usize),
            "--seed" => seed = number("--seed", args.next(), 0),
            "-h" | "--help" => {
                println!("{USAGE}");
                return;
            }
            other => usage_error(&format!("unknown argument `{other}`")),
        }
    }
    let Some(root) = out else {
        usage_error("`--out DIR` is required: the folder to write the registry into")
    };
    let process_count = processes.unwrap_or(100 * scale);
    println!("{}", generate(&root, scale, process_count, seed));
}

/// What [`generate`] wrote.
pub(crate) struct Summary {
    root: PathBuf,
    scale: usize,
    records: usize,
    subprocessors: usize,
    activities: usize,
    processes: usize,
    files: usize,
    bytes: usize,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(
            f,
            "scale {}: {} records ({}, {}, {}), {} files, {} bytes in {}",
            self.scale,
            self.records,
            counted(self.subprocessors, "subprocessor", "subprocessors"),
            counted(self.activities, "activity", "activities"),
            counted(self.processes, "process", "processes"),
            self.files,
            self.bytes,
            display(&self.root)
        )
    }
}

/// `1 process`, `2 processes`.
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Writes a registry of `scale` with `process_count` processes under `root` (its
/// `registry/` and `processes/` emptied first). `pub(crate)` for tests/yaml_readers.rs,
/// which includes this file to read a generated registry with both YAML readers.
pub(crate) fn generate(root: &Path, scale: usize, process_count: usize, seed: u64) -> Summary {
    // Start from an empty folder so a smaller run never leaves files of a larger one.
    for sub in ["registry", "processes"] {
        let p = root.join(sub);
        if p.exists() {
            fs::remove_dir_all(&p).unwrap_or_else(|e| panic!("remove {}: {e}", p.display()));
        }
    }
    let mut g = Gen {
        rng: Rng::new(seed ^ (scale as u64).wrapping_mul(0x1000_0001)),
        root: root.to_path_buf(),
        scale,
        process_count,
        categories: Vec::new(),
        rules_of: Vec::new(),
        retention: Vec::new(),
        subjects: Vec::new(),
        subs: Vec::new(),
        systems: Vec::new(),
        toms: Vec::new(),
        roles: Vec::new(),
        staff_roles: Vec::new(),
        trainings: Vec::new(),
        activities: Vec::new(),
        processes: Vec::new(),
        features: Vec::new(),
        files: 0,
        bytes: 0,
    };
    g.organization();
    g.data_categories();
    g.data_subjects();
    g.retention_rules();
    g.subprocessors();
    g.systems();
    g.toms();
    g.roles();
    g.features_and_plans();
    g.activities();
    g.flows();
    g.processes();
    g.trainings();
    g.answers();
    let transfers = g.subs.iter().filter(|s| s.transfer.is_some()).count();
    let records = 1
        + g.categories.len()
        + g.subjects.len()
        + g.retention.len()
        + g.subs.len()
        + g.subs.len()
        + 2 * transfers
        + 1
        + g.systems.len()
        + g.toms.len()
        + g.roles.len()
        + g.features.len()
        + 4
        + g.activities.len()
        + 30 * scale
        + g.processes.len()
        + g.trainings.len()
        + sqrt_scale(5, scale);
    Summary {
        root: root.to_path_buf(),
        scale,
        records,
        subprocessors: g.subs.len(),
        activities: g.activities.len(),
        processes: g.processes.len(),
        files: g.files,
        bytes: g.bytes,
    }
}

fn display(p: &Path) -> String {
    p.display().to_string()
}

#[cfg(test)]
mod tests {
    //! The generated registries are what the benchmarks measure: they must load with
    //! every record the summary counts, and pass `ropa check` cleanly.
    use super::*;
    use ropa::check::{check, CheckOptions};

    fn checked(root: &Path) -> (ropa::registry::Registry, usize, usize) {
        let (reg, mut diags) = ropa::registry::load(root).expect("the registry loads");
        let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let opts = CheckOptions {
            as_of: ropa::model::Date(as_of),
        };
        diags.extend(check(&reg, &opts).iter().cloned());
        (reg, diags.error_count(), diags.warning_count())
    }

    fn files_of(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut files: Vec<_> = walkdir::WalkDir::new(root)
            .into_iter()
            .map(|e| e.expect("walk"))
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(root).unwrap().to_path_buf();
                (rel, fs::read(e.path()).expect("read"))
            })
            .collect();
        files.sort();
        files
    }

    #[test]
    fn scale_one_passes_check_with_every_record_it_counts() {
        let dir = tempfile::tempdir().unwrap();
        let summary = generate(dir.path(), 1, 100, 42);
        let (reg, errors, warnings) = checked(dir.path());
        assert_eq!(
            (errors, warnings),
            (0, 0),
            "the generated registry is clean"
        );
        assert_eq!(reg.raw.len(), summary.records, "records loaded vs counted");
        assert_eq!(
            reg.sources.files().len(),
            summary.files,
            "files read vs written"
        );
        assert_eq!(reg.subprocessors.len(), 20);
        assert_eq!(reg.activities.len(), 50);
        assert_eq!(reg.processes.len(), 100);
        assert!(
            reg.processes.iter().all(|p| p.data.bodies.len() == 2),
            "de and en"
        );
        let shown = summary.to_string();
        assert!(
            shown.starts_with(&format!(
                "scale 1: {} records (20 subprocessors, 50 activities, 100 processes), {} files",
                summary.records, summary.files
            )),
            "{shown}"
        );
    }

    #[test]
    fn the_process_count_is_set_apart_from_the_scale() {
        let dir = tempfile::tempdir().unwrap();
        // A larger registry first: a smaller one written over it leaves nothing behind.
        generate(dir.path(), 1, 100, 42);
        let summary = generate(dir.path(), 1, 1, 42);
        let (reg, errors, warnings) = checked(dir.path());
        assert_eq!((errors, warnings), (0, 0));
        assert_eq!(reg.processes.len(), 1);
        assert_eq!(
            fs::read_dir(dir.path().join("processes")).unwrap().count(),
            2
        );
        assert_eq!(reg.activities.len(), 50, "the other kinds follow the scale");
        assert!(summary.to_string().contains(", 1 process),"), "{summary}");
    }

    #[test]
    fn the_same_seed_writes_the_same_bytes_and_another_seed_does_not() {
        let (a, b, c) = (
            tempfile::tempdir().unwrap(),
            tempfile::tempdir().unwrap(),
            tempfile::tempdir().unwrap(),
        );
        generate(a.path(), 2, 30, 7);
        generate(b.path(), 2, 30, 7);
        generate(c.path(), 2, 30, 8);
        let files = files_of(a.path());
        assert!(files.len() > 100);
        assert!(files == files_of(b.path()), "same seed, same registry");
        assert!(
            files != files_of(c.path()),
            "another seed, another registry"
        );
    }
}
