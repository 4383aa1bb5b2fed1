//! A city's directory in the browser's wasm: the organiser's import of a CSV, the
//! plan's consequences and the commitment, as the site computes them. Each size is a
//! test binary of its own (`scale_*.rs`), so that each runs in a page of its own: a
//! module's memory never shrinks, and a size the browser cannot hold ends that page
//! alone. Run by `cargo xtask bench wasm` (tests named `bench_…`).

use fairdraw::beacon;
use fairdraw::import::{import_file, write_checklist_csv, write_enterprises_csv, write_inspectors_csv, FileContent, FileKind, ImportOptions};
use fairdraw::model::Directories;
use fairdraw::protocol::{self, CommitOptions};

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or_else(js_sys::Date::now)
}

/// The module's linear memory, which only grows: the page's high-water mark so far.
fn wasm_memory_mb() -> f64 {
    core::arch::wasm32::memory_size(0) as f64 * 65536.0 / 1048576.0
}

/// Rows per slice when writing the directory's CSV, so that writing it never holds
/// every row's cells at once.
const SLICE: usize = 100_000;

/// The demo's directory of `firms` as the CSV a department would choose, and the
/// inspector list and checklist: (enterprises, inspectors, checklist, plan).
fn files(firms: usize) -> (String, String, String, fairdraw::model::Plan) {
    let demo = fairdraw::demo::demo_inputs(firms, 400);
    let mut csv = String::new();
    let mut header = None;
    for slice in demo.enterprises.chunks(SLICE) {
        let text = write_enterprises_csv(slice);
        let (head, body) = text.split_once('\n').expect("a header line");
        match &header {
            None => {
                csv.push_str(&text);
                header = Some(head.trim_start_matches('\u{feff}').to_string());
            }
            Some(first) => {
                assert_eq!(first, head.trim_start_matches('\u{feff}'), "every slice has the same columns");
                csv.push_str(body);
            }
        }
    }
    (csv, write_inspectors_csv(&demo.inspectors), write_checklist_csv(&demo.checklist), demo.plan)
}

/// A file written in parts into the browser's memory, as the site's downloads are.
struct Parts {
    done: js_sys::Array,
    pending: Vec<u8>,
    len: usize,
}

impl std::io::Write for Parts {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(bytes);
        self.len += bytes.len();
        if self.pending.len() >= 8 << 20 {
            self.flush()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.done.push(&js_sys::Uint8Array::from(self.pending.as_slice()));
        self.pending.clear();
        Ok(())
    }
}

fn import(kind: FileKind, name: &str, text: &str, into: &mut Directories) {
    let options = ImportOptions { as_of: Some("2026-11-30".into()), ..ImportOptions::default() };
    let read = import_file(kind, name, FileContent::Csv(text.as_bytes()), &options);
    assert!(!read.has_errors(), "{name}: {:?}", read.problems.iter().find(|p| !p.warning));
    read.records.expect("no error").store_in(into);
}

/// Import, plan and commit as the site does them, timed apart.
pub fn import_plan_commit(firms: usize, label: &str) {
    let (enterprises, inspectors, checklist, plan) = files(firms);
    let generated_mb = wasm_memory_mb();
    // Said at once: a size the page cannot hold stops it before the figures.
    web_sys::console::log_1(&format!("wasm_import_plan_commit_{label}: the files are written, {generated_mb:.0} MB of linear memory so far").into());
    let mut directories = Directories { enterprises: Vec::new(), inspectors: Vec::new(), checklist: Vec::new(), history: Vec::new() };
    let start = now_ms();
    import(FileKind::Enterprises, "enterprises.csv", &enterprises, &mut directories);
    import(FileKind::Inspectors, "inspectors.csv", &inspectors, &mut directories);
    import(FileKind::Checklist, "checklist.csv", &checklist, &mut directories);
    let imported = now_ms();
    assert_eq!(directories.enterprises.len(), firms);
    // The page keeps the records, not the file they were read from.
    let csv_mb = enterprises.len() as f64 / 1048576.0;
    drop(enterprises);
    // The plan page's consequences: what the page recomputes on every edit.
    let report = fairdraw::plan::evaluate(&plan, &directories);
    let planned = now_ms();
    assert!(report.tasks.iter().any(|t| t.pool_size() > 0));
    // The commit page: the project's inputs (copied, as the page keeps its project),
    // the commitment, and the inputs file offered for download.
    let chain = beacon::chain_by_name("quicknet").unwrap();
    let inputs = fairdraw::organizer::committed_inputs2(plan.clone(), directories.clone(), &"0f".repeat(16), &"5e".repeat(32));
    let opts =
        CommitOptions { sequence: 1, previous: String::new(), committed_at: chain.round_time(1000) - 3600, rehearsal: true, chain, round: 1000 };
    let (commitment, _) = protocol::commit(&inputs, &opts).unwrap();
    // Offered for download as the page does: in parts copied out to the browser.
    let mut inputs_file = Parts { done: js_sys::Array::new(), pending: Vec::new(), len: 0 };
    protocol::write_inputs_file(&inputs, &mut inputs_file).unwrap();
    std::io::Write::flush(&mut inputs_file).unwrap();
    let committed = now_ms();
    assert_eq!(commitment.commitment.len(), 64);
    web_sys::console::log_1(
        &format!(
            "BENCH wasm_import_plan_commit_{label} firms={firms} csv_mb={:.0} import_ms={:.0} plan_ms={:.0} commit_ms={:.0} total_ms={:.0} inputs_file_mb={:.0} wasm_memory_after_generating_mb={generated_mb:.0} wasm_memory_peak_mb={:.0}",
            csv_mb,
            imported - start,
            planned - imported,
            committed - planned,
            committed - start,
            inputs_file.len as f64 / 1048576.0,
            wasm_memory_mb(),
        )
        .into(),
    );
}
