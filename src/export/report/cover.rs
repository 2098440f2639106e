//! The report's cover: the organisation as controller and processor, its
//! representative, its DPO, the supervisory authority and the document's facts.

use super::view::{Block, Cell};
use super::Builder;
use crate::model::organization::{GdprRole, Organization};
use crate::model::Date;
use crate::model::Visibility;
use std::collections::BTreeSet;

impl<'a> Builder<'a> {
    /// The organisation as controller or processor: name, address, contact, management.
    pub(super) fn identity(&self, o: &Organization) -> Vec<(String, Cell)> {
        vec![
            (self.l("legal_name"), Cell::text(&o.legal_name)),
            (self.l("address"), Cell::text(self.address(&o.address))),
            (self.l("contact"), self.contact(&o.contact)),
            (self.l("management"), Cell::text(o.management.join(", "))),
        ]
    }

    pub(super) fn representative(&self) -> Vec<(String, Cell)> {
        let Some(r) = self.org.and_then(|o| o.representative.as_ref()) else {
            return Vec::new();
        };
        let mut rows = Vec::new();
        if r.name.is_some() || r.address.is_some() || r.email.is_some() {
            rows.push((self.l("name"), Cell::opt(r.name.clone())));
            rows.push((
                self.l("address"),
                Cell::opt(r.address.as_ref().map(|a| self.address(a))),
            ));
            rows.push((self.l("email"), Cell::opt(r.email.clone())));
        }
        if let Some(n) = &r.not_required {
            rows.push((self.l("not_required"), Cell::text(self.tx(n))));
        }
        rows
    }

    pub(super) fn dpo(&self) -> Vec<(String, Cell)> {
        let Some(d) = self.org.and_then(|o| o.dpo.as_ref()) else {
            return Vec::new();
        };
        let organisation = match (&d.organization, d.external) {
            (Some(o), _) => Cell::text(o),
            (None, false) => Cell::text(self.l("internal_dpo")),
            (None, true) => Cell::na(),
        };
        vec![
            (self.l("name"), Cell::text(&d.name)),
            (self.l("organisation"), organisation),
            (self.l("address"), Cell::text(self.address(&d.address))),
            (self.l("email"), Cell::text(&d.email)),
            (self.l("phone"), Cell::opt(d.phone.clone())),
        ]
    }

    /// A one-cell summary of the DPO (for item (a) of each activity).
    pub(super) fn dpo_line(&self) -> Cell {
        match self.org.and_then(|o| o.dpo.as_ref()) {
            Some(d) => {
                let mut parts = vec![d.name.clone()];
                parts.extend(d.organization.clone());
                parts.push(self.address_line(&d.address));
                parts.push(format!("{}: {}", self.l("email"), d.email));
                if let Some(p) = &d.phone {
                    parts.push(format!("{}: {p}", self.l("phone")));
                }
                Cell::text(parts.join("\n"))
            }
            None => Cell::na(),
        }
    }

    pub(super) fn representative_line(&self) -> Cell {
        let rows = self.representative();
        if rows.is_empty() {
            return Cell::na();
        }
        Cell::text(
            rows.iter()
                .filter(|(_, c)| !c.na)
                .map(|(_, c)| c.t.replace('\n', ", "))
                .collect::<Vec<_>>()
                .join("\n"),
        )
    }

    pub(super) fn cover(
        &self,
        as_of: Date,
        version: Option<&str>,
        audience: Visibility,
        roles: &BTreeSet<GdprRole>,
    ) -> Vec<Block> {
        let mut blocks = Vec::new();
        let identity = self.org.map(|o| self.identity(o)).unwrap_or_default();
        let controller = if roles.contains(&GdprRole::Controller) {
            identity.clone()
        } else {
            vec![(self.l("role"), Cell::text(self.l("not_controller")))]
        };
        blocks.push(Block::kv(self.l("controller_identity"), controller));
        let processor = if roles.contains(&GdprRole::Processor) {
            identity
        } else {
            vec![(self.l("role"), Cell::text(self.l("not_processor")))]
        };
        blocks.push(Block::kv(self.l("processor_identity"), processor));
        blocks.push(Block::kv(self.l("representative"), self.representative()));
        blocks.push(Block::kv(self.l("dpo"), self.dpo()));
        let authority = self
            .org
            .and_then(|o| o.supervisory_authority.as_ref())
            .map(|a| {
                vec![
                    (self.l("name"), Cell::text(self.tx(&a.name))),
                    (
                        self.l("address"),
                        Cell::opt(a.address.as_ref().map(|x| self.address(x))),
                    ),
                    (self.l("web"), Cell::opt(a.web.clone())),
                ]
            })
            .unwrap_or_default();
        blocks.push(Block::kv(self.l("authority"), authority));
        blocks.push(Block::kv(
            self.l("document"),
            vec![
                (self.l("as_of"), Cell::text(as_of.to_string())),
                (
                    self.l("version"),
                    Cell::text(
                        version
                            .map(str::to_string)
                            .unwrap_or_else(|| self.l("no_version")),
                    ),
                ),
                (
                    self.l("audience"),
                    Cell::text(self.l(match audience {
                        Visibility::Internal => "audience_internal",
                        Visibility::Customer => "audience_customer",
                        Visibility::Public => "audience_public",
                    })),
                ),
            ],
        ));
        blocks
    }
}
