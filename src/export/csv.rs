//! CSV: UTF-8 with a byte-order mark (so Excel and LibreOffice detect the encoding and
//! show umlauts), a header row, RFC 4180 quoting and CRLF line ends.

use super::tables::Table;

/// The UTF-8 byte-order mark every CSV starts with.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A table as CSV bytes: BOM, header row, one line per row.
pub fn to_bytes(table: &Table) -> Result<Vec<u8>, String> {
    let mut out = BOM.to_vec();
    {
        let mut w = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .quote_style(::csv::QuoteStyle::Necessary)
            .from_writer(&mut out);
        w.write_record(&table.headers)
            .map_err(|e| format!("writing {}.csv: {e}", table.name))?;
        for row in &table.rows {
            w.write_record(row.iter().map(|c| c.to_text()))
                .map_err(|e| format!("writing {}.csv: {e}", table.name))?;
        }
        w.flush()
            .map_err(|e| format!("writing {}.csv: {e}", table.name))?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tables::Cell;

    #[test]
    fn quotes_and_line_ends_follow_rfc_4180() {
        let t = Table {
            name: "t".into(),
            title: "T".into(),
            headers: vec!["ID".into(), "Ort".into()],
            rows: vec![vec![
                Cell::Text("a".into()),
                Cell::Text("Köln; \"Süd\", Rhein".into()),
            ]],
        };
        let bytes = to_bytes(&t).unwrap();
        assert!(bytes.starts_with(BOM));
        let text = std::str::from_utf8(&bytes[3..]).unwrap();
        assert_eq!(text, "ID,Ort\r\na,\"Köln; \"\"Süd\"\", Rhein\"\r\n");
    }
}
