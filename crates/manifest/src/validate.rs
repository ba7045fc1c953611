//! What the API server would say about each object (spec §I), with its own message texts, and the
//! warnings about references between objects that it accepts.
//!
//! Findings carry the YAML path of the field they are about; `parse.rs` turns that into a
//! position with `locate`.

mod cluster;
mod cross;
mod field;
mod meta;
mod fields;
mod names;
mod storage;
mod unsimulated;
mod workload;

pub(crate) use cross::{default_classes, warnings, Catalog};
pub(crate) use field::Finding;
pub(crate) use fields::unknown_fields;
pub(crate) use names::reference;
pub(crate) use unsimulated::unsimulated_fields;
pub use workload::validate_statefulset_update;

use crate::diagnostic::Severity;
use crate::model::{NodeList, Object, Scenario};

/// At most this many findings are reported for one object.
const MAX_FINDINGS: usize = 50;

/// The API server's errors for creating `object` (empty when it would be accepted).
pub(crate) fn check(object: &Object) -> Vec<Finding> {
    let mut found = match object {
        Object::StorageClass(o) => storage::storage_class(o),
        Object::PersistentVolume(o) => storage::persistent_volume(o),
        Object::PersistentVolumeClaim(o) => storage::persistent_volume_claim(o),
        Object::Service(o) => cluster::service(o),
        Object::StatefulSet(o) => workload::statefulset(o),
        Object::Node(o) => cluster::node(o),
        Object::Namespace(o) => cluster::namespace(o),
    };
    if found.len() > MAX_FINDINGS {
        let more = found.len() - MAX_FINDINGS;
        found.truncate(MAX_FINDINGS);
        found.push(Finding {
            severity: Severity::Error,
            at: Vec::new(),
            message: format!("... and {more} more errors in this object"),
        });
    }
    found
}

/// Errors in a scenario's own fields: its node names become Node objects, so they follow the
/// same rule.
pub(crate) fn scenario(s: &Scenario) -> Vec<Finding> {
    let nodes = field::Field::root("spec").child("nodes");
    let mut out = Vec::new();
    match &s.spec.nodes {
        Some(NodeList::Count(0)) => out.push(nodes.invalid(0, "must be at least 1")),
        Some(NodeList::Names(list)) => {
            let repeated = order::repeats(&list.iter().map(String::as_str).collect::<Vec<_>>());
            for (i, name) in list.iter().enumerate() {
                out.extend(nodes.index(i).each_invalid(name, names::dns1123_subdomain(name)));
                if repeated[i] {
                    out.push(nodes.index(i).duplicate(field::quote(name)));
                }
            }
        }
        _ => {}
    }
    out
}
