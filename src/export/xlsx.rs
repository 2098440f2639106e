//! XLSX: one sheet per kind, with a bold, frozen and filterable header row, columns
//! as wide as their content (capped), wrapped text and real Excel dates.
//!
//! The bytes depend only on the tables and the as-of date: the workbook's creation
//! date is the as-of date, so two runs on the same registry give identical files.

use super::tables::{Cell, Table};
use crate::model::{Date, Visibility};
use chrono::Datelike;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook};

/// Narrowest column, in characters.
const MIN_WIDTH: usize = 8;
/// Widest column, in characters; longer text wraps.
const MAX_WIDTH: usize = 60;

fn excel_date(d: Date) -> Result<ExcelDateTime, String> {
    let (y, m, day) = (d.0.year(), d.0.month(), d.0.day());
    let year = u16::try_from(y).map_err(|_| format!("{d}: year out of range for Excel"))?;
    ExcelDateTime::from_ymd(year, m as u8, day as u8)
        .map_err(|e| format!("{d}: not a date Excel can store: {e}"))
}

/// How many characters wide a column should be for this text: its longest line.
fn text_width(s: &str) -> usize {
    s.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

/// The width of each column: the longest cell (headers count with their longest
/// word, since they wrap), clamped to [`MIN_WIDTH`]..=[`MAX_WIDTH`], plus padding.
fn widths(table: &Table) -> Vec<f64> {
    table
        .headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let header = h
                .split_whitespace()
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(0)
                .max(h.chars().count().min(24));
            let content = table
                .rows
                .iter()
                .filter_map(|r| r.get(i))
                .map(|c| match c {
                    Cell::Text(s) => text_width(s),
                    Cell::Date(_) => 10,
                    Cell::Number(n) => n.to_string().len(),
                    Cell::Empty => 0,
                })
                .max()
                .unwrap_or(0);
            (header.max(content).clamp(MIN_WIDTH, MAX_WIDTH) + 2) as f64
        })
        .collect()
}

/// The tables as an XLSX workbook, one sheet per table, in order.
/// The workbook's properties name the `audience` (File > Properties: keywords and comment).
pub fn to_bytes(tables: &[Table], as_of: Date, audience: Visibility) -> Result<Vec<u8>, String> {
    let err = |e: rust_xlsxwriter::XlsxError| format!("writing the XLSX export: {e}");
    let mut workbook = Workbook::new();
    let created = excel_date(as_of)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("ropa export ({})", audience.as_str()))
            .set_keywords(format!("audience: {}", audience.as_str()))
            .set_comment(super::audience_note(audience))
            .set_creation_datetime(&created),
    );
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(0xD9E1F2);
    let text = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let date = Format::new()
        .set_num_format("yyyy-mm-dd")
        .set_align(FormatAlign::Top)
        .set_align(FormatAlign::Left);
    let number = Format::new().set_align(FormatAlign::Top);
    for table in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(&table.title).map_err(err)?;
        for (c, h) in table.headers.iter().enumerate() {
            let c = u16::try_from(c).map_err(|_| "too many columns".to_string())?;
            sheet
                .write_string_with_format(0, c, h, &header)
                .map_err(err)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = u32::try_from(r + 1).map_err(|_| "too many rows".to_string())?;
            for (c, cell) in row.iter().enumerate() {
                let c = u16::try_from(c).map_err(|_| "too many columns".to_string())?;
                match cell {
                    Cell::Text(s) => {
                        sheet
                            .write_string_with_format(r, c, s, &text)
                            .map_err(err)?;
                    }
                    Cell::Date(d) => {
                        sheet
                            .write_date_with_format(r, c, excel_date(*d)?, &date)
                            .map_err(err)?;
                    }
                    Cell::Number(n) => {
                        sheet
                            .write_number_with_format(r, c, *n, &number)
                            .map_err(err)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        for (c, w) in widths(table).into_iter().enumerate() {
            let c = u16::try_from(c).map_err(|_| "too many columns".to_string())?;
            sheet.set_column_width(c, w).map_err(err)?;
        }
        let last_col = u16::try_from(table.headers.len().saturating_sub(1))
            .map_err(|_| "too many columns".to_string())?;
        let last_row = u32::try_from(table.rows.len()).map_err(|_| "too many rows".to_string())?;
        sheet.set_freeze_panes(1, 0).map_err(err)?;
        sheet.autofilter(0, 0, last_row, last_col).map_err(err)?;
    }
    workbook.save_to_buffer().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        Table {
            name: "t".into(),
            title: "Tabelle".into(),
            headers: vec!["ID".into(), "Letzte Überprüfung".into()],
            rows: vec![vec![
                Cell::Text("a".into()),
                Cell::Date(Date::parse("2026-03-18").unwrap()),
            ]],
        }
    }

    #[test]
    fn same_input_same_bytes() {
        let as_of = Date::parse("2026-11-29").unwrap();
        let a = to_bytes(&[table()], as_of, Visibility::Internal).unwrap();
        let b = to_bytes(&[table()], as_of, Visibility::Internal).unwrap();
        assert_eq!(a, b);
        assert!(a.starts_with(b"PK"));
    }

    #[test]
    fn widths_are_capped() {
        let mut t = table();
        t.rows[0][0] = Cell::Text("x".repeat(500));
        let w = widths(&t);
        assert_eq!(w[0], (MAX_WIDTH + 2) as f64);
        assert!(w[1] >= 12.0);
    }
}
