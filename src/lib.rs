//! fairdraw core: the whole planning and sampling logic of a committed,
//! beacon-seeded 双随机、一公开 inspection draw.
//!
//! No clock, no I/O, no global state, no floating point in anything that decides a
//! draw. Builds natively and for wasm32-unknown-unknown; knows nothing of the web.
//! SPEC.md is the contract for every byte that decides an outcome.

pub mod beacon;
pub mod canonical;
pub mod draw;
pub mod export;
pub mod demo;
pub mod hashing;
pub mod import;
pub mod model;
pub mod par;
pub mod plan;
pub mod protocol;
pub mod publication;
pub mod problem;
pub mod qr;
pub mod rng;
pub mod time;
pub mod uscc;
pub mod verify;

pub use problem::{Problem, Problems};
