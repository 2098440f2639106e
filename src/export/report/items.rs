//! Items both parts share: data subjects and categories, recipients, and how an
//! optional subprocessor is switched on.

use super::view::{Block, Cell};
use super::Builder;
use crate::i18n;
use crate::model::activity::{Activity, RecipientKind};
use crate::model::countries;
use crate::model::Text;
use std::collections::BTreeSet;

impl<'a> Builder<'a> {
    pub(super) fn categories(&self, a: &Activity) -> Vec<Block> {
        let subjects = a
            .data_subjects
            .iter()
            .map(|s| match self.reg.data_subject(&s.value) {
                Some(d) => {
                    let c = Cell::text(self.tx(&d.data.label));
                    match &d.data.description {
                        Some(x) => c.note(self.tx(x)),
                        None => c,
                    }
                }
                None => Cell::text(&s.value),
            })
            .collect();
        let data = a
            .data_categories
            .iter()
            .map(|c| match self.reg.data_category(&c.value) {
                Some(d) => {
                    let d = &d.data;
                    vec![
                        Cell::text(self.tx(&d.label)),
                        Cell::text(
                            d.description
                                .as_ref()
                                .map(|x| self.tx(x))
                                .unwrap_or_else(|| "–".into()),
                        ),
                        Cell::text(self.yes_no(d.art9)),
                        Cell::text(self.yes_no(d.art10)),
                    ]
                }
                None => vec![Cell::text(&c.value), Cell::na(), Cell::na(), Cell::na()],
            })
            .collect();
        vec![
            Block::list(self.l("data_subjects"), subjects),
            Block::table(
                self.l("data_categories"),
                vec![
                    self.l("category"),
                    self.l("description"),
                    self.l("art9"),
                    self.l("art10"),
                ],
                &[28, 52, 10, 10],
                data,
            ),
        ]
    }

    /// How an optional subprocessor is switched on: the features that name it and the
    /// plans that include them; `None` when it is always in use.
    pub(super) fn optional_use(&self, sub: &str) -> Option<String> {
        let mut features: Vec<_> = self
            .reg
            .features
            .iter()
            .map(|f| &f.data)
            .filter(|f| f.subprocessors.iter().any(|s| s.value == sub))
            .collect();
        if features.is_empty() {
            return None;
        }
        features.sort_by(|a, b| a.id.value.cmp(&b.id.value));
        let (open, close) = (
            i18n::rule(self.lang, "quote-open"),
            i18n::rule(self.lang, "quote-close"),
        );
        let parts: Vec<String> = features
            .iter()
            .map(|f| {
                let mut plans: Vec<_> = self
                    .reg
                    .plans
                    .iter()
                    .map(|p| &p.data)
                    .filter(|p| p.features.iter().any(|x| x.value == f.id.value))
                    .collect();
                plans.sort_by(|a, b| a.id.value.cmp(&b.id.value));
                let plans = if plans.is_empty() {
                    self.l("in_no_plan")
                } else {
                    format!(
                        "{}: {}",
                        self.l("in_plans"),
                        plans
                            .iter()
                            .map(|p| self.tx(&p.name))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                let default = self.l(if f.default_on {
                    "default_on"
                } else {
                    "default_off"
                });
                format!(
                    "{} {open}{}{close} ({plans}; {default})",
                    self.l("only_with"),
                    self.tx(&f.name)
                )
            })
            .collect();
        Some(parts.join("; "))
    }

    pub(super) fn recipients(&self, a: &Activity) -> Block {
        let order = |k: RecipientKind| match k {
            RecipientKind::Internal => 0,
            RecipientKind::Processor => 1,
            RecipientKind::External => 2,
            RecipientKind::Authority => 3,
        };
        let mut rows: Vec<(u8, Vec<Cell>)> = Vec::new();
        let mut named_subs = BTreeSet::new();
        for r in &a.recipients {
            let (kind, name, seat) = match r.kind {
                RecipientKind::Internal => {
                    let name = r
                        .role
                        .as_ref()
                        .and_then(|id| self.reg.role(&id.value))
                        .map(|x| self.tx(&x.data.name))
                        .or_else(|| r.name.as_ref().map(|n| self.tx(n)))
                        .or_else(|| r.role.as_ref().map(|id| id.value.clone()));
                    (self.l("rk_internal"), Cell::opt(name), Cell::text(""))
                }
                RecipientKind::Processor => {
                    let id = r.subprocessor.as_ref().map(|s| s.value.as_str());
                    if let Some(id) = id {
                        named_subs.insert(id.to_string());
                    }
                    let (name, seat) = self.processor_cells(id, r.name.as_ref());
                    (self.l("rk_processor"), name, seat)
                }
                RecipientKind::External => (
                    self.l("rk_external"),
                    Cell::opt(r.name.as_ref().map(|n| self.tx(n))),
                    Cell::text(""),
                ),
                RecipientKind::Authority => (
                    self.l("rk_authority"),
                    Cell::opt(r.name.as_ref().map(|n| self.tx(n))),
                    Cell::text(""),
                ),
            };
            rows.push((order(r.kind), vec![Cell::text(kind), name, seat]));
        }
        // Processors the activity uses but does not list as recipients are recipients too.
        let mut extra: Vec<&str> = a
            .subprocessors
            .iter()
            .map(|s| s.value.as_str())
            .filter(|s| !named_subs.contains(*s))
            .collect();
        extra.sort_unstable();
        extra.dedup();
        for id in extra {
            let (name, seat) = self.processor_cells(Some(id), None);
            rows.push((
                order(RecipientKind::Processor),
                vec![Cell::text(self.l("rk_processor")), name, seat],
            ));
        }
        rows.sort_by_key(|(o, _)| *o);
        let rows = rows
            .into_iter()
            .map(|(_, mut r)| {
                // An empty seat cell is no missing item: it only applies to processors.
                if r[2].na {
                    r[2] = Cell {
                        t: "–".into(),
                        na: false,
                        note: String::new(),
                    };
                }
                r
            })
            .collect();
        Block::table(
            "",
            vec![
                self.l("recipient_kind"),
                self.l("recipient"),
                self.l("seat"),
            ],
            &[22, 40, 38],
            rows,
        )
    }

    /// Name and seat of a processor recipient.
    pub(super) fn processor_cells(&self, id: Option<&str>, name: Option<&Text>) -> (Cell, Cell) {
        match id.and_then(|id| self.reg.subprocessor(id)) {
            Some(s) => {
                let s = &s.data;
                let code = s.address.country.code();
                let mut seat = format!("{}, {}", s.address.city, self.country(code));
                if !countries::in_eea(code) {
                    seat.push_str(&format!(" ({})", self.l("third_country")));
                }
                let mut note = self.l("see_annex_1");
                if let Some(opt) = self.optional_use(&s.id.value) {
                    note = format!("{opt}; {note}");
                }
                (
                    Cell::text(format!("{} ({})", s.legal_name, s.name)),
                    Cell::text(seat).note(note),
                )
            }
            None => (
                Cell::opt(name.map(|n| self.tx(n)).or_else(|| id.map(str::to_string))),
                Cell::na(),
            ),
        }
    }
}
