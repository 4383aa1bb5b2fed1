//! The fairdraw site: renders, routes and wires events; all logic lives in the core.
