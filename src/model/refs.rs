//! The references a record kind holds to other records, declared once next to the
//! kind's type with [`references!`]: the checker looks for dangling ones and the site
//! turns them into links and "used by" lists, both from this one declaration.

use super::{Kind, Ref};
use crate::source::Span;

/// A record kind whose records name other records.
pub trait References {
    /// The kind.
    const KIND: Kind;
    /// The record's id.
    fn id(&self) -> &str;
    /// Hands every reference to `f`, in field order: the field it is written in (a
    /// dotted path in nested lists), the kind it must point at, the id and where the
    /// id is written.
    fn references<'a>(&'a self, f: &mut dyn FnMut(&'static str, Kind, &'a str, Span));
}

/// A field that holds references: one, maybe one, or a list.
pub trait RefField {
    /// Hands each reference of the field to `f`.
    fn each_ref<'a>(&'a self, f: &mut dyn FnMut(&'a Ref));
}

impl RefField for Ref {
    fn each_ref<'a>(&'a self, f: &mut dyn FnMut(&'a Ref)) {
        f(self)
    }
}

impl RefField for Option<Ref> {
    fn each_ref<'a>(&'a self, f: &mut dyn FnMut(&'a Ref)) {
        if let Some(r) = self {
            f(r)
        }
    }
}

impl RefField for Vec<Ref> {
    fn each_ref<'a>(&'a self, f: &mut dyn FnMut(&'a Ref)) {
        self.iter().for_each(f)
    }
}

/// Implements [`References`] for a record type from the list of its reference fields,
/// each with the kind it points at, in the order they are reported:
///
/// ```ignore
/// references!(Activity: Activity {
///     data_subjects: DataSubject,
///     recipients[subprocessor: Subprocessor, role: Role],
/// });
/// ```
///
/// `field[inner: Kind, …]` walks a list of objects and reports each object's fields
/// as `field.inner`.
macro_rules! references {
    ($ty:ty : $kind:ident { $($body:tt)* }) => {
        impl $crate::model::refs::References for $ty {
            const KIND: $crate::model::Kind = $crate::model::Kind::$kind;

            fn id(&self) -> &str {
                &self.id.value
            }

            fn references<'a>(
                &'a self,
                f: &mut dyn FnMut(&'static str, $crate::model::Kind, &'a str, $crate::source::Span),
            ) {
                $crate::model::refs::references!(@fields self, f, $($body)*);
            }
        }
    };
    (@fields $s:ident, $f:ident $(,)?) => {};
    (@fields $s:ident, $f:ident, $field:ident : $to:ident $(, $($rest:tt)*)?) => {
        $crate::model::refs::RefField::each_ref(&$s.$field, &mut |r| {
            $f(stringify!($field), $crate::model::Kind::$to, &r.value, r.span)
        });
        $crate::model::refs::references!(@fields $s, $f $(, $($rest)*)?);
    };
    (@fields $s:ident, $f:ident, $field:ident [ $($inner:ident : $to:ident),* $(,)? ] $(, $($rest:tt)*)?) => {
        for item in &$s.$field {
            $(
                $crate::model::refs::RefField::each_ref(&item.$inner, &mut |r| {
                    $f(
                        concat!(stringify!($field), ".", stringify!($inner)),
                        $crate::model::Kind::$to,
                        &r.value,
                        r.span,
                    )
                });
            )*
        }
        $crate::model::refs::references!(@fields $s, $f $(, $($rest)*)?);
    };
}

pub(crate) use references;

#[cfg(test)]
mod tests {
    use super::References;
    use crate::model::{Kind, Ref, Spanned};
    use crate::source::Span;

    fn r(id: &str, at: usize) -> Ref {
        Spanned {
            span: Span::new(at, at + 1),
            value: id.to_string(),
        }
    }

    struct Party {
        contract: Option<Ref>,
        role: Option<Ref>,
    }

    struct Sample {
        id: Ref,
        systems: Vec<Ref>,
        owner: Ref,
        maybe: Option<Ref>,
        parties: Vec<Party>,
    }

    super::references!(Sample: Activity {
        systems: System,
        owner: Subprocessor,
        maybe: Role,
        parties[contract: Contract, role: Role],
    });

    #[test]
    fn a_declaration_reports_every_reference_in_field_order_with_dotted_paths() {
        let sample = Sample {
            id: r("a", 0),
            systems: vec![r("chat", 1), r("crm", 2)],
            owner: r("hetzner", 3),
            maybe: None,
            parties: vec![
                Party {
                    contract: Some(r("dpa", 4)),
                    role: Some(r("support", 5)),
                },
                Party {
                    contract: None,
                    role: Some(r("admin", 6)),
                },
            ],
        };
        assert_eq!((Sample::KIND, sample.id()), (Kind::Activity, "a"));
        let mut got = Vec::new();
        sample.references(&mut |field, kind, id, span| got.push((field, kind, id, span.start)));
        assert_eq!(
            got,
            vec![
                ("systems", Kind::System, "chat", 1),
                ("systems", Kind::System, "crm", 2),
                ("owner", Kind::Subprocessor, "hetzner", 3),
                ("parties.contract", Kind::Contract, "dpa", 4),
                ("parties.role", Kind::Role, "support", 5),
                ("parties.role", Kind::Role, "admin", 6),
            ]
        );
    }
}
