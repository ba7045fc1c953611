//! `run --format text`: the timeline as `kubectl get pods,pvc,pv -w --output-watch-events` would
//! print it, plus StatefulSets, Nodes and Events, with a time column. Columns are aligned over
//! the whole run, per kind.

use std::collections::BTreeMap;
use std::io::{self, Write};

use engine::view::{ChangeType, Record, View};

/// `M:SS.s` (`H:MM:SS.s` past an hour): short, and sorts as it reads.
pub(crate) fn clock(t_ms: u64) -> String {
    let tenths = t_ms / 100;
    let (h, m, s, d) = (tenths / 36_000, tenths / 600 % 60, tenths / 10 % 60, tenths % 10);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}.{d}")
    } else {
        format!("{m}:{s:02}.{d}")
    }
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

/// kubectl's resource name for a kind, as it prefixes names in `get a,b -w`.
fn resource(kind: &str) -> String {
    match kind {
        "StatefulSet" => "statefulset.apps".into(),
        other => other.to_ascii_lowercase(),
    }
}

fn or_none(v: &Option<String>) -> String {
    v.clone().unwrap_or_else(|| "<none>".into())
}

/// `(kind key, object, cells)` for one record, or `None` for kinds the text view leaves out.
fn cells(record: &Record) -> Option<(&'static str, String, String, Vec<String>)> {
    match record {
        Record::Event(e) => Some((
            "event",
            "EVENT".to_owned(),
            format!("{}/{}", resource(e.kind), e.name),
            vec![e.event_type.to_owned(), e.reason.to_owned(), e.message.clone()],
        )),
        Record::Change(c) => {
            let event = match c.change {
                ChangeType::Added => "ADDED",
                ChangeType::Modified => "MODIFIED",
                ChangeType::Deleted => "DELETED",
            }
            .to_owned();
            let (kind, name, cells) = match &*c.object {
                View::Pod(p) => (
                    "pod",
                    p.name.clone(),
                    vec![
                        format!("{}/{}", if p.ready { p.containers } else { 0 }, p.containers),
                        p.status.to_owned(),
                        p.restarts.to_string(),
                        or_none(&p.ip),
                        or_none(&p.node),
                    ],
                ),
                View::PersistentVolumeClaim(p) => (
                    "persistentvolumeclaim",
                    p.name.clone(),
                    vec![
                        if p.terminating { "Terminating".into() } else { p.phase.to_owned() },
                        p.volume.clone().unwrap_or_default(),
                        p.capacity.clone().unwrap_or_default(),
                        modes(&p.access_modes),
                        or_none(&p.storage_class),
                    ],
                ),
                View::PersistentVolume(p) => (
                    "persistentvolume",
                    p.name.clone(),
                    vec![
                        p.capacity.clone(),
                        modes(&p.access_modes),
                        p.reclaim_policy.clone(),
                        p.phase.to_owned(),
                        p.claim.clone().unwrap_or_default(),
                        p.storage_class.clone(),
                    ],
                ),
                View::Node(n) => (
                    "node",
                    n.name.clone(),
                    vec![
                        if n.ready == "True" { "Ready".into() } else { "NotReady".into() },
                        if n.taints.is_empty() { "<none>".into() } else { n.taints.join(",") },
                    ],
                ),
                View::StatefulSet(s) => (
                    "statefulset.apps",
                    s.name.clone(),
                    vec![format!("{}/{}", s.ready_replicas, s.spec_replicas)],
                ),
                View::Service(_) | View::VolumeAttachment(_) => return None,
            };
            Some((kind, event, format!("{kind}/{name}"), cells))
        }
    }
}

pub(crate) fn write(out: &mut impl Write, records: &[Record]) -> io::Result<()> {
    let rows: Vec<(String, &'static str, String, String, Vec<String>)> = records
        .iter()
        .filter_map(|r| cells(r).map(|(kind, event, object, cells)| (clock(r.t_ms()), kind, event, object, cells)))
        .collect();
    let mut widths = [4usize, 8, 0];
    let mut kind_widths: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (time, kind, event, object, cells) in &rows {
        widths[0] = widths[0].max(time.len());
        widths[1] = widths[1].max(event.len());
        widths[2] = widths[2].max(object.chars().count());
        let w = kind_widths.entry(kind).or_default();
        for (i, c) in cells.iter().enumerate() {
            if w.len() <= i {
                w.push(0);
            }
            w[i] = w[i].max(c.chars().count());
        }
    }
    writeln!(out, "{:<w0$}  {:<w1$}  {:<w2$}  DETAILS", "TIME", "EVENT", "OBJECT", w0 = widths[0], w1 = widths[1], w2 = widths[2])?;
    for (time, kind, event, object, cells) in &rows {
        let mut line = format!("{time:>w0$}  {event:<w1$}  {object:<w2$}", w0 = widths[0], w1 = widths[1], w2 = widths[2]);
        let w = &kind_widths[kind];
        let last = cells.len().saturating_sub(1);
        for (i, c) in cells.iter().enumerate() {
            line.push_str("  ");
            if i == last {
                line.push_str(c);
            } else {
                line.push_str(c);
                line.extend(std::iter::repeat_n(' ', w[i].saturating_sub(c.chars().count())));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::clock;

    #[test]
    fn clock_reads_minutes_and_tenths() {
        assert_eq!(clock(0), "0:00.0");
        assert_eq!(clock(12_550), "0:12.5");
        assert_eq!(clock(280_000), "4:40.0");
        assert_eq!(clock(3_723_400), "1:02:03.4");
    }
}
