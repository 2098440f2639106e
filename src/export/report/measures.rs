//! Erasure and security of an activity: its retention rules with their periods
//! (item (f)) and its TOMs by control (items (g) / 30(2)(d)).

use super::view::{Block, Cell};
use super::Builder;
use crate::i18n;
use crate::model::activity::Activity;
use crate::model::retention::{RetentionRule, Trigger};
use crate::model::tom::Control;
use std::collections::BTreeMap;

impl<'a> Builder<'a> {
    /// "24 Stunden (ab Erhebung)", or the customer's choice with its upper bound.
    pub(super) fn period(&self, r: &RetentionRule, depth: u8) -> Cell {
        let trigger = self.value(&r.trigger);
        let event = r
            .event
            .as_ref()
            .map(|e| format!(": {}", self.tx(e)))
            .unwrap_or_default();
        if r.trigger == Trigger::CustomerConfigurable {
            let mut s = trigger;
            if let Some(p) = &r.period {
                s.push_str(&format!(
                    "; {} {}",
                    self.l("at_most"),
                    i18n::duration(self.lang, &p.value)
                ));
            }
            if let Some(latest) = &r.at_the_latest {
                let bound = match self.reg.retention_rule(&latest.value) {
                    Some(x) if depth < 3 => format!(
                        "{} – {}",
                        self.tx(&x.data.name),
                        self.period(&x.data, depth + 1).t
                    ),
                    Some(x) => self.tx(&x.data.name),
                    None => latest.value.clone(),
                };
                s.push_str(&format!("; {}: {bound}", self.l("at_the_latest")));
            }
            return Cell::text(s);
        }
        match &r.period {
            Some(p) => Cell::text(format!(
                "{} ({trigger}{event})",
                i18n::duration(self.lang, &p.value)
            )),
            None => Cell::na(),
        }
    }

    pub(super) fn retention(&self, a: &Activity) -> Block {
        let mut ids: Vec<&str> = a.retention.iter().map(|r| r.value.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        let rows = ids
            .into_iter()
            .map(|id| match self.reg.retention_rule(id) {
                Some(r) => {
                    let r = &r.data;
                    let data = self.category_labels(&r.data_categories);
                    let mut period = self.period(r, 0);
                    if let Some(b) = &r.legal_basis {
                        period =
                            period.note(format!("{}: {}", self.l("retention_basis"), self.tx(b)));
                    }
                    vec![
                        Cell::text(self.tx(&r.name)),
                        Cell::text(data.join(", ")),
                        period,
                        Cell::text(self.tx(&r.deletion)),
                    ]
                }
                None => vec![Cell::text(id), Cell::na(), Cell::na(), Cell::na()],
            })
            .collect();
        Block::table(
            "",
            vec![
                self.l("rule"),
                self.l("data_col"),
                self.l("period"),
                self.l("deletion"),
            ],
            &[18, 24, 24, 34],
            rows,
        )
    }

    pub(super) fn toms(&self, a: &Activity) -> Block {
        let mut by_control: BTreeMap<Control, Vec<(String, String)>> = BTreeMap::new();
        for id in &a.toms {
            match self.reg.tom(&id.value) {
                Some(t) => by_control
                    .entry(t.data.control)
                    .or_default()
                    .push((t.data.id.value.clone(), self.tx(&t.data.title))),
                None => continue,
            }
        }
        let rows = by_control
            .into_iter()
            .map(|(control, mut toms)| {
                toms.sort();
                toms.dedup();
                vec![
                    Cell::text(self.value(&control)),
                    Cell::text(
                        toms.into_iter()
                            .map(|(_, t)| t)
                            .collect::<Vec<_>>()
                            .join("; "),
                    ),
                ]
            })
            .collect::<Vec<_>>();
        let has_rows = !rows.is_empty();
        let b = Block::table(
            "",
            vec![self.l("control"), self.l("measures")],
            &[28, 72],
            rows,
        );
        if has_rows {
            b.after(self.l("see_annex_2"))
        } else {
            b
        }
    }
}
