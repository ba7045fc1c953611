//! The kinds Ordinal reads: their API versions and the API's resource names.

/// One kind Ordinal reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Kind {
    pub(crate) kind: &'static str,
    pub(crate) api_version: &'static str,
    /// The resource name the API uses in messages (`statefulsets.apps "web" already exists`).
    pub(crate) resource: &'static str,
}

pub(crate) const SCENARIO: &str = "Scenario";

const KINDS: [Kind; 8] = [
    Kind { kind: "StorageClass", api_version: "storage.k8s.io/v1", resource: "storageclasses.storage.k8s.io" },
    Kind { kind: "PersistentVolume", api_version: "v1", resource: "persistentvolumes" },
    Kind { kind: "PersistentVolumeClaim", api_version: "v1", resource: "persistentvolumeclaims" },
    Kind { kind: "Service", api_version: "v1", resource: "services" },
    Kind { kind: "StatefulSet", api_version: "apps/v1", resource: "statefulsets.apps" },
    Kind { kind: "Node", api_version: "v1", resource: "nodes" },
    Kind { kind: "Namespace", api_version: "v1", resource: "namespaces" },
    Kind { kind: SCENARIO, api_version: "ordinal/v1alpha1", resource: "scenarios.ordinal" },
];

/// What a document's `kind` and `apiVersion` name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lookup {
    Known(Kind),
    /// A kind Ordinal reads, in a version it does not have.
    WrongVersion(Kind),
    Unknown,
}

pub(crate) fn lookup(kind: &str, api_version: &str) -> Lookup {
    match KINDS.iter().find(|k| k.kind == kind) {
        Some(k) if k.api_version == api_version => Lookup::Known(*k),
        Some(k) => Lookup::WrongVersion(*k),
        None => Lookup::Unknown,
    }
}

/// The API server's message for a kind in a version it does not serve.
pub(crate) fn no_match(kind: &Kind, api_version: &str) -> String {
    format!(
        "no matches for kind {:?} in version {:?} (a {} is {})",
        kind.kind, api_version, kind.kind, kind.api_version
    )
}

/// What a warning about a kind Ordinal does not read adds: the kinds it does read, so that a
/// pasted Deployment or ConfigMap says what would be shown instead.
pub(crate) const READ: &str =
    "Ordinal simulates StatefulSet, Service, StorageClass, PersistentVolume, PersistentVolumeClaim, Node and Namespace";

/// The kind Ordinal reads that an unknown one is probably a slip of, if any: two letters off
/// (`StatefulSett`, `PersistantVolume`), one for short names (`Nodes`), capitals aside.
pub(crate) fn meant(kind: &str) -> Option<&'static str> {
    // Short names are close to other words (`Pod` is two letters from `Node`): one letter there.
    nearest(kind, KINDS.iter().map(|k| k.kind), |k| if k.len() < 8 { 1 } else { 2 })
}

/// The first of `words` that `written` is a misspelling of, letter case aside: at most
/// `most(word)` letters from it.
pub(crate) fn nearest(written: &str, words: impl IntoIterator<Item = &'static str>, most: impl Fn(&str) -> usize) -> Option<&'static str> {
    let lower = written.to_ascii_lowercase();
    words.into_iter().find(|w| edits(&lower, &w.to_ascii_lowercase()) <= most(w))
}

/// Levenshtein distance, by bytes (kinds and step keys are ASCII).
fn edits(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &x) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &y) in b.iter().enumerate() {
            let next = (diagonal + usize::from(x != y)).min(row[j] + 1).min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// The resource name of a kind, for messages.
pub(crate) fn resource(kind: &str) -> &'static str {
    KINDS.iter().find(|k| k.kind == kind).map_or("objects", |k| k.resource)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slips_of_a_kind_are_recognised_and_other_kinds_are_not() {
        assert_eq!(meant("StatefulSett"), Some("StatefulSet"));
        assert_eq!(meant("statefulset"), Some("StatefulSet"));
        assert_eq!(meant("PersistantVolumeClaim"), Some("PersistentVolumeClaim"));
        assert_eq!(meant("Deployment"), None);
        assert_eq!(meant("ConfigMap"), None);
        assert_eq!(meant("Pod"), None);
        assert_eq!(meant("Nodes"), Some("Node"));
    }

    #[test]
    fn lookups() {
        assert!(matches!(lookup("StatefulSet", "apps/v1"), Lookup::Known(k) if k.resource == "statefulsets.apps"));
        let Lookup::WrongVersion(k) = lookup("StatefulSet", "v1") else { panic!("expected a wrong version") };
        assert_eq!(no_match(&k, "v1"), "no matches for kind \"StatefulSet\" in version \"v1\" (a StatefulSet is apps/v1)");
        assert_eq!(lookup("Deployment", "apps/v1"), Lookup::Unknown);
        assert_eq!(resource("Node"), "nodes");
    }
}
