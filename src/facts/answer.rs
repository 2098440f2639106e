//! Rendering an answer's Markdown with the facts: every fact escaped for Markdown,
//! loops and output bounded.

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
