//! Field paths and findings in the API server's wording: `spec.replicas: Invalid value: -1: must
//! be greater than or equal to 0`, `spec.selector: Required value`, `...: Unsupported value: "x":
//! supported values: "A", "B"` (`k8s.io/apimachinery/pkg/util/validation/field`).

use std::fmt::Display;

use crate::diagnostic::Severity;

/// One problem with an object: what to say, and where in the object to point.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Finding {
    pub(crate) severity: Severity,
    /// The YAML path to point at (mapping keys and list indices), from the object's root.
    pub(crate) at: Vec<String>,
    pub(crate) message: String,
}

/// A field as the API names it in messages (`spec.resources[storage]`) and as it is written in
/// YAML (`spec`, `resources`, `requests`, `storage`).
#[derive(Clone, Debug)]
pub(crate) struct Field {
    shown: String,
    at: Vec<String>,
}

impl Field {
    pub(crate) fn root(name: &str) -> Field {
        Field { shown: name.to_string(), at: vec![name.to_string()] }
    }

    pub(crate) fn child(&self, name: &str) -> Field {
        let mut at = self.at.clone();
        at.push(name.to_string());
        Field { shown: format!("{}.{name}", self.shown), at }
    }

    pub(crate) fn index(&self, i: usize) -> Field {
        let mut at = self.at.clone();
        at.push(i.to_string());
        Field { shown: format!("{}[{i}]", self.shown), at }
    }

    /// `parent[key]` in messages, pointing at `yaml` below the parent in the text.
    pub(crate) fn key(&self, key: &str, yaml: &[&str]) -> Field {
        let mut at = self.at.clone();
        at.extend(yaml.iter().map(|s| s.to_string()));
        Field { shown: format!("{}[{key}]", self.shown), at }
    }

    /// The same message path, pointing somewhere else in the text.
    pub(crate) fn pointing(&self, yaml: &[&str]) -> Field {
        Field { shown: self.shown.clone(), at: yaml.iter().map(|s| s.to_string()).collect() }
    }

    /// The same place, with another name in messages (the API's own oddities, such as
    /// `spec.template.labels` for `spec.template.metadata.labels`).
    pub(crate) fn shown_as(&self, shown: &str) -> Field {
        Field { shown: shown.to_string(), at: self.at.clone() }
    }

    /// The field as messages name it.
    pub(crate) fn shown(&self) -> &str {
        &self.shown
    }

    pub(crate) fn yaml_path(&self) -> &[String] {
        &self.at
    }

    fn error(&self, body: String) -> Finding {
        Finding { severity: Severity::Error, at: self.at.clone(), message: format!("{}: {body}", self.shown) }
    }

    /// The object could not be decoded at all (`KIND in version "v1" cannot be handled as a
    /// KIND: ...`): no field path in the message, but pointing here.
    pub(crate) fn undecodable(&self, kind: &str, text: impl Display) -> Finding {
        let message = format!("{kind} in version \"v1\" cannot be handled as a {kind}: {text}");
        Finding { severity: Severity::Error, at: self.at.clone(), message }
    }

    pub(crate) fn warning(&self, text: impl Display) -> Finding {
        Finding { severity: Severity::Warning, at: self.at.clone(), message: format!("{}: {text}", self.shown) }
    }

    /// `Required value` (with `: detail` when there is one).
    pub(crate) fn required(&self, detail: &str) -> Finding {
        self.error(with_detail("Required value".to_string(), detail))
    }

    /// `Invalid value: VALUE: detail`; `value` is already rendered (see [`quote`]).
    pub(crate) fn invalid(&self, value: impl Display, detail: &str) -> Finding {
        self.error(with_detail(format!("Invalid value: {value}"), detail))
    }

    /// `Unsupported value: "x": supported values: "A", "B"`.
    pub(crate) fn not_supported(&self, value: &str, supported: &[&str]) -> Finding {
        let list: Vec<String> = supported.iter().map(|s| quote(s)).collect();
        self.error(format!("Unsupported value: {}: supported values: {}", quote(value), list.join(", ")))
    }

    /// `Unsupported value` for a value that is not a plain string (already rendered).
    pub(crate) fn not_supported_raw(&self, value: impl Display, supported: &[&str]) -> Finding {
        let list: Vec<String> = supported.iter().map(|s| quote(s)).collect();
        self.error(format!("Unsupported value: {value}: supported values: {}", list.join(", ")))
    }

    pub(crate) fn too_long(&self, detail: &str) -> Finding {
        self.error(with_detail("Too long".to_string(), detail))
    }

    pub(crate) fn forbidden(&self, detail: &str) -> Finding {
        self.error(with_detail("Forbidden".to_string(), detail))
    }

    pub(crate) fn duplicate(&self, value: impl Display) -> Finding {
        self.error(format!("Duplicate value: {value}"))
    }

    pub(crate) fn not_found(&self, value: impl Display) -> Finding {
        self.error(format!("Not found: {value}"))
    }

    /// One `Invalid value` per problem found by a format check.
    pub(crate) fn each_invalid(&self, value: &str, problems: Vec<String>) -> Vec<Finding> {
        problems.iter().map(|p| self.invalid(quote(value), p)).collect()
    }

    /// `must be greater than or equal to 0` for a negative number.
    pub(crate) fn non_negative(&self, value: Option<i64>) -> Option<Finding> {
        value.filter(|v| *v < 0).map(|v| self.invalid(v, "must be greater than or equal to 0"))
    }

    /// Numbers the API keeps in 32 bits: a larger one fails to decode.
    pub(crate) fn int32(&self, value: Option<i64>) -> Option<Finding> {
        value.filter(|v| i32::try_from(*v).is_err()).map(|v| {
            self.invalid(v, "cannot be handled: the API stores this field as a 32-bit integer")
        })
    }
}

fn with_detail(mut s: String, detail: &str) -> String {
    if !detail.is_empty() {
        s.push_str(": ");
        s.push_str(detail);
    }
    s
}

/// A string as Go's `%q` prints it.
pub(crate) fn quote(s: &str) -> String {
    format!("{s:?}")
}

/// A `map[string]string` as Go's `%#v` prints it (keys sorted).
pub(crate) fn go_map<'a>(map: impl IntoIterator<Item = (&'a String, &'a String)>) -> String {
    let entries: Vec<String> = map.into_iter().map(|(k, v)| format!("{}:{}", quote(k), quote(v))).collect();
    if entries.is_empty() {
        "map[string]string(nil)".to_string()
    } else {
        format!("map[string]string{{{}}}", entries.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_like_the_api() {
        let spec = Field::root("spec");
        assert_eq!(spec.child("selector").required("").message, "spec.selector: Required value");
        assert_eq!(
            spec.child("replicas").non_negative(Some(-1)).map(|f| f.message),
            Some("spec.replicas: Invalid value: -1: must be greater than or equal to 0".to_string())
        );
        let policy = spec.child("template").child("spec").child("restartPolicy");
        assert_eq!(
            policy.not_supported("Never", &["Always"]).message,
            "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""
        );
        let storage = spec.key("storage", &["resources", "requests", "storage"]);
        assert_eq!(storage.yaml_path(), ["spec", "resources", "requests", "storage"]);
        assert_eq!(storage.required("").message, "spec[storage]: Required value");
        assert_eq!(spec.index(2).child("name").yaml_path(), ["spec", "2", "name"]);
        let labels = [("app".to_string(), "web".to_string()), ("b".to_string(), "x".to_string())];
        assert_eq!(go_map(labels.iter().map(|(k, v)| (k, v))), r#"map[string]string{"app":"web", "b":"x"}"#);
        assert_eq!(go_map(std::iter::empty()), "map[string]string(nil)");
    }
}
