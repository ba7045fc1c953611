//! Positioned messages about the input.

use std::fmt;

use crate::model::Source;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// A message about the input at a place in it, printed as `FILE:LINE:COL: error: MESSAGE`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub source: Source,
    pub message: String,
}

impl Diagnostic {
    pub fn error(source: Source, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Error, source, message: message.into() }
    }
    pub fn warning(source: Source, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, source, message: message.into() }
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let s = &self.source;
        write!(f, "{}:{}:{}: {level}: {}", s.file, s.line, s.column, self.message)
    }
}
