//! Tabular views of the registry, shared by the CSV and XLSX exports: one table per
//! kind, in one language, one row per record sorted by id, the id in the first column.
//!
//! German column names follow the DSK template for the Verzeichnis von
//! Verarbeitungstätigkeiten, English ones the ICO's record-of-processing template.
//!
//! Longer than 600 lines on purpose: four tables (activities, subprocessors,
//! retention, TOMs), each one function that lists its columns in the templates' order,
//! sharing the cell helpers of this file; split apart, a reader would lose the one
//! place where every exported column is named.
//! Lists inside a cell are joined with "; ".

use super::What;
use crate::i18n;
use crate::model::activity::{Activity, RecipientKind};
use crate::model::retention::RetentionRule;
use crate::model::subprocessor::Subprocessor;
use crate::model::tom::Tom;
use crate::model::transfer::Transfer;
use crate::model::{Date, Kind, Text, Visibility};
use crate::registry::{HasId, Registry};
use crate::view::SiteView;
use serde::Serialize;

/// One cell of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text (lists already joined with "; ").
    Text(String),
    /// A calendar date (a real date in XLSX, `YYYY-MM-DD` in CSV).
    Date(Date),
    /// A number.
    Number(f64),
    /// Nothing recorded.
    Empty,
}

impl Cell {
    /// The cell as CSV writes it: text as is, dates `YYYY-MM-DD`, nothing as "".
    pub fn to_text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Date(d) => d.to_string(),
            Cell::Number(n) => n.to_string(),
            Cell::Empty => String::new(),
        }
    }

    fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.trim().is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }

    fn list<I: IntoIterator<Item = String>>(items: I) -> Cell {
        let items: Vec<String> = items.into_iter().filter(|s| !s.trim().is_empty()).collect();
        Cell::text(items.join("; "))
    }

    fn date(d: Option<Date>) -> Cell {
        d.map_or(Cell::Empty, Cell::Date)
    }
}

/// A table: a machine name (file and sheet key), a title in the table's language,
/// the column headers and the rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The kind, as used for file names: `activities`, `subprocessors`, `retention`, `toms`.
    pub name: String,
    /// The kind in the table's language (the XLSX sheet name; at most 31 characters).
    pub title: String,
    /// Column headers, `ID` first.
    pub headers: Vec<String>,
    /// One row per record, sorted by id; every row has as many cells as there are headers.
    pub rows: Vec<Vec<Cell>>,
}

/// The kinds a table can be made of, in export order.
pub const KINDS: [What; 4] = [
    What::Activities,
    What::Subprocessors,
    What::Retention,
    What::Toms,
];

/// The kinds `what` covers, in export order.
pub fn kinds(what: What) -> Vec<What> {
    match what {
        What::All => KINDS.to_vec(),
        one => vec![one],
    }
}

/// The machine name of a kind (`activities`…); `all` for [`What::All`].
pub fn name(what: What) -> &'static str {
    match what {
        What::Activities => "activities",
        What::Subprocessors => "subprocessors",
        What::Retention => "retention",
        What::Toms => "toms",
        What::All => "all",
    }
}

/// The table of one kind in `lang` (its words from `[export]` of the word lists), as
/// `audience` may see it (`reg` is already filtered for it). [`What::All`] gives the
/// activities; use [`all`] for every kind.
///
/// The last column names the audience on every row: a CSV has no standard place for
/// a note about the whole file, and a file handed on must still say whom it was
/// made for. The value is the word `--audience` takes, in every language.
pub fn table(reg: &Registry, what: What, lang: &str, audience: Visibility) -> Table {
    let t = Tables::new(reg, lang);
    let mut table = match what {
        What::Activities | What::All => t.activities(),
        What::Subprocessors => t.subprocessors(),
        What::Retention => t.retention(),
        What::Toms => t.toms(),
    };
    table.headers.push(t.w("audience"));
    for row in &mut table.rows {
        row.push(Cell::Text(audience.as_str().to_string()));
    }
    table
}

/// The tables of every kind `what` covers, in export order.
pub fn all(reg: &Registry, what: What, lang: &str, audience: Visibility) -> Vec<Table> {
    kinds(what)
        .into_iter()
        .map(|k| table(reg, k, lang, audience))
        .collect()
}

/// Records of a kind, sorted by id (the first of a duplicated id only).
fn sorted<T: HasId>(records: &[crate::model::Record<T>]) -> Vec<&T> {
    let mut v: Vec<&T> = records.iter().map(|r| &r.data).collect();
    v.sort_by(|a, b| a.id().value.cmp(&b.id().value));
    v.dedup_by(|a, b| a.id().value == b.id().value);
    v
}

/// The kebab-case code serde writes for an enum value.
fn code<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

struct Tables<'a> {
    reg: &'a Registry,
    view: SiteView<'a>,
    lang: &'a str,
    default: String,
}

impl<'a> Tables<'a> {
    fn new(reg: &'a Registry, lang: &'a str) -> Self {
        Tables {
            reg,
            view: SiteView::new(reg, crate::model::Visibility::Internal),
            lang,
            default: reg.default_language(),
        }
    }

    /// A word of the tables (`[export]` of the word lists) in the table's language.
    fn w(&self, key: &str) -> String {
        i18n::word(self.lang, "export", key)
    }

    fn headers(&self, cols: &[&str]) -> Vec<String> {
        cols.iter().map(|key| self.w(key)).collect()
    }

    fn text(&self, t: &Text) -> String {
        t.get(self.lang, &self.default).trim().to_string()
    }

    fn opt_text(&self, t: Option<&Text>) -> String {
        t.map(|t| self.text(t)).unwrap_or_default()
    }

    fn label(&self, kind: Kind, id: &str) -> String {
        self.view.label(kind, id, self.lang)
    }

    fn labels<'r>(&self, kind: Kind, ids: impl IntoIterator<Item = &'r crate::model::Ref>) -> Cell {
        Cell::list(ids.into_iter().map(|r| self.label(kind, &r.value)))
    }

    fn country(&self, code: &str) -> String {
        crate::i18n::country_name(code, self.lang)
    }

    /// "AWS CloudFront: USA, weltweit" for each transfer.
    fn transfer_countries(&self, transfers: &[&Transfer]) -> Cell {
        Cell::list(transfers.iter().map(|t| {
            let mut places: Vec<String> =
                t.countries.iter().map(|c| self.country(c.code())).collect();
            if t.global {
                places.push(self.w("worldwide"));
            }
            format!(
                "{}: {}",
                self.label(Kind::Subprocessor, &t.subprocessor.value),
                places.join(", ")
            )
        }))
    }

    /// "AWS CloudFront: EU-US Data Privacy Framework (Art. 45), Standardvertragsklauseln".
    fn transfer_safeguards(&self, transfers: &[&Transfer]) -> Cell {
        Cell::list(transfers.iter().map(|t| {
            let mechanisms: Vec<String> = t
                .mechanisms
                .iter()
                .map(|m| i18n::value(self.lang, &code(&m.value)))
                .collect();
            format!(
                "{}: {}",
                self.label(Kind::Subprocessor, &t.subprocessor.value),
                mechanisms.join(", ")
            )
        }))
    }

    fn transfers_of<'r>(
        &self,
        ids: impl IntoIterator<Item = &'r crate::model::Ref>,
    ) -> Vec<&'a Transfer> {
        ids.into_iter()
            .filter_map(|r| self.reg.transfer(&r.value).map(|t| &t.data))
            .collect()
    }

    /// How long, from when: "24 Stunden ab Erhebung", "vom Kunden einstellbar, spätestens: …".
    fn retention_summary(&self, rule: &RetentionRule) -> String {
        let trigger = code(&rule.trigger);
        // "ab: Ende des Kalenderjahres…" reads better than "ab Ereignis (Ende…)".
        let event = rule
            .event
            .as_ref()
            .map(|e| self.text(e).trim_end_matches('.').to_string())
            .filter(|e| !e.is_empty() && trigger == "event");
        let from = match &event {
            Some(e) => format!("{}: {e}", self.w("from")),
            None => i18n::value(self.lang, &trigger),
        };
        let mut s = match &rule.period {
            Some(p) if trigger != "customer-configurable" => {
                format!("{} {from}", i18n::duration(self.lang, &p.value))
            }
            Some(p) => format!(
                "{} ({} {})",
                i18n::value(self.lang, &trigger),
                self.w("at_most"),
                i18n::duration(self.lang, &p.value)
            ),
            None => from,
        };
        if let (Some(e), None) = (&rule.event, &event) {
            s.push_str(&format!(" ({})", self.text(e)));
        }
        if let Some(latest) = &rule.at_the_latest {
            s.push_str(&format!(
                ", {}: {}",
                self.w("at_the_latest"),
                self.label(Kind::Retention, &latest.value)
            ));
        }
        s
    }

    fn activities(&self) -> Table {
        let headers = self.headers(&[
            "id",
            "business_function",
            "role",
            "purposes",
            "lawful_basis",
            "controller_contact",
            "processing_categories",
            "data_subjects",
            "data_categories",
            "recipients",
            "processors_and_contracts",
            "third_countries",
            "safeguards",
            "retention_schedule",
            "tom_description",
            "dpia",
            "owner",
            "last_review",
            "next_review",
        ]);
        let rows = sorted(&self.reg.activities)
            .into_iter()
            .map(|a| self.activity_row(a))
            .collect();
        Table {
            name: name(What::Activities).into(),
            title: self.w("activities"),
            headers,
            rows,
        }
    }

    fn activity_row(&self, a: &Activity) -> Vec<Cell> {
        let legal = a.legal_basis.iter().map(|b| {
            let art = format!("Art. {} {}", b.article.value.trim(), self.w("gdpr"));
            match &b.explanation {
                Some(e) => format!("{art}: {}", self.text(e)),
                None => art,
            }
        });
        let controllers = a.controllers.iter().map(|c| {
            let mut parts = vec![self.text(&c.name)];
            for (key, t) in [
                ("contact", &c.contact),
                ("representative", &c.representative),
                ("dpo", &c.dpo),
            ] {
                if let Some(t) = t {
                    parts.push(format!("{}: {}", self.w(key), self.text(t)));
                }
            }
            if let Some(k) = &c.contract {
                parts.push(format!(
                    "{}: {}",
                    self.w("contract"),
                    self.label(Kind::Contract, &k.value)
                ));
            }
            parts.join(" | ")
        });
        let recipients = a.recipients.iter().map(|r| {
            let who = match (&r.name, &r.subprocessor, &r.role) {
                (Some(n), _, _) => self.text(n),
                (None, Some(s), _) => self.label(Kind::Subprocessor, &s.value),
                (None, None, Some(role)) => self.label(Kind::Role, &role.value),
                (None, None, None) => String::new(),
            };
            let kind = match r.kind {
                RecipientKind::Internal => self.w("internal"),
                RecipientKind::Processor => self.w("processor"),
                RecipientKind::External => self.w("external"),
                RecipientKind::Authority => self.w("authority"),
            };
            if who.is_empty() {
                kind.to_string()
            } else {
                format!("{who} ({kind})")
            }
        });
        // Processors named as recipients count as used, too.
        let mut processors: Vec<&str> = a.subprocessors.iter().map(|s| s.value.as_str()).collect();
        for r in &a.recipients {
            if let Some(s) = &r.subprocessor {
                processors.push(&s.value);
            }
        }
        processors.sort_unstable();
        processors.dedup();
        let contracts = processors.iter().map(|id| {
            let label = self.label(Kind::Subprocessor, id);
            let docs: Vec<String> = self
                .reg
                .subprocessor(id)
                .map(|s| {
                    s.data
                        .contracts
                        .iter()
                        .map(|c| self.contract_ref(&c.value))
                        .collect()
                })
                .unwrap_or_default();
            if docs.is_empty() {
                label
            } else {
                format!("{label}: {}", docs.join(" | "))
            }
        });
        let transfers = self.transfers_of(&a.transfers);
        let retention = a
            .retention
            .iter()
            .map(|r| match self.reg.retention_rule(&r.value) {
                Some(rule) => format!(
                    "{}: {}",
                    self.label(Kind::Retention, &r.value),
                    self.retention_summary(&rule.data)
                ),
                None => r.value.clone(),
            });
        let dpia = a.dpia.as_ref().map(|d| {
            let mut s = i18n::t(self.lang, if d.required { "yes" } else { "no" });
            if let Some(done) = d.done {
                s.push_str(&format!(" ({} {done})", self.w("carried_out")));
            }
            if let Some(r) = &d.reason {
                s.push_str(&format!(": {}", self.text(r)));
            }
            s
        });
        vec![
            Cell::text(a.id.value.clone()),
            Cell::text(self.text(&a.name)),
            Cell::text(i18n::value(self.lang, &code(&a.role.value))),
            Cell::list(a.purposes.iter().map(|p| self.text(p))),
            Cell::list(legal),
            Cell::list(controllers),
            Cell::list(a.processing_categories.iter().map(|p| self.text(p))),
            self.labels(Kind::DataSubject, &a.data_subjects),
            self.labels(Kind::DataCategory, &a.data_categories),
            Cell::list(recipients),
            Cell::list(contracts),
            self.transfer_countries(&transfers),
            self.transfer_safeguards(&transfers),
            Cell::list(retention),
            self.labels(Kind::Tom, &a.toms),
            Cell::text(dpia.unwrap_or_default()),
            Cell::text(a.owner.clone().unwrap_or_default()),
            Cell::date(a.review.as_ref().map(|r| r.last.value)),
            Cell::date(a.review.as_ref().map(|r| r.next_due())),
        ]
    }

    /// A contract as "title (where the document is)", or "title (id)".
    fn contract_ref(&self, id: &str) -> String {
        match self.reg.contract(id) {
            Some(c) => {
                let title = self.text(&c.data.title);
                let at = c
                    .data
                    .document
                    .as_ref()
                    .map(|d| d.location.clone())
                    .unwrap_or_else(|| id.to_string());
                format!("{title} ({at})")
            }
            None => id.to_string(),
        }
    }

    fn subprocessors(&self) -> Table {
        let headers = self.headers(&[
            "id",
            "name",
            "legal_name",
            "street",
            "postcode",
            "city",
            "country",
            "parent_company",
            "service",
            "sites",
            "data_categories",
            "data_subjects",
            "contracts",
            "third_countries",
            "safeguards",
            "certifications",
            "status",
            "since",
            "last_review",
        ]);
        let rows = sorted(&self.reg.subprocessors)
            .into_iter()
            .map(|s| self.subprocessor_row(s))
            .collect();
        Table {
            name: name(What::Subprocessors).into(),
            title: self.w("subprocessors"),
            headers,
            rows,
        }
    }

    fn subprocessor_row(&self, s: &Subprocessor) -> Vec<Cell> {
        let sites = s.sites.iter().map(|site| {
            let site = &site.value;
            let mut parts: Vec<String> = Vec::new();
            if let Some(c) = &site.city {
                parts.push(c.clone());
            }
            if let Some(c) = &site.country {
                parts.push(self.country(c.code()));
            }
            if let Some(r) = &site.region {
                parts.push(i18n::value(self.lang, &code(r)));
            }
            if site.global_edge {
                parts.push(self.w("global_edge_network"));
            }
            parts.join(", ")
        });
        let transfers = self.transfers_of(&s.transfers);
        let certifications = s.certifications.iter().map(|c| match c.valid_until {
            Some(d) => format!("{} ({} {d})", c.name, self.w("valid_until")),
            None => c.name.clone(),
        });
        vec![
            Cell::text(s.id.value.clone()),
            Cell::text(s.name.clone()),
            Cell::text(s.legal_name.clone()),
            Cell::text(s.address.street.clone()),
            Cell::text(s.address.postal_code.clone()),
            Cell::text(s.address.city.clone()),
            Cell::text(self.country(s.address.country.code())),
            Cell::text(
                s.parent
                    .as_ref()
                    .map(|p| format!("{} ({})", p.name, self.country(p.country.code())))
                    .unwrap_or_default(),
            ),
            Cell::text(self.text(&s.service)),
            Cell::list(sites),
            self.labels(Kind::DataCategory, &s.data_categories),
            self.labels(Kind::DataSubject, &s.data_subjects),
            Cell::list(s.contracts.iter().map(|c| self.contract_ref(&c.value))),
            self.transfer_countries(&transfers),
            self.transfer_safeguards(&transfers),
            Cell::list(certifications),
            Cell::text(i18n::value(self.lang, &code(&s.status))),
            Cell::date(s.since),
            Cell::date(s.review.as_ref().map(|r| r.last.value)),
        ]
    }

    fn retention(&self) -> Table {
        let headers = self.headers(&[
            "id",
            "retention_name",
            "data_categories",
            "trigger",
            "retention_period",
            "retention_period_iso",
            "at_the_latest_column",
            "lawful_basis_retention",
            "deletion",
            "customer_options",
            "system",
            "processor_column",
        ]);
        let rows = sorted(&self.reg.retention)
            .into_iter()
            .map(|r| {
                let trigger = code(&r.trigger);
                let mut trigger_text = i18n::value(self.lang, &trigger);
                if let Some(e) = &r.event {
                    trigger_text.push_str(&format!(": {}", self.text(e)));
                }
                vec![
                    Cell::text(r.id.value.clone()),
                    Cell::text(self.text(&r.name)),
                    self.labels(Kind::DataCategory, &r.data_categories),
                    Cell::text(trigger_text),
                    Cell::text(
                        r.period
                            .as_ref()
                            .map(|p| i18n::duration(self.lang, &p.value))
                            .unwrap_or_default(),
                    ),
                    Cell::text(
                        r.period
                            .as_ref()
                            .map(|p| p.value.to_string())
                            .unwrap_or_default(),
                    ),
                    Cell::text(
                        r.at_the_latest
                            .as_ref()
                            .map(|l| self.label(Kind::Retention, &l.value))
                            .unwrap_or_default(),
                    ),
                    Cell::text(self.opt_text(r.legal_basis.as_ref())),
                    Cell::text(self.text(&r.deletion)),
                    Cell::list(r.customer_options.iter().map(|o| self.text(o))),
                    Cell::text(
                        r.system
                            .as_ref()
                            .map(|s| self.label(Kind::System, &s.value))
                            .unwrap_or_default(),
                    ),
                    Cell::text(
                        r.subprocessor
                            .as_ref()
                            .map(|s| self.label(Kind::Subprocessor, &s.value))
                            .unwrap_or_default(),
                    ),
                ]
            })
            .collect();
        Table {
            name: name(What::Retention).into(),
            title: self.w("retention_schedule"),
            headers,
            rows,
        }
    }

    fn toms(&self) -> Table {
        let headers = self.headers(&[
            "id",
            "measure",
            "description",
            "kind",
            "control",
            "art32",
            "sdm_goals",
            "owner",
            "provided_by",
            "evidence",
            "last_tested",
        ]);
        let rows = sorted(&self.reg.toms)
            .into_iter()
            .map(|t: &Tom| {
                let letters = t.art32.iter().map(|l| {
                    let l = code(l);
                    self.w("art32_letter").replace("{letter}", &l)
                });
                vec![
                    Cell::text(t.id.value.clone()),
                    Cell::text(self.text(&t.title)),
                    Cell::text(self.text(&t.description)),
                    Cell::text(i18n::value(self.lang, &code(&t.kind))),
                    Cell::text(i18n::value(self.lang, &code(&t.control))),
                    Cell::list(letters),
                    Cell::list(t.sdm_goals.iter().map(|g| i18n::value(self.lang, &code(g)))),
                    Cell::text(t.owner.clone().unwrap_or_default()),
                    Cell::text(
                        t.provided_by
                            .as_ref()
                            .map(|s| self.label(Kind::Subprocessor, &s.value))
                            .unwrap_or_default(),
                    ),
                    Cell::text(t.evidence.clone().unwrap_or_default()),
                    Cell::date(t.last_tested),
                ]
            })
            .collect();
        Table {
            name: name(What::Toms).into(),
            title: self.w("toms"),
            headers,
            rows,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_text_becomes_an_empty_cell() {
        assert_eq!(Cell::text("  "), Cell::Empty);
        assert_eq!(
            Cell::list(vec!["a".into(), "".into(), "b".into()]),
            Cell::Text("a; b".into())
        );
        assert_eq!(Cell::list(Vec::<String>::new()), Cell::Empty);
    }

    #[test]
    fn every_kind_has_a_name() {
        let names: Vec<&str> = KINDS.iter().map(|k| name(*k)).collect();
        assert_eq!(names, ["activities", "subprocessors", "retention", "toms"]);
    }
}
