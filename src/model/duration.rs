//! ISO 8601 durations such as `PT24H`, `P30D`, `P1Y6M`: parsing and display.

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

/// Every "invalid duration" message starts with this.
pub const INVALID_DURATION: &str = "invalid duration";
/// An ISO 8601 duration such as `PT24H`, `P30D`, `P1Y6M`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct IsoDuration {
    /// Years.
    pub years: u32,
    /// Months.
    pub months: u32,
    /// Weeks.
    pub weeks: u32,
    /// Days.
    pub days: u32,
    /// Hours.
    pub hours: u32,
    /// Minutes.
    pub minutes: u32,
    /// Seconds.
    pub seconds: u32,
}

impl IsoDuration {
    /// Parses the ISO 8601 form `PnYnMnWnDTnHnMnS` (whole numbers only).
    pub fn parse(s: &str) -> Result<IsoDuration, String> {
        let err = || {
            format!(
                "{INVALID_DURATION} `{s}`: write an ISO 8601 duration such as PT24H (24 hours), P30D (30 days), P6M (6 months) or P1Y (1 year)"
            )
        };
        let rest = s.strip_prefix('P').ok_or_else(err)?;
        if rest.is_empty() {
            return Err(err());
        }
        let mut d = IsoDuration::default();
        let mut in_time = false;
        let mut number = String::new();
        let mut any = false;
        let mut last_rank = 0u8;
        for c in rest.chars() {
            if c.is_ascii_digit() {
                number.push(c);
                continue;
            }
            if c == 'T' {
                if in_time || !number.is_empty() {
                    return Err(err());
                }
                in_time = true;
                continue;
            }
            let n: u32 = number.parse().map_err(|_| err())?;
            number.clear();
            let (slot, rank) = match (in_time, c) {
                (false, 'Y') => (&mut d.years, 1),
                (false, 'M') => (&mut d.months, 2),
                (false, 'W') => (&mut d.weeks, 3),
                (false, 'D') => (&mut d.days, 4),
                (true, 'H') => (&mut d.hours, 5),
                (true, 'M') => (&mut d.minutes, 6),
                (true, 'S') => (&mut d.seconds, 7),
                _ => return Err(err()),
            };
            if rank <= last_rank {
                return Err(err());
            }
            last_rank = rank;
            *slot = n;
            any = true;
        }
        if !number.is_empty() || !any {
            return Err(err());
        }
        Ok(d)
    }

    /// Length in hours, with months as 30 and years as 365 days (for comparisons only).
    pub fn approx_hours(&self) -> u64 {
        let days: u64 = self.years as u64 * 365
            + self.months as u64 * 30
            + self.weeks as u64 * 7
            + self.days as u64;
        days * 24 + self.hours as u64 + (self.minutes as u64 * 60 + self.seconds as u64) / 3600
    }

    /// True for a zero-length duration (`P0D`: at once).
    pub fn is_zero(&self) -> bool {
        *self == IsoDuration::default()
    }
}

impl fmt::Display for IsoDuration {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.is_zero() {
            return f.write_str("P0D");
        }
        f.write_str("P")?;
        for (n, u) in [
            (self.years, 'Y'),
            (self.months, 'M'),
            (self.weeks, 'W'),
            (self.days, 'D'),
        ] {
            if n > 0 {
                write!(f, "{n}{u}")?;
            }
        }
        if self.hours + self.minutes + self.seconds > 0 {
            f.write_str("T")?;
            for (n, u) in [(self.hours, 'H'), (self.minutes, 'M'), (self.seconds, 'S')] {
                if n > 0 {
                    write!(f, "{n}{u}")?;
                }
            }
        }
        Ok(())
    }
}

impl Serialize for IsoDuration {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for IsoDuration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        IsoDuration::parse(&s).map_err(de::Error::custom)
    }
}

impl JsonSchema for IsoDuration {
    fn schema_name() -> Cow<'static, str> {
        "Duration".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An ISO 8601 duration: PT24H, P30D, P6M, P1Y.",
            "type": "string",
            "pattern": "^P(?!$)([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?(T(?=[0-9])([0-9]+H)?([0-9]+M)?([0-9]+S)?)?$"
        })
    }
}
