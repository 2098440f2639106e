//! Part B of the report: an activity as processor, item by item of Art. 30(2).

use super::view::{Block, Cell, Section};
use super::Builder;
use crate::model::activity::Activity;

impl<'a> Builder<'a> {
    pub(super) fn processor_section(&self, a: &Activity, number: String) -> Section {
        let anchor = format!("activity-{}", a.id.value);
        let mut items = Vec::new();
        // (a) we as processor, further processors, each controller with its
        // representative and DPO.
        let mut blocks = Vec::new();
        let mut us = self.org.map(|o| self.identity(o)).unwrap_or_default();
        if us.is_empty() {
            us.push((self.l("legal_name"), Cell::na()));
        }
        us.push((self.l("representative"), self.representative_line()));
        us.push((self.l("dpo"), self.dpo_line()));
        blocks.push(Block::kv(self.l("processor_us"), us));
        let mut subs: Vec<&str> = a.subprocessors.iter().map(|s| s.value.as_str()).collect();
        subs.sort_unstable();
        subs.dedup();
        let sub_rows = subs
            .into_iter()
            .map(|id| match self.reg.subprocessor(id) {
                Some(s) => {
                    let s = &s.data;
                    let mut use_ = self.l("see_annex_1");
                    if let Some(opt) = self.optional_use(&s.id.value) {
                        use_ = format!("{opt}; {use_}");
                    }
                    vec![
                        Cell::text(format!("{}\n({})", s.legal_name, s.name)),
                        Cell::text(self.address(&s.address)),
                        Cell::text(use_),
                    ]
                }
                None => vec![Cell::text(id), Cell::na(), Cell::na()],
            })
            .collect();
        blocks.push(Block::table(
            self.l("subprocessors_engaged"),
            vec![self.l("name"), self.l("address"), self.l("seat")],
            &[34, 33, 33],
            sub_rows,
        ));
        if a.controllers.is_empty() {
            blocks.push(Block::kv(self.l("no_controllers"), Vec::new()));
        }
        for c in &a.controllers {
            let contract = c.contract.as_ref().map(|id| self.contract_line(&id.value));
            blocks.push(Block::kv(
                format!("{}: {}", self.l("controller_of"), self.tx(&c.name)),
                vec![
                    (self.l("controller_name"), Cell::text(self.tx(&c.name))),
                    (
                        self.l("controller_contact"),
                        Cell::opt(c.contact.as_ref().map(|x| self.tx(x))),
                    ),
                    (
                        self.l("controller_representative"),
                        Cell::opt(c.representative.as_ref().map(|x| self.tx(x))),
                    ),
                    (
                        self.l("controller_dpo"),
                        Cell::opt(c.dpo.as_ref().map(|x| self.tx(x))),
                    ),
                    (self.l("contract"), Cell::opt(contract)),
                ],
            ));
        }
        items.push(self.item("2a", &anchor, blocks));
        // (b) categories of processing, for each controller.
        let cats: Vec<Cell> = a
            .processing_categories
            .iter()
            .filter(|p| !p.is_blank())
            .map(|p| Cell::text(self.tx(p)))
            .collect();
        let mut blocks: Vec<Block> = if a.controllers.is_empty() {
            vec![Block::list("", cats)]
        } else {
            a.controllers
                .iter()
                .map(|c| {
                    Block::list(
                        format!("{}: {}", self.l("on_behalf_of"), self.tx(&c.name)),
                        cats.clone(),
                    )
                })
                .collect()
        };
        blocks.extend(self.categories(a));
        items.push(self.item("2b", &anchor, blocks));
        // (c) transfers, (d) TOMs.
        items.push(self.item("2c", &anchor, vec![self.transfers(a)]));
        items.push(self.item("2d", &anchor, vec![self.toms(a)]));
        // Supplementary: erasure (what Art. 28(3)(g) asks of a processor).
        items.push(self.extra_item(
            format!("{anchor}-retention"),
            self.l("erasure_limits"),
            vec![self.retention(a)],
        ));
        Section {
            anchor,
            number,
            id: a.id.value.clone(),
            name: self.tx(&a.name),
            facts: self.facts(a),
            items,
        }
    }
}
