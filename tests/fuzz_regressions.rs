//! Inputs that once crashed a fuzz target (see fuzz/ and `cargo xtask fuzz`), fed
//! again to exactly the function the target calls: the harness is this crate's
//! `fuzz/src/lib.rs`, included here as a module. Each must return normally.
//!
//! The inputs are tests/vectors/fuzz/<target>-<short>.bin; README.md there says
//! where each came from. A crash not fixed yet keeps its test, ignored with the
//! panic it causes, so `cargo test -- --ignored` shows what is still open.

#[path = "../fuzz/src/lib.rs"]
mod harness;

use std::path::PathBuf;

fn vectors() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/fuzz")
}

/// The harness function a saved input belongs to, by its file name's prefix.
fn target_of(file: &str) -> Option<(&'static str, fn(&[u8]))> {
    harness::TARGETS.iter().copied().find(|(name, _)| file.strip_prefix(name).is_some_and(|rest| rest.starts_with('-')))
}

fn replay(file: &str) {
    let (_, run) = target_of(file).unwrap_or_else(|| panic!("{file} does not start with a fuzz target's name"));
    let bytes = std::fs::read(vectors().join(file)).unwrap_or_else(|e| panic!("reading {file}: {e}"));
    run(&bytes);
}

#[test]
fn every_saved_input_names_a_target_and_has_a_test() {
    let this = include_str!("fuzz_regressions.rs");
    for entry in std::fs::read_dir(vectors()).expect("tests/vectors/fuzz exists") {
        let name = entry.expect("readable").file_name().to_string_lossy().into_owned();
        if !name.ends_with(".bin") {
            continue;
        }
        assert!(target_of(&name).is_some(), "{name} does not start with a fuzz target's name");
        assert!(this.contains(&format!("replay(\"{name}\")")), "{name} has no test in tests/fuzz_regressions.rs");
    }
}

/// Empty, truncated and wrong-typed files, the first thing anyone drops on a page.
#[test]
fn every_target_takes_trivial_inputs() {
    let inputs: [&[u8]; 8] = [b"", b"{", b"{}", b"[]", b"null", b"\xEF\xBB\xBF", b"\xFF\xFE\x00", b"PK\x03\x04"];
    for (_, run) in harness::TARGETS {
        for input in inputs {
            run(input);
        }
    }
}

#[test]
fn commitment_with_sequence_above_2_53() {
    replay("commitment_json-sequence-above-2-53.bin");
}

// calamine 0.35 reads a cell reference's row and column with unchecked `u32`
// arithmetic (`get_row_and_optional_column`, src/xlsx/mod.rs:1880 and :1896), so a
// reference like `A99999999999` overflows. Release builds (the CLI, the site's XLSX
// wasm) wrap and return normally; debug builds, these tests included, panic.

#[test]
fn xlsx_cell_reference_overflowing_the_row() {
    replay("xlsx_import-calamine-row-overflow.bin");
}

#[test]
fn xlsx_cell_reference_overflowing_the_column() {
    replay("xlsx_import-calamine-row-overflow-2.bin");
}
