//! The words of the site's own interface, per language (record text comes from the records).

/// A UI string in `lang` (German or English; other languages fall back to English).
pub fn t(lang: &str, key: &str) -> String {
    let de = lang == "de";
    let s = match key {
        "home" => {
            if de {
                "Übersicht"
            } else {
                "Overview"
            }
        }
        "search" => {
            if de {
                "Suche"
            } else {
                "Search"
            }
        }
        "search_placeholder" => {
            if de {
                "Suchen (z. B. Hetzner)"
            } else {
                "Search (e.g. Hetzner)"
            }
        }
        "no_results" => {
            if de {
                "Keine Treffer"
            } else {
                "No results"
            }
        }
        "language" => {
            if de {
                "Sprache"
            } else {
                "Language"
            }
        }
        "skip" => {
            if de {
                "Zum Inhalt springen"
            } else {
                "Skip to content"
            }
        }
        "used_by" => {
            if de {
                "Verwendet von"
            } else {
                "Used by"
            }
        }
        "as_of" => {
            if de {
                "Stand"
            } else {
                "As of"
            }
        }
        "counts" => {
            if de {
                "Bestand"
            } else {
                "Records"
            }
        }
        "findings" => {
            if de {
                "Befunde von ropa check"
            } else {
                "Findings of ropa check"
            }
        }
        "no_findings" => {
            if de {
                "Keine Befunde: alle Prüfungen bestanden."
            } else {
                "No findings: every check passed."
            }
        }
        "due" => {
            if de {
                "Fällig in den nächsten 90 Tagen"
            } else {
                "Due in the next 90 days"
            }
        }
        "nothing_due" => {
            if de {
                "Nichts fällig."
            } else {
                "Nothing due."
            }
        }
        "date" => {
            if de {
                "Datum"
            } else {
                "Date"
            }
        }
        "what" => {
            if de {
                "Was"
            } else {
                "What"
            }
        }
        "record" => {
            if de {
                "Eintrag"
            } else {
                "Record"
            }
        }
        "internal_notes" => {
            if de {
                "Interne Notizen"
            } else {
                "Internal notes"
            }
        }
        "data_flows" => {
            if de {
                "Datenflüsse"
            } else {
                "Data flows"
            }
        }
        "all_flows" => {
            if de {
                "Alle Datenflüsse"
            } else {
                "All data flows"
            }
        }
        "retention_schedule" => {
            if de {
                "Löschfristen"
            } else {
                "Retention schedule"
            }
        }
        "data" => {
            if de {
                "Daten"
            } else {
                "Data"
            }
        }
        "trigger" => {
            if de {
                "Auslöser"
            } else {
                "Trigger"
            }
        }
        "period" => {
            if de {
                "Frist"
            } else {
                "Period"
            }
        }
        "deletion" => {
            if de {
                "Löschung"
            } else {
                "Deletion"
            }
        }
        "matrix" => {
            if de {
                "Rollen × Datenkategorien"
            } else {
                "Roles × data categories"
            }
        }
        "next_due" => {
            if de {
                "Nächste Fälligkeit"
            } else {
                "Next due"
            }
        }
        "last_held" => {
            if de {
                "Zuletzt"
            } else {
                "Last held"
            }
        }
        "audience" => {
            if de {
                "Zielgruppe"
            } else {
                "Audience"
            }
        }
        "interval" => {
            if de {
                "Turnus"
            } else {
                "Interval"
            }
        }
        "contents" => {
            if de {
                "Inhalt"
            } else {
                "Contents"
            }
        }
        "name" => "Name",
        "kind" => {
            if de {
                "Art"
            } else {
                "Kind"
            }
        }
        "review" => {
            if de {
                "Überprüfung"
            } else {
                "Review"
            }
        }
        "contract_review" => {
            if de {
                "Vertragsprüfung"
            } else {
                "Contract review"
            }
        }
        "contract_end" => {
            if de {
                "Vertragsende"
            } else {
                "Contract end"
            }
        }
        "tia_review" => {
            if de {
                "Transfer-Folgenabschätzung prüfen"
            } else {
                "Transfer impact assessment review"
            }
        }
        "training" => {
            if de {
                "Schulung"
            } else {
                "Training"
            }
        }
        "certificate" => {
            if de {
                "Zertifikat läuft ab"
            } else {
                "Certificate expires"
            }
        }
        "yes" => {
            if de {
                "ja"
            } else {
                "yes"
            }
        }
        "no" => {
            if de {
                "nein"
            } else {
                "no"
            }
        }
        "at_once" => {
            if de {
                "sofort"
            } else {
                "at once"
            }
        }
        "set_by_customer" => {
            if de {
                "vom Kunden festgelegt"
            } else {
                "set by the customer"
            }
        }
        "footer" => {
            if de {
                "Erzeugt von ropa aus dem Register"
            } else {
                "Generated by ropa from the registry"
            }
        }
        "diagram_desc" => {
            if de {
                "Systeme als Kästen, Datenflüsse als Pfeile; jeder Pfeil nennt den Zweck."
            } else {
                "Systems as boxes, data flows as arrows; each arrow names its purpose."
            }
        }
        _ => key,
    };
    s.to_string()
}

/// The heading of a kind's index page, plural.
pub fn kind_plural(lang: &str, kind: crate::model::Kind) -> String {
    use crate::model::Kind::*;
    let de = lang == "de";
    let s = match kind {
        Organization => {
            if de {
                "Organisation"
            } else {
                "Organisation"
            }
        }
        Subprocessor => {
            if de {
                "Unterauftragsverarbeiter"
            } else {
                "Subprocessors"
            }
        }
        Contract => {
            if de {
                "Verträge"
            } else {
                "Contracts"
            }
        }
        Transfer => {
            if de {
                "Drittlandübermittlungen"
            } else {
                "Third-country transfers"
            }
        }
        DataCategory => {
            if de {
                "Datenkategorien"
            } else {
                "Data categories"
            }
        }
        DataSubject => {
            if de {
                "Betroffene"
            } else {
                "Data subjects"
            }
        }
        Activity => {
            if de {
                "Verarbeitungstätigkeiten"
            } else {
                "Processing activities"
            }
        }
        System => {
            if de {
                "Systeme"
            } else {
                "Systems"
            }
        }
        Flow => {
            if de {
                "Datenflüsse"
            } else {
                "Data flows"
            }
        }
        Retention => {
            if de {
                "Löschfristen"
            } else {
                "Retention"
            }
        }
        Tom => {
            if de {
                "TOMs"
            } else {
                "TOMs"
            }
        }
        Role => {
            if de {
                "Rollen"
            } else {
                "Roles"
            }
        }
        Training => {
            if de {
                "Schulungen"
            } else {
                "Trainings"
            }
        }
        Plan => {
            if de {
                "Pakete"
            } else {
                "Plans"
            }
        }
        Feature => {
            if de {
                "Optionale Funktionen"
            } else {
                "Optional features"
            }
        }
        Process => {
            if de {
                "Prozesse"
            } else {
                "Processes"
            }
        }
    };
    s.to_string()
}

/// The name of one record of a kind, singular.
pub fn kind_singular(lang: &str, kind: crate::model::Kind) -> String {
    use crate::model::Kind::*;
    let de = lang == "de";
    let s = match kind {
        Organization => "Organisation",
        Subprocessor => {
            if de {
                "Unterauftragsverarbeiter"
            } else {
                "Subprocessor"
            }
        }
        Contract => {
            if de {
                "Vertrag"
            } else {
                "Contract"
            }
        }
        Transfer => {
            if de {
                "Drittlandübermittlung"
            } else {
                "Transfer"
            }
        }
        DataCategory => {
            if de {
                "Datenkategorie"
            } else {
                "Data category"
            }
        }
        DataSubject => {
            if de {
                "Betroffenenkategorie"
            } else {
                "Data subject category"
            }
        }
        Activity => {
            if de {
                "Verarbeitungstätigkeit"
            } else {
                "Processing activity"
            }
        }
        System => "System",
        Flow => {
            if de {
                "Datenfluss"
            } else {
                "Data flow"
            }
        }
        Retention => {
            if de {
                "Löschregel"
            } else {
                "Retention rule"
            }
        }
        Tom => {
            if de {
                "Maßnahme (TOM)"
            } else {
                "Measure (TOM)"
            }
        }
        Role => {
            if de {
                "Rolle"
            } else {
                "Role"
            }
        }
        Training => {
            if de {
                "Schulung"
            } else {
                "Training"
            }
        }
        Plan => {
            if de {
                "Paket"
            } else {
                "Plan"
            }
        }
        Feature => {
            if de {
                "Optionale Funktion"
            } else {
                "Optional feature"
            }
        }
        Process => {
            if de {
                "Prozess"
            } else {
                "Process"
            }
        }
    };
    s.to_string()
}

/// A field's label on record pages; unknown fields are humanised (`legal_name` → "Legal name").
pub fn field(lang: &str, name: &str) -> String {
    let de = lang == "de";
    let s = match name {
        "legal_name" => {
            if de {
                "Firma"
            } else {
                "Legal name"
            }
        }
        "short_name" => {
            if de {
                "Kurzname"
            } else {
                "Short name"
            }
        }
        "name" => "Name",
        "label" => {
            if de {
                "Bezeichnung"
            } else {
                "Label"
            }
        }
        "title" => {
            if de {
                "Titel"
            } else {
                "Title"
            }
        }
        "description" => {
            if de {
                "Beschreibung"
            } else {
                "Description"
            }
        }
        "address" => {
            if de {
                "Anschrift"
            } else {
                "Address"
            }
        }
        "parent" => {
            if de {
                "Übergeordnet"
            } else {
                "Parent"
            }
        }
        "service" => {
            if de {
                "Leistung"
            } else {
                "Service"
            }
        }
        "processes_personal_data" => {
            if de {
                "Verarbeitet personenbezogene Daten"
            } else {
                "Processes personal data"
            }
        }
        "sites" => {
            if de {
                "Verarbeitungsorte"
            } else {
                "Processing sites"
            }
        }
        "data_categories" => {
            if de {
                "Datenkategorien"
            } else {
                "Data categories"
            }
        }
        "data_subjects" => {
            if de {
                "Betroffene"
            } else {
                "Data subjects"
            }
        }
        "retention" => {
            if de {
                "Löschregeln"
            } else {
                "Retention rules"
            }
        }
        "contracts" => {
            if de {
                "Verträge"
            } else {
                "Contracts"
            }
        }
        "transfers" => {
            if de {
                "Drittlandübermittlungen"
            } else {
                "Transfers"
            }
        }
        "certifications" => {
            if de {
                "Zertifizierungen"
            } else {
                "Certifications"
            }
        }
        "status" => "Status",
        "since" => {
            if de {
                "Seit"
            } else {
                "Since"
            }
        }
        "announced" => {
            if de {
                "Angekündigt"
            } else {
                "Announced"
            }
        }
        "effective" => {
            if de {
                "Wirksam ab"
            } else {
                "Effective"
            }
        }
        "retired" => {
            if de {
                "Beendet"
            } else {
                "Retired"
            }
        }
        "assessment" => {
            if de {
                "Prüfung"
            } else {
                "Assessment"
            }
        }
        "review" => {
            if de {
                "Überprüfung"
            } else {
                "Review"
            }
        }
        "kind" => {
            if de {
                "Art"
            } else {
                "Kind"
            }
        }
        "subprocessor" => {
            if de {
                "Unterauftragsverarbeiter"
            } else {
                "Subprocessor"
            }
        }
        "counterparty" => {
            if de {
                "Vertragspartner"
            } else {
                "Counterparty"
            }
        }
        "our_role" => {
            if de {
                "Unsere Rolle"
            } else {
                "Our role"
            }
        }
        "signed" => {
            if de {
                "Unterzeichnet"
            } else {
                "Signed"
            }
        }
        "version" => "Version",
        "review_by" => {
            if de {
                "Prüfen bis"
            } else {
                "Review by"
            }
        }
        "expires" => {
            if de {
                "Läuft ab"
            } else {
                "Expires"
            }
        }
        "document" => {
            if de {
                "Dokument"
            } else {
                "Document"
            }
        }
        "art28_terms" => {
            if de {
                "Art. 28 Abs. 3 abgedeckt"
            } else {
                "Art. 28(3) terms covered"
            }
        }
        "subprocessor_authorisation" => {
            if de {
                "Genehmigung von Unterauftragnehmern"
            } else {
                "Subprocessor authorisation"
            }
        }
        "objection_notice_days" => {
            if de {
                "Vorankündigung (Tage)"
            } else {
                "Notice (days)"
            }
        }
        "scc_module" => {
            if de {
                "SCC-Modul"
            } else {
                "SCC module"
            }
        }
        "breach_notification_hours" => {
            if de {
                "Meldefrist bei Verletzungen (Stunden)"
            } else {
                "Breach notification (hours)"
            }
        }
        "countries" => {
            if de {
                "Länder"
            } else {
                "Countries"
            }
        }
        "global" => {
            if de {
                "Weltweit"
            } else {
                "Worldwide"
            }
        }
        "mechanisms" => {
            if de {
                "Garantien"
            } else {
                "Mechanisms"
            }
        }
        "contract" => {
            if de {
                "Vertrag"
            } else {
                "Contract"
            }
        }
        "dpf_checked" => {
            if de {
                "DPF geprüft"
            } else {
                "DPF checked"
            }
        }
        "tia" => {
            if de {
                "Transfer-Folgenabschätzung"
            } else {
                "Transfer impact assessment"
            }
        }
        "supplementary_measures" => {
            if de {
                "Zusätzliche Maßnahmen"
            } else {
                "Supplementary measures"
            }
        }
        "art9" => {
            if de {
                "Besondere Kategorie (Art. 9)"
            } else {
                "Special category (Art. 9)"
            }
        }
        "art10" => {
            if de {
                "Strafrechtlich (Art. 10)"
            } else {
                "Criminal offences (Art. 10)"
            }
        }
        "role" => {
            if de {
                "Rolle"
            } else {
                "Role"
            }
        }
        "purposes" => {
            if de {
                "Zwecke"
            } else {
                "Purposes"
            }
        }
        "legal_basis" => {
            if de {
                "Rechtsgrundlage"
            } else {
                "Legal basis"
            }
        }
        "recipients" => {
            if de {
                "Empfänger"
            } else {
                "Recipients"
            }
        }
        "toms" => {
            if de {
                "Maßnahmen (TOMs)"
            } else {
                "Measures (TOMs)"
            }
        }
        "systems" => {
            if de {
                "Systeme"
            } else {
                "Systems"
            }
        }
        "controllers" => {
            if de {
                "Verantwortliche"
            } else {
                "Controllers"
            }
        }
        "processing_categories" => {
            if de {
                "Kategorien von Verarbeitungen"
            } else {
                "Categories of processing"
            }
        }
        "subprocessors" => {
            if de {
                "Unterauftragsverarbeiter"
            } else {
                "Subprocessors"
            }
        }
        "owner" => {
            if de {
                "Verantwortlich"
            } else {
                "Owner"
            }
        }
        "dpia" => {
            if de {
                "Datenschutz-Folgenabschätzung"
            } else {
                "DPIA"
            }
        }
        "operated_by" => {
            if de {
                "Betrieben von"
            } else {
                "Operated by"
            }
        }
        "external" => {
            if de {
                "Extern"
            } else {
                "External"
            }
        }
        "from" => {
            if de {
                "Von"
            } else {
                "From"
            }
        }
        "to" => {
            if de {
                "Nach"
            } else {
                "To"
            }
        }
        "purpose" => {
            if de {
                "Zweck"
            } else {
                "Purpose"
            }
        }
        "activities" => {
            if de {
                "Tätigkeiten"
            } else {
                "Activities"
            }
        }
        "protocol" => {
            if de {
                "Protokoll"
            } else {
                "Protocol"
            }
        }
        "trigger" => {
            if de {
                "Auslöser"
            } else {
                "Trigger"
            }
        }
        "event" => {
            if de {
                "Ereignis"
            } else {
                "Event"
            }
        }
        "period" => {
            if de {
                "Frist"
            } else {
                "Period"
            }
        }
        "at_the_latest" => {
            if de {
                "Spätestens"
            } else {
                "At the latest"
            }
        }
        "customer_options" => {
            if de {
                "Optionen des Kunden"
            } else {
                "Customer options"
            }
        }
        "deletion" => {
            if de {
                "Löschung"
            } else {
                "Deletion"
            }
        }
        "system" => "System",
        "control" => {
            if de {
                "Kontrollbereich"
            } else {
                "Control"
            }
        }
        "art32" => {
            if de {
                "Art. 32 Abs. 1"
            } else {
                "Art. 32(1)"
            }
        }
        "sdm_goals" => {
            if de {
                "SDM-Gewährleistungsziele"
            } else {
                "SDM goals"
            }
        }
        "provided_by" => {
            if de {
                "Erbracht von"
            } else {
                "Provided by"
            }
        }
        "evidence" => {
            if de {
                "Nachweis"
            } else {
                "Evidence"
            }
        }
        "last_tested" => {
            if de {
                "Zuletzt getestet"
            } else {
                "Last tested"
            }
        }
        "scope" => {
            if de {
                "Geltungsbereich"
            } else {
                "Scope"
            }
        }
        "permissions" => {
            if de {
                "Berechtigungen"
            } else {
                "Permissions"
            }
        }
        "customizable" => {
            if de {
                "Im Rollen-Editor anpassbar"
            } else {
                "Customisable in the role editor"
            }
        }
        "topic" => {
            if de {
                "Thema"
            } else {
                "Topic"
            }
        }
        "audience" => {
            if de {
                "Zielgruppe"
            } else {
                "Audience"
            }
        }
        "depth" => {
            if de {
                "Tiefe"
            } else {
                "Depth"
            }
        }
        "last_held" => {
            if de {
                "Zuletzt durchgeführt"
            } else {
                "Last held"
            }
        }
        "interval" => {
            if de {
                "Turnus"
            } else {
                "Interval"
            }
        }
        "process" => {
            if de {
                "Prozess"
            } else {
                "Process"
            }
        }
        "features" => {
            if de {
                "Funktionen"
            } else {
                "Features"
            }
        }
        "default_on" => {
            if de {
                "Standardmäßig aktiv"
            } else {
                "On by default"
            }
        }
        "handles" => {
            if de {
                "Behandelt"
            } else {
                "Handles"
            }
        }
        "deadline" => {
            if de {
                "Frist"
            } else {
                "Deadline"
            }
        }
        "deadline_basis" => {
            if de {
                "Rechtsgrundlage der Frist"
            } else {
                "Source of the deadline"
            }
        }
        "related" => {
            if de {
                "Zugehörige Einträge"
            } else {
                "Related records"
            }
        }
        "languages" => {
            if de {
                "Sprachen"
            } else {
                "Languages"
            }
        }
        "roles" => {
            if de {
                "Rollen"
            } else {
                "Roles"
            }
        }
        "dpo" => {
            if de {
                "Datenschutzbeauftragte/r"
            } else {
                "Data protection officer"
            }
        }
        "representative" => {
            if de {
                "Vertreter (Art. 27)"
            } else {
                "Representative (Art. 27)"
            }
        }
        "supervisory_authority" => {
            if de {
                "Aufsichtsbehörde"
            } else {
                "Supervisory authority"
            }
        }
        "contact" => {
            if de {
                "Kontakt"
            } else {
                "Contact"
            }
        }
        "management" => {
            if de {
                "Geschäftsführung"
            } else {
                "Management"
            }
        }
        "street" => {
            if de {
                "Straße"
            } else {
                "Street"
            }
        }
        "postal_code" => {
            if de {
                "PLZ"
            } else {
                "Postal code"
            }
        }
        "city" => {
            if de {
                "Ort"
            } else {
                "City"
            }
        }
        "country" => {
            if de {
                "Land"
            } else {
                "Country"
            }
        }
        "region" => "Region",
        "global_edge" => {
            if de {
                "Weltweites Edge-Netz"
            } else {
                "Global edge network"
            }
        }
        "email" => {
            if de {
                "E-Mail"
            } else {
                "Email"
            }
        }
        "phone" => {
            if de {
                "Telefon"
            } else {
                "Phone"
            }
        }
        "web" => "Web",
        "valid_until" => {
            if de {
                "Gültig bis"
            } else {
                "Valid until"
            }
        }
        "last" => {
            if de {
                "Zuletzt"
            } else {
                "Last"
            }
        }
        "date" => {
            if de {
                "Datum"
            } else {
                "Date"
            }
        }
        "location" => {
            if de {
                "Ablage"
            } else {
                "Location"
            }
        }
        "sha256" => "SHA-256",
        "article" => {
            if de {
                "Artikel"
            } else {
                "Article"
            }
        }
        "explanation" => {
            if de {
                "Begründung"
            } else {
                "Explanation"
            }
        }
        "required" => {
            if de {
                "Erforderlich"
            } else {
                "Required"
            }
        }
        "reason" => {
            if de {
                "Grund"
            } else {
                "Reason"
            }
        }
        "done" => {
            if de {
                "Durchgeführt"
            } else {
                "Done"
            }
        }
        "not_required" => {
            if de {
                "Nicht erforderlich"
            } else {
                "Not required"
            }
        }
        "organization" => {
            if de {
                "Organisation"
            } else {
                "Organisation"
            }
        }
        _ => "",
    };
    if s.is_empty() {
        let mut h = name.replace('_', " ");
        if let Some(f) = h.get_mut(0..1) {
            f.make_ascii_uppercase();
        }
        h
    } else {
        s.to_string()
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
