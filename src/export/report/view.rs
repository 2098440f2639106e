//! The report's data as the template `report.html` lays it out: cells, blocks, items,
//! sections, parts, annexes, the table of contents and the document.

use serde::Serialize;
use std::collections::BTreeMap;

/// One value: text (line breaks kept), or "not stated" when `na`; `note` is a
/// smaller second line. `na` and `note` reach the template only when set (a large
/// report has millions of cells, and most have neither).
#[derive(Debug, Clone, Serialize)]
pub(super) struct Cell {
    pub(super) t: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(super) na: bool,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub(super) note: String,
}

impl Cell {
    /// Text; blank text is "not stated".
    pub(super) fn text(s: impl Into<String>) -> Cell {
        let t: String = s.into();
        let na = t.trim().is_empty();
        Cell {
            t,
            na,
            note: String::new(),
        }
    }

    /// "Not stated".
    pub(super) fn na() -> Cell {
        Cell::text("")
    }

    /// Text if there is some, "not stated" otherwise.
    pub(super) fn opt(s: Option<impl Into<String>>) -> Cell {
        s.map(Cell::text).unwrap_or_else(Cell::na)
    }

    pub(super) fn note(mut self, note: impl Into<String>) -> Cell {
        self.note = note.into();
        self
    }
}

/// A piece of an item: `kv` (label/value rows), `table` (with `head`), `list`, or
/// `text` (paragraphs). With no rows, the template prints "not stated".
#[derive(Debug, Clone, Serialize)]
pub(super) struct Block {
    pub(super) title: String,
    pub(super) kind: &'static str,
    pub(super) head: Vec<String>,
    /// Column widths in percent (for `table`), or empty.
    pub(super) widths: Vec<u8>,
    pub(super) rows: Vec<Vec<Cell>>,
    /// A line printed after the block (a reference to an annex…).
    pub(super) after: String,
}

impl Block {
    pub(super) fn new(kind: &'static str, title: impl Into<String>) -> Block {
        Block {
            title: title.into(),
            kind,
            head: Vec::new(),
            widths: Vec::new(),
            rows: Vec::new(),
            after: String::new(),
        }
    }

    pub(super) fn kv(title: impl Into<String>, rows: Vec<(String, Cell)>) -> Block {
        let mut b = Block::new("kv", title);
        b.rows = rows
            .into_iter()
            .map(|(k, v)| vec![Cell::text(k), v])
            .collect();
        b
    }

    pub(super) fn table(
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

    pub(super) fn list(title: impl Into<String>, items: Vec<Cell>) -> Block {
        let mut b = Block::new("list", title);
        b.rows = items.into_iter().map(|c| vec![c]).collect();
        b
    }

    pub(super) fn text(title: impl Into<String>, cell: Cell) -> Block {
        let mut b = Block::new("text", title);
        b.rows = vec![vec![cell]];
        b
    }

    pub(super) fn after(mut self, s: impl Into<String>) -> Block {
        self.after = s.into();
        self
    }
}

/// One item of Art. 30 (or a supplementary one, with an empty `letter`).
#[derive(Debug, Serialize)]
pub(super) struct Item {
    pub(super) anchor: String,
    /// `a`…`g`, or empty for a supplementary item.
    pub(super) letter: String,
    pub(super) article: String,
    pub(super) label: String,
    pub(super) blocks: Vec<Block>,
}

/// One activity's section.
#[derive(Debug, Serialize)]
pub(super) struct Section {
    pub(super) anchor: String,
    pub(super) number: String,
    pub(super) id: String,
    pub(super) name: String,
    pub(super) facts: Block,
    pub(super) items: Vec<Item>,
}

#[derive(Debug, Serialize)]
pub(super) struct Part {
    pub(super) anchor: String,
    pub(super) heading: String,
    pub(super) intro: String,
    pub(super) sections: Vec<Section>,
}

#[derive(Debug, Serialize)]
pub(super) struct Annex {
    pub(super) anchor: String,
    pub(super) heading: String,
    pub(super) intro: String,
    pub(super) blocks: Vec<Block>,
}

#[derive(Debug, Serialize)]
pub(super) struct TocEntry {
    pub(super) href: String,
    pub(super) label: String,
    pub(super) children: Vec<TocEntry>,
}

#[derive(Debug, Serialize)]
pub(super) struct Report {
    pub(super) lang: String,
    pub(super) title: String,
    pub(super) subtitle: String,
    pub(super) org: String,
    pub(super) as_of: String,
    pub(super) version: String,
    pub(super) version_known: bool,
    pub(super) na: String,
    /// The report's words, by key.
    pub(super) l: BTreeMap<String, String>,
    /// CSS string literals (quoted and escaped) for the running header and footer.
    pub(super) css_header: String,
    pub(super) css_footer: String,
    pub(super) css_page: String,
    pub(super) cover: Vec<Block>,
    pub(super) toc: Vec<TocEntry>,
    pub(super) parts: Vec<Part>,
    pub(super) annexes: Vec<Annex>,
}
