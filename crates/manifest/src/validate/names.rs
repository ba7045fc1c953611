//! The API server's format checks for names, label keys and values, and port names, with its own
//! message texts (`k8s.io/apimachinery/pkg/api/validate/content`). Each check returns the list of
//! problems, empty when the value is valid.

const DNS1123_LABEL_FMT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_SUBDOMAIN_FMT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
const DNS1035_LABEL_FMT: &str = "[a-z]([-a-z0-9]*[a-z0-9])?";
const LABEL_KEY_FMT: &str = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const LABEL_VALUE_FMT: &str = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";

/// Go's `strings.ToLower` as far as a format check can tell, for the checks the API server runs on
/// a lowered value (annotation keys, provisioner names): ASCII letters, and the two non-ASCII
/// letters whose lower case in Go is ASCII (U+0130 'İ' to 'i', U+212A KELVIN SIGN to 'k'), so a
/// value is accepted or refused exactly as the API server decides. Other non-ASCII characters keep
/// their case: they fail the format either way, and only their echo in a message differs.
/// (`str::to_lowercase` maps 'İ' to "i̇", unlike Go, and brings ~8 KB gzip of Unicode tables into
/// the page.)
pub(crate) fn go_lower(v: &str) -> String {
    v.chars()
        .map(|c| match c {
            '\u{130}' => 'i',
            '\u{212A}' => 'k',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// `must be no more than N characters`.
pub(crate) fn max_len_error(n: usize) -> String {
    format!("must be no more than {n} characters")
}

/// The API's regex failure text: `MSG (e.g. 'a',  or 'b', regex used for validation is 'FMT')`.
fn regex_error(msg: &str, fmt: &str, examples: &[&str]) -> String {
    let mut out = String::from(msg);
    out.push_str(" (e.g. ");
    for (i, example) in examples.iter().enumerate() {
        if i > 0 {
            out.push_str(" or ");
        }
        out.push('\'');
        out.push_str(example);
        out.push_str("', ");
    }
    out.push_str("regex used for validation is '");
    out.push_str(fmt);
    out.push_str("')");
    out
}

fn lower_alnum(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

/// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`
fn is_label_shape(v: &str) -> bool {
    let (Some(first), Some(last)) = (v.chars().next(), v.chars().last()) else { return false };
    lower_alnum(first) && lower_alnum(last) && v.chars().all(|c| lower_alnum(c) || c == '-')
}

fn is_subdomain_shape(v: &str) -> bool {
    v.split('.').all(is_label_shape)
}

/// A lowercase RFC 1123 label (namespaces, StatefulSet names, port names in Services).
pub(crate) fn dns1123_label(v: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if v.len() > 63 {
        errs.push(max_len_error(63));
    }
    if !is_label_shape(v) {
        if is_subdomain_shape(v) {
            errs.push("must not contain dots".to_string());
        } else {
            errs.push(regex_error(
                "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
                DNS1123_LABEL_FMT,
                &["my-name", "123-abc"],
            ));
        }
    }
    errs
}

/// A lowercase RFC 1123 subdomain (most object names).
pub(crate) fn dns1123_subdomain(v: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if v.len() > 253 {
        errs.push(max_len_error(253));
    }
    if !is_subdomain_shape(v) {
        errs.push(regex_error(
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
            DNS1123_SUBDOMAIN_FMT,
            &["example.com"],
        ));
    }
    errs
}

/// An RFC 1035 label (Service names: they become DNS names).
pub(crate) fn dns1035_label(v: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if v.len() > 63 {
        errs.push(max_len_error(63));
    }
    let starts_alpha = v.chars().next().is_some_and(|c| c.is_ascii_lowercase());
    if !(starts_alpha && is_label_shape(v)) {
        errs.push(regex_error(
            "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
            DNS1035_LABEL_FMT,
            &["my-name", "abc-123"],
        ));
    }
    errs
}

/// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`
fn is_label_key_name(v: &str) -> bool {
    let alnum = |c: char| c.is_ascii_alphanumeric();
    let (Some(first), Some(last)) = (v.chars().next(), v.chars().last()) else { return false };
    alnum(first) && alnum(last) && v.chars().all(|c| alnum(c) || matches!(c, '-' | '_' | '.'))
}

/// A label key (also annotation keys, taint keys, selector keys): an optional DNS subdomain prefix
/// and `/`, then a name of at most 63 characters.
pub(crate) fn label_key(v: &str) -> Vec<String> {
    let key_error = || {
        regex_error(
            "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
            LABEL_KEY_FMT,
            &["MyName", "my.name", "123-abc"],
        )
    };
    let mut errs = Vec::new();
    let parts: Vec<&str> = v.split('/').collect();
    let name = match parts.as_slice() {
        [name] => *name,
        [prefix, name] => {
            if prefix.is_empty() {
                errs.push("prefix part must be non-empty".to_string());
            } else {
                errs.extend(dns1123_subdomain(prefix).into_iter().map(|m| format!("prefix part {m}")));
            }
            *name
        }
        _ => {
            errs.push(format!(
                "a valid label key {} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
                key_error()
            ));
            return errs;
        }
    };
    if name.is_empty() {
        errs.push("name part must be non-empty".to_string());
    } else if name.len() > 63 {
        errs.push(format!("name part {}", max_len_error(63)));
    }
    if !is_label_key_name(name) {
        errs.push(format!("name part {}", key_error()));
    }
    errs
}

/// A label value: empty, or at most 63 alphanumerics, `-`, `_`, `.`, starting and ending with an
/// alphanumeric.
pub(crate) fn label_value(v: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if v.len() > 63 {
        errs.push(max_len_error(63));
    }
    if !(v.is_empty() || is_label_key_name(v)) {
        errs.push(regex_error(
            "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
            LABEL_VALUE_FMT,
            &["MyValue", "my_value", "12345"],
        ));
    }
    errs
}

/// A container port name (IANA service name syntax).
pub(crate) fn port_name(v: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if v.len() > 15 {
        errs.push(max_len_error(15));
    }
    if v.is_empty() || !v.chars().all(|c| lower_alnum(c) || c == '-') {
        errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".to_string());
    }
    if !v.chars().any(|c| c.is_ascii_lowercase()) {
        errs.push("must contain at least one letter (a-z)".to_string());
    }
    if v.contains("--") {
        errs.push("must not contain consecutive hyphens".to_string());
    }
    if v.starts_with('-') || v.ends_with('-') {
        errs.push("must not begin or end with a hyphen".to_string());
    }
    errs
}

/// A reference to an object in a scenario step: `name` or `namespace/name`. Returns the problem.
pub(crate) fn reference(v: &str) -> Option<String> {
    let (namespace, name) = match v.split_once('/') {
        Some((ns, name)) => (Some(ns), name),
        None => (None, v),
    };
    let mut errs = Vec::new();
    if let Some(ns) = namespace {
        errs.extend(dns1123_label(ns).into_iter().map(|m| format!("namespace {m}")));
    }
    if name.is_empty() {
        errs.push("a name is required".to_string());
    } else {
        errs.extend(dns1123_subdomain(name));
    }
    (!errs.is_empty()).then(|| format!("invalid name {v:?}: {}", errs.join("; ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subdomains() {
        assert!(dns1123_subdomain("web").is_empty());
        assert!(dns1123_subdomain("www.example-1.com").is_empty());
        for bad in ["", "Web", "-web", "web-", "a..b", "<img src=x onerror=alert(1)>", "wéb"] {
            assert_eq!(dns1123_subdomain(bad).len(), 1, "{bad:?}");
        }
        assert_eq!(
            dns1123_subdomain("Web")[0],
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
        );
        assert_eq!(dns1123_subdomain(&"a".repeat(254)), vec![max_len_error(253)]);
    }

    #[test]
    fn labels_and_dns1035() {
        assert!(dns1123_label("web-0").is_empty());
        assert_eq!(dns1123_label("a.b"), vec!["must not contain dots".to_string()]);
        assert!(dns1123_label("Web")[0].contains("(e.g. 'my-name',  or '123-abc', regex"));
        assert!(dns1035_label("nginx").is_empty());
        assert_eq!(dns1035_label("1nginx").len(), 1);
        assert!(label_key("app.kubernetes.io/name").is_empty());
        assert!(label_key("app").is_empty());
        assert_eq!(label_key("/app"), vec!["prefix part must be non-empty".to_string()]);
        assert_eq!(label_key("a/b/c").len(), 1);
        assert!(label_value("").is_empty());
        assert!(label_value("nginx_1.2").is_empty());
        assert_eq!(label_value("has space").len(), 1);
        assert!(port_name("web").is_empty());
        assert_eq!(port_name("Web").len(), 1);
        assert_eq!(port_name("80").len(), 1);
        assert!(reference("web-0").is_none());
        assert!(reference("prod/web-0").is_none());
        assert!(reference("<b>").is_some_and(|m| m.starts_with("invalid name \"<b>\"")));
        assert!(reference("Prod/web").is_some());
    }
}
