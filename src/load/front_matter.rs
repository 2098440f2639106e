//! Splitting a Markdown file into its YAML front matter and its body.

use crate::source::SourceFile;

/// The front matter of a Markdown file, as a YAML source with the file's own offsets.
pub struct FrontMatter {
    /// The file's text up to (not including) the closing `---`; parsing it as YAML
    /// gives spans that are valid in the original file.
    pub yaml: SourceFile,
    /// Where the Markdown body starts.
    pub body_offset: usize,
}

/// Splits `---\n…\n---\n` off the start of a file; `None` if the file has none.
pub fn split(file: &SourceFile) -> Option<FrontMatter> {
    let text = &file.text;
    let first_line_end = text.find('\n')?;
    if text[..first_line_end].trim_end() != "---" {
        return None;
    }
    let mut pos = first_line_end + 1;
    while pos <= text.len() {
        let line_end = text[pos..]
            .find('\n')
            .map(|i| pos + i)
            .unwrap_or(text.len());
        if text[pos..line_end].trim_end() == "---" {
            let body_offset = (line_end + 1).min(text.len());
            return Some(FrontMatter {
                yaml: SourceFile::new(file.path.clone(), text[..pos].to_string()),
                body_offset,
            });
        }
        if line_end == text.len() {
            break;
        }
        pos = line_end + 1;
    }
    None
}
