//! The organisation's facts: `org`, `dpo` and `authority`.

use super::{opt, text};
use crate::registry::Registry;
use serde_json::{json, Map, Value};

/// Inserts the organisation's facts (if there is an organisation).
pub(super) fn insert(reg: &Registry, lang: &str, d: &str, root: &mut Map<String, Value>) {
    if let Some(o) = &reg.organization {
        let o = &o.data;
        let address = |a: &crate::model::common::Address| {
            format!(
                "{}, {} {}, {}",
                a.street,
                a.postal_code,
                a.city,
                crate::i18n::country_name(a.country.code(), lang)
            )
        };
        root.insert(
            "org".into(),
            json!({
                "legal_name": o.legal_name, "name": o.short_name.clone().unwrap_or_else(|| o.legal_name.clone()),
                "address": address(&o.address), "email": o.contact.email, "web": o.contact.web,
                "description": opt(&o.description, lang, d),
            }),
        );
        if let Some(dpo) = &o.dpo {
            root.insert(
                "dpo".into(),
                json!({"name": dpo.name, "organization": dpo.organization, "email": dpo.email, "phone": dpo.phone, "address": address(&dpo.address)}),
            );
        }
        if let Some(a) = &o.supervisory_authority {
            root.insert(
                "authority".into(),
                json!({"name": text(&a.name, lang, d), "web": a.web}),
            );
        }
    }
}
