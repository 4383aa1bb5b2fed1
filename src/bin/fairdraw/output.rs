//! Writing to the terminal without ever panicking: `println!` panics when standard
//! output is a pipe whose reader has gone (`fairdraw demo … | head -1`).
//!
//! A closed pipe is not an error: the command stops printing, finishes its work and
//! keeps its own exit code, so a failed verification is still exit 1 even when nobody
//! reads the report. Any other failure to write standard output (a full disk) is
//! reported once on standard error and turns a success into exit 2, since the output
//! the caller asked for is incomplete.

use std::fmt;
use std::io::{ErrorKind, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// Set once standard output cannot be written any more.
static STDOUT_GONE: AtomicBool = AtomicBool::new(false);
/// Set when it was lost for another reason than a closed pipe.
static STDOUT_FAILED: AtomicBool = AtomicBool::new(false);

/// Writes to standard output, unless it is already gone.
pub fn stdout(args: fmt::Arguments) {
    if STDOUT_GONE.load(Ordering::Relaxed) {
        return;
    }
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.flush()) {
        STDOUT_GONE.store(true, Ordering::Relaxed);
        if e.kind() != ErrorKind::BrokenPipe {
            STDOUT_FAILED.store(true, Ordering::Relaxed);
            stderr(format_args!("无法写入标准输出：{e}\n  cannot write to standard output: {e}\n"));
        }
    }
}

/// Writes to standard error; if even that fails there is nobody left to tell.
pub fn stderr(args: fmt::Arguments) {
    let _ = std::io::stderr().lock().write_fmt(args);
}

/// Whether part of the output was lost for another reason than a closed pipe.
pub fn failed() -> bool {
    STDOUT_FAILED.load(Ordering::Relaxed)
}

/// `println!` that a closed pipe cannot crash.
macro_rules! outln {
    () => { $crate::output::stdout(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::output::stdout(format_args!("{}\n", format_args!($($arg)*))) };
}

/// `eprintln!` that a closed pipe cannot crash.
macro_rules! errln {
    ($($arg:tt)*) => { $crate::output::stderr(format_args!("{}\n", format_args!($($arg)*))) };
}

pub(crate) use {errln, outln};
