//! The XLSX half of the site, built as its own wasm (`pkg/fairdraw_xlsx_bg.wasm`)
//! so that calamine, the ZIP code and the workbook writer are downloaded only by
//! an organiser who opens or saves a workbook, never by the verification page.
//! Everything crosses as JSON or bytes; all logic is the core's.

use fairdraw::import::xlsx::{self, Sheet};
use fairdraw::import::{FileKind, SheetRead};
use fairdraw::problem::Problem;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

/// What [`read_workbook`] returns: the sheets, or why the file could not be read.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ReadOutcome {
    Sheets(Vec<SheetRead>),
    Problems(Vec<Problem>),
}

/// Reads every sheet of a workbook: JSON of [`ReadOutcome`].
#[wasm_bindgen]
pub fn read_workbook(file: &str, bytes: &[u8]) -> String {
    let outcome = match xlsx::read_workbook(file, bytes) {
        Ok(sheets) => ReadOutcome::Sheets(sheets),
        Err(p) => ReadOutcome::Problems(p.0),
    };
    serde_json::to_string(&outcome).unwrap_or_else(|e| format!("{{\"problems\":[{{\"zh\":\"内部错误：{e}\",\"en\":\"internal error: {e}\"}}]}}"))
}

#[derive(Deserialize)]
struct SheetJson {
    name: String,
    rows: Vec<Vec<String>>,
}

/// A workbook from JSON `[{"name": …, "rows": [[…], …]}, …]` (first row the header).
#[wasm_bindgen]
pub fn write_workbook(sheets_json: &str) -> Result<Vec<u8>, JsError> {
    let sheets: Vec<SheetJson> = serde_json::from_str(sheets_json).map_err(|e| JsError::new(&format!("sheets: {e}")))?;
    let sheets: Vec<Sheet> = sheets.into_iter().map(|s| Sheet { name: s.name, rows: s.rows }).collect();
    let bytes = xlsx::write_workbook(&sheets);
    if bytes.is_empty() {
        return Err(JsError::new("the workbook could not be written"));
    }
    Ok(bytes)
}

/// The XLSX template of a file kind (`enterprises`, `inspectors`, `checklist`, `history`).
#[wasm_bindgen]
pub fn template_xlsx(kind: &str) -> Result<Vec<u8>, JsError> {
    let kind: FileKind =
        serde_json::from_value(serde_json::Value::String(kind.to_string())).map_err(|_| JsError::new(&format!("unknown file kind `{kind}`")))?;
    Ok(xlsx::template_xlsx(kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_outcome_round_trips_a_workbook_and_reports_garbage() {
        let bytes = template_xlsx("inspectors").unwrap();
        match serde_json::from_str::<ReadOutcome>(&read_workbook("t.xlsx", &bytes)).unwrap() {
            ReadOutcome::Sheets(s) => assert_eq!(s[0].table.as_ref().unwrap().rows.len(), 3),
            other => panic!("{other:?}"),
        }
        match serde_json::from_str::<ReadOutcome>(&read_workbook("t.xlsx", b"PK\x03\x04garbage")).unwrap() {
            ReadOutcome::Problems(p) => assert!(p[0].text.zh.contains("损坏") && p[0].file == "t.xlsx"),
            other => panic!("{other:?}"),
        }
        let written = write_workbook(r#"[{"name":"s","rows":[["a"],["007"]]}]"#).unwrap();
        assert_eq!(xlsx::read_sheet("w.xlsx", &written, None).unwrap().table.unwrap().rows[0].cells.to_vec(), ["007"]);
    }
}
