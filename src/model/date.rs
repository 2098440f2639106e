//! Calendar dates (`YYYY-MM-DD`) and reviews that fall due after an interval.

use super::{IsoDuration, Spanned};
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

/// Every "invalid date" message starts with this (the loader gives it its own code).
pub const INVALID_DATE: &str = "invalid date";
/// A calendar date, written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub chrono::NaiveDate);

impl Date {
    /// Parses `YYYY-MM-DD` strictly (four-digit year, two-digit month and day).
    pub fn parse(s: &str) -> Result<Date, String> {
        let b = s.as_bytes();
        let shape_ok = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape_ok {
            return Err(format!(
                "{INVALID_DATE} `{s}`: write dates as YYYY-MM-DD, e.g. 2026-03-31"
            ));
        }
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Date)
            .map_err(|_| format!("{INVALID_DATE} `{s}`: there is no such day in the calendar"))
    }

    /// The date plus a duration (hours and smaller are rounded up to whole days).
    pub fn plus(self, d: &IsoDuration) -> Date {
        use chrono::Months;
        // Saturating: an absurd duration (P4000000000Y) gives the last representable
        // date, never an overflow.
        let months = d.years.saturating_mul(12).saturating_add(d.months);
        let base = self
            .0
            .checked_add_months(Months::new(months))
            .unwrap_or(chrono::NaiveDate::MAX);
        let secs = d.hours as i64 * 3600 + d.minutes as i64 * 60 + d.seconds as i64;
        let days = (d.weeks as i64) * 7 + d.days as i64 + (secs + 86_399) / 86_400;
        Date(
            chrono::Duration::try_days(days)
                .and_then(|dd| base.checked_add_signed(dd))
                .unwrap_or(chrono::NaiveDate::MAX),
        )
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).map_err(de::Error::custom)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A date, YYYY-MM-DD.",
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
        })
    }
}

/// When a record was last reviewed and how often it must be.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// Date of the last review.
    pub last: Spanned<Date>,
    /// How often it must be reviewed (ISO 8601, e.g. P1Y).
    pub interval: Spanned<IsoDuration>,
}

impl Review {
    /// The date the next review is due.
    pub fn next_due(&self) -> Date {
        self.last.value.plus(&self.interval.value)
    }
}
