//! The XLSX module (`pkg/fairdraw_xlsx.js` and its wasm), loaded on first use and
//! kept: the main wasm does not contain the workbook code, so the verification
//! page and the home page never download it. `boot.js` provides the loader
//! (`fairdrawLoadXlsx`, a same-origin dynamic `import()`), which keeps the main
//! glue free of JS snippets (the single-file verifier cannot hold any).
//!
//! Errors come back in Chinese and English; a module that failed to load is
//! tried again on the next call.

use std::cell::RefCell;

use fairdraw::import::{FileKind, SheetRead};
use fairdraw::problem::Problem;
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A message in Chinese and English.
pub type Message = (String, String);

thread_local! {
    /// The module once loaded, or the load under way.
    static MODULE: RefCell<Option<js_sys::Promise>> = const { RefCell::new(None) };
}

fn js_message(e: &JsValue) -> String {
    super::error_message(e).unwrap_or_else(|| format!("{e:?}"))
}

fn load_failed(detail: &str) -> Message {
    (
        format!("无法加载 Excel（XLSX）组件：{detail}。请检查网络后重试，或改用 CSV 文件"),
        format!("could not load the Excel (XLSX) component: {detail}. Check the connection and try again, or use a CSV file"),
    )
}

/// The loaded module, loading it the first time.
async fn module() -> Result<JsValue, Message> {
    let pending = MODULE.with(|m| m.borrow().clone());
    let promise = match pending {
        Some(p) => p,
        None => {
            let global = js_sys::global();
            let loader = js_sys::Reflect::get(&global, &JsValue::from_str("fairdrawLoadXlsx"))
                .ok()
                .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
                .ok_or_else(|| load_failed("this page has no XLSX loader"))?;
            let promise = loader
                .call0(&JsValue::UNDEFINED)
                .ok()
                .and_then(|p| p.dyn_into::<js_sys::Promise>().ok())
                .ok_or_else(|| load_failed("the loader did not start"))?;
            MODULE.with(|m| *m.borrow_mut() = Some(promise.clone()));
            promise
        }
    };
    match JsFuture::from(promise).await {
        Ok(module) => Ok(module),
        Err(e) => {
            MODULE.with(|m| *m.borrow_mut() = None);
            Err(load_failed(&js_message(&e)))
        }
    }
}

fn function(module: &JsValue, name: &str) -> Result<js_sys::Function, Message> {
    js_sys::Reflect::get(module, &JsValue::from_str(name))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| load_failed(&format!("the module has no `{name}`")))
}

/// What the module's `read_workbook` returns.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum ReadOutcome {
    Sheets(Vec<SheetRead>),
    Problems(Vec<Problem>),
}

/// Every sheet of an XLSX file, or the problems that stop it from being read
/// (a module that cannot be loaded is one of them).
pub async fn read(file: &str, bytes: &[u8]) -> Result<Vec<SheetRead>, Vec<Problem>> {
    let as_problem = |(zh, en): Message| vec![Problem::new(zh, en).in_file(file)];
    let module = module().await.map_err(as_problem)?;
    let read = function(&module, "read_workbook").map_err(as_problem)?;
    let json = read
        .call2(&JsValue::UNDEFINED, &JsValue::from_str(file), &js_sys::Uint8Array::from(bytes))
        .map_err(|e| as_problem(failed("读取", "reading", &e)))?
        .as_string()
        .unwrap_or_default();
    match serde_json::from_str::<ReadOutcome>(&json) {
        Ok(ReadOutcome::Sheets(sheets)) => Ok(sheets),
        Ok(ReadOutcome::Problems(problems)) => Err(problems),
        Err(e) => Err(as_problem(failed("读取", "reading", &JsValue::from_str(&e.to_string())))),
    }
}

fn failed(zh: &str, en: &str, e: &JsValue) -> Message {
    let detail = js_message(e);
    (format!("{zh} XLSX 时出错：{detail}"), format!("{en} the XLSX failed: {detail}"))
}

#[derive(Serialize)]
struct SheetJson<'a> {
    name: &'a str,
    rows: &'a [Vec<String>],
}

/// A workbook of the given sheets (name, rows with the header first): every cell
/// text, bold frozen header, fitted column widths.
pub async fn write(sheets: Vec<(String, Vec<Vec<String>>)>) -> Result<Vec<u8>, Message> {
    let module = module().await?;
    let write = function(&module, "write_workbook")?;
    let json: Vec<SheetJson> = sheets.iter().map(|(name, rows)| SheetJson { name, rows }).collect();
    let json = serde_json::to_string(&json).map_err(|e| failed("生成", "writing", &JsValue::from_str(&e.to_string())))?;
    let bytes = write.call1(&JsValue::UNDEFINED, &JsValue::from_str(&json)).map_err(|e| failed("生成", "writing", &e))?;
    Ok(js_sys::Uint8Array::new(&bytes).to_vec())
}

/// The XLSX template of a file kind, with the same example rows as the CSV one.
pub async fn template(kind: FileKind) -> Result<Vec<u8>, Message> {
    let module = module().await?;
    let template = function(&module, "template_xlsx")?;
    let code = serde_json::to_value(kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    let bytes = template.call1(&JsValue::UNDEFINED, &JsValue::from_str(&code)).map_err(|e| failed("生成", "writing", &e))?;
    Ok(js_sys::Uint8Array::new(&bytes).to_vec())
}

/// The MIME type of a workbook download.
pub const MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
