//! The organiser's side of the 计划 page: the project being prepared (plan and
//! directories), importing the input files into it, and editing the plan. Pure:
//! no browser calls here, so all of it is tested natively.

pub mod edit;
pub mod import;
pub mod project;
pub mod state;
