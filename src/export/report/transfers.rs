//! Transfers to third countries (items 30(1)(e) and 30(2)(c)): which apply to an
//! activity, their safeguards and documentation.

use super::view::{Block, Cell};
use super::Builder;
use crate::model::activity::Activity;
use crate::model::subprocessor::Status;
use crate::model::transfer::{Mechanism, Transfer};
use std::collections::BTreeSet;

impl<'a> Builder<'a> {
    /// The transfers of an activity: those it lists and those of the processors it uses.
    pub(super) fn activity_transfers(&self, a: &Activity) -> Vec<&'a Transfer> {
        let mut subs: BTreeSet<&str> = a.subprocessors.iter().map(|s| s.value.as_str()).collect();
        subs.extend(
            a.recipients
                .iter()
                .filter_map(|r| r.subprocessor.as_ref().map(|s| s.value.as_str())),
        );
        let listed: BTreeSet<&str> = a.transfers.iter().map(|t| t.value.as_str()).collect();
        let mut out: Vec<&Transfer> = self
            .reg
            .transfers
            .iter()
            .map(|t| &t.data)
            .filter(|t| {
                listed.contains(t.id.value.as_str())
                    || (subs.contains(t.subprocessor.value.as_str())
                        && self
                            .reg
                            .subprocessor(&t.subprocessor.value)
                            .is_some_and(|s| s.data.status != Status::Retired))
            })
            .collect();
        out.sort_by(|x, y| x.id.value.cmp(&y.id.value));
        out.dedup_by(|x, y| x.id.value == y.id.value);
        out
    }

    pub(super) fn mechanism(&self, m: Mechanism) -> String {
        let base = self.value(&m);
        match m {
            Mechanism::Scc => format!("{base} ({})", self.l("scc_article")),
            _ => base,
        }
    }

    pub(super) fn contract_line(&self, id: &str) -> String {
        match self.reg.contract(id) {
            Some(c) => {
                let c = &c.data;
                let signed = match &c.signed {
                    Some(d) => format!("{} {}", self.l("signed"), d.value),
                    None => self.l("unsigned"),
                };
                format!("{} ({signed})", self.tx(&c.title))
            }
            None => id.to_string(),
        }
    }

    pub(super) fn transfers(&self, a: &Activity) -> Block {
        let transfers = self.activity_transfers(a);
        if transfers.is_empty() {
            return Block::text("", Cell::text(self.l("no_transfer")));
        }
        let rows = transfers
            .into_iter()
            .map(|t| {
                let recipient = match self.reg.subprocessor(&t.subprocessor.value) {
                    Some(s) => format!(
                        "{} ({})\n{}",
                        s.data.legal_name,
                        s.data.name,
                        self.address_line(&s.data.address)
                    ),
                    None => t.subprocessor.value.clone(),
                };
                let names: Vec<String> =
                    t.countries.iter().map(|c| self.country(c.code())).collect();
                let place = match (t.global, names.is_empty()) {
                    (true, true) => self.l("worldwide"),
                    (true, false) => format!(
                        "{}, {}: {}",
                        self.l("worldwide"),
                        self.l("in_particular"),
                        names.join(", ")
                    ),
                    (false, _) => names.join(", "),
                };
                let mut mechanisms: Vec<String> = t
                    .mechanisms
                    .iter()
                    .map(|m| self.mechanism(m.value))
                    .collect();
                if let Some(c) = &t.contract {
                    mechanisms.push(format!(
                        "{}: {}",
                        self.l("contract"),
                        self.contract_line(&c.value)
                    ));
                }
                let mut doc = Vec::new();
                if t.mechanisms.iter().any(|m| m.value == Mechanism::Art49) {
                    doc.push(format!("{}:", self.l("art49_doc")));
                }
                if let Some(d) = &t.dpf_checked {
                    doc.push(format!("{} {d}", self.l("dpf_checked")));
                }
                if let Some(tia) = &t.tia {
                    doc.push(format!(
                        "{} {} ({} {})",
                        self.l("tia"),
                        tia.date,
                        self.l("tia_review"),
                        tia.review_by.value
                    ));
                }
                for m in &t.supplementary_measures {
                    doc.push(format!("– {}", self.tx(m)));
                }
                let mut doc_cell = Cell::text(doc.join("\n"));
                if t.mechanisms.iter().any(|m| m.value == Mechanism::Art49)
                    && t.supplementary_measures.is_empty()
                    && t.tia.is_none()
                {
                    // Art. 30(1)(e): the safeguards of an Art. 49(1) subpara. 2 transfer
                    // must be documented; nothing is.
                    doc_cell = Cell::na().note(self.l("art49_doc"));
                }
                let mut recipient = Cell::text(recipient);
                if let Some(d) = &t.description {
                    recipient = recipient.note(self.tx(d));
                }
                vec![
                    recipient,
                    Cell::text(place),
                    Cell::text(mechanisms.join("\n")),
                    doc_cell,
                ]
            })
            .collect();
        Block::table(
            "",
            vec![
                self.l("recipient"),
                self.l("countries"),
                self.l("mechanisms"),
                self.l("documentation"),
            ],
            &[24, 14, 27, 35],
            rows,
        )
    }
}
