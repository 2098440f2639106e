//! Part A of the report: an activity as controller, item by item of Art. 30(1),
//! with the facts every activity section opens with.

use super::view::{Block, Cell, Section};
use super::Builder;
use crate::model::activity::Activity;

impl<'a> Builder<'a> {
    // ── an activity ───────────────────────────────────────────────────────────

    pub(super) fn facts(&self, a: &Activity) -> Block {
        let mut rows = vec![
            (self.l("id"), Cell::text(&a.id.value)),
            (self.l("role"), Cell::text(self.value(&a.role.value))),
        ];
        if let Some(d) = &a.description {
            rows.push((self.l("description"), Cell::text(self.tx(d))));
        }
        let owner = a.owner.as_ref().map(|o| {
            // An owner that names a role is shown by the role's name.
            self.reg
                .role(o)
                .map(|r| format!("{} ({o})", self.tx(&r.data.name)))
                .unwrap_or_else(|| o.clone())
        });
        rows.push((self.l("owner"), Cell::opt(owner)));
        rows.push((
            self.l("last_review"),
            Cell::opt(a.review.as_ref().map(|r| r.last.value.to_string())),
        ));
        rows.push((
            self.l("next_review"),
            Cell::opt(a.review.as_ref().map(|r| r.next_due().to_string())),
        ));
        let dpia = a.dpia.as_ref().map(|d| {
            let mut s = self.l(if d.required {
                "dpia_required"
            } else {
                "dpia_not_required"
            });
            if let Some(done) = &d.done {
                s.push_str(&format!("; {} {done}", self.l("dpia_done")));
            }
            let mut c = Cell::text(s);
            if let Some(r) = &d.reason {
                c = c.note(self.tx(r));
            }
            c
        });
        rows.push((self.l("dpia"), dpia.unwrap_or_else(Cell::na)));
        Block::kv("", rows)
    }

    pub(super) fn controller_section(&self, a: &Activity, number: String) -> Section {
        let anchor = format!("activity-{}", a.id.value);
        let mut items = Vec::new();
        // (a) the controller, its representative and DPO.
        let mut rows = self.org.map(|o| self.identity(o)).unwrap_or_default();
        if rows.is_empty() {
            rows.push((self.l("legal_name"), Cell::na()));
        }
        rows.push((self.l("representative"), self.representative_line()));
        rows.push((self.l("dpo"), self.dpo_line()));
        items.push(self.item("1a", &anchor, vec![Block::kv("", rows)]));
        // (b) purposes, and the legal basis beside them.
        let purposes = a
            .purposes
            .iter()
            .filter(|p| !p.is_blank())
            .map(|p| Cell::text(self.tx(p)))
            .collect();
        items.push(self.item("1b", &anchor, vec![Block::list("", purposes)]));
        let bases = a
            .legal_basis
            .iter()
            .map(|b| {
                vec![
                    Cell::text(self.article(&b.article.value)),
                    Cell::opt(b.explanation.as_ref().map(|e| self.tx(e))),
                ]
            })
            .collect();
        items.push(self.extra_item(
            format!("{anchor}-legal-basis"),
            self.l("legal_basis"),
            vec![Block::table(
                "",
                vec![self.l("article"), self.l("explanation")],
                &[28, 72],
                bases,
            )],
        ));
        // (c) data subjects and data categories.
        items.push(self.item("1c", &anchor, self.categories(a)));
        // (d) recipients.
        items.push(self.item("1d", &anchor, vec![self.recipients(a)]));
        // (e) transfers.
        items.push(self.item("1e", &anchor, vec![self.transfers(a)]));
        // (f) erasure.
        items.push(self.item("1f", &anchor, vec![self.retention(a)]));
        // (g) TOMs.
        items.push(self.item("1g", &anchor, vec![self.toms(a)]));
        Section {
            anchor,
            number,
            id: a.id.value.clone(),
            name: self.tx(&a.name),
            facts: self.facts(a),
            items,
        }
    }

    /// `6(1)(b)` → "Art. 6 Abs. 1 lit. b DSGVO" / "Art. 6(1)(b) GDPR".
    pub(super) fn article(&self, a: &str) -> String {
        let parts: Vec<&str> = a.split('(').map(|p| p.trim_end_matches(')')).collect();
        let (key, art, para, letter) = match parts.as_slice() {
            [art, para, letter] => ("article_with_letter", *art, *para, *letter),
            [art, para] => ("article_with_paragraph", *art, *para, ""),
            _ => ("article_plain", "", "", ""),
        };
        self.l(key)
            .replace("{article}", a)
            .replace("{art}", art)
            .replace("{para}", para)
            .replace("{letter}", letter)
    }
}
