//! The words of ropa's own interface and reports, per language (record text comes from
//! the records): looked up in the word lists of [`catalog`] (`locales/<lang>.toml`),
//! where a language falls back to English key by key.

pub mod catalog;

use crate::model::Kind;

pub use catalog::install;

/// A word of `section` in `lang`, `None` when ropa has no such key.
pub fn get(lang: &str, section: &str, key: &str) -> Option<String> {
    catalog::with(|c| c.get(lang, section, key).map(str::to_string))
}

/// A word of `section` in `lang`; an unknown key is returned as it is.
pub fn word(lang: &str, section: &str, key: &str) -> String {
    get(lang, section, key).unwrap_or_else(|| key.to_string())
}

/// Every word of `section` in `lang`, in the order of the English file.
pub fn section(lang: &str, section: &str) -> Vec<(String, String)> {
    catalog::with(|c| {
        c.keys(section)
            .iter()
            .map(|k| {
                let text = c.get(lang, section, k).unwrap_or(k);
                (k.clone(), text.to_string())
            })
            .collect()
    })
}

/// A UI string in `lang`; an unknown key is returned as it is.
pub fn t(lang: &str, key: &str) -> String {
    word(lang, "ui", key)
}

/// Every interface string in `lang`, for templates.
pub fn ui_strings(lang: &str) -> Vec<(String, String)> {
    section(lang, "ui")
}

/// A rule of the language that is no word (`list-and`, `quote-open`…).
pub fn rule(lang: &str, key: &str) -> String {
    word(lang, "rule", key)
}

/// The heading of a kind's index page, plural.
pub fn kind_plural(lang: &str, kind: Kind) -> String {
    get(lang, "kinds", &format!("{kind:?}")).unwrap_or_else(|| kind.name().to_string())
}

/// The name of one record of a kind, singular.
pub fn kind_singular(lang: &str, kind: Kind) -> String {
    get(lang, "kind", &format!("{kind:?}")).unwrap_or_else(|| kind.name().to_string())
}

/// The reader's word for a value of a fixed set (`processor`, `account-deletion`…);
/// a value ropa does not know is returned as it is.
pub fn value(lang: &str, code: &str) -> String {
    word(lang, "value", code)
}

/// A country's name in `lang`, `None` when ropa has none for the code.
pub fn country(lang: &str, code: &str) -> Option<String> {
    get(lang, "country", code)
}

/// The country's name in `lang` (from the word lists' `[country]`), or the code if
/// ropa does not know it.
pub fn country_name(code: &str, lang: &str) -> String {
    country(lang, code).unwrap_or_else(|| code.to_string())
}

/// A field's label on record pages; unknown fields are humanised (`legal_name` → "Legal name").
pub fn field(lang: &str, name: &str) -> String {
    match get(lang, "field", name) {
        Some(s) => s,
        None => {
            let mut h = name.replace('_', " ");
            if let Some(f) = h.get_mut(0..1) {
                f.make_ascii_uppercase();
            }
            h
        }
    }
}

/// A duration for people: `PT24H` → "24 Stunden" / "24 hours". Each unit has a word
/// for one (`hour-one`) and for more (`hour-other`).
pub fn duration(lang: &str, d: &crate::model::IsoDuration) -> String {
    if d.is_zero() {
        return t(lang, "at_once");
    }
    let units: [(u32, &str); 7] = [
        (d.years, "year"),
        (d.months, "month"),
        (d.weeks, "week"),
        (d.days, "day"),
        (d.hours, "hour"),
        (d.minutes, "minute"),
        (d.seconds, "second"),
    ];
    catalog::with(|c| {
        let parts: Vec<String> = units
            .iter()
            .filter(|u| u.0 > 0)
            .map(|(n, unit)| {
                let form = if *n == 1 { "one" } else { "other" };
                let key = format!("{unit}-{form}");
                format!("{n} {}", c.get(lang, "duration", &key).unwrap_or(&key))
            })
            .collect();
        let and = c.get(lang, "rule", "list-and").unwrap_or("and");
        parts.join(&format!(" {and} "))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn country_names_come_from_the_word_lists() {
        assert_eq!(super::country_name("DE", "de"), "Deutschland");
        assert_eq!(super::country_name("XK", "en"), "XK");
    }

    use super::*;
    use crate::model::IsoDuration;

    #[test]
    fn durations_read_naturally() {
        let d = IsoDuration::parse("PT24H").unwrap();
        assert_eq!(duration("de", &d), "24 Stunden");
        assert_eq!(duration("en", &d), "24 hours");
        assert_eq!(
            duration("en", &IsoDuration::parse("P1Y6M").unwrap()),
            "1 year and 6 months"
        );
        assert_eq!(
            duration("de", &IsoDuration::parse("P0D").unwrap()),
            "sofort"
        );
    }

    #[test]
    fn other_languages_fall_back_to_english() {
        assert_eq!(t("fr", "sources"), "Sources");
        assert_eq!(t("de", "sources"), "Quellen");
        assert_eq!(t("de", "no-such-key"), "no-such-key");
        assert_eq!(field("de", "not_a_field"), "Not a field");
    }
}
