//! Warnings about how objects refer to each other. Real Kubernetes accepts all of these (§H5, §I5):
//! the objects are still read, but the simulation will show their consequences.

use std::collections::{BTreeMap, BTreeSet};

use super::field::{quote, Field, Finding};
use crate::diagnostic::Severity;
use crate::model::{Object, ObjectMeta, StatefulSet, StorageClass, BETA_CLASS_ANNOTATION, DEFAULT_CLASS_ANNOTATION};

/// The objects a reference may name.
#[derive(Clone, Debug, Default)]
pub(crate) struct Catalog {
    /// Services by (namespace, name): whether each is headless.
    services: BTreeMap<(String, String), bool>,
    classes: BTreeSet<String>,
    /// Class names that static PersistentVolumes carry (a claim may bind to those without a class
    /// object).
    volume_classes: BTreeSet<String>,
}

impl Catalog {
    pub(crate) fn add(&mut self, object: &Object) {
        match object {
            Object::Service(s) => {
                let key = (object.namespace().to_string(), s.metadata.name.clone());
                self.services.insert(key, s.is_headless());
            }
            Object::StorageClass(c) => {
                self.classes.insert(c.metadata.name.clone());
            }
            Object::PersistentVolume(pv) => {
                self.volume_classes.insert(pv.storage_class().to_string());
            }
            _ => {}
        }
    }
}

/// Where a claim's class is written: its beta annotation where set, else `spec.storageClassName`;
/// `child` makes a field of the claim.
fn class_field(meta: &ObjectMeta, child: impl Fn(&str) -> Field) -> Field {
    if meta.annotations.contains_key(BETA_CLASS_ANNOTATION) {
        child("metadata").child("annotations").key(BETA_CLASS_ANNOTATION, &[BETA_CLASS_ANNOTATION])
    } else {
        child("spec").child("storageClassName")
    }
}

/// Warnings about `object`'s references to objects in `catalog`.
pub(crate) fn warnings(object: &Object, catalog: &Catalog) -> Vec<Finding> {
    match object {
        Object::StatefulSet(s) => statefulset(s, object.namespace(), catalog),
        Object::PersistentVolumeClaim(pvc) => {
            class(pvc.class_name(), &class_field(&pvc.metadata, Field::root), catalog)
                .into_iter()
                .collect()
        }
        _ => Vec::new(),
    }
}

fn statefulset(s: &StatefulSet, namespace: &str, catalog: &Catalog) -> Vec<Finding> {
    let mut out = Vec::new();
    let service = &s.spec.service_name;
    let at = Field::root("spec").child("serviceName");
    let pod = format!("{}-{}", s.metadata.name, s.ordinal_start());
    let dns = format!("{pod}.{service}.{namespace}.svc.cluster.local");
    match catalog.services.get(&(namespace.to_string(), service.clone())) {
        _ if service.is_empty() => out.push(Field::root("spec").warning(format!(
            "serviceName is not set: the pods get no per-pod DNS names (such as {pod}.<service>.{namespace}.svc.cluster.local)"
        ))),
        None => out.push(at.warning(format!(
            "no Service {} in namespace {}: Kubernetes accepts the StatefulSet, but the per-pod DNS names (such as {dns}) will not resolve",
            quote(service),
            quote(namespace)
        ))),
        Some(false) => out.push(at.warning(format!(
            "Service {} is not headless (clusterIP: None): the per-pod DNS names (such as {dns}) will not resolve",
            quote(service)
        ))),
        Some(true) => {}
    }
    for (i, t) in s.spec.volume_claim_templates.iter().enumerate() {
        let at = Field::root("spec").child("volumeClaimTemplates").index(i);
        out.extend(class(t.class_name(), &class_field(&t.metadata, |name| at.child(name)), catalog));
    }
    out
}

fn class(name: Option<&str>, f: &Field, catalog: &Catalog) -> Option<Finding> {
    let name = name.filter(|n| !n.is_empty())?;
    (!catalog.classes.contains(name) && !catalog.volume_classes.contains(name)).then(|| {
        f.warning(format!(
            "storageclasses.storage.k8s.io {} not found: the claim stays Pending (no StorageClass or PersistentVolume of that class in the input)",
            quote(name)
        ))
    })
}

/// When several classes are marked default, a warning on the one claims without a class get:
/// the newest (`GetDefaultClass`), and classes pasted together are created in the same second,
/// so the first by name. Returns the index of that class and the finding.
pub(crate) fn default_classes(classes: &[&StorageClass]) -> Option<(usize, Finding)> {
    let defaults: Vec<(usize, &str)> = classes
        .iter()
        .enumerate()
        .filter(|(_, c)| c.is_default())
        .map(|(i, c)| (i, c.metadata.name.as_str()))
        .collect();
    let &(chosen, chosen_name) = defaults.iter().min_by_key(|(_, name)| *name)?;
    if defaults.len() < 2 {
        return None;
    }
    let all: Vec<String> = defaults.iter().map(|(_, n)| quote(n)).collect();
    let message = format!(
        "several default StorageClasses ({}): claims without a class get the newest, and of classes created together the first by name, {}",
        all.join(", "),
        quote(chosen_name)
    );
    let at = ["metadata", "annotations", DEFAULT_CLASS_ANNOTATION].map(String::from).to_vec();
    Some((chosen, Finding { severity: Severity::Warning, at, message }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ObjectMeta, Service, ServiceSpec};

    #[test]
    fn service_names_resolve_only_to_headless_services() {
        let mut s = StatefulSet::default();
        s.metadata.name = "web".into();
        s.spec.service_name = "nginx".into();
        let object = Object::StatefulSet(s);
        let mut catalog = Catalog::default();
        let found = warnings(&object, &catalog);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("(such as web-0.nginx.default.svc.cluster.local) will not resolve"));
        let svc = |ip: &str| {
            Object::Service(Service {
                metadata: ObjectMeta { name: "nginx".into(), ..ObjectMeta::default() },
                spec: ServiceSpec { cluster_ip: Some(ip.into()), ..ServiceSpec::default() },
            })
        };
        catalog.add(&svc("10.0.0.1"));
        assert!(warnings(&object, &catalog)[0].message.contains("is not headless"));
        catalog.add(&svc("None"));
        assert!(warnings(&object, &catalog).is_empty());
    }

    #[test]
    fn several_defaults() {
        let class = |name: &str| {
            let mut c = StorageClass::default();
            c.metadata.name = name.into();
            c.metadata.annotations.insert(DEFAULT_CLASS_ANNOTATION.into(), "true".into());
            c
        };
        let (a, b, c) = (class("a"), class("b"), StorageClass::default());
        assert!(default_classes(&[&a, &c]).is_none());
        // Pasted together, the first by name, wherever it is in the paste.
        let (i, f) = default_classes(&[&b, &c, &a]).expect("two defaults");
        assert_eq!(i, 2);
        assert!(f.message.starts_with("several default StorageClasses (\"b\", \"a\")"), "{}", f.message);
        assert!(f.message.ends_with("the first by name, \"a\""), "{}", f.message);
    }
}
