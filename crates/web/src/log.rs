//! The event log's lines: `kubectl get pods,pvc,pv -w --output-watch-events` plus Events, as the
//! CLI's text table writes them (its column logic, copied small rather than depending on the CLI).

use engine::view::{ChangeType, Record, View};

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

fn modes(modes: &[String]) -> String {
    let short: Vec<&str> = modes
        .iter()
        .map(|m| match m.as_str() {
            "ReadWriteOnce" => "RWO",
            "ReadOnlyMany" => "ROX",
            "ReadWriteMany" => "RWX",
            "ReadWriteOncePod" => "RWOP",
            other => other,
        })
        .collect();
    short.join(",")
}

fn resource(kind: &str) -> String {
    match kind {
        "StatefulSet" => "statefulset.apps".into(),
        other => other.to_ascii_lowercase(),
    }
}

fn or_none(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("<none>")
}

/// One record as a line, or `None` for kinds the log leaves out (Services, attachments).
pub fn line(record: &Record) -> Option<Line> {
    match record {
        Record::Event(e) => Some(Line {
            t_ms: e.t_ms,
            event: "EVENT",
            object: format!("{}/{}", resource(e.kind), e.name),
            details: format!("{}  {}  {}", e.event_type, e.reason, e.message),
            warning: e.event_type == "Warning",
        }),
        Record::Change(c) => {
            let event = match c.change {
                ChangeType::Added => "ADDED",
                ChangeType::Modified => "MODIFIED",
                ChangeType::Deleted => "DELETED",
            };
            let (object, details, warning) = match &*c.object {
                View::Pod(p) => (
                    format!("pod/{}", p.name),
                    format!(
                        "{}/{}  {}  {}  {}  {}",
                        if p.ready { p.containers } else { 0 },
                        p.containers,
                        p.status,
                        p.restarts,
                        or_none(&p.ip),
                        or_none(&p.node)
                    ),
                    matches!(p.status, "CrashLoopBackOff" | "Error" | "Unknown" | "Failed"),
                ),
                View::PersistentVolumeClaim(p) => (
                    format!("persistentvolumeclaim/{}", p.name),
                    format!(
                        "{}  {}  {}  {}  {}",
                        if p.terminating { "Terminating" } else { p.phase },
                        p.volume.as_deref().unwrap_or(""),
                        p.capacity.as_deref().unwrap_or(""),
                        modes(&p.access_modes),
                        or_none(&p.storage_class)
                    ),
                    p.phase == "Lost",
                ),
                View::PersistentVolume(p) => (
                    format!("persistentvolume/{}", p.name),
                    format!(
                        "{}  {}  {}  {}  {}  {}",
                        p.capacity,
                        modes(&p.access_modes),
                        p.reclaim_policy,
                        p.phase,
                        p.claim.as_deref().unwrap_or(""),
                        p.storage_class
                    ),
                    p.phase == "Failed",
                ),
                View::Node(n) => (
                    format!("node/{}", n.name),
                    format!(
                        "{}  {}",
                        if n.ready == "True" { "Ready" } else { "NotReady" },
                        if n.taints.is_empty() { "<none>".to_owned() } else { n.taints.join(",") }
                    ),
                    n.ready != "True",
                ),
                View::StatefulSet(s) => (format!("statefulset.apps/{}", s.name), format!("{}/{}", s.ready_replicas, s.spec_replicas), false),
                View::Service(_) | View::VolumeAttachment(_) => return None,
            };
            Some(Line { t_ms: c.t_ms, event, object, details, warning })
        }
    }
}

/// Every line of a run, in order.
pub fn lines(records: &[Record]) -> Vec<Line> {
    records.iter().filter_map(line).collect()
}
