//! Reads Kubernetes manifests and Ordinal scenarios.
//!
//! [`read`] never fails: it returns every object it could read plus [`Diagnostic`]s with file, line
//! and column for YAML syntax, wrong types, missing fields, duplicate names and the API server's
//! validation. Only `parse.rs` knows serde_yaml, so a fork could replace it in one place.
//!
//! Invariant: this crate is pure (no I/O, no clock) and builds for wasm32.

mod diagnostic;
mod kinds;
mod limits;
mod locate;
pub mod model;
mod parse;
mod report;
mod split;
mod steps;
mod tree;
mod typed;
pub mod units;
mod validate;
mod yaml_tree;

pub use diagnostic::{Diagnostic, Severity};
pub use model::*;
pub use units::{Duration, Quantity};
pub use validate::validate_statefulset_update;

/// The most replicas Ordinal simulates in one StatefulSet: a set that asks for more is refused
/// (at its `spec.replicas`), and a step that scales past it is not carried out.
pub const MAX_REPLICAS: u32 = 20_000;

/// One input text and the name its diagnostics carry (`-` for standard input).
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    /// The name diagnostics carry.
    pub file: &'a str,
    /// The YAML: one or more documents.
    pub text: &'a str,
}

/// Everything read from the inputs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Manifest {
    /// The objects that were read and passed validation, in input order.
    pub objects: Vec<Parsed>,
    /// The scenario, if one was given (at most one; a second is an error).
    pub scenario: Option<Scenario>,
    /// Errors and warnings, in input order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Manifest {
    /// Whether any diagnostic is an error (warnings alone leave a runnable manifest).
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Reads all inputs as one stream of objects. Never fails and never panics: what cannot be read
/// is reported in [`Manifest::diagnostics`], and inputs over 4 MiB or documents past the
/// 10,000th are refused with an error.
pub fn read(inputs: &[Input<'_>]) -> Manifest {
    parse::read(inputs)
}
