//! The value types shared by every record kind, under the path they have always had
//! (`crate::model::common::…`); each lives in a file of its own.

pub use super::address::{Address, Contact, Country};
pub use super::date::{Date, Review, INVALID_DATE};
pub use super::duration::{IsoDuration, INVALID_DURATION};
pub use super::spanned::{Ref, Spanned, SPANNED_FIELDS, SPANNED_NAME};
pub use super::text::{Text, TextValue, Translations};
pub use super::visibility::{FieldVisibility, Visibility};
