//! fairdraw: the application around the format — importing the bureau's files,
//! the organiser's commitment workflow, exports, the 公示 index, QR codes and demo
//! data — shared by the command line
//! (`src/bin/fairdraw`) and the site (`www/`), so that the two cannot disagree.
//!
//! What decides and checks a draw lives in `fairdraw-format` (`format/`); its modules
//! are re-exported here under their own names so that callers need one dependency.
//! Like the format, this crate reads no clock and does no I/O: callers pass time and
//! bytes in and write what comes out.

pub use fairdraw_format::{beacon, canonical, draw, hashing, model, par, plan, problem, protocol, read, rng, sealed, text, time, timelock, uscc, v2, verify, wellformed, witness};
pub use fairdraw_format::{Problem, Problems, Text};

pub mod applicability;
pub mod archive;
pub mod demo;
pub mod departments;
pub mod export;
pub mod gzip;
pub mod import;
pub mod memory;
pub mod organizer;
pub mod publication;
pub mod qr;
pub mod tabular;
