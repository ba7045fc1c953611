//! StorageClass, PersistentVolume and PersistentVolumeClaim validation
//! (`pkg/apis/storage/validation`, `pkg/apis/core/validation`).

use super::field::{quote, Field, Finding};
use super::meta::{self, NameRule};
use super::names;
use crate::model::{PersistentVolume, PersistentVolumeClaim, PersistentVolumeClaimSpec, StorageClass};
use crate::units::Quantity;

const ACCESS_MODES: [&str; 4] = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];

pub(crate) fn storage_class(sc: &StorageClass) -> Vec<Finding> {
    let mut out = meta::object_meta(&sc.metadata, false, NameRule::Subdomain);
    let provisioner = Field::root("provisioner");
    match sc.provisioner.as_deref().unwrap_or("") {
        "" => out.push(provisioner.required("")),
        p => {
            let lower = names::go_lower(p);
            out.extend(provisioner.each_invalid(&lower, names::label_key(&lower)));
        }
    }
    if let Some(p) = sc.reclaim_policy.as_deref().filter(|p| !p.is_empty() && !matches!(*p, "Delete" | "Retain")) {
        out.push(Field::root("reclaimPolicy").not_supported(p, &["Delete", "Retain"]));
    }
    if let Some(m) = sc.volume_binding_mode.as_deref().filter(|m| !matches!(*m, "Immediate" | "WaitForFirstConsumer")) {
        out.push(Field::root("volumeBindingMode").not_supported(m, &["Immediate", "WaitForFirstConsumer"]));
    }
    for (i, term) in sc.allowed_topologies.iter().enumerate() {
        let exprs = Field::root("allowedTopologies").index(i).child("matchLabelExpressions");
        let repeated_keys = order::repeats(&term.match_label_expressions.iter().map(|e| e.key.as_str()).collect::<Vec<_>>());
        for (j, e) in term.match_label_expressions.iter().enumerate() {
            let ef = exprs.index(j);
            if e.values.is_empty() {
                out.push(ef.child("values").required(""));
            }
            let repeated = order::repeats(&e.values.iter().map(String::as_str).collect::<Vec<_>>());
            for (k, v) in e.values.iter().enumerate() {
                if repeated[k] {
                    out.push(ef.child("values").index(k).duplicate(quote(v)));
                }
            }
            out.extend(ef.child("key").each_invalid(&e.key, names::label_key(&e.key)));
            if repeated_keys[j] {
                out.push(ef.child("key").duplicate(quote(&e.key)));
            }
        }
    }
    out
}

pub(crate) fn persistent_volume(pv: &PersistentVolume) -> Vec<Finding> {
    let mut out = meta::object_meta(&pv.metadata, false, NameRule::Subdomain);
    let spec = &pv.spec;
    let f = Field::root("spec");
    out.extend(access_modes(&spec.access_modes, &f.child("accessModes"), ""));
    let capacity = f.child("capacity");
    if spec.capacity.is_empty() {
        out.push(capacity.required(""));
    } else if !spec.capacity.contains_key("storage") || spec.capacity.len() > 1 {
        let entries: Vec<String> =
            spec.capacity.iter().map(|(k, v)| format!("{}:{}", quote(k), quote(&v.0))).collect();
        out.push(capacity.not_supported_raw(format!("core.ResourceList{{{}}}", entries.join(", ")), &["storage"]));
    }
    for (name, q) in &spec.capacity {
        out.extend(quantity(q, &capacity.key(name, &[name]), "PersistentVolume"));
    }
    if let Some(p) = spec
        .persistent_volume_reclaim_policy
        .as_deref()
        .filter(|p| !p.is_empty() && !matches!(*p, "Delete" | "Recycle" | "Retain"))
    {
        out.push(f.child("persistentVolumeReclaimPolicy").not_supported(p, &["Delete", "Recycle", "Retain"]));
    }
    if let Some(affinity) = &spec.node_affinity {
        let required = f.child("nodeAffinity").child("required");
        match &affinity.required {
            None => out.push(required.required("must specify required node constraints")),
            Some(sel) => out.extend(meta::node_selector(sel, &required)),
        }
    }
    if let Some(host) = &spec.host_path {
        if host.path.is_empty() {
            out.push(f.child("hostPath").child("path").required(""));
        }
    }
    // Exactly one volume source: the second and later are refused where written.
    let mut sources = spec.sources();
    let first = sources.next();
    out.extend(sources.map(|extra| f.child(extra).forbidden("may not specify more than 1 volume type")));
    match (first, &spec.local) {
        (None, _) => out.push(f.required("must specify a volume type")),
        (Some("local"), Some(local)) => {
            if local.path.is_empty() {
                out.push(f.child("local").child("path").required(""));
            }
            if spec.node_affinity.is_none() {
                out.push(f.child("nodeAffinity").pointing(&["spec", "local"]).required("Local volume requires node affinity"));
            }
        }
        _ => {}
    }
    if let Some(class) = spec.storage_class_name.as_deref().filter(|c| !c.is_empty()) {
        out.extend(f.child("storageClassName").each_invalid(class, names::dns1123_subdomain(class)));
    }
    out
}

pub(crate) fn persistent_volume_claim(pvc: &PersistentVolumeClaim) -> Vec<Finding> {
    let mut out = meta::object_meta(&pvc.metadata, true, NameRule::Subdomain);
    out.extend(claim_spec(&pvc.spec, &Field::root("spec"), "PersistentVolumeClaim"));
    out
}

/// `ValidatePersistentVolumeClaimSpec`, for claims and StatefulSet claim templates (`kind` is
/// the object's, for the message of a quantity that cannot be read).
pub(crate) fn claim_spec(spec: &PersistentVolumeClaimSpec, f: &Field, kind: &str) -> Vec<Finding> {
    let mut out = access_modes(&spec.access_modes, &f.child("accessModes"), "at least 1 access mode is required");
    if let Some(sel) = &spec.selector {
        out.extend(meta::label_selector(sel, &f.child("selector")));
    }
    let storage = f.child("resources").key("storage", &["requests", "storage"]);
    match spec.resources.requests.get("storage") {
        None => out.push(storage.required("")),
        Some(q) => out.extend(quantity(q, &storage, kind)),
    }
    if let Some(class) = spec.storage_class_name.as_deref().filter(|c| !c.is_empty()) {
        out.extend(f.child("storageClassName").each_invalid(class, names::dns1123_subdomain(class)));
    }
    out
}

fn access_modes(modes: &[String], f: &Field, required_detail: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    if modes.is_empty() {
        out.push(f.required(required_detail));
    }
    for (i, mode) in modes.iter().enumerate() {
        if !ACCESS_MODES.contains(&mode.as_str()) {
            let at: Vec<&str> = f.yaml_path().iter().map(String::as_str).collect();
            let index = i.to_string();
            let at = [at.as_slice(), &[index.as_str()]].concat();
            out.push(f.pointing(&at).not_supported(mode, &ACCESS_MODES));
        }
    }
    if modes.len() > 1 && modes.iter().any(|m| m == "ReadWriteOncePod") {
        out.push(f.forbidden("may not use ReadWriteOncePod with other access modes"));
    }
    out
}

/// A storage quantity: well formed (or the object of `kind` cannot even be decoded) and greater
/// than zero.
fn quantity(q: &Quantity, f: &Field, kind: &str) -> Option<Finding> {
    match q.bytes() {
        Some(0) => Some(f.invalid(quote(&q.0), "must be greater than zero")),
        Some(_) => None,
        None if q.0.trim().strip_prefix('-').is_some_and(|rest| Quantity(rest.to_string()).bytes().is_some()) => {
            Some(f.invalid(quote(&q.0), "must be greater than zero"))
        }
        None => Some(f.undecodable(kind, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ObjectMeta, PathSource, PersistentVolumeSpec, ResourceRequirements};

    #[test]
    fn claims() {
        let pvc = PersistentVolumeClaim {
            metadata: ObjectMeta { name: "data".into(), ..ObjectMeta::default() },
            spec: PersistentVolumeClaimSpec {
                access_modes: vec!["ReadWriteSometimes".into()],
                resources: ResourceRequirements {
                    requests: [("storage".to_string(), Quantity("lots".into()))].into(),
                },
                ..PersistentVolumeClaimSpec::default()
            },
        };
        let found = persistent_volume_claim(&pvc);
        assert_eq!(found[0].message, "spec.accessModes: Unsupported value: \"ReadWriteSometimes\": supported values: \"ReadOnlyMany\", \"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\"");
        assert_eq!(found[0].at, ["spec", "accessModes", "0"]);
        assert!(found[1].message.starts_with("PersistentVolumeClaim in version \"v1\" cannot be handled as a PersistentVolumeClaim: quantities must match"));
        assert_eq!(found[1].at, ["spec", "resources", "requests", "storage"]);
        let empty = persistent_volume_claim(&PersistentVolumeClaim {
            metadata: ObjectMeta { name: "data".into(), ..ObjectMeta::default() },
            ..PersistentVolumeClaim::default()
        });
        let m: Vec<&str> = empty.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(m, ["spec.accessModes: Required value: at least 1 access mode is required", "spec.resources[storage]: Required value"]);
    }

    #[test]
    fn local_volumes_need_affinity() {
        let pv = PersistentVolume {
            metadata: ObjectMeta { name: "pv-0".into(), ..ObjectMeta::default() },
            spec: PersistentVolumeSpec {
                capacity: [("storage".to_string(), Quantity("1Gi".into()))].into(),
                access_modes: vec!["ReadWriteOnce".into()],
                local: Some(PathSource { path: "/mnt/disk".into() }),
                ..PersistentVolumeSpec::default()
            },
        };
        let found = persistent_volume(&pv);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "spec.nodeAffinity: Required value: Local volume requires node affinity");
        assert_eq!(found[0].at, ["spec", "local"]);
    }

    #[test]
    fn classes() {
        let sc = StorageClass {
            metadata: ObjectMeta { name: "fast".into(), ..ObjectMeta::default() },
            provisioner: None,
            reclaim_policy: Some("Recycle".into()),
            volume_binding_mode: Some("Later".into()),
            ..StorageClass::default()
        };
        let m: Vec<String> = storage_class(&sc).into_iter().map(|f| f.message).collect();
        assert_eq!(m, [
            "provisioner: Required value",
            "reclaimPolicy: Unsupported value: \"Recycle\": supported values: \"Delete\", \"Retain\"",
            "volumeBindingMode: Unsupported value: \"Later\": supported values: \"Immediate\", \"WaitForFirstConsumer\"",
        ]);
    }
}
