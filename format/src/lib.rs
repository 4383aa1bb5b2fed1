//! fairdraw-format: exactly what decides and checks a draw.
//!
//! The data model, canonical encoding, hashing, random streams, plan evaluation, the
//! draw, the protocol (inputs, commitment, seed, bundle, sealed result), verification,
//! beacons and civil time. SPEC.md specifies every byte these modules produce or
//! check; `tests/vectors/spec/` pins them.
//!
//! No clock, no I/O, no global state, no floating point in anything that decides a
//! draw, no dependency on another crate of this workspace. Builds natively and for
//! wasm32-unknown-unknown; knows nothing of files, spreadsheets, the web or QR codes.

pub mod beacon;
pub mod canonical;
pub mod draw;
mod groups;
pub mod hashing;
pub mod model;
mod named;
pub mod par;
pub mod plan;
pub mod problem;
pub mod protocol;
pub mod read;
pub mod rng;
pub mod sealed;
pub mod text;
pub mod timelock;
pub mod time;
pub mod uscc;
pub mod v2;
pub mod verify;
pub mod wellformed;
pub mod witness;

pub use problem::{Problem, Problems, Text};
