//! The words of the site's own interface, per language (record text comes from the
//! records). Tables hold German and English; any other language falls back to English.

use crate::model::Kind;

fn lookup(
    table: &[(&str, &'static str, &'static str)],
    lang: &str,
    key: &str,
) -> Option<&'static str> {
    table
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, de, en)| if lang == "de" { *de } else { *en })
}

/// A UI string in `lang`; an unknown key is returned as it is.
pub fn t(lang: &str, key: &str) -> String {
    lookup(UI, lang, key).unwrap_or(key).to_string()
}

/// Every interface string in `lang`, for templates.
pub fn ui_strings(lang: &str) -> Vec<(&'static str, &'static str)> {
    UI.iter()
        .map(|(k, de, en)| (*k, if lang == "de" { *de } else { *en }))
        .collect()
}

/// The heading of a kind's index page, plural.
pub fn kind_plural(lang: &str, kind: Kind) -> String {
    lookup(KINDS_PLURAL, lang, &format!("{kind:?}"))
        .unwrap_or(kind.name())
        .to_string()
}

/// The name of one record of a kind, singular.
pub fn kind_singular(lang: &str, kind: Kind) -> String {
    lookup(KINDS_SINGULAR, lang, &format!("{kind:?}"))
        .unwrap_or(kind.name())
        .to_string()
}

/// The reader's word for a value of a fixed set (`processor`, `account-deletion`…);
/// a value ropa does not know is returned as it is.
pub fn value(lang: &str, code: &str) -> String {
    lookup(VALUES, lang, code).unwrap_or(code).to_string()
}

/// A field's label on record pages; unknown fields are humanised (`legal_name` → "Legal name").
pub fn field(lang: &str, name: &str) -> String {
    match lookup(FIELDS, lang, name) {
        Some(s) => s.to_string(),
        None => {
            let mut h = name.replace('_', " ");
            if let Some(f) = h.get_mut(0..1) {
                f.make_ascii_uppercase();
            }
            h
        }
    }
}

/// A duration for people: `PT24H` → "24 Stunden" / "24 hours".
pub fn duration(lang: &str, d: &crate::model::IsoDuration) -> String {
    let de = lang == "de";
    if d.is_zero() {
        return t(lang, "at_once");
    }
    let units: [(u32, &str, &str, &str, &str); 7] = [
        (d.years, "Jahr", "Jahre", "year", "years"),
        (d.months, "Monat", "Monate", "month", "months"),
        (d.weeks, "Woche", "Wochen", "week", "weeks"),
        (d.days, "Tag", "Tage", "day", "days"),
        (d.hours, "Stunde", "Stunden", "hour", "hours"),
        (d.minutes, "Minute", "Minuten", "minute", "minutes"),
        (d.seconds, "Sekunde", "Sekunden", "second", "seconds"),
    ];
    let parts: Vec<String> = units
        .iter()
        .filter(|u| u.0 > 0)
        .map(|(n, ds, dp, es, ep)| {
            let unit = match (de, *n == 1) {
                (true, true) => ds,
                (true, false) => dp,
                (false, true) => es,
                (false, false) => ep,
            };
            format!("{n} {unit}")
        })
        .collect();
    parts.join(if de { " und " } else { " and " })
}

/// Values of enumerations: (code, German, English).
const VALUES: &[(&str, &str, &str)] = &[
    (
        "controller",
        "Verantwortlicher (Art. 30 Abs. 1)",
        "Controller (Art. 30(1))",
    ),
    (
        "processor",
        "Auftragsverarbeiter (Art. 30 Abs. 2)",
        "Processor (Art. 30(2))",
    ),
    ("active", "aktiv", "active"),
    ("planned", "geplant", "planned"),
    ("retired", "beendet", "retired"),
    (
        "avv",
        "Auftragsverarbeitungsvertrag (AVV)",
        "Processing agreement (AVV)",
    ),
    (
        "dpa",
        "Auftragsverarbeitungsvertrag (DPA)",
        "Data processing agreement (DPA)",
    ),
    (
        "scc",
        "Standardvertragsklauseln",
        "Standard contractual clauses",
    ),
    (
        "joint-controllers",
        "Vereinbarung gemeinsam Verantwortlicher (Art. 26)",
        "Joint controllers' arrangement (Art. 26)",
    ),
    ("collection", "ab Erhebung", "from collection"),
    (
        "account-deletion",
        "ab Löschung des Kunden-Accounts",
        "from deletion of the customer account",
    ),
    (
        "contract-end",
        "ab Vertragsende",
        "from the end of the contract",
    ),
    ("event", "ab Ereignis", "from an event"),
    (
        "customer-configurable",
        "vom Kunden einstellbar",
        "set by the customer",
    ),
    (
        "adequacy",
        "Angemessenheitsbeschluss (Art. 45)",
        "Adequacy decision (Art. 45)",
    ),
    (
        "eu-us-dpf",
        "EU-US Data Privacy Framework (Art. 45)",
        "EU-US Data Privacy Framework (Art. 45)",
    ),
    (
        "bcr",
        "Verbindliche interne Datenschutzvorschriften (Art. 47)",
        "Binding corporate rules (Art. 47)",
    ),
    ("art49", "Ausnahme nach Art. 49", "Derogation under Art. 49"),
    ("technical", "technisch", "technical"),
    ("organisational", "organisatorisch", "organisational"),
    (
        "product",
        "Produktrolle (Rollen-Editor)",
        "Product role (role editor)",
    ),
    ("staff", "Rolle der Beschäftigten", "Staff role"),
    ("standard", "Standard", "standard"),
    ("intensive", "intensiv", "intensive"),
    ("general", "allgemeine Genehmigung", "general authorisation"),
    ("specific", "Einzelgenehmigung", "specific authorisation"),
    ("internal", "intern", "internal"),
    ("external", "extern", "external"),
    ("authority", "Behörde", "authority"),
    ("eu", "Europäische Union", "European Union"),
    (
        "eea",
        "Europäischer Wirtschaftsraum",
        "European Economic Area",
    ),
    (
        "one",
        "Modul 1 (Verantwortlicher an Verantwortlichen)",
        "Module 1 (controller to controller)",
    ),
    (
        "two",
        "Modul 2 (Verantwortlicher an Auftragsverarbeiter)",
        "Module 2 (controller to processor)",
    ),
    (
        "three",
        "Modul 3 (Auftragsverarbeiter an Auftragsverarbeiter)",
        "Module 3 (processor to processor)",
    ),
    (
        "four",
        "Modul 4 (Auftragsverarbeiter an Verantwortlichen)",
        "Module 4 (processor to controller)",
    ),
    (
        "physical-access",
        "Zutrittskontrolle",
        "Physical access control",
    ),
    ("system-access", "Zugangskontrolle", "System access control"),
    ("data-access", "Zugriffskontrolle", "Data access control"),
    ("transfer", "Weitergabekontrolle", "Transfer control"),
    ("input", "Eingabekontrolle", "Input control"),
    (
        "instructions",
        "Auftragskontrolle",
        "Control of instructions",
    ),
    ("availability", "Verfügbarkeit", "Availability"),
    ("separation", "Trennungsgebot", "Separation"),
    ("review", "Regelmäßige Überprüfung", "Regular review"),
    ("data-minimisation", "Datenminimierung", "Data minimisation"),
    ("integrity", "Integrität", "Integrity"),
    ("confidentiality", "Vertraulichkeit", "Confidentiality"),
    ("unlinkability", "Nichtverkettung", "Unlinkability"),
    ("transparency", "Transparenz", "Transparency"),
    ("intervenability", "Intervenierbarkeit", "Intervenability"),
    ("art15-access", "Auskunft (Art. 15)", "Access (Art. 15)"),
    (
        "art16-rectification",
        "Berichtigung (Art. 16)",
        "Rectification (Art. 16)",
    ),
    ("art17-erasure", "Löschung (Art. 17)", "Erasure (Art. 17)"),
    (
        "art18-restriction",
        "Einschränkung (Art. 18)",
        "Restriction (Art. 18)",
    ),
    (
        "art20-portability",
        "Datenübertragbarkeit (Art. 20)",
        "Portability (Art. 20)",
    ),
    (
        "art21-objection",
        "Widerspruch (Art. 21)",
        "Objection (Art. 21)",
    ),
    (
        "art33-breach",
        "Meldung an die Aufsichtsbehörde (Art. 33)",
        "Notification of the authority (Art. 33)",
    ),
    (
        "art34-communication",
        "Benachrichtigung Betroffener (Art. 34)",
        "Communication to data subjects (Art. 34)",
    ),
    (
        "authority-request",
        "Anfrage einer Aufsichtsbehörde",
        "Request from an authority",
    ),
    (
        "subprocessor-change",
        "Wechsel oder Neubeauftragung von Dienstleistern",
        "Subprocessor change",
    ),
    ("training", "Schulung", "Training"),
    ("deletion", "Löschung", "Deletion"),
    ("other", "Sonstiges", "Other"),
];

/// Interface strings: (key, German, English).
const UI: &[(&str, &str, &str)] = &[
    ("sources", "Quellen", "Sources"),
    ("faq", "Fragen und Antworten", "Questions and answers"),
    ("plan", "Paket", "Plan"),
    ("all_plans", "Alle Pakete", "All plans"),
    ("optional_features", "Optionale Funktionen", "Optional features"),
    ("filter_hint", "Wählen Sie Ihr Paket und die Funktionen, die Sie nutzen: die Liste zeigt dann nur die Dienstleister, die Ihre Daten verarbeiten.", "Choose your plan and the features you use: the list then shows only the providers that process your data."),
    ("always", "immer", "always"),
    ("only_with", "nur mit", "only with"),
    ("service", "Leistung", "Service"),
    ("sites", "Verarbeitungsorte", "Processing sites"),
    ("mechanisms", "Drittlandgarantien", "Transfer mechanism"),
    ("certifications", "Zertifizierungen", "Certifications"),
    ("when", "Wann", "When"),
    ("dpo_contact", "Datenschutzbeauftragte/r", "Data protection officer"),
    ("machine_readable", "Maschinenlesbar", "Machine-readable"),
    ("subprocessors", "Unterauftragsverarbeiter", "Subprocessors"),
    ("trust_lead", "Wie wir personenbezogene Daten verarbeiten: wer sie verarbeitet, wo, wie lange – berechnet aus unseren Datenschutz-Einträgen.", "How we process personal data: who processes it, where, and for how long – computed from our privacy records."),
    ("none_visible", "keine", "none"),
    ("home", "Übersicht", "Overview"),
    ("search", "Suche", "Search"),
    (
        "search_placeholder",
        "Suchen (z. B. Hetzner)",
        "Search (e.g. Hetzner)",
    ),
    ("no_results", "Keine Treffer", "No results"),
    ("language", "Sprache", "Language"),
    ("skip", "Zum Inhalt springen", "Skip to content"),
    ("used_by", "Verwendet von", "Used by"),
    ("as_of", "Stand", "As of"),
    (
        "report",
        "Verzeichnis von Verarbeitungstätigkeiten (Art. 30 DSGVO, druckbar)",
        "Records of processing activities (Art. 30 GDPR, printable)",
    ),
    ("counts", "Bestand", "Records"),
    (
        "findings",
        "Befunde von ropa check",
        "Findings of ropa check",
    ),
    (
        "no_findings",
        "Keine Befunde: alle Prüfungen bestanden.",
        "No findings: every check passed.",
    ),
    (
        "due",
        "Fällig in den nächsten 90 Tagen",
        "Due in the next 90 days",
    ),
    ("nothing_due", "Nichts fällig.", "Nothing due."),
    ("date", "Datum", "Date"),
    ("what", "Was", "What"),
    ("record", "Eintrag", "Record"),
    ("internal_notes", "Interne Notizen", "Internal notes"),
    ("data_flows", "Datenflüsse", "Data flows"),
    ("all_flows", "Alle Datenflüsse", "All data flows"),
    (
        "too_many_flows",
        "{flows} Datenflüsse sind zu viele für ein lesbares Diagramm (höchstens {max}); die Seite jedes Systems und jeder Verarbeitungstätigkeit zeigt ihre eigenen.",
        "{flows} data flows are too many for one legible diagram (at most {max}); the page of each system and processing activity draws its own.",
    ),
    (
        "too_many_flows_here",
        "{flows} Datenflüsse sind zu viele für ein lesbares Diagramm (höchstens {max}); sie sind unten unter „{used_by}“ aufgeführt.",
        "{flows} data flows are too many for one legible diagram (at most {max}); they are listed below under “{used_by}”.",
    ),
    ("retention_schedule", "Löschfristen", "Retention schedule"),
    ("data", "Daten", "Data"),
    ("trigger", "Auslöser", "Trigger"),
    ("period", "Frist", "Period"),
    ("deletion", "Löschung", "Deletion"),
    (
        "matrix",
        "Rollen × Datenkategorien",
        "Roles × data categories",
    ),
    ("next_due", "Nächste Fälligkeit", "Next due"),
    ("last_held", "Zuletzt", "Last held"),
    ("audience", "Zielgruppe", "Audience"),
    ("interval", "Turnus", "Interval"),
    ("contents", "Inhalt", "Contents"),
    ("name", "Name", "Name"),
    ("kind", "Art", "Kind"),
    ("review", "Überprüfung", "Review"),
    ("contract_review", "Vertragsprüfung", "Contract review"),
    ("contract_end", "Vertragsende", "Contract end"),
    (
        "tia_review",
        "Transfer-Folgenabschätzung prüfen",
        "Transfer impact assessment review",
    ),
    ("training", "Schulung", "Training"),
    ("certificate", "Zertifikat läuft ab", "Certificate expires"),
    ("yes", "ja", "yes"),
    ("no", "nein", "no"),
    ("at_once", "sofort", "at once"),
    (
        "set_by_customer",
        "vom Kunden festgelegt",
        "set by the customer",
    ),
    (
        "footer",
        "Erzeugt von ropa aus dem Register",
        "Generated by ropa from the registry",
    ),
    (
        "diagram_desc",
        "Systeme als Kästen, Datenflüsse als Pfeile; jeder Pfeil nennt den Zweck.",
        "Systems as boxes, data flows as arrows; each arrow names its purpose.",
    ),
];

/// Kinds, plural: (key, German, English).
const KINDS_PLURAL: &[(&str, &str, &str)] = &[
    ("Answer", "Fragen und Antworten", "Questions and answers"),
    ("Organization", "Organisation", "Organisation"),
    ("Subprocessor", "Unterauftragsverarbeiter", "Subprocessors"),
    ("Contract", "Verträge", "Contracts"),
    (
        "Transfer",
        "Drittlandübermittlungen",
        "Third-country transfers",
    ),
    ("DataCategory", "Datenkategorien", "Data categories"),
    ("DataSubject", "Betroffene", "Data subjects"),
    (
        "Activity",
        "Verarbeitungstätigkeiten",
        "Processing activities",
    ),
    ("System", "Systeme", "Systems"),
    ("Flow", "Datenflüsse", "Data flows"),
    ("Retention", "Löschfristen", "Retention"),
    ("Tom", "TOMs", "TOMs"),
    ("Role", "Rollen", "Roles"),
    ("Training", "Schulungen", "Trainings"),
    ("Plan", "Pakete", "Plans"),
    ("Feature", "Optionale Funktionen", "Optional features"),
    ("Process", "Prozesse", "Processes"),
];

/// Kinds, singular: (key, German, English).
const KINDS_SINGULAR: &[(&str, &str, &str)] = &[
    ("Answer", "Antwort", "Answer"),
    ("Organization", "Organisation", "Organisation"),
    ("Subprocessor", "Unterauftragsverarbeiter", "Subprocessor"),
    ("Contract", "Vertrag", "Contract"),
    ("Transfer", "Drittlandübermittlung", "Transfer"),
    ("DataCategory", "Datenkategorie", "Data category"),
    (
        "DataSubject",
        "Betroffenenkategorie",
        "Data subject category",
    ),
    ("Activity", "Verarbeitungstätigkeit", "Processing activity"),
    ("System", "System", "System"),
    ("Flow", "Datenfluss", "Data flow"),
    ("Retention", "Löschregel", "Retention rule"),
    ("Tom", "Maßnahme (TOM)", "Measure (TOM)"),
    ("Role", "Rolle", "Role"),
    ("Training", "Schulung", "Training"),
    ("Plan", "Paket", "Plan"),
    ("Feature", "Optionale Funktion", "Optional feature"),
    ("Process", "Prozess", "Process"),
];

/// Field labels: (key, German, English).
const FIELDS: &[(&str, &str, &str)] = &[
    ("legal_name", "Firma", "Legal name"),
    ("short_name", "Kurzname", "Short name"),
    ("name", "Name", "Name"),
    ("label", "Bezeichnung", "Label"),
    ("title", "Titel", "Title"),
    ("description", "Beschreibung", "Description"),
    ("address", "Anschrift", "Address"),
    ("parent", "Übergeordnet", "Parent"),
    ("service", "Leistung", "Service"),
    (
        "processes_personal_data",
        "Verarbeitet personenbezogene Daten",
        "Processes personal data",
    ),
    ("sites", "Verarbeitungsorte", "Processing sites"),
    ("data_categories", "Datenkategorien", "Data categories"),
    ("data_subjects", "Betroffene", "Data subjects"),
    ("retention", "Löschregeln", "Retention rules"),
    ("contracts", "Verträge", "Contracts"),
    ("transfers", "Drittlandübermittlungen", "Transfers"),
    ("certifications", "Zertifizierungen", "Certifications"),
    ("status", "Status", "Status"),
    ("since", "Seit", "Since"),
    ("announced", "Angekündigt", "Announced"),
    ("effective", "Wirksam ab", "Effective"),
    ("retired", "Beendet", "Retired"),
    ("assessment", "Prüfung", "Assessment"),
    ("review", "Überprüfung", "Review"),
    ("kind", "Art", "Kind"),
    ("subprocessor", "Unterauftragsverarbeiter", "Subprocessor"),
    ("counterparty", "Vertragspartner", "Counterparty"),
    ("our_role", "Unsere Rolle", "Our role"),
    ("signed", "Unterzeichnet", "Signed"),
    ("version", "Version", "Version"),
    ("review_by", "Prüfen bis", "Review by"),
    ("expires", "Läuft ab", "Expires"),
    ("document", "Dokument", "Document"),
    (
        "art28_terms",
        "Art. 28 Abs. 3 abgedeckt",
        "Art. 28(3) terms covered",
    ),
    (
        "subprocessor_authorisation",
        "Genehmigung von Unterauftragnehmern",
        "Subprocessor authorisation",
    ),
    (
        "objection_notice_days",
        "Vorankündigung (Tage)",
        "Notice (days)",
    ),
    ("scc_module", "SCC-Modul", "SCC module"),
    (
        "breach_notification_hours",
        "Meldefrist bei Verletzungen (Stunden)",
        "Breach notification (hours)",
    ),
    ("countries", "Länder", "Countries"),
    ("global", "Weltweit", "Worldwide"),
    ("mechanisms", "Garantien", "Mechanisms"),
    ("contract", "Vertrag", "Contract"),
    ("dpf_checked", "DPF geprüft", "DPF checked"),
    (
        "tia",
        "Transfer-Folgenabschätzung",
        "Transfer impact assessment",
    ),
    (
        "supplementary_measures",
        "Zusätzliche Maßnahmen",
        "Supplementary measures",
    ),
    (
        "art9",
        "Besondere Kategorie (Art. 9)",
        "Special category (Art. 9)",
    ),
    (
        "art10",
        "Strafrechtlich (Art. 10)",
        "Criminal offences (Art. 10)",
    ),
    ("role", "Rolle", "Role"),
    ("purposes", "Zwecke", "Purposes"),
    ("legal_basis", "Rechtsgrundlage", "Legal basis"),
    ("recipients", "Empfänger", "Recipients"),
    ("toms", "Maßnahmen (TOMs)", "Measures (TOMs)"),
    ("systems", "Systeme", "Systems"),
    ("controllers", "Verantwortliche", "Controllers"),
    (
        "processing_categories",
        "Kategorien von Verarbeitungen",
        "Categories of processing",
    ),
    ("subprocessors", "Unterauftragsverarbeiter", "Subprocessors"),
    ("owner", "Verantwortlich", "Owner"),
    ("dpia", "Datenschutz-Folgenabschätzung", "DPIA"),
    ("operated_by", "Betrieben von", "Operated by"),
    ("external", "Extern", "External"),
    ("from", "Von", "From"),
    ("to", "Nach", "To"),
    ("purpose", "Zweck", "Purpose"),
    ("activities", "Tätigkeiten", "Activities"),
    ("protocol", "Protokoll", "Protocol"),
    ("trigger", "Auslöser", "Trigger"),
    ("event", "Ereignis", "Event"),
    ("period", "Frist", "Period"),
    ("at_the_latest", "Spätestens", "At the latest"),
    (
        "customer_options",
        "Optionen des Kunden",
        "Customer options",
    ),
    ("deletion", "Löschung", "Deletion"),
    ("system", "System", "System"),
    ("control", "Kontrollbereich", "Control"),
    ("art32", "Art. 32 Abs. 1", "Art. 32(1)"),
    ("sdm_goals", "SDM-Gewährleistungsziele", "SDM goals"),
    ("provided_by", "Erbracht von", "Provided by"),
    ("evidence", "Nachweis", "Evidence"),
    ("last_tested", "Zuletzt getestet", "Last tested"),
    ("scope", "Geltungsbereich", "Scope"),
    ("permissions", "Berechtigungen", "Permissions"),
    (
        "customizable",
        "Im Rollen-Editor anpassbar",
        "Customisable in the role editor",
    ),
    ("topic", "Thema", "Topic"),
    ("audience", "Zielgruppe", "Audience"),
    ("depth", "Tiefe", "Depth"),
    ("last_held", "Zuletzt durchgeführt", "Last held"),
    ("interval", "Turnus", "Interval"),
    ("process", "Prozess", "Process"),
    ("features", "Funktionen", "Features"),
    ("default_on", "Standardmäßig aktiv", "On by default"),
    ("handles", "Behandelt", "Handles"),
    ("deadline", "Frist", "Deadline"),
    (
        "deadline_basis",
        "Rechtsgrundlage der Frist",
        "Source of the deadline",
    ),
    ("related", "Zugehörige Einträge", "Related records"),
    ("languages", "Sprachen", "Languages"),
    ("roles", "Rollen", "Roles"),
    ("dpo", "Datenschutzbeauftragte/r", "Data protection officer"),
    (
        "representative",
        "Vertreter (Art. 27)",
        "Representative (Art. 27)",
    ),
    (
        "supervisory_authority",
        "Aufsichtsbehörde",
        "Supervisory authority",
    ),
    ("contact", "Kontakt", "Contact"),
    ("management", "Geschäftsführung", "Management"),
    ("street", "Straße", "Street"),
    ("postal_code", "PLZ", "Postal code"),
    ("city", "Ort", "City"),
    ("country", "Land", "Country"),
    ("region", "Region", "Region"),
    ("global_edge", "Weltweites Edge-Netz", "Global edge network"),
    ("email", "E-Mail", "Email"),
    ("phone", "Telefon", "Phone"),
    ("web", "Web", "Web"),
    ("valid_until", "Gültig bis", "Valid until"),
    ("last", "Zuletzt", "Last"),
    ("date", "Datum", "Date"),
    ("location", "Ablage", "Location"),
    ("sha256", "SHA-256", "SHA-256"),
    ("article", "Artikel", "Article"),
    ("explanation", "Begründung", "Explanation"),
    ("required", "Erforderlich", "Required"),
    ("reason", "Grund", "Reason"),
    ("done", "Durchgeführt", "Done"),
    ("not_required", "Nicht erforderlich", "Not required"),
    ("organization", "Organisation", "Organisation"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::IsoDuration;

    #[test]
    fn durations_read_naturally() {
        let d = IsoDuration::parse("PT24H").unwrap();
        assert_eq!(duration("de", &d), "24 Stunden");
        assert_eq!(duration("en", &d), "24 hours");
        assert_eq!(
            duration("en", &IsoDuration::parse("P1Y6M").unwrap()),
            "1 year and 6 months"
        );
        assert_eq!(
            duration("de", &IsoDuration::parse("P0D").unwrap()),
            "sofort"
        );
    }
}
