//! The organiser's side of the 计划 and 承诺 pages: the project being prepared (plan
//! and directories), importing the input files into it, editing the plan, and
//! committing to it. Pure: no browser calls here, so all of it is tested natively.

pub mod choices;
pub mod commit;
pub mod confirm;
pub mod edit;
pub mod import;
pub mod project;
pub mod state;
mod wire;
