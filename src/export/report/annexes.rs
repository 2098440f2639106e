//! The report's annexes: 1, the subprocessors in use; 2, the TOMs by control.

use super::view::{Block, Cell};
use super::{code, Builder};
use crate::model::countries;
use crate::model::subprocessor::{Status, Subprocessor};
use crate::model::tom::Control;
use crate::model::transfer::Transfer;

/// The classic controls of an AVV annex, in the order the annex lists them.
const CONTROLS: [Control; 9] = [
    Control::PhysicalAccess,
    Control::SystemAccess,
    Control::DataAccess,
    Control::Transfer,
    Control::Input,
    Control::Instructions,
    Control::Availability,
    Control::Separation,
    Control::Review,
];

impl<'a> Builder<'a> {
    // ── annexes ───────────────────────────────────────────────────────────────

    pub(super) fn subprocessor_annex(&self) -> Block {
        let mut subs: Vec<&Subprocessor> = self
            .reg
            .subprocessors
            .iter()
            .map(|s| &s.data)
            .filter(|s| s.status == Status::Active && s.processes_personal_data)
            .collect();
        subs.sort_by(|a, b| a.id.value.cmp(&b.id.value));
        subs.dedup_by(|a, b| a.id.value == b.id.value);
        let rows = subs
            .into_iter()
            .map(|s| {
                let mut who = format!("{}\n{}\n{}", s.name, s.legal_name, self.address(&s.address));
                if let Some(p) = &s.parent {
                    who.push_str(&format!(
                        "\n{}: {} ({})",
                        self.l("parent"),
                        p.name,
                        self.country(p.country.code())
                    ));
                }
                let service = Cell::text(self.tx(&s.service)).note(
                    self.optional_use(&s.id.value)
                        .unwrap_or_else(|| self.l("always")),
                );
                let sites: Vec<String> = s
                    .sites
                    .iter()
                    .map(|site| {
                        let mut place = Vec::new();
                        if let Some(c) = &site.city {
                            place.push(c.clone());
                        }
                        if let Some(c) = &site.country {
                            place.push(self.country(c.code()));
                        }
                        if let Some(r) = &site.region {
                            place.push(self.value(r));
                        }
                        if site.global_edge {
                            place.push(self.l("edge"));
                        }
                        place.join(", ")
                    })
                    .collect();
                let data = self.category_labels(&s.data_categories);
                vec![
                    Cell::text(who),
                    service,
                    Cell::text(sites.join("\n")),
                    Cell::text(data.join("\n")),
                    self.sub_transfer(s),
                ]
            })
            .collect();
        Block::table(
            "",
            vec![
                self.l("subprocessor"),
                self.l("service"),
                self.l("sites"),
                self.l("data_col"),
                self.l("transfer"),
            ],
            &[19, 27, 15, 20, 19],
            rows,
        )
    }

    /// The transfer mechanism of a subprocessor, "none" when every site is in the EEA.
    pub(super) fn sub_transfer(&self, s: &Subprocessor) -> Cell {
        let mut ts: Vec<&Transfer> = self
            .reg
            .transfers
            .iter()
            .map(|t| &t.data)
            .filter(|t| {
                t.subprocessor.value == s.id.value
                    || s.transfers.iter().any(|x| x.value == t.id.value)
            })
            .collect();
        ts.sort_by(|a, b| a.id.value.cmp(&b.id.value));
        ts.dedup_by(|a, b| a.id.value == b.id.value);
        if !ts.is_empty() {
            let lines: Vec<String> = ts
                .iter()
                .map(|t| {
                    let mut names: Vec<String> =
                        t.countries.iter().map(|c| self.country(c.code())).collect();
                    if t.global {
                        names.insert(0, self.l("worldwide"));
                    }
                    let mechs: Vec<String> = t
                        .mechanisms
                        .iter()
                        .map(|m| self.mechanism(m.value))
                        .collect();
                    format!("{}: {}", names.join(", "), mechs.join("; "))
                })
                .collect();
            return Cell::text(lines.join("\n"));
        }
        let in_eea = |site: &crate::model::subprocessor::Site| {
            !site.global_edge
                && (site.region.is_some()
                    || site
                        .country
                        .as_ref()
                        .is_some_and(|c| countries::in_eea(c.code())))
        };
        if !s.sites.is_empty() && s.sites.iter().all(|x| in_eea(&x.value)) {
            return Cell::text(self.l("no_transfer_needed"));
        }
        if !s.sites.is_empty()
            && s.sites.iter().all(|site| {
                in_eea(&site.value)
                    || site
                        .country
                        .as_ref()
                        .is_some_and(|c| countries::adequate(c.code()))
            })
        {
            return Cell::text(self.l("adequate"));
        }
        Cell::na()
    }

    pub(super) fn tom_annex(&self) -> Vec<Block> {
        CONTROLS
            .iter()
            .map(|control| {
                let mut toms: Vec<_> = self
                    .reg
                    .toms
                    .iter()
                    .map(|t| &t.data)
                    .filter(|t| t.control == *control)
                    .collect();
                toms.sort_by(|a, b| a.id.value.cmp(&b.id.value));
                toms.dedup_by(|a, b| a.id.value == b.id.value);
                let rows = toms
                    .into_iter()
                    .map(|t| {
                        let mut desc = Cell::text(self.tx(&t.description));
                        if let Some(p) = &t.provided_by {
                            let by = self
                                .reg
                                .subprocessor(&p.value)
                                .map(|s| s.data.name.clone())
                                .unwrap_or_else(|| p.value.clone());
                            desc = desc.note(format!("{} {by}", self.l("provided_by")));
                        }
                        let letters: Vec<String> = t.art32.iter().map(code).collect();
                        vec![
                            Cell::text(self.tx(&t.title)),
                            desc,
                            Cell::text(self.value(&t.kind)),
                            Cell::opt((!letters.is_empty()).then(|| letters.join(", "))),
                        ]
                    })
                    .collect();
                Block::table(
                    self.value(control),
                    vec![
                        self.l("measure"),
                        self.l("description"),
                        self.l("tom_kind"),
                        self.l("art32"),
                    ],
                    &[24, 50, 16, 10],
                    rows,
                )
            })
            .collect()
    }
}
