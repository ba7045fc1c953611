//! The event log's lines: `kubectl get pods,pvc,pv -w --output-watch-events` plus Events, as
//! [`engine::printer`] prints them for the CLI too, with which lines read as warnings.

use engine::view::{Record, View};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub t_ms: u64,
    /// `ADDED`, `MODIFIED`, `DELETED` or `EVENT`.
    pub event: &'static str,
    /// `pod/web-0`.
    pub object: String,
    pub details: String,
    /// A Warning event, or a pod or node turning bad.
    pub warning: bool,
}

/// One record as a line, or `None` for kinds the log leaves out (Services, attachments).
pub fn line(record: &Record) -> Option<Line> {
    let l = engine::printer::watch_line(record)?;
    let warning = match record {
        Record::Event(e) => e.event_type == "Warning",
        Record::Change(c) => match &*c.object {
            View::Pod(p) => matches!(p.status, "CrashLoopBackOff" | "Error" | "Unknown" | "Failed"),
            View::Node(n) => n.ready != "True",
            _ => false,
        },
    };
    Some(Line { t_ms: l.t_ms, event: l.event, object: l.object, details: l.cells.join("  "), warning })
}

/// Every line of a run, in order.
pub fn lines(records: &[Record]) -> Vec<Line> {
    records.iter().filter_map(line).collect()
}
