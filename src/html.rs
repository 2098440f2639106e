//! HTML escaping, written once: every page, diagram and server page that puts text
//! into HTML outside a template uses it (templates escape with Tera, which escapes the
//! same five characters the same way).

/// Text escaped for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s, false);
    out
}

/// Appends `s` escaped for HTML to `out`; with `breaks`, line breaks become `<br>`.
pub fn escape_into(out: &mut String, s: &str, breaks: bool) {
    let mut plain = 0;
    for (i, b) in s.bytes().enumerate() {
        let with = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            b'\n' if breaks => "<br>",
            _ => continue,
        };
        out.push_str(&s[plain..i]);
        out.push_str(with);
        plain = i + 1;
    }
    out.push_str(&s[plain..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_characters_and_breaks_lines_when_asked() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>"),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;"
        );
        let mut out = String::new();
        escape_into(&mut out, "one\ntwo", true);
        assert_eq!(out, "one<br>two");
        assert_eq!(escape("one\ntwo"), "one\ntwo");
    }
}
