//! Facts from the records, in one language, for the `{{ … }}` expressions of FAQ
//! answers: an answer says `{{ subprocessor.hetzner.sites }}` instead of copying
//! "Falkenstein und Nürnberg", so changing the record changes every answer.
//!
//! The facts come from the registry an output is built from; for the public site that
//! is the filtered registry, so an answer cannot quote what the public may not see
//! (its build fails instead).

use crate::i18n::{self, t};
use crate::model::countries;
use crate::model::{Kind, Text};
use crate::registry::Registry;
use serde_json::{json, Map, Value};
use std::collections::{HashMap, HashSet};

/// Joins words as people do: "a", "a und b", "a, b und c".
pub fn join(items: &[String], lang: &str) -> String {
    let and = i18n::rule(lang, "list-and");
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n => format!("{} {and} {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

fn text(t: &Text, lang: &str, default: &str) -> String {
    t.get(lang, default).to_string()
}

fn opt(t: &Option<Text>, lang: &str, default: &str) -> String {
    t.as_ref()
        .map(|t| text(t, lang, default))
        .unwrap_or_default()
}

/// The subprocessors a feature switches on, by feature id.
pub fn optional_subprocessors(reg: &Registry) -> Vec<(&str, &str)> {
    reg.features
        .iter()
        .flat_map(|f| {
            f.data
                .subprocessors
                .iter()
                .map(move |s| (f.data.id.value.as_str(), s.value.as_str()))
        })
        .collect()
}

/// Which facts answers can reach: the top-level names written in them (Tera finds
/// variables by name only; `__tera_context` reaches them all), and of a map of
/// records (`subprocessor`, `retention`, …) only the entries named with a literal id
/// (`subprocessor["hetzner"]`) when it is used in no other way. Gathering only those
/// keeps a large registry's answers cheap.
pub struct Reachable(Option<HashMap<String, Entries>>);

/// The entries of a map of records an answer can reach.
enum Entries {
    All,
    Only(HashSet<String>),
}

impl Reachable {
    /// Every fact (for `ropa answer`, which shows any of them).
    pub fn all() -> Self {
        Reachable(None)
    }

    /// The facts named in the texts of `reg`'s answers.
    pub fn by_answers(reg: &Registry) -> Self {
        let bodies = reg.answers.iter().flat_map(|a| &a.data.bodies);
        Reachable::named_in(bodies.map(|b| &*b.markdown))
    }

    /// The facts named in `texts`.
    fn named_in<'t>(texts: impl Iterator<Item = &'t str>) -> Self {
        let mut names: HashMap<String, Entries> = HashMap::new();
        for text in texts {
            for code in tera_code(text) {
                let bytes = code.as_bytes();
                let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
                let mut i = 0;
                while i < bytes.len() {
                    if !is_word(bytes[i]) {
                        i += 1;
                        continue;
                    }
                    let start = i;
                    while i < bytes.len() && is_word(bytes[i]) {
                        i += 1;
                    }
                    let word = &code[start..i];
                    if word == "__tera_context" {
                        return Reachable::all();
                    }
                    let literal = literal_index(&code[i..]);
                    match (names.get_mut(word), literal) {
                        (Some(Entries::All), _) => {}
                        (Some(Entries::Only(ids)), Some(id)) => {
                            ids.insert(id.to_string());
                        }
                        (Some(entries), None) => *entries = Entries::All,
                        (None, Some(id)) => {
                            names.insert(
                                word.to_string(),
                                Entries::Only(HashSet::from([id.to_string()])),
                            );
                        }
                        (None, None) => {
                            names.insert(word.to_string(), Entries::All);
                        }
                    }
                }
            }
        }
        Reachable(Some(names))
    }

    /// Whether any of these names is reached.
    fn any(&self, keys: &[&str]) -> bool {
        match &self.0 {
            None => true,
            Some(names) => keys.iter().any(|k| names.contains_key(*k)),
        }
    }

    /// Whether the entry `id` of the map `key` is reached.
    fn entry(&self, key: &str, id: &str) -> bool {
        match &self.0 {
            None => true,
            Some(names) => match names.get(key) {
                None => false,
                Some(Entries::All) => true,
                Some(Entries::Only(ids)) => ids.contains(id),
            },
        }
    }
}

/// The parts of a text between Tera's `{{ }}` and `{% %}` (the prose around them
/// cannot name a fact). A quoted `}}` does not end a part.
fn tera_code(text: &str) -> Vec<&str> {
    let b = text.as_bytes();
    let mut parts = Vec::new();
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] == b'{' && (b[i + 1] == b'{' || b[i + 1] == b'%') {
            let start = i + 2;
            let mut j = start;
            let mut quote = None;
            while j < b.len() {
                match (quote, b[j]) {
                    (Some(q), c) if c == q => quote = None,
                    (Some(_), _) => {}
                    (None, c @ (b'"' | b'\'' | b'`')) => quote = Some(c),
                    (None, b'}' | b'%') if b.get(j + 1) == Some(&b'}') => break,
                    _ => {}
                }
                j += 1;
            }
            parts.push(&text[start..j.min(b.len())]);
            i = j + 2;
        } else {
            i += 1;
        }
    }
    parts
}

/// The id in `["id"]` or `['id']` at the start of `rest`, if that is what follows a name.
fn literal_index(rest: &str) -> Option<&str> {
    let rest = rest.strip_prefix('[')?;
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let inner = &rest[1..];
    let end = inner.find(quote)?;
    inner[end + 1..].starts_with(']').then(|| &inner[..end])
}

/// Every fact an answer may use, for one language (see README, "Answers"); of them,
/// those `reach` names.
pub fn facts(reg: &Registry, lang: &str, reach: &Reachable) -> Value {
    let d = reg.default_language();
    let d = d.as_str();
    let mut root = Map::new();
    if let Some(o) = &reg.organization {
        let o = &o.data;
        let address = |a: &crate::model::common::Address| {
            format!(
                "{}, {} {}, {}",
                a.street,
                a.postal_code,
                a.city,
                countries::name(a.country.code(), lang)
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
    let label = |kind: Kind, id: &str| -> String {
        match kind {
            Kind::DataCategory => reg.data_category(id).map(|c| text(&c.data.label, lang, d)),
            Kind::Subprocessor => reg.subprocessor(id).map(|s| s.data.name.clone()),
            Kind::Feature => reg.feature(id).map(|f| text(&f.data.name, lang, d)),
            Kind::Retention => reg.retention_rule(id).map(|r| text(&r.data.name, lang, d)),
            _ => None,
        }
        .unwrap_or_else(|| id.to_string())
    };
    let optional = optional_subprocessors(reg);

    if reach.any(&[
        "core_subprocessors",
        "optional_subprocessors",
        "subprocessors",
        "subprocessor",
    ]) {
        let mut subs = Map::new();
        let lists = reach.any(&[
            "core_subprocessors",
            "optional_subprocessors",
            "subprocessors",
        ]);
        for s in &reg.subprocessors {
            let x = &s.data;
            if !lists && !reach.entry("subprocessor", &x.id.value) {
                continue;
            }
            let cities: Vec<String> = x
                .sites
                .iter()
                .filter_map(|site| site.city.clone())
                .collect();
            let mut country_names: Vec<String> = x
                .sites
                .iter()
                .filter_map(|site| {
                    site.country
                        .as_ref()
                        .map(|c| countries::name(c.code(), lang))
                })
                .collect();
            country_names.dedup();
            let mut site_words = Vec::new();
            if !cities.is_empty() {
                site_words.push(format!(
                    "{} ({})",
                    join(&cities, lang),
                    join(&country_names, lang)
                ));
            } else if !country_names.is_empty() {
                site_words.push(join(&country_names, lang));
            }
            site_words.extend(region_words(&x.sites, lang));
            if x.sites.iter().any(|s| s.global_edge) {
                site_words.push(i18n::word(lang, "facts", "edge_network"));
            }
            let periods: Vec<String> = x
                .retention
                .iter()
                .filter_map(|r| reg.retention_rule(&r.value))
                .filter(|r| {
                    r.data
                        .subprocessor
                        .as_ref()
                        .is_some_and(|sp| sp.value == x.id.value)
                })
                .filter_map(|r| {
                    r.data
                        .period
                        .as_ref()
                        .map(|p| i18n::duration(lang, &p.value))
                })
                .collect();
            let features: Vec<String> = optional
                .iter()
                .filter(|(_, sid)| *sid == x.id.value)
                .map(|(f, _)| label(Kind::Feature, f))
                .collect();
            let data: Vec<String> = x
                .data_categories
                .iter()
                .map(|c| label(Kind::DataCategory, &c.value))
                .collect();
            let mechanisms: Vec<String> = x
                .transfers
                .iter()
                .filter_map(|t| reg.transfer(&t.value))
                .flat_map(|t| {
                    t.data.mechanisms.iter().map(|m| {
                        serde_json::to_value(m.value)
                            .ok()
                            .and_then(|v| v.as_str().map(|c| i18n::value(lang, c)))
                            .unwrap_or_default()
                    })
                })
                .collect();
            subs.insert(
                x.id.value.clone(),
                json!({
                    "id": x.id.value, "name": x.name, "legal_name": x.legal_name, "service": text(&x.service, lang, d),
                    "address": format!("{}, {} {}, {}", x.address.street, x.address.postal_code, x.address.city, countries::name(x.address.country.code(), lang)),
                    "country": countries::name(x.address.country.code(), lang),
                    "sites": join(&site_words, lang), "cities": join(&cities, lang), "countries": join(&country_names, lang),
                    "data": join(&data, lang), "data_list": data,
                    "retention": join(&periods, lang),
                    "since": x.since.map(|s| s.to_string()), "since_year": x.since.map(|s| s.0.format("%Y").to_string()),
                    "certifications": join(&x.certifications.iter().map(|c| c.name.clone()).collect::<Vec<_>>(), lang),
                    "transfer_mechanisms": join(&mechanisms, lang),
                    "optional": !features.is_empty(), "features": join(&features, lang),
                }),
            );
        }
        // In use: active and processing personal data (the rule `ropa answer` applies).
        let in_use = |s: &&crate::model::Record<crate::model::subprocessor::Subprocessor>| {
            s.data.status == crate::model::subprocessor::Status::Active
                && s.data.processes_personal_data
        };
        let is_optional = |s: &&crate::model::Record<crate::model::subprocessor::Subprocessor>| {
            optional.iter().any(|(_, sid)| *sid == s.data.id.value)
        };
        let pick = |keep: &dyn Fn(
            &&crate::model::Record<crate::model::subprocessor::Subprocessor>,
        ) -> bool|
         -> Vec<Value> {
            reg.subprocessors
                .iter()
                .filter(in_use)
                .filter(keep)
                .filter_map(|s| subs.get(&s.data.id.value).cloned())
                .collect()
        };
        let core = pick(&|s| !is_optional(s));
        let opt_subs = pick(&|s| is_optional(s));
        let all_in_use = pick(&|_| true);
        root.insert("core_subprocessors".into(), Value::Array(core));
        root.insert("optional_subprocessors".into(), Value::Array(opt_subs));
        root.insert("subprocessors".into(), Value::Array(all_in_use));
        root.insert("subprocessor".into(), Value::Object(subs));
    }

    if reach.any(&["retention"]) {
        let mut rules = Map::new();
        for r in &reg.retention {
            let x = &r.data;
            if !reach.entry("retention", &x.id.value) {
                continue;
            }
            let trigger = serde_json::to_value(x.trigger)
                .ok()
                .and_then(|v| v.as_str().map(|c| i18n::value(lang, c)))
                .unwrap_or_default();
            rules.insert(
                x.id.value.clone(),
                json!({
                    "name": text(&x.name, lang, d),
                    "period": x.period.as_ref().map(|p| i18n::duration(lang, &p.value)).unwrap_or_else(|| t(lang, "set_by_customer")),
                    "trigger": trigger, "event": opt(&x.event, lang, d), "deletion": text(&x.deletion, lang, d),
                    "latest": x.at_the_latest.as_ref().map(|l| label(Kind::Retention, &l.value)),
                    "options": x.customer_options.iter().map(|o| text(o, lang, d)).collect::<Vec<_>>(),
                    "data": join(&x.data_categories.iter().map(|c| label(Kind::DataCategory, &c.value)).collect::<Vec<_>>(), lang),
                }),
            );
        }
        root.insert("retention".into(), Value::Object(rules));
    }

    if reach.any(&["data_category"]) {
        let cats: Map<String, Value> = reg
            .data_categories
            .iter()
            .map(|c| {
                (
                    c.data.id.value.clone(),
                    json!({"label": text(&c.data.label, lang, d)}),
                )
            })
            .collect();
        root.insert("data_category".into(), Value::Object(cats));
    }

    if reach.any(&["role", "product_roles"]) {
        let mut roles = Map::new();
        let mut product_roles = Vec::new();
        for r in &reg.roles {
            let x = &r.data;
            let v = json!({
                "name": text(&x.name, lang, d), "description": opt(&x.description, lang, d),
                "permissions": join(&x.permissions.iter().map(|p| text(&p.label, lang, d)).collect::<Vec<_>>(), lang),
                "product": x.scope == crate::model::people::RoleScope::Product, "customizable": x.customizable,
            });
            if x.scope == crate::model::people::RoleScope::Product {
                product_roles.push(v.clone());
            }
            roles.insert(x.id.value.clone(), v);
        }
        root.insert("role".into(), Value::Object(roles));
        root.insert("product_roles".into(), Value::Array(product_roles));
    }

    if reach.any(&["trainings", "training"]) {
        let mut trainings = Map::new();
        for tr in &reg.trainings {
            let x = &tr.data;
            trainings.insert(
                x.id.value.clone(),
                json!({
                    "title": text(&x.title, lang, d), "topic": text(&x.topic, lang, d),
                    "audience": join(&x.audience.iter().map(|a| reg.role(a).map(|r| text(&r.data.name, lang, d)).unwrap_or_else(|| a.clone())).collect::<Vec<_>>(), lang),
                    "interval": i18n::duration(lang, &x.interval.value), "last_held": x.last_held.value.to_string(),
                    "next_due": x.next_due().to_string(), "intensive": x.depth == crate::model::people::Depth::Intensive,
                }),
            );
        }
        root.insert(
            "trainings".into(),
            Value::Array(trainings.values().cloned().collect()),
        );
        root.insert("training".into(), Value::Object(trainings));
    }

    if reach.any(&["plans", "plan"]) {
        let plans: Map<String, Value> = reg
            .plans
            .iter()
            .map(|p| {
                let features: Vec<String> = p
                    .data
                    .features
                    .iter()
                    .map(|f| label(Kind::Feature, &f.value))
                    .collect();
                (
                    p.data.id.value.clone(),
                    json!({"name": text(&p.data.name, lang, d), "features": join(&features, lang)}),
                )
            })
            .collect();
        // In record order as lists too: Tera iterates maps in no fixed order.
        root.insert(
            "plans".into(),
            Value::Array(
                reg.plans
                    .iter()
                    .filter_map(|p| plans.get(&p.data.id.value).cloned())
                    .collect(),
            ),
        );
        root.insert("plan".into(), Value::Object(plans));
    }
    if reach.any(&["features", "feature"]) {
        let features: Map<String, Value> = reg
            .features
            .iter()
            .map(|f| {
                let subs: Vec<String> = f.data.subprocessors.iter().map(|s| label(Kind::Subprocessor, &s.value)).collect();
                (f.data.id.value.clone(), json!({"name": text(&f.data.name, lang, d), "description": opt(&f.data.description, lang, d), "subprocessors": join(&subs, lang), "default_on": f.data.default_on}))
            })
            .collect();
        root.insert(
            "features".into(),
            Value::Array(
                reg.features
                    .iter()
                    .filter_map(|f| features.get(&f.data.id.value).cloned())
                    .collect(),
            ),
        );
        root.insert("feature".into(), Value::Object(features));
    }

    if reach.any(&["processes", "process"]) {
        let mut processes = Map::new();
        let list = reach.any(&["processes"]);
        for p in &reg.processes {
            if !list && !reach.entry("process", &p.data.id.value) {
                continue;
            }
            let title = p
                .data
                .bodies
                .iter()
                .find(|b| b.lang == lang)
                .or(p.data.bodies.first())
                .map(|b| b.title.clone())
                .unwrap_or_default();
            processes.insert(
                p.data.id.value.clone(),
                json!({"title": title, "deadline": p.data.meta.deadline.as_ref().map(|x| i18n::duration(lang, &x.value)), "deadline_basis": opt(&p.data.meta.deadline_basis, lang, d)}),
            );
        }
        root.insert(
            "processes".into(),
            Value::Array(processes.values().cloned().collect()),
        );
        root.insert("process".into(), Value::Object(processes));
    }
    root.insert(
        "counts".into(),
        json!({"subprocessors": reg.subprocessors.len(), "processes": reg.processes.len(), "trainings": reg.trainings.len(), "toms": reg.toms.len()}),
    );
    Value::Object(root)
}

/// The facts of one language as a Tera context, built when an answer first needs them
/// (nothing else does, and a large registry has many facts), and only those the
/// registry's answers name.
pub struct Lazy<'a> {
    reg: &'a Registry,
    lang: String,
    cell: std::sync::OnceLock<tera::Context>,
}

impl<'a> Lazy<'a> {
    /// The facts of `reg` in `lang`, not yet gathered.
    pub fn new(reg: &'a Registry, lang: &str) -> Self {
        Lazy {
            reg,
            lang: lang.to_string(),
            cell: std::sync::OnceLock::new(),
        }
    }

    /// The context (gathered on the first call).
    pub fn get(&self) -> &tera::Context {
        self.cell.get_or_init(|| {
            let reach = Reachable::by_answers(self.reg);
            context(&facts(self.reg, &self.lang, &reach))
        })
    }
}

/// The words for the regions a subprocessor's sites name (`region: eu` / `eea`), each
/// once: the EEA is wider than the EU (Norway, Iceland, Liechtenstein), so a site in the
/// EEA must not be called one in the EU.
fn region_words(
    sites: &[crate::model::Spanned<crate::model::subprocessor::Site>],
    lang: &str,
) -> Vec<String> {
    use crate::model::subprocessor::Region;
    let mut regions: Vec<Region> = sites.iter().filter_map(|s| s.region).collect();
    regions.sort_by_key(|r| *r as u8);
    regions.dedup();
    regions
        .into_iter()
        .map(|r| {
            let key = match r {
                Region::Eu => "region_eu",
                Region::Eea => "region_eea",
            };
            i18n::word(lang, "facts", key)
        })
        .collect()
}

/// The facts as a Tera context; build it once per language and reuse it for every answer.
pub fn context(facts: &Value) -> tera::Context {
    tera::Context::from_serialize(facts).unwrap_or_default()
}

/// How many numbers all `range(…)` calls of one answer may yield together. Tera has
/// no step limit of its own: three nested `range(end=1000)` would loop a billion
/// times. The budget counts steps, not time, so the same answer fails the same way
/// on every machine.
pub const MAX_RANGE_STEPS: u64 = 100_000;

/// How long a rendered answer may be (a loop that prints without `range` is bounded
/// by this).
pub const MAX_ANSWER_BYTES: usize = 1 << 20;

/// Tera's `range(start, end, step_by)`, counting what it yields against one budget
/// shared by every call of the render.
fn budgeted_range(
    budget: u64,
) -> impl Fn(tera::Kwargs, &tera::State) -> tera::TeraResult<Vec<i64>> + Send + Sync + 'static {
    let left = std::sync::atomic::AtomicU64::new(budget);
    move |kwargs, _| {
        let start = kwargs.get::<i64>("start")?.unwrap_or_default();
        let end = kwargs.must_get::<i64>("end")?;
        let step = kwargs.get::<i64>("step_by")?.unwrap_or(1);
        if step == 0 {
            return Err(tera::Error::message("`range` was called with `step_by=0`"));
        }
        let len = if (step > 0) == (start < end) && start != end {
            (i128::from(end) - i128::from(start))
                .unsigned_abs()
                .div_ceil(u128::from(step.unsigned_abs()))
        } else {
            0
        };
        let ordering = std::sync::atomic::Ordering::Relaxed;
        let have = left.load(ordering);
        if len > u128::from(have) {
            left.store(0, ordering);
            return Err(tera::Error::message(format!(
                "this answer template does more than {budget} loop steps in `range`; \
                 an answer lists facts of the records, it needs no long or nested `range` loops"
            )));
        }
        // `len` fits: it is at most `have`, a u64.
        left.store(have - len as u64, ordering);
        Ok((0..len as i64).map(|i| start + i * step).collect())
    }
}

/// Writes `text` with a backslash before every character Markdown could read as
/// markup or HTML (CommonMark lets any ASCII punctuation be escaped so, in text,
/// link text and link targets alike; the rendered page shows the character itself,
/// HTML-escaped by the renderer).
fn escape_markdown(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    const MARKUP: &[char] = &[
        '\\', '`', '*', '_', '[', ']', '<', '>', '&', '!', '|', '~', '#', '{', '}', '"',
    ];
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if MARKUP.contains(&c) {
            out.write_all(&text.as_bytes()[start..i])?;
            out.write_all(b"\\")?;
            start = i;
        }
    }
    out.write_all(&text.as_bytes()[start..])
}

/// A writer that keeps at most [`MAX_ANSWER_BYTES`] and then refuses more.
#[derive(Default)]
struct Capped {
    bytes: Vec<u8>,
    over: bool,
}

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_ANSWER_BYTES {
            self.over = true;
            return Err(std::io::Error::other("answer too long"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Renders an answer's Markdown with the facts; `Err` carries Tera's message (with
/// the line and column in the body).
pub fn render_answer(
    markdown: &str,
    context: &tera::Context,
    name: &str,
) -> Result<String, String> {
    let mut tera = tera::Tera::new();
    // Every `{{ fact }}` is escaped for Markdown (every name ends with ""): a record
    // name such as `AWS <b>*x*</b>` is shown as written, not read as markup that
    // the page would then mangle or drop.
    tera.autoescape_on([""]);
    tera.set_escape_fn(escape_markdown);
    tera.register_function("range", budgeted_range(MAX_RANGE_STEPS));
    tera.add_raw_template(name, markdown)
        .map_err(|e| e.to_string())?;
    let mut out = Capped::default();
    let result = tera.render_to(name, context, &mut out);
    if out.over {
        return Err(format!(
            "this answer is longer than {MAX_ANSWER_BYTES} bytes when rendered\n\
             write a shorter answer: an answer is a few paragraphs"
        ));
    }
    result
        .map(|()| String::from_utf8_lossy(&out.bytes).into_owned())
        .map_err(|e| {
            let mut msg = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                msg.push_str(": ");
                msg.push_str(&s.to_string());
                source = s.source();
            }
            msg
        })
}

#[cfg(test)]
mod tests {
    use super::Reachable;

    #[test]
    fn a_map_named_only_with_literal_ids_reaches_only_those_entries() {
        let r = Reachable::named_in(
            [r#"{{ subprocessor["aws-cloudfront"].name }} {{ subprocessor['hetzner'].sites }}"#]
                .into_iter(),
        );
        assert!(r.entry("subprocessor", "aws-cloudfront"));
        assert!(r.entry("subprocessor", "hetzner"));
        assert!(!r.entry("subprocessor", "deepl"));
        assert!(!r.any(&["retention", "processes"]));
    }

    #[test]
    fn any_other_use_of_a_map_reaches_all_of_it() {
        for other in [
            "{{ subprocessor.deepl.name }}",
            "{% for s in subprocessors %}{{ subprocessor[s.id].name }}{% endfor %}",
            "{% set all = subprocessor %}",
        ] {
            let r =
                Reachable::named_in([r#"{{ subprocessor["hetzner"].name }}"#, other].into_iter());
            assert!(r.entry("subprocessor", "deepl"), "{other}");
            assert!(r.entry("subprocessor", "hetzner"), "{other}");
        }
        let r = Reachable::named_in(["{{ __tera_context }}"].into_iter());
        assert!(r.entry("retention", "cdn-logs") && r.any(&["processes"]));
    }

    #[test]
    fn words_of_the_prose_around_the_expressions_reach_nothing() {
        let r = Reachable::named_in(
            [r#"Which process keeps the data? {{ retention["a"].name }} {% if x == "}}" %}plans{% endif %}"#]
                .into_iter(),
        );
        assert!(r.entry("retention", "a"));
        assert!(!r.any(&["process", "plans", "data"]));
        assert!(r.any(&["x"]));
    }
}
