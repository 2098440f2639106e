//! `ropa report`: the records of processing activities (Art. 30 GDPR) as one
//! self-contained, print-ready HTML document (inline CSS, no scripts, no external
//! resources), in one of the registry's languages.
//!
//! The data is prepared here, item by item of Art. 30(1) and 30(2), as plain text in
//! a few shapes ([`Block`]: a key/value table, a table, a list, a paragraph); the Tera
//! template `report.html` only lays it out, so a registry can restyle the report with
//! its own `templates/report.html` without redoing the law. Text is escaped by Tera;
//! nothing the registry says is inserted as HTML. An item the registry leaves empty is
//! printed as "nicht angegeben" / "not stated" (a cell with `na: true`), never dropped.

use crate::check::{check, CheckOptions};
use crate::i18n;
use crate::model::activity::{Activity, RecipientKind};
use crate::model::common::{Address, Contact};
use crate::model::countries;
use crate::model::organization::{GdprRole, Organization};
use crate::model::retention::{RetentionRule, Trigger};
use crate::model::subprocessor::{Status, Subprocessor};
use crate::model::tom::Control;
use crate::model::transfer::{Mechanism, Transfer};
use crate::model::Visibility;
use crate::model::{Date, Kind, Text};
use crate::registry::Registry;
use crate::site::templates;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

/// The name of the report's template (built in, or the registry's own).
pub const TEMPLATE: &str = "report.html";

/// Where `ropa build` puts the report in `lang`, relative to the site root.
pub fn file_name(lang: &str) -> String {
    format!("report-{lang}.html")
}

/// The classic controls of an AVV annex, in the order the annex lists them.
const CONTROLS: [Control; 9] = [
    Control::PhysicalAccess,
    Control::SystemAccess,
    Control::DataAccess,
    Control::Transfer,
    Control::Input,
    Control::Instructions,
    Control::Availability,
    Control::Separation,
    Control::Review,
];

// ── the data the template lays out ───────────────────────────────────────────────

/// One value: text (line breaks kept), or "not stated" when `na`; `note` is a
/// smaller second line. `na` and `note` reach the template only when set (a large
/// report has millions of cells, and most have neither).
#[derive(Debug, Clone, Serialize)]
struct Cell {
    t: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    na: bool,
    #[serde(skip_serializing_if = "String::is_empty")]
    note: String,
}

impl Cell {
    /// Text; blank text is "not stated".
    fn text(s: impl Into<String>) -> Cell {
        let t: String = s.into();
        let na = t.trim().is_empty();
        Cell {
            t,
            na,
            note: String::new(),
        }
    }

    /// "Not stated".
    fn na() -> Cell {
        Cell::text("")
    }

    /// Text if there is some, "not stated" otherwise.
    fn opt(s: Option<impl Into<String>>) -> Cell {
        s.map(Cell::text).unwrap_or_else(Cell::na)
    }

    fn note(mut self, note: impl Into<String>) -> Cell {
        self.note = note.into();
        self
    }
}

/// A piece of an item: `kv` (label/value rows), `table` (with `head`), `list`, or
/// `text` (paragraphs). With no rows, the template prints "not stated".
#[derive(Debug, Clone, Serialize)]
struct Block {
    title: String,
    kind: &'static str,
    head: Vec<String>,
    /// Column widths in percent (for `table`), or empty.
    widths: Vec<u8>,
    rows: Vec<Vec<Cell>>,
    /// A line printed after the block (a reference to an annex…).
    after: String,
}

impl Block {
    fn new(kind: &'static str, title: impl Into<String>) -> Block {
        Block {
            title: title.into(),
            kind,
            head: Vec::new(),
            widths: Vec::new(),
            rows: Vec::new(),
            after: String::new(),
        }
    }

    fn kv(title: impl Into<String>, rows: Vec<(String, Cell)>) -> Block {
        let mut b = Block::new("kv", title);
        b.rows = rows
            .into_iter()
            .map(|(k, v)| vec![Cell::text(k), v])
            .collect();
        b
    }

    fn table(
        title: impl Into<String>,
        head: Vec<String>,
        widths: &[u8],
        rows: Vec<Vec<Cell>>,
    ) -> Block {
        let mut b = Block::new("table", title);
        b.head = head;
        b.widths = widths.to_vec();
        b.rows = rows;
        b
    }

    fn list(title: impl Into<String>, items: Vec<Cell>) -> Block {
        let mut b = Block::new("list", title);
        b.rows = items.into_iter().map(|c| vec![c]).collect();
        b
    }

    fn text(title: impl Into<String>, cell: Cell) -> Block {
        let mut b = Block::new("text", title);
        b.rows = vec![vec![cell]];
        b
    }

    fn after(mut self, s: impl Into<String>) -> Block {
        self.after = s.into();
        self
    }
}

/// One item of Art. 30 (or a supplementary one, with an empty `letter`).
#[derive(Debug, Serialize)]
struct Item {
    anchor: String,
    /// `a`…`g`, or empty for a supplementary item.
    letter: String,
    article: String,
    label: String,
    blocks: Vec<Block>,
}

/// One activity's section.
#[derive(Debug, Serialize)]
struct Section {
    anchor: String,
    number: String,
    id: String,
    name: String,
    facts: Block,
    items: Vec<Item>,
}

#[derive(Debug, Serialize)]
struct Part {
    anchor: String,
    heading: String,
    intro: String,
    sections: Vec<Section>,
}

#[derive(Debug, Serialize)]
struct Annex {
    anchor: String,
    heading: String,
    intro: String,
    blocks: Vec<Block>,
}

#[derive(Debug, Serialize)]
struct TocEntry {
    href: String,
    label: String,
    children: Vec<TocEntry>,
}

#[derive(Debug, Serialize)]
struct Report {
    lang: String,
    title: String,
    subtitle: String,
    org: String,
    as_of: String,
    version: String,
    version_known: bool,
    na: String,
    /// The report's words, by key.
    l: BTreeMap<String, String>,
    /// CSS string literals (quoted and escaped) for the running header and footer.
    css_header: String,
    css_footer: String,
    css_page: String,
    cover: Vec<Block>,
    toc: Vec<TocEntry>,
    parts: Vec<Part>,
    annexes: Vec<Annex>,
}

// ── rendering ────────────────────────────────────────────────────────────────────

/// Renders the records of processing of `reg` in `lang` as of `as_of`, noting the
/// registry `version` (a git commit) if known. Loads the built-in template, or the
/// registry's own `templates/report.html`.
pub fn render(
    reg: &Registry,
    lang: &str,
    as_of: Date,
    version: Option<&str>,
    audience: Visibility,
) -> Result<String, String> {
    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
    let tera = templates::load(&reg.root, &kinds).map_err(|e| e.0)?;
    let mut html = Vec::new();
    render_to(&tera, reg, lang, as_of, version, audience, &mut html)?;
    String::from_utf8(html).map_err(|e| e.to_string())
}

/// Renders the report in `lang` with `tera`'s templates straight into `out` (the
/// report of a large registry runs to tens of megabytes).
pub fn render_to(
    tera: &tera::Tera,
    reg: &Registry,
    lang: &str,
    as_of: Date,
    version: Option<&str>,
    audience: Visibility,
    out: &mut dyn std::io::Write,
) -> Result<(), String> {
    let data = Builder::new(reg, lang).report(as_of, version, audience);
    let ctx = tera::Context::from_serialize(&data).map_err(|e| e.to_string())?;
    drop(data);
    tera.render_to(TEMPLATE, &ctx, out)
        .map_err(|e| format!("rendering the report with template `{TEMPLATE}`: {e}"))
}

/// A string as a CSS string literal: quoted, with `"`, `\`, line breaks and `<`
/// escaped (so it can neither end the string nor the `<style>` element).
fn css_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' => out.push_str(&format!("\\{:x} ", c as u32)),
            '\n' | '\r' => out.push_str("\\a "),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Prepares the report's data from the registry.
struct Builder<'a> {
    reg: &'a Registry,
    lang: &'a str,
    default: String,
    org: Option<&'a Organization>,
}

impl<'a> Builder<'a> {
    fn new(reg: &'a Registry, lang: &'a str) -> Self {
        Builder {
            reg,
            lang,
            default: reg.default_language(),
            org: reg.organization.as_ref().map(|o| &o.data),
        }
    }

    /// A word of the report.
    fn l(&self, key: &str) -> String {
        i18n::word(self.lang, "report", key)
    }

    /// Text in the report's language.
    fn tx(&self, t: &Text) -> String {
        t.get(self.lang, &self.default).trim().to_string()
    }

    fn value<T: Serialize>(&self, v: &T) -> String {
        i18n::value(self.lang, &code(v))
    }

    fn country(&self, code: &str) -> String {
        countries::name(code, self.lang)
    }

    fn yes_no(&self, b: bool) -> String {
        self.l(if b { "yes" } else { "no" })
    }

    fn address(&self, a: &Address) -> String {
        format!(
            "{}\n{} {}\n{}",
            a.street,
            a.postal_code,
            a.city,
            self.country(a.country.code())
        )
    }

    fn address_line(&self, a: &Address) -> String {
        self.address(a).replace('\n', ", ")
    }

    fn contact(&self, c: &Contact) -> Cell {
        let mut lines = Vec::new();
        if let Some(e) = &c.email {
            lines.push(format!("{}: {e}", self.l("email")));
        }
        if let Some(p) = &c.phone {
            lines.push(format!("{}: {p}", self.l("phone")));
        }
        if let Some(w) = &c.web {
            lines.push(format!("{}: {w}", self.l("web")));
        }
        Cell::text(lines.join("\n"))
    }

    fn item(&self, key: &str, anchor_base: &str, blocks: Vec<Block>) -> Item {
        Item {
            anchor: format!("{anchor_base}-{key}"),
            letter: key[1..].to_string(),
            article: i18n::get(self.lang, "report-article", key).unwrap_or_default(),
            label: i18n::get(self.lang, "report-item", key).unwrap_or_default(),
            blocks,
        }
    }

    fn extra_item(&self, anchor: String, label: String, blocks: Vec<Block>) -> Item {
        Item {
            anchor,
            letter: String::new(),
            article: self.l("supplement"),
            label,
            blocks,
        }
    }

    // ── the document ──────────────────────────────────────────────────────────

    fn report(&self, as_of: Date, version: Option<&str>, audience: Visibility) -> Report {
        let org_name = self.org.map(|o| o.legal_name.clone()).unwrap_or_default();
        let roles: BTreeSet<GdprRole> = self
            .org
            .map(|o| o.roles.iter().copied().collect())
            .unwrap_or_default();
        let activities = |role: GdprRole| -> Vec<&'a Activity> {
            let mut v: Vec<&Activity> = self
                .reg
                .activities
                .iter()
                .map(|a| &a.data)
                .filter(|a| a.role.value == role)
                .collect();
            v.sort_by(|a, b| a.id.value.cmp(&b.id.value));
            v.dedup_by(|a, b| a.id.value == b.id.value);
            v
        };
        let controller_acts = activities(GdprRole::Controller);
        let processor_acts = activities(GdprRole::Processor);

        let mut parts = Vec::new();
        if roles.contains(&GdprRole::Controller) || !controller_acts.is_empty() {
            let sections = controller_acts
                .iter()
                .enumerate()
                .map(|(i, a)| self.controller_section(a, format!("A.{}", i + 1)))
                .collect();
            parts.push(Part {
                anchor: "part-a".into(),
                heading: self.l("part_a"),
                intro: self.l("part_a_intro"),
                sections,
            });
        }
        if roles.contains(&GdprRole::Processor) || !processor_acts.is_empty() {
            let sections = processor_acts
                .iter()
                .enumerate()
                .map(|(i, a)| self.processor_section(a, format!("B.{}", i + 1)))
                .collect();
            parts.push(Part {
                anchor: "part-b".into(),
                heading: self.l("part_b"),
                intro: self.l("part_b_intro"),
                sections,
            });
        }
        let annexes = vec![
            Annex {
                anchor: "annex-1".into(),
                heading: self.l("annex_1"),
                intro: self.l("annex_1_intro"),
                blocks: vec![self.subprocessor_annex()],
            },
            Annex {
                anchor: "annex-2".into(),
                heading: self.l("annex_2"),
                intro: self.l("annex_2_intro"),
                blocks: self.tom_annex(),
            },
        ];
        let mut toc: Vec<TocEntry> = parts
            .iter()
            .map(|p| TocEntry {
                href: format!("#{}", p.anchor),
                label: p.heading.clone(),
                children: p
                    .sections
                    .iter()
                    .map(|s| TocEntry {
                        href: format!("#{}", s.anchor),
                        label: format!("{} {}", s.number, s.name),
                        children: Vec::new(),
                    })
                    .collect(),
            })
            .collect();
        toc.extend(annexes.iter().map(|a| TocEntry {
            href: format!("#{}", a.anchor),
            label: a.heading.clone(),
            children: Vec::new(),
        }));

        let title = self.l("title");
        let version_text = version
            .map(str::to_string)
            .unwrap_or_else(|| self.l("no_version"));
        let l: BTreeMap<String, String> = i18n::section(self.lang, "report").into_iter().collect();
        Report {
            lang: self.lang.to_string(),
            subtitle: self.l("subtitle"),
            org: org_name.clone(),
            as_of: as_of.to_string(),
            version: version_text,
            version_known: version.is_some(),
            na: self.l("na"),
            css_header: css_string(&format!("{title} · {org_name}")),
            css_footer: css_string(&format!("{} {as_of}", self.l("as_of"))),
            css_page: css_string(&self.l("page")),
            title,
            l,
            cover: self.cover(as_of, version, audience, &roles),
            toc,
            parts,
            annexes,
        }
    }

    /// The organisation as controller or processor: name, address, contact, management.
    fn identity(&self, o: &Organization) -> Vec<(String, Cell)> {
        vec![
            (self.l("legal_name"), Cell::text(&o.legal_name)),
            (self.l("address"), Cell::text(self.address(&o.address))),
            (self.l("contact"), self.contact(&o.contact)),
            (self.l("management"), Cell::text(o.management.join(", "))),
        ]
    }

    fn representative(&self) -> Vec<(String, Cell)> {
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

    fn dpo(&self) -> Vec<(String, Cell)> {
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
    fn dpo_line(&self) -> Cell {
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

    fn representative_line(&self) -> Cell {
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

    fn cover(
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

    // ── an activity ───────────────────────────────────────────────────────────

    fn facts(&self, a: &Activity) -> Block {
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

    fn controller_section(&self, a: &Activity, number: String) -> Section {
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

    fn processor_section(&self, a: &Activity, number: String) -> Section {
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

    /// `6(1)(b)` → "Art. 6 Abs. 1 lit. b DSGVO" / "Art. 6(1)(b) GDPR".
    fn article(&self, a: &str) -> String {
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

    fn categories(&self, a: &Activity) -> Vec<Block> {
        let subjects = a
            .data_subjects
            .iter()
            .map(|s| match self.reg.data_subject(&s.value) {
                Some(d) => {
                    let c = Cell::text(self.tx(&d.data.label));
                    match &d.data.description {
                        Some(x) => c.note(self.tx(x)),
                        None => c,
                    }
                }
                None => Cell::text(&s.value),
            })
            .collect();
        let data = a
            .data_categories
            .iter()
            .map(|c| match self.reg.data_category(&c.value) {
                Some(d) => {
                    let d = &d.data;
                    vec![
                        Cell::text(self.tx(&d.label)),
                        Cell::text(
                            d.description
                                .as_ref()
                                .map(|x| self.tx(x))
                                .unwrap_or_else(|| "–".into()),
                        ),
                        Cell::text(self.yes_no(d.art9)),
                        Cell::text(self.yes_no(d.art10)),
                    ]
                }
                None => vec![Cell::text(&c.value), Cell::na(), Cell::na(), Cell::na()],
            })
            .collect();
        vec![
            Block::list(self.l("data_subjects"), subjects),
            Block::table(
                self.l("data_categories"),
                vec![
                    self.l("category"),
                    self.l("description"),
                    self.l("art9"),
                    self.l("art10"),
                ],
                &[28, 52, 10, 10],
                data,
            ),
        ]
    }

    /// How an optional subprocessor is switched on: the features that name it and the
    /// plans that include them; `None` when it is always in use.
    fn optional_use(&self, sub: &str) -> Option<String> {
        let mut features: Vec<_> = self
            .reg
            .features
            .iter()
            .map(|f| &f.data)
            .filter(|f| f.subprocessors.iter().any(|s| s.value == sub))
            .collect();
        if features.is_empty() {
            return None;
        }
        features.sort_by(|a, b| a.id.value.cmp(&b.id.value));
        let (open, close) = (
            i18n::rule(self.lang, "quote-open"),
            i18n::rule(self.lang, "quote-close"),
        );
        let parts: Vec<String> = features
            .iter()
            .map(|f| {
                let mut plans: Vec<_> = self
                    .reg
                    .plans
                    .iter()
                    .map(|p| &p.data)
                    .filter(|p| p.features.iter().any(|x| x.value == f.id.value))
                    .collect();
                plans.sort_by(|a, b| a.id.value.cmp(&b.id.value));
                let plans = if plans.is_empty() {
                    self.l("in_no_plan")
                } else {
                    format!(
                        "{}: {}",
                        self.l("in_plans"),
                        plans
                            .iter()
                            .map(|p| self.tx(&p.name))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                let default = self.l(if f.default_on {
                    "default_on"
                } else {
                    "default_off"
                });
                format!(
                    "{} {open}{}{close} ({plans}; {default})",
                    self.l("only_with"),
                    self.tx(&f.name)
                )
            })
            .collect();
        Some(parts.join("; "))
    }

    fn recipients(&self, a: &Activity) -> Block {
        let order = |k: RecipientKind| match k {
            RecipientKind::Internal => 0,
            RecipientKind::Processor => 1,
            RecipientKind::External => 2,
            RecipientKind::Authority => 3,
        };
        let mut rows: Vec<(u8, Vec<Cell>)> = Vec::new();
        let mut named_subs = BTreeSet::new();
        for r in &a.recipients {
            let (kind, name, seat) = match r.kind {
                RecipientKind::Internal => {
                    let name = r
                        .role
                        .as_ref()
                        .and_then(|id| self.reg.role(&id.value))
                        .map(|x| self.tx(&x.data.name))
                        .or_else(|| r.name.as_ref().map(|n| self.tx(n)))
                        .or_else(|| r.role.as_ref().map(|id| id.value.clone()));
                    (self.l("rk_internal"), Cell::opt(name), Cell::text(""))
                }
                RecipientKind::Processor => {
                    let id = r.subprocessor.as_ref().map(|s| s.value.as_str());
                    if let Some(id) = id {
                        named_subs.insert(id.to_string());
                    }
                    let (name, seat) = self.processor_cells(id, r.name.as_ref());
                    (self.l("rk_processor"), name, seat)
                }
                RecipientKind::External => (
                    self.l("rk_external"),
                    Cell::opt(r.name.as_ref().map(|n| self.tx(n))),
                    Cell::text(""),
                ),
                RecipientKind::Authority => (
                    self.l("rk_authority"),
                    Cell::opt(r.name.as_ref().map(|n| self.tx(n))),
                    Cell::text(""),
                ),
            };
            rows.push((order(r.kind), vec![Cell::text(kind), name, seat]));
        }
        // Processors the activity uses but does not list as recipients are recipients too.
        let mut extra: Vec<&str> = a
            .subprocessors
            .iter()
            .map(|s| s.value.as_str())
            .filter(|s| !named_subs.contains(*s))
            .collect();
        extra.sort_unstable();
        extra.dedup();
        for id in extra {
            let (name, seat) = self.processor_cells(Some(id), None);
            rows.push((
                order(RecipientKind::Processor),
                vec![Cell::text(self.l("rk_processor")), name, seat],
            ));
        }
        rows.sort_by_key(|(o, _)| *o);
        let rows = rows
            .into_iter()
            .map(|(_, mut r)| {
                // An empty seat cell is no missing item: it only applies to processors.
                if r[2].na {
                    r[2] = Cell {
                        t: "–".into(),
                        na: false,
                        note: String::new(),
                    };
                }
                r
            })
            .collect();
        Block::table(
            "",
            vec![
                self.l("recipient_kind"),
                self.l("recipient"),
                self.l("seat"),
            ],
            &[22, 40, 38],
            rows,
        )
    }

    /// Name and seat of a processor recipient.
    fn processor_cells(&self, id: Option<&str>, name: Option<&Text>) -> (Cell, Cell) {
        match id.and_then(|id| self.reg.subprocessor(id)) {
            Some(s) => {
                let s = &s.data;
                let code = s.address.country.code();
                let mut seat = format!("{}, {}", s.address.city, self.country(code));
                if !countries::in_eea(code) {
                    seat.push_str(&format!(" ({})", self.l("third_country")));
                }
                let mut note = self.l("see_annex_1");
                if let Some(opt) = self.optional_use(&s.id.value) {
                    note = format!("{opt}; {note}");
                }
                (
                    Cell::text(format!("{} ({})", s.legal_name, s.name)),
                    Cell::text(seat).note(note),
                )
            }
            None => (
                Cell::opt(name.map(|n| self.tx(n)).or_else(|| id.map(str::to_string))),
                Cell::na(),
            ),
        }
    }

    /// The transfers of an activity: those it lists and those of the processors it uses.
    fn activity_transfers(&self, a: &Activity) -> Vec<&'a Transfer> {
        let mut subs: BTreeSet<&str> = a.subprocessors.iter().map(|s| s.value.as_str()).collect();
        subs.extend(
            a.recipients
                .iter()
                .filter_map(|r| r.subprocessor.as_ref().map(|s| s.value.as_str())),
        );
        let listed: BTreeSet<&str> = a.transfers.iter().map(|t| t.value.as_str()).collect();
        let mut out: Vec<&Transfer> = self
            .reg
            .transfers
            .iter()
            .map(|t| &t.data)
            .filter(|t| {
                listed.contains(t.id.value.as_str())
                    || (subs.contains(t.subprocessor.value.as_str())
                        && self
                            .reg
                            .subprocessor(&t.subprocessor.value)
                            .is_some_and(|s| s.data.status != Status::Retired))
            })
            .collect();
        out.sort_by(|x, y| x.id.value.cmp(&y.id.value));
        out.dedup_by(|x, y| x.id.value == y.id.value);
        out
    }

    fn mechanism(&self, m: Mechanism) -> String {
        let base = self.value(&m);
        match m {
            Mechanism::Scc => format!("{base} ({})", self.l("scc_article")),
            _ => base,
        }
    }

    fn contract_line(&self, id: &str) -> String {
        match self.reg.contract(id) {
            Some(c) => {
                let c = &c.data;
                let signed = match &c.signed {
                    Some(d) => format!("{} {}", self.l("signed"), d.value),
                    None => self.l("unsigned"),
                };
                format!("{} ({signed})", self.tx(&c.title))
            }
            None => id.to_string(),
        }
    }

    fn transfers(&self, a: &Activity) -> Block {
        let transfers = self.activity_transfers(a);
        if transfers.is_empty() {
            return Block::text("", Cell::text(self.l("no_transfer")));
        }
        let rows = transfers
            .into_iter()
            .map(|t| {
                let recipient = match self.reg.subprocessor(&t.subprocessor.value) {
                    Some(s) => format!(
                        "{} ({})\n{}",
                        s.data.legal_name,
                        s.data.name,
                        self.address_line(&s.data.address)
                    ),
                    None => t.subprocessor.value.clone(),
                };
                let names: Vec<String> =
                    t.countries.iter().map(|c| self.country(c.code())).collect();
                let place = match (t.global, names.is_empty()) {
                    (true, true) => self.l("worldwide"),
                    (true, false) => format!(
                        "{}, {}: {}",
                        self.l("worldwide"),
                        self.l("in_particular"),
                        names.join(", ")
                    ),
                    (false, _) => names.join(", "),
                };
                let mut mechanisms: Vec<String> = t
                    .mechanisms
                    .iter()
                    .map(|m| self.mechanism(m.value))
                    .collect();
                if let Some(c) = &t.contract {
                    mechanisms.push(format!(
                        "{}: {}",
                        self.l("contract"),
                        self.contract_line(&c.value)
                    ));
                }
                let mut doc = Vec::new();
                if t.mechanisms.iter().any(|m| m.value == Mechanism::Art49) {
                    doc.push(format!("{}:", self.l("art49_doc")));
                }
                if let Some(d) = &t.dpf_checked {
                    doc.push(format!("{} {d}", self.l("dpf_checked")));
                }
                if let Some(tia) = &t.tia {
                    doc.push(format!(
                        "{} {} ({} {})",
                        self.l("tia"),
                        tia.date,
                        self.l("tia_review"),
                        tia.review_by.value
                    ));
                }
                for m in &t.supplementary_measures {
                    doc.push(format!("– {}", self.tx(m)));
                }
                let mut doc_cell = Cell::text(doc.join("\n"));
                if t.mechanisms.iter().any(|m| m.value == Mechanism::Art49)
                    && t.supplementary_measures.is_empty()
                    && t.tia.is_none()
                {
                    // Art. 30(1)(e): the safeguards of an Art. 49(1) subpara. 2 transfer
                    // must be documented; nothing is.
                    doc_cell = Cell::na().note(self.l("art49_doc"));
                }
                let mut recipient = Cell::text(recipient);
                if let Some(d) = &t.description {
                    recipient = recipient.note(self.tx(d));
                }
                vec![
                    recipient,
                    Cell::text(place),
                    Cell::text(mechanisms.join("\n")),
                    doc_cell,
                ]
            })
            .collect();
        Block::table(
            "",
            vec![
                self.l("recipient"),
                self.l("countries"),
                self.l("mechanisms"),
                self.l("documentation"),
            ],
            &[24, 14, 27, 35],
            rows,
        )
    }

    /// "24 Stunden (ab Erhebung)", or the customer's choice with its upper bound.
    fn period(&self, r: &RetentionRule, depth: u8) -> Cell {
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

    fn retention(&self, a: &Activity) -> Block {
        let mut ids: Vec<&str> = a.retention.iter().map(|r| r.value.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        let rows = ids
            .into_iter()
            .map(|id| match self.reg.retention_rule(id) {
                Some(r) => {
                    let r = &r.data;
                    let data: Vec<String> = r
                        .data_categories
                        .iter()
                        .map(|c| {
                            self.reg
                                .data_category(&c.value)
                                .map(|d| self.tx(&d.data.label))
                                .unwrap_or_else(|| c.value.clone())
                        })
                        .collect();
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

    fn toms(&self, a: &Activity) -> Block {
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

    // ── annexes ───────────────────────────────────────────────────────────────

    fn subprocessor_annex(&self) -> Block {
        let mut subs: Vec<&Subprocessor> = self
            .reg
            .subprocessors
            .iter()
            .map(|s| &s.data)
            .filter(|s| s.status == Status::Active && s.processes_personal_data)
            .collect();
        subs.sort_by(|a, b| a.id.value.cmp(&b.id.value));
        subs.dedup_by(|a, b| a.id.value == b.id.value);
        let rows = subs
            .into_iter()
            .map(|s| {
                let mut who = format!("{}\n{}\n{}", s.name, s.legal_name, self.address(&s.address));
                if let Some(p) = &s.parent {
                    who.push_str(&format!(
                        "\n{}: {} ({})",
                        self.l("parent"),
                        p.name,
                        self.country(p.country.code())
                    ));
                }
                let service = Cell::text(self.tx(&s.service)).note(
                    self.optional_use(&s.id.value)
                        .unwrap_or_else(|| self.l("always")),
                );
                let sites: Vec<String> = s
                    .sites
                    .iter()
                    .map(|site| {
                        let mut place = Vec::new();
                        if let Some(c) = &site.city {
                            place.push(c.clone());
                        }
                        if let Some(c) = &site.country {
                            place.push(self.country(c.code()));
                        }
                        if let Some(r) = &site.region {
                            place.push(self.value(r));
                        }
                        if site.global_edge {
                            place.push(self.l("edge"));
                        }
                        place.join(", ")
                    })
                    .collect();
                let data: Vec<String> = s
                    .data_categories
                    .iter()
                    .map(|c| {
                        self.reg
                            .data_category(&c.value)
                            .map(|d| self.tx(&d.data.label))
                            .unwrap_or_else(|| c.value.clone())
                    })
                    .collect();
                vec![
                    Cell::text(who),
                    service,
                    Cell::text(sites.join("\n")),
                    Cell::text(data.join("\n")),
                    self.sub_transfer(s),
                ]
            })
            .collect();
        Block::table(
            "",
            vec![
                self.l("subprocessor"),
                self.l("service"),
                self.l("sites"),
                self.l("data_col"),
                self.l("transfer"),
            ],
            &[19, 27, 15, 20, 19],
            rows,
        )
    }

    /// The transfer mechanism of a subprocessor, "none" when every site is in the EEA.
    fn sub_transfer(&self, s: &Subprocessor) -> Cell {
        let mut ts: Vec<&Transfer> = self
            .reg
            .transfers
            .iter()
            .map(|t| &t.data)
            .filter(|t| {
                t.subprocessor.value == s.id.value
                    || s.transfers.iter().any(|x| x.value == t.id.value)
            })
            .collect();
        ts.sort_by(|a, b| a.id.value.cmp(&b.id.value));
        ts.dedup_by(|a, b| a.id.value == b.id.value);
        if !ts.is_empty() {
            let lines: Vec<String> = ts
                .iter()
                .map(|t| {
                    let mut names: Vec<String> =
                        t.countries.iter().map(|c| self.country(c.code())).collect();
                    if t.global {
                        names.insert(0, self.l("worldwide"));
                    }
                    let mechs: Vec<String> = t
                        .mechanisms
                        .iter()
                        .map(|m| self.mechanism(m.value))
                        .collect();
                    format!("{}: {}", names.join(", "), mechs.join("; "))
                })
                .collect();
            return Cell::text(lines.join("\n"));
        }
        let in_eea = |site: &crate::model::subprocessor::Site| {
            !site.global_edge
                && (site.region.is_some()
                    || site
                        .country
                        .as_ref()
                        .is_some_and(|c| countries::in_eea(c.code())))
        };
        if !s.sites.is_empty() && s.sites.iter().all(|x| in_eea(&x.value)) {
            return Cell::text(self.l("no_transfer_needed"));
        }
        if !s.sites.is_empty()
            && s.sites.iter().all(|site| {
                in_eea(&site.value)
                    || site
                        .country
                        .as_ref()
                        .is_some_and(|c| countries::adequate(c.code()))
            })
        {
            return Cell::text(self.l("adequate"));
        }
        Cell::na()
    }

    fn tom_annex(&self) -> Vec<Block> {
        CONTROLS
            .iter()
            .map(|control| {
                let mut toms: Vec<_> = self
                    .reg
                    .toms
                    .iter()
                    .map(|t| &t.data)
                    .filter(|t| t.control == *control)
                    .collect();
                toms.sort_by(|a, b| a.id.value.cmp(&b.id.value));
                toms.dedup_by(|a, b| a.id.value == b.id.value);
                let rows = toms
                    .into_iter()
                    .map(|t| {
                        let mut desc = Cell::text(self.tx(&t.description));
                        if let Some(p) = &t.provided_by {
                            let by = self
                                .reg
                                .subprocessor(&p.value)
                                .map(|s| s.data.name.clone())
                                .unwrap_or_else(|| p.value.clone());
                            desc = desc.note(format!("{} {by}", self.l("provided_by")));
                        }
                        let letters: Vec<String> = t.art32.iter().map(code).collect();
                        vec![
                            Cell::text(self.tx(&t.title)),
                            desc,
                            Cell::text(self.value(&t.kind)),
                            Cell::opt((!letters.is_empty()).then(|| letters.join(", "))),
                        ]
                    })
                    .collect();
                Block::table(
                    self.value(control),
                    vec![
                        self.l("measure"),
                        self.l("description"),
                        self.l("tom_kind"),
                        self.l("art32"),
                    ],
                    &[24, 50, 16, 10],
                    rows,
                )
            })
            .collect()
    }
}

/// The YAML spelling of an enum value (`physical-access`).
fn code<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|x| x.as_str().map(str::to_string))
        .unwrap_or_default()
}

// ── the command ──────────────────────────────────────────────────────────────────

fn stderr_writer() -> codespan_reporting::term::termcolor::StandardStream {
    use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
    use std::io::IsTerminal;
    let choice = if std::io::stderr().is_terminal() {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    };
    StandardStream::stderr(choice)
}

/// `ropa report`: loads and checks the registry, then writes the records of
/// processing as HTML to `--out` or stdout. Exit 0 when written, 1 when the registry
/// has errors (printed to stderr); `Err` (exit 2) when the report cannot be made at all.
pub fn run(args: &crate::cli::ReportArgs) -> Result<u8, String> {
    let as_of = match args.as_of.as_deref() {
        Some(s) => Date::parse(s).map_err(|e| format!("--as-of: {e}"))?,
        None => Date(chrono::Local::now().date_naive()),
    };
    if let Some(out) = &args.out {
        crate::outdir::check_output_file("the report", out, &args.dir)?;
    }
    let (reg, mut diags) = crate::load::load(&args.dir).map_err(|e| e.to_string())?;
    let languages = reg.languages();
    let lang = args.lang.clone().unwrap_or_else(|| reg.default_language());
    if reg.organization.is_some() && !languages.contains(&lang) {
        return Err(format!(
            "--lang {lang}: the registry is not kept in `{lang}`; its languages are {}",
            languages
                .iter()
                .map(|l| format!("`{l}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    diags.extend(check(&reg, &CheckOptions { as_of }).iter().cloned());
    let mut err = stderr_writer();
    diags
        .render_text(&reg.sources, &mut err)
        .map_err(|e| e.to_string())?;
    if diags.error_count() > 0 {
        eprintln!(
            "ropa report: {} error(s) in {}; no report written",
            diags.error_count(),
            args.dir.display()
        );
        return Ok(1);
    }
    let version = super::registry_version(&args.dir);
    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
    let tera = templates::load(&reg.root, &kinds).map_err(|e| e.0)?;
    // Checked as a whole, reported as the audience may see it: the site's own filter.
    let audience = args.audience.visibility();
    let reg = super::for_audience(reg, audience);
    // The report is written as it is rendered; into a file, atomically.
    let write = |out: &mut dyn Write| {
        render_to(&tera, &reg, &lang, as_of, version.as_deref(), audience, out)
    };
    match &args.out {
        Some(path) => {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("creating {}: {e}", parent.display()))?;
            }
            super::write_atomically_with(path, write)?;
            eprintln!(
                "ropa report: records of processing ({lang}, as of {as_of}, audience {}) written to {} ({} warning(s))",
                audience.as_str(),
                path.display(),
                diags.warning_count()
            );
        }
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            match write(&mut out) {
                // The reader stopped reading (`| head`): not an error of the report.
                Err(e) if e.contains("BrokenPipe") => return Ok(0),
                result => result?,
            }
            if let Err(e) = out.flush() {
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    return Err(format!("writing the report: {e}"));
                }
            }
        }
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_cannot_break_out() {
        assert_eq!(
            css_string("a \"b\" </style>"),
            "\"a \\22 b\\22  \\3c /style\\3e \""
        );
        assert_eq!(css_string("x\ny"), "\"x\\a y\"");
    }
}
