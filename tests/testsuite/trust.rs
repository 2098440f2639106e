//! The public trust site of the example registry: every FAQ answer in German and
//! English with its sources and date, the facts it quotes taken from the records (and
//! changing with them), `ropa answer` for plans and features, and the plan filter of
//! the trust home page in a real headless Chromium agreeing with `ropa answer`.

use crate::support::html::{self, first, words_of, Html};
use crate::support::webdriver::{Browser, Element};
use crate::support::{example, ropa, text, AS_OF};
use ropa::registry::Registry;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

const LANGS: [&str; 2] = ["de", "en"];

/// The answers the example registry's seed text asks for.
const ANSWERS: [&str; 10] = [
    "deletion",
    "subprocessors-and-avv",
    "processing-location",
    "cdn",
    "optional-services",
    "user-rights",
    "staff-training",
    "documentation",
    "dpo-contact",
    "gdpr-compliant-use",
];

/// The records as ropa loads them (the expected values come from here, not from the
/// pages).
fn registry(dir: &Path) -> Registry {
    let (reg, diags) = ropa::registry::load(dir).expect("the registry loads");
    assert_eq!(diags.error_count(), 0, "the registry loads without errors");
    reg
}

/// Builds the public site of `dir` into `dir/site-public`.
fn build_public(dir: &Path) -> PathBuf {
    let out = dir.join("site-public");
    crate::support::build(dir, "public", &out);
    out
}

fn read(site: &Path, rel: &str) -> String {
    std::fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The site file a relative link of page `page` leads to, if it exists.
fn target(site: &Path, page: &str, href: &str) -> Option<PathBuf> {
    let file = href.split(['#', '?']).next()?;
    let mut path = site.join(page);
    path.pop();
    for c in Path::new(file).components() {
        match c {
            Component::ParentDir => {
                path.pop();
            }
            Component::Normal(p) => path.push(p),
            _ => return None,
        }
    }
    path.is_file().then_some(path)
}

/// The text of the answer's `<article>`.
fn article(page: &str) -> String {
    let doc = Html::parse_document(page);
    words_of(first(&doc, "article").expect("an answer page has an <article>"))
}

fn question(reg: &Registry, id: &str, lang: &str) -> String {
    let a = reg.answer(id).unwrap_or_else(|| panic!("no answer `{id}`"));
    a.data
        .bodies
        .iter()
        .find(|b| b.lang == lang)
        .unwrap_or_else(|| panic!("answer `{id}` has no {lang} text"))
        .title
        .clone()
}

#[test]
fn every_seed_question_is_answered_in_both_languages_with_sources_and_date() {
    let ex = example();
    let reg = registry(ex.path());
    let mut written: Vec<String> = reg
        .answers
        .iter()
        .map(|a| a.data.id.value.clone())
        .collect();
    written.sort();
    for id in ANSWERS {
        assert!(
            written.iter().any(|w| w == id),
            "registry/answers has no `{id}` (it has {written:?})"
        );
    }
    let site = build_public(ex.path());
    let mut problems = Vec::new();
    for id in &written {
        for lang in LANGS {
            let rel = format!("{lang}/answers/{id}.html");
            if !site.join(&rel).is_file() {
                problems.push(format!("{rel}: missing"));
                continue;
            }
            let page = read(&site, &rel);
            let doc = Html::parse_document(&page);
            let h1 = first(&doc, "h1").map(words_of).unwrap_or_default();
            if h1 != question(&reg, id, lang) {
                problems.push(format!("{rel}: heading `{h1}` is not the question"));
            }
            let body = article(&page);
            if body.len() < 80 {
                problems.push(format!("{rel}: hardly any answer: `{body}`"));
            }
            if body.contains("{{") || body.contains("{%") || body.contains("}}") {
                problems.push(format!("{rel}: an unrendered expression: {body}"));
            }
            let Some(sources) = first(&doc, "p.sources") else {
                problems.push(format!("{rel}: no sources line"));
                continue;
            };
            let links = html::urls(sources);
            if links.is_empty() {
                problems.push(format!(
                    "{rel}: the sources name no record: {}",
                    sources.html()
                ));
            }
            for l in &links {
                if target(&site, &rel, l).is_none() {
                    problems.push(format!("{rel}: the source link `{l}` leads nowhere"));
                }
            }
            let date_label = if lang == "de" { "Stand" } else { "As of" };
            if !words_of(sources).contains(&format!("{date_label} {AS_OF}")) {
                problems.push(format!(
                    "{rel}: the sources line does not say `{date_label} {AS_OF}`: {}",
                    words_of(sources)
                ));
            }
        }
    }
    // All answers on one page, in each language.
    for lang in LANGS {
        let rel = format!("{lang}/answers/index.html");
        let page = html::words(&read(&site, &rel));
        for id in &written {
            let q = question(&reg, id, lang);
            if !page.contains(&q) {
                problems.push(format!("{rel}: lacks the question `{q}`"));
            }
        }
        if !page.contains(AS_OF) {
            problems.push(format!("{rel}: no as-of date"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The answer's article, in each language.
fn articles(site: &Path, id: &str) -> BTreeMap<&'static str, String> {
    LANGS
        .iter()
        .map(|lang| {
            (
                *lang,
                article(&read(site, &format!("{lang}/answers/{id}.html"))),
            )
        })
        .collect()
}

/// "N Stunden" / "N hours" for a period written in whole hours.
fn hours_in_words(reg: &Registry, rule: &str) -> BTreeMap<&'static str, String> {
    let r = reg
        .retention_rule(rule)
        .unwrap_or_else(|| panic!("no retention rule `{rule}`"));
    let p = &r.data.period.as_ref().expect("the rule has a period").value;
    assert!(
        p.hours > 1 && p.years + p.months + p.weeks + p.days + p.minutes + p.seconds == 0,
        "`{rule}` is expected to run for some hours: {p:?}"
    );
    BTreeMap::from([
        ("de", format!("{} Stunden", p.hours)),
        ("en", format!("{} hours", p.hours)),
    ])
}

fn cities(reg: &Registry, sub: &str) -> Vec<String> {
    reg.subprocessor(sub)
        .unwrap_or_else(|| panic!("no subprocessor `{sub}`"))
        .data
        .sites
        .iter()
        .filter_map(|s| s.city.clone())
        .collect()
}

#[test]
fn the_answers_quote_the_facts_of_the_records() {
    let ex = example();
    let reg = registry(ex.path());
    let site = build_public(ex.path());
    let mut problems = Vec::new();
    let mut expect = |id: &str, lang: &str, body: &str, what: &str| {
        if !body.contains(what) {
            problems.push(format!("{lang}/answers/{id}: lacks `{what}`: {body}"));
        }
    };

    let hetzner_cities = cities(&reg, "hetzner");
    for c in ["Falkenstein", "Nürnberg"] {
        assert!(
            hetzner_cities.iter().any(|x| x == c),
            "the example's Hetzner sites include {c}: {hetzner_cities:?}"
        );
    }
    for (lang, body) in articles(&site, "processing-location") {
        for c in &hetzner_cities {
            expect("processing-location", lang, &body, c);
        }
    }

    let hours = hours_in_words(&reg, "cdn-logs");
    assert_eq!(
        hours["de"], "24 Stunden",
        "the example keeps CDN logs 24 hours"
    );
    for (lang, body) in articles(&site, "cdn") {
        expect("cdn", lang, &body, &hours[lang]);
    }

    let org = reg.organization.as_ref().expect("an organization");
    let email = &org.data.dpo.as_ref().expect("a DPO").email;
    for lang in LANGS {
        let rel = format!("{lang}/answers/dpo-contact.html");
        let page = read(&site, &rel);
        expect("dpo-contact", lang, &article(&page), email);
        expect(
            "dpo-contact",
            lang,
            &page,
            &format!("href=\"mailto:{email}\""),
        );
        expect("dpo-contact", lang, &article(&page), &org.data.legal_name);
    }

    let hetzner = &reg.subprocessor("hetzner").unwrap().data.legal_name;
    assert_eq!(hetzner, "Hetzner Online GmbH");
    for (lang, body) in articles(&site, "subprocessors-and-avv") {
        expect("subprocessors-and-avv", lang, &body, hetzner);
        // Every subprocessor of the registry is named, core and optional alike.
        for s in &reg.subprocessors {
            expect("subprocessors-and-avv", lang, &body, &s.data.legal_name);
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Replaces `from` by `to` in one file of a registry; `from` must occur exactly once.
fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let s = std::fs::read_to_string(&path).unwrap();
    assert_eq!(s.matches(from).count(), 1, "`{from}` occurs once in {file}");
    std::fs::write(&path, s.replace(from, to)).unwrap();
}

#[test]
fn changing_a_site_changes_the_answers() {
    let ex = example();
    edit(
        ex.path(),
        "registry/subprocessors/hetzner.yaml",
        "city: Falkenstein",
        "city: Görlitz",
    );
    let reg = registry(ex.path());
    assert!(cities(&reg, "hetzner").contains(&"Görlitz".to_string()));
    let site = build_public(ex.path());
    let mut problems = Vec::new();
    for id in ["processing-location", "gdpr-compliant-use"] {
        for (lang, body) in articles(&site, id) {
            if !body.contains("Görlitz") {
                problems.push(format!("{lang}/{id}: does not name the new site: {body}"));
            }
            if body.contains("Falkenstein") {
                problems.push(format!("{lang}/{id}: still names the old site: {body}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn changing_the_cdn_retention_changes_the_answers() {
    let ex = example();
    edit(
        ex.path(),
        "registry/retention/retention.yaml",
        "period: PT24H",
        "period: PT12H",
    );
    let reg = registry(ex.path());
    let new = hours_in_words(&reg, "cdn-logs");
    assert_eq!(new["en"], "12 hours");
    let site = build_public(ex.path());
    let mut problems = Vec::new();
    for id in ["cdn", "gdpr-compliant-use"] {
        for (lang, body) in articles(&site, id) {
            if !body.contains(&new[lang]) {
                problems.push(format!("{lang}/{id}: does not say `{}`: {body}", new[lang]));
            }
            let old = if lang == "de" {
                "24 Stunden"
            } else {
                "24 hours"
            };
            if body.contains(old) {
                problems.push(format!(
                    "{lang}/{id}: still says `{old}` after the rule changed to {}: {body}",
                    new[lang]
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// --- ropa answer -------------------------------------------------------------------

/// `ropa answer … --format json`; panics unless it succeeds.
fn answer(dir: &Path, plan: &str, features: &[&str]) -> Value {
    let mut args = vec!["answer", dir.to_str().unwrap(), "--plan", plan];
    for f in features {
        args.extend(["--feature", f]);
    }
    args.extend(["--format", "json"]);
    let o = ropa(&args);
    assert!(
        o.status.success(),
        "ropa {args:?} failed:\n{}",
        text(&o.stderr)
    );
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("ropa {args:?} printed no JSON ({e}): {}", text(&o.stdout)))
}

fn subprocessors(v: &Value) -> Vec<String> {
    v["subprocessors"]
        .as_array()
        .unwrap_or_else(|| panic!("no subprocessors list: {v}"))
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

fn plan_features(reg: &Registry, plan: &str) -> Vec<String> {
    reg.plan(plan)
        .unwrap_or_else(|| panic!("no plan `{plan}`"))
        .data
        .features
        .iter()
        .map(|f| f.value.clone())
        .collect()
}

#[test]
fn ropa_answer_tells_plans_and_features_apart() {
    let ex = example();
    let dir = ex.path();
    let reg = registry(dir);
    assert!(
        plan_features(&reg, "basic").is_empty(),
        "the example's basic plan has no optional feature"
    );
    assert!(plan_features(&reg, "business").contains(&"auto-translation".to_string()));
    let feature = reg.feature("auto-translation").unwrap();
    assert!(!feature.data.default_on);
    let optional: Vec<String> = feature
        .data
        .subprocessors
        .iter()
        .map(|s| s.value.clone())
        .collect();
    assert!(!optional.is_empty());
    // Core: every active subprocessor that processes personal data and no feature switches on.
    let switched: BTreeSet<&str> = reg
        .features
        .iter()
        .flat_map(|f| f.data.subprocessors.iter().map(|s| s.value.as_str()))
        .collect();
    let mut core: Vec<String> = reg
        .subprocessors
        .iter()
        .filter(|s| {
            s.data.processes_personal_data
                && s.data.status == ropa::model::subprocessor::Status::Active
        })
        .map(|s| s.data.id.value.clone())
        .filter(|id| !switched.contains(id.as_str()))
        .collect();
    core.sort();

    let basic = answer(dir, "basic", &[]);
    assert_eq!(basic["plan"], "basic");
    assert_eq!(basic["features"], serde_json::json!([]));
    assert_eq!(subprocessors(&basic), core);
    let business = answer(dir, "business", &[]);
    assert_eq!(
        subprocessors(&business),
        core,
        "an included feature that is off by default adds nobody"
    );
    let translated = answer(dir, "business", &["auto-translation"]);
    assert_eq!(
        translated["features"],
        serde_json::json!(["auto-translation"])
    );
    let with: Vec<String> = subprocessors(&translated);
    assert_ne!(with, subprocessors(&basic));
    for o in &optional {
        assert!(
            !subprocessors(&basic).contains(o),
            "{o} is not used on basic"
        );
        assert!(with.contains(o), "{o} is used with auto-translation");
    }
    let mut expected: Vec<String> = core.iter().chain(&optional).cloned().collect();
    expected.sort();
    expected.dedup();
    assert_eq!(with, expected);
    // Retention and data follow the subprocessors.
    for key in ["data_categories", "retention"] {
        let a: BTreeSet<&str> = basic[key]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let b: BTreeSet<&str> = translated[key]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert!(a.is_subset(&b), "{key}: {a:?} ⊄ {b:?}");
    }

    // A feature the plan does not include.
    let o = ropa(&[
        "answer",
        dir.to_str().unwrap(),
        "--plan",
        "basic",
        "--feature",
        "auto-translation",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(
        err.contains("basic") && err.contains("auto-translation") && err.contains("include"),
        "says that the plan does not include the feature: {err}"
    );
    assert!(o.stdout.is_empty(), "prints no answer: {}", text(&o.stdout));

    // A plan that does not exist.
    let o = ropa(&[
        "answer",
        dir.to_str().unwrap(),
        "--plan",
        "busines",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(
        err.contains("did you mean") && err.contains("business"),
        "suggests the plan: {err}"
    );

    // A feature that does not exist.
    let o = ropa(&[
        "answer",
        dir.to_str().unwrap(),
        "--plan",
        "business",
        "--feature",
        "auto-translaton",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("did you mean") && text(&o.stderr).contains("auto-translation"),
        "{}",
        text(&o.stderr)
    );
}

// --- The plan filter in a browser --------------------------------------------------

/// The ids of the subprocessors the page shows (no `hidden` attribute), sorted.
fn visible(browser: &Browser) -> Vec<String> {
    let v = browser.script(
        "return Array.from(document.querySelectorAll('#subprocessors [data-subprocessor]'))\
         .filter(function (e) { return !e.hasAttribute('hidden'); })\
         .map(function (e) { return e.getAttribute('data-subprocessor'); });",
    );
    let mut ids: Vec<String> = v
        .as_array()
        .unwrap_or_else(|| panic!("no list from the page: {v}"))
        .iter()
        .map(|s| s.as_str().unwrap_or_default().to_string())
        .collect();
    ids.sort();
    // What the reader sees is the same: no style shows a hidden item or hides a shown one.
    let rendered = browser.script(
        "return Array.from(document.querySelectorAll('#subprocessors [data-subprocessor]'))\
         .filter(function (e) { return getComputedStyle(e).display !== 'none'; })\
         .map(function (e) { return e.getAttribute('data-subprocessor'); });",
    );
    let mut shown: Vec<String> = rendered
        .as_array()
        .unwrap_or_else(|| panic!("no list from the page: {rendered}"))
        .iter()
        .map(|s| s.as_str().unwrap_or_default().to_string())
        .collect();
    shown.sort();
    assert_eq!(
        ids, shown,
        "the `hidden` attribute decides what is displayed"
    );
    ids
}

fn checkbox(browser: &Browser, feature: &str) -> Element {
    browser
        .find_all(&format!(
            ".plan-filter input[name=feature][value=\"{feature}\"]"
        ))
        .pop()
        .unwrap_or_else(|| panic!("no checkbox for the feature `{feature}`"))
}

fn is_checked(browser: &Browser, feature: &str) -> bool {
    browser.script(&format!(
        "return document.querySelector('.plan-filter input[name=feature][value=\"{feature}\"]').checked;"
    )) == Value::Bool(true)
}

fn is_disabled(browser: &Browser, feature: &str) -> bool {
    browser.script(&format!(
        "return document.querySelector('.plan-filter input[name=feature][value=\"{feature}\"]').disabled;"
    )) == Value::Bool(true)
}

/// Ticks or unticks a feature's checkbox by clicking it.
fn set_feature(browser: &Browser, feature: &str, on: bool) {
    if is_checked(browser, feature) != on {
        browser.click(&checkbox(browser, feature));
    }
    assert_eq!(
        is_checked(browser, feature),
        on,
        "the checkbox of {feature}"
    );
}

/// Every plan, every included feature one at a time and all together: the page shows
/// what `ropa answer` says. Returns the mismatches.
fn filter_agrees_with_answer(dir: &Path, home: &Path) -> Vec<String> {
    let reg = registry(dir);
    let browser = Browser::start();
    browser.goto(&format!("file://{}", home.display()));
    browser.wait_for("#plan", 10);
    let all_features: Vec<String> = reg
        .features
        .iter()
        .map(|f| f.data.id.value.clone())
        .collect();
    let mut mismatches = Vec::new();
    let mut compare = |browser: &Browser, plan: &str, on: &[&str]| {
        let shown = visible(browser);
        let expected = subprocessors(&answer(dir, plan, on));
        if shown != expected {
            mismatches.push(format!(
                "plan {plan}, features {on:?}: the page shows {shown:?}, ropa answer says {expected:?}"
            ));
        }
    };
    let plans: Vec<String> = reg.plans.iter().map(|p| p.data.id.value.clone()).collect();
    assert!(plans.len() >= 2, "the registry has plans to choose");
    for plan in &plans {
        let option = browser
            .find_all(&format!("#plan option[value=\"{plan}\"]"))
            .pop()
            .unwrap_or_else(|| panic!("no option for the plan `{plan}`"));
        browser.click(&option);
        assert_eq!(
            browser.script("return document.getElementById('plan').value;"),
            Value::String(plan.clone()),
            "clicking the option selects the plan"
        );
        let included = plan_features(&reg, plan);
        for f in &all_features {
            assert_eq!(
                is_disabled(&browser, f),
                !included.contains(f),
                "plan {plan}: the checkbox of {f} is enabled exactly when the plan includes it"
            );
        }
        compare(&browser, plan, &[]);
        for f in &included {
            set_feature(&browser, f, true);
            compare(&browser, plan, &[f.as_str()]);
            set_feature(&browser, f, false);
            compare(&browser, plan, &[]);
        }
        if included.len() > 1 {
            for f in &included {
                set_feature(&browser, f, true);
            }
            let on: Vec<&str> = included.iter().map(String::as_str).collect();
            compare(&browser, plan, &on);
            for f in &included {
                set_feature(&browser, f, false);
            }
        }
    }
    let errors: Vec<_> = browser
        .console()
        .into_iter()
        .filter(|(level, _)| level == "SEVERE")
        .collect();
    if !errors.is_empty() {
        mismatches.push(format!("console errors: {errors:?}"));
    }
    mismatches
}

#[test]
fn the_plan_filter_shows_what_ropa_answer_says() {
    let ex = example();
    let site = build_public(ex.path());
    let mismatches = filter_agrees_with_answer(ex.path(), &site.join("de/index.html"));
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

/// A subprocessor that no longer works for us is used by no plan: `ropa answer` leaves
/// it out, and so must the plan filter and the FAQ's list of subprocessors in use.
#[test]
fn a_retired_subprocessor_is_left_out_like_ropa_answer_does() {
    let ex = example();
    std::fs::write(
        ex.path().join("registry/subprocessors/old-host.yaml"),
        "id: old-host\nname: Old Host\nlegal_name: Old Host GmbH\naddress:\n  street: Altweg 1\n  postal_code: \"01067\"\n  city: Dresden\n  country: DE\nservice: Former hosting\nsites:\n  - city: Dresden\n    country: DE\nstatus: retired\nsince: 2015-01-01\nretired: 2020-12-31\n",
    )
    .unwrap();
    let o = ropa(&["check", ex.path().to_str().unwrap(), "--as-of", AS_OF]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        !subprocessors(&answer(ex.path(), "basic", &[])).contains(&"old-host".to_string()),
        "ropa answer leaves a retired subprocessor out"
    );
    let site = build_public(ex.path());
    let mut mismatches = filter_agrees_with_answer(ex.path(), &site.join("de/index.html"));
    // The FAQ's list of subprocessors "for every customer" follows the same rule.
    for lang in LANGS {
        let body = article(&read(
            &site,
            &format!("{lang}/answers/subprocessors-and-avv.html"),
        ));
        if body.contains("Old Host GmbH") {
            mismatches.push(format!(
                "{lang}/answers/subprocessors-and-avv names the retired subprocessor as one in use: {body}"
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

/// A subprocessor whose `service` is for customers only is still a subprocessor: the
/// public site and `ropa answer` must still name it (without that field), or ropa must
/// say why it cannot. Silently dropping it under-reports who processes the data.
#[test]
fn a_customer_only_field_does_not_silently_drop_a_subprocessor() {
    let ex = example();
    edit(
        ex.path(),
        "registry/subprocessors/deepl.yaml",
        "field_visibility:\n",
        "field_visibility:\n  service: customer\n",
    );
    let check = ropa(&["check", ex.path().to_str().unwrap(), "--as-of", AS_OF]);
    let said = text(&check.stderr);
    let out = ex.path().join("site-public");
    let built = ropa(&[
        "build",
        ex.path().to_str().unwrap(),
        "--audience",
        "public",
        "--as-of",
        AS_OF,
        "--out",
        out.to_str().unwrap(),
    ]);
    let said = format!("{said}{}", text(&built.stderr));
    if said.contains("deepl") && said.contains("service") {
        return; // ropa reports the problem: fine.
    }
    assert!(built.status.success(), "{said}");
    let reg = registry(ex.path());
    let mut problems = Vec::new();
    for lang in LANGS {
        if !out
            .join(format!("{lang}/subprocessors/deepl.html"))
            .is_file()
        {
            problems.push(format!("{lang}/subprocessors/deepl.html is missing"));
        }
        if !read(&out, &format!("{lang}/index.html")).contains("data-subprocessor=\"deepl\"") {
            problems.push(format!("{lang}/index.html does not list deepl"));
        }
        let service: String = reg
            .subprocessor("deepl")
            .unwrap()
            .data
            .service
            .get(lang, "de")
            .chars()
            .take(40)
            .collect();
        if read(&out, &format!("{lang}/index.html")).contains(&service) {
            problems.push(format!("{lang}/index.html shows the customer-only service"));
        }
    }
    let with = subprocessors(&answer(ex.path(), "business", &["auto-translation"]));
    if !with.contains(&"deepl".to_string()) {
        problems.push(format!(
            "ropa answer --plan business --feature auto-translation leaves deepl out: {with:?}"
        ));
    }
    assert!(
        problems.is_empty(),
        "DeepL vanished without a word (check and build said: {said:?}):\n{}",
        problems.join("\n")
    );
}
