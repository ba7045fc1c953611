//! Checks shared by every kind: `metadata` (name, namespace, labels, annotations), label selectors
//! and node selectors (`pkg/apis/core/validation`, `apimachinery/pkg/apis/meta/v1/validation`).

use super::field::{quote, Field, Finding};
use super::names;
use crate::model::{LabelSelector, Map, NodeSelector, ObjectMeta};

/// Which format an object's name must have.
#[derive(Clone, Copy, Debug)]
pub(crate) enum NameRule {
    /// A lowercase RFC 1123 subdomain: most kinds.
    Subdomain,
    /// A lowercase RFC 1123 label: StatefulSets (their pods' hostnames) and Namespaces.
    Label,
    /// An RFC 1035 label: Services (a DNS name that must start with a letter).
    Dns1035,
}

/// The annotations of one object may hold at most this many bytes.
const ANNOTATIONS_MAX_BYTES: usize = 256 * 1024;

/// `ValidateObjectMeta`: the name is required and well formed, and so are the namespace (for
/// namespaced kinds), labels and annotations.
pub(crate) fn object_meta(meta: &ObjectMeta, namespaced: bool, rule: NameRule) -> Vec<Finding> {
    let f = Field::root("metadata");
    let mut out = Vec::new();
    let name = f.child("name");
    if meta.name.is_empty() {
        out.push(name.required("name or generateName is required"));
    } else {
        let problems = match rule {
            NameRule::Subdomain => names::dns1123_subdomain(&meta.name),
            NameRule::Label => names::dns1123_label(&meta.name),
            NameRule::Dns1035 => names::dns1035_label(&meta.name),
        };
        out.extend(name.each_invalid(&meta.name, problems));
    }
    if let Some(ns) = meta.namespace.as_deref().filter(|ns| namespaced && !ns.is_empty()) {
        out.extend(f.child("namespace").each_invalid(ns, names::dns1123_label(ns)));
    }
    out.extend(labels(&meta.labels, &f.child("labels")));
    out.extend(annotations(&meta.annotations, &f.child("annotations")));
    out
}

/// `ValidateLabels`: every key is a label key and every value a label value. The messages name the
/// map; each points at its own key.
pub(crate) fn labels(map: &Map, f: &Field) -> Vec<Finding> {
    let mut out = Vec::new();
    for (k, v) in map {
        let at = at_key(f, k);
        out.extend(at.each_invalid(k, names::label_key(k)));
        out.extend(at.each_invalid(v, names::label_value(v)));
    }
    out
}

fn at_key(f: &Field, key: &str) -> Field {
    let mut path: Vec<&str> = f.yaml_path().iter().map(String::as_str).collect();
    path.push(key);
    f.pointing(&path)
}

/// `ValidateAnnotations`: keys are label keys (compared in lower case); the total stays small.
fn annotations(map: &Map, f: &Field) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut total = 0usize;
    for (k, v) in map {
        total = total.saturating_add(k.len()).saturating_add(v.len());
        let lower = names::go_lower(k);
        out.extend(at_key(f, k).each_invalid(k, names::label_key(&lower)));
    }
    if total > ANNOTATIONS_MAX_BYTES {
        out.push(f.too_long(&format!("must have at most {ANNOTATIONS_MAX_BYTES} bytes")));
    }
    out
}

/// `ValidateLabelSelector`.
pub(crate) fn label_selector(sel: &LabelSelector, f: &Field) -> Vec<Finding> {
    let mut out = labels(&sel.match_labels, &f.child("matchLabels"));
    for (i, r) in sel.match_expressions.iter().enumerate() {
        let rf = f.child("matchExpressions").index(i);
        match r.operator.as_str() {
            "In" | "NotIn" if r.values.is_empty() => out.push(
                rf.child("values").required("must be specified when `operator` is 'In' or 'NotIn'"),
            ),
            "Exists" | "DoesNotExist" if !r.values.is_empty() => out.push(
                rf.child("values")
                    .forbidden("may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
            ),
            "In" | "NotIn" | "Exists" | "DoesNotExist" => {}
            op => out.push(rf.child("operator").invalid(quote(op), "not a valid selector operator")),
        }
        out.extend(rf.child("key").each_invalid(&r.key, names::label_key(&r.key)));
        for (j, v) in r.values.iter().enumerate() {
            out.extend(rf.child("values").index(j).each_invalid(v, names::label_value(v)));
        }
    }
    out
}

/// Whether `LabelSelectorAsSelector` accepts the selector's operators.
pub(crate) fn selector_operators_valid(sel: &LabelSelector) -> bool {
    sel.match_expressions
        .iter()
        .all(|r| matches!(r.operator.as_str(), "In" | "NotIn" | "Exists" | "DoesNotExist"))
}

/// `ValidateNodeSelector`, as used by a PersistentVolume's `nodeAffinity.required`.
pub(crate) fn node_selector(sel: &NodeSelector, f: &Field) -> Vec<Finding> {
    let terms = f.child("nodeSelectorTerms");
    if sel.node_selector_terms.is_empty() {
        return vec![terms.required("must have at least one node selector term")];
    }
    let mut out = Vec::new();
    for (i, term) in sel.node_selector_terms.iter().enumerate() {
        for (j, r) in term.match_expressions.iter().enumerate() {
            let rf = terms.index(i).child("matchExpressions").index(j);
            let values = rf.child("values");
            match r.operator.as_str() {
                "In" | "NotIn" if r.values.is_empty() => {
                    out.push(values.required("must be specified when `operator` is 'In' or 'NotIn'"))
                }
                "Exists" | "DoesNotExist" if !r.values.is_empty() => out.push(
                    values.forbidden("may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
                ),
                "Gt" | "Lt" if r.values.len() != 1 => out.push(
                    values.required("must be specified single value when `operator` is 'Lt' or 'Gt'"),
                ),
                "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt" => {}
                op => out.push(rf.child("operator").invalid(quote(op), "not a valid selector operator")),
            }
            out.extend(rf.child("key").each_invalid(&r.key, names::label_key(&r.key)));
            for (k, v) in r.values.iter().enumerate() {
                out.extend(values.index(k).each_invalid(v, names::label_value(v)));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SelectorRequirement;

    #[test]
    fn meta_name_rules() {
        let meta = |name: &str| ObjectMeta { name: name.into(), ..ObjectMeta::default() };
        assert_eq!(
            object_meta(&meta(""), true, NameRule::Subdomain)[0].message,
            "metadata.name: Required value: name or generateName is required"
        );
        let hostile = object_meta(&meta("<img src=x onerror=alert(1)>"), true, NameRule::Label);
        assert_eq!(hostile.len(), 1);
        assert!(hostile[0]
            .message
            .starts_with("metadata.name: Invalid value: \"<img src=x onerror=alert(1)>\": a lowercase RFC 1123 label"));
        assert_eq!(hostile[0].at, ["metadata", "name"]);
        assert!(object_meta(&meta("web.example"), true, NameRule::Subdomain).is_empty());
        assert_eq!(object_meta(&meta("1web"), true, NameRule::Dns1035).len(), 1);
    }

    #[test]
    fn annotation_keys_are_checked_in_go_lower_case() {
        let keys = |key: &str| {
            let meta = ObjectMeta { name: "web".into(), annotations: Map::from([(key.into(), "v".into())]), ..ObjectMeta::default() };
            object_meta(&meta, true, NameRule::Subdomain).into_iter().map(|f| f.message).collect::<Vec<_>>()
        };
        assert!(keys("Example.COM/Tier").is_empty());
        // Go lowers U+212A KELVIN SIGN and U+0130 to ASCII 'k' and 'i': the API server accepts these.
        assert!(keys("\u{212A}ind").is_empty(), "{:?}", keys("\u{212A}ind"));
        assert!(keys("example.\u{130}o/x").is_empty());
        let refused = keys("caf\u{C9}");
        assert_eq!(refused.len(), 1);
        assert!(refused[0].starts_with("metadata.annotations: Invalid value: \"caf\u{C9}\": name part must consist of"), "{refused:?}");
    }

    #[test]
    fn selectors() {
        let sel = LabelSelector {
            match_labels: Map::from([("app".into(), "bad value".into())]),
            match_expressions: vec![SelectorRequirement {
                key: "tier".into(),
                operator: "Maybe".into(),
                values: vec![],
            }],
        };
        let found = label_selector(&sel, &Field::root("spec").child("selector"));
        let messages: Vec<&str> = found.iter().map(|f| f.message.as_str()).collect();
        assert!(messages[0].starts_with("spec.selector.matchLabels: Invalid value: \"bad value\": a valid label"));
        assert_eq!(found[0].at, ["spec", "selector", "matchLabels", "app"]);
        assert_eq!(
            messages[1],
            "spec.selector.matchExpressions[0].operator: Invalid value: \"Maybe\": not a valid selector operator"
        );
        assert!(!selector_operators_valid(&sel));
        let empty = node_selector(&NodeSelector::default(), &Field::root("required"));
        assert_eq!(empty[0].message, "required.nodeSelectorTerms: Required value: must have at least one node selector term");
    }
}
