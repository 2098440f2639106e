//! The report's builder: its words and small helpers, and the whole document put
//! together (cover, parts, annexes, table of contents).

use super::view::{Annex, Block, Cell, Item, Part, Report, TocEntry};
use super::{code, css_string};
use crate::i18n;
use crate::model::activity::Activity;
use crate::model::common::{Address, Contact};
use crate::model::organization::{GdprRole, Organization};
use crate::model::Visibility;
use crate::model::{Date, Text};
use crate::registry::Registry;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Prepares the report's data from the registry.
pub(super) struct Builder<'a> {
    pub(super) reg: &'a Registry,
    pub(super) lang: &'a str,
    pub(super) default: String,
    pub(super) org: Option<&'a Organization>,
}

impl<'a> Builder<'a> {
    pub(super) fn new(reg: &'a Registry, lang: &'a str) -> Self {
        Builder {
            reg,
            lang,
            default: reg.default_language(),
            org: reg.organization.as_ref().map(|o| &o.data),
        }
    }

    /// A word of the report.
    pub(super) fn l(&self, key: &str) -> String {
        i18n::word(self.lang, "report", key)
    }

    /// Text in the report's language.
    /// The labels of the data categories `ids` names (an unknown id as written).
    pub(super) fn category_labels(&self, ids: &[crate::model::Ref]) -> Vec<String> {
        ids.iter()
            .map(|c| {
                self.reg
                    .data_category(&c.value)
                    .map(|d| self.tx(&d.data.label))
                    .unwrap_or_else(|| c.value.clone())
            })
            .collect()
    }

    pub(super) fn tx(&self, t: &Text) -> String {
        t.get(self.lang, &self.default).trim().to_string()
    }

    pub(super) fn value<T: Serialize>(&self, v: &T) -> String {
        i18n::value(self.lang, &code(v))
    }

    pub(super) fn country(&self, code: &str) -> String {
        crate::i18n::country_name(code, self.lang)
    }

    pub(super) fn yes_no(&self, b: bool) -> String {
        self.l(if b { "yes" } else { "no" })
    }

    pub(super) fn address(&self, a: &Address) -> String {
        format!(
            "{}\n{} {}\n{}",
            a.street,
            a.postal_code,
            a.city,
            self.country(a.country.code())
        )
    }

    pub(super) fn address_line(&self, a: &Address) -> String {
        self.address(a).replace('\n', ", ")
    }

    pub(super) fn contact(&self, c: &Contact) -> Cell {
        let mut lines = Vec::new();
        if let Some(e) = &c.email {
            lines.push(format!("{}: {e}", self.l("email")));
        }
        if let Some(p) = &c.phone {
            lines.push(format!("{}: {p}", self.l("phone")));
        }
        if let Some(w) = &c.web {
            lines.push(format!("{}: {w}", self.l("web")));
        }
        Cell::text(lines.join("\n"))
    }

    pub(super) fn item(&self, key: &str, anchor_base: &str, blocks: Vec<Block>) -> Item {
        Item {
            anchor: format!("{anchor_base}-{key}"),
            letter: key[1..].to_string(),
            article: i18n::get(self.lang, "report-article", key).unwrap_or_default(),
            label: i18n::get(self.lang, "report-item", key).unwrap_or_default(),
            blocks,
        }
    }

    pub(super) fn extra_item(&self, anchor: String, label: String, blocks: Vec<Block>) -> Item {
        Item {
            anchor,
            letter: String::new(),
            article: self.l("supplement"),
            label,
            blocks,
        }
    }

    // ── the document ──────────────────────────────────────────────────────────

    pub(super) fn report(
        &self,
        as_of: Date,
        version: Option<&str>,
        audience: Visibility,
    ) -> Report {
        let org_name = self.org.map(|o| o.legal_name.clone()).unwrap_or_default();
        let roles: BTreeSet<GdprRole> = self
            .org
            .map(|o| o.roles.iter().copied().collect())
            .unwrap_or_default();
        let activities = |role: GdprRole| -> Vec<&'a Activity> {
            let mut v: Vec<&Activity> = self
                .reg
                .activities
                .iter()
                .map(|a| &a.data)
                .filter(|a| a.role.value == role)
                .collect();
            v.sort_by(|a, b| a.id.value.cmp(&b.id.value));
            v.dedup_by(|a, b| a.id.value == b.id.value);
            v
        };
        let controller_acts = activities(GdprRole::Controller);
        let processor_acts = activities(GdprRole::Processor);

        let mut parts = Vec::new();
        if roles.contains(&GdprRole::Controller) || !controller_acts.is_empty() {
            let sections = controller_acts
                .iter()
                .enumerate()
                .map(|(i, a)| self.controller_section(a, format!("A.{}", i + 1)))
                .collect();
            parts.push(Part {
                anchor: "part-a".into(),
                heading: self.l("part_a"),
                intro: self.l("part_a_intro"),
                sections,
            });
        }
        if roles.contains(&GdprRole::Processor) || !processor_acts.is_empty() {
            let sections = processor_acts
                .iter()
                .enumerate()
                .map(|(i, a)| self.processor_section(a, format!("B.{}", i + 1)))
                .collect();
            parts.push(Part {
                anchor: "part-b".into(),
                heading: self.l("part_b"),
                intro: self.l("part_b_intro"),
                sections,
            });
        }
        let annexes = vec![
            Annex {
                anchor: "annex-1".into(),
                heading: self.l("annex_1"),
                intro: self.l("annex_1_intro"),
                blocks: vec![self.subprocessor_annex()],
            },
            Annex {
                anchor: "annex-2".into(),
                heading: self.l("annex_2"),
                intro: self.l("annex_2_intro"),
                blocks: self.tom_annex(),
            },
        ];
        let mut toc: Vec<TocEntry> = parts
            .iter()
            .map(|p| TocEntry {
                href: format!("#{}", p.anchor),
                label: p.heading.clone(),
                children: p
                    .sections
                    .iter()
                    .map(|s| TocEntry {
                        href: format!("#{}", s.anchor),
                        label: format!("{} {}", s.number, s.name),
                        children: Vec::new(),
                    })
                    .collect(),
            })
            .collect();
        toc.extend(annexes.iter().map(|a| TocEntry {
            href: format!("#{}", a.anchor),
            label: a.heading.clone(),
            children: Vec::new(),
        }));

        let title = self.l("title");
        let version_text = version
            .map(str::to_string)
            .unwrap_or_else(|| self.l("no_version"));
        let l: BTreeMap<String, String> = i18n::section(self.lang, "report").into_iter().collect();
        Report {
            lang: self.lang.to_string(),
            subtitle: self.l("subtitle"),
            org: org_name.clone(),
            as_of: as_of.to_string(),
            version: version_text,
            version_known: version.is_some(),
            na: self.l("na"),
            css_header: css_string(&format!("{title} · {org_name}")),
            css_footer: css_string(&format!("{} {as_of}", self.l("as_of"))),
            css_page: css_string(&self.l("page")),
            title,
            l,
            cover: self.cover(as_of, version, audience, &roles),
            toc,
            parts,
            annexes,
        }
    }
}
