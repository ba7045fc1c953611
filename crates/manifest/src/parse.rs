//! Reads inputs into objects and positioned diagnostics, document by document. This is the only
//! module that names serde_yaml, so that a maintained fork can replace it here alone.
//!
//! A document is first scanned for absurd nesting, then read three times, each cheap: once for
//! its shape (syntax errors, the reader's recursion limit, alias expansion; see `limits.rs`), once
//! for `kind` and `apiVersion`, once as its typed kind, so that type errors come back with
//! serde_yaml's position and path. A document that uses merge keys (`<<`) is merged first and
//! read again from the merged text; its errors are then placed by their path alone.

use serde::de::DeserializeOwned;

use crate::kinds::{self, Lookup};
use crate::limits::{self, Shape, ShapeError};
use crate::locate::locate;
use crate::model::{Object, Scenario, Source, TypeMeta};
use crate::report::{Place, Report};
use crate::split;
use crate::{Input, Manifest};

/// A YAML value read without a type (steps read their values so before typing them).
pub(crate) type Tree = serde_yaml::Value;

/// What the YAML reader said, relative to the text it read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct YamlError {
    /// The message without serde_yaml's ` at line L column C`, keeping its path prefix.
    pub(crate) message: String,
    /// serde_yaml's position (1-based line and column), when it has a meaningful one.
    pub(crate) at: Option<(u32, u32)>,
}

/// Reads every input, see [`crate::read`].
pub(crate) fn read(inputs: &[Input<'_>]) -> Manifest {
    let texts: Vec<_> = inputs.iter().map(|i| limits::normalize(i.text)).collect();
    let mut report = Report::default();
    let mut count = 0usize;
    'inputs: for (index, (input, text)) in inputs.iter().zip(&texts).enumerate() {
        if input.text.len() > limits::MAX_INPUT_BYTES {
            let source = Source { file: input.file.to_string(), line: 1, column: 1 };
            let message = format!(
                "the input is {} bytes, more than the {} bytes (4 MiB) Ordinal reads: not read",
                input.text.len(),
                limits::MAX_INPUT_BYTES
            );
            report.error(index, source, message);
            continue;
        }
        for doc in split::documents(text) {
            let place = Place::document(index, input.file, doc);
            if count == limits::MAX_DOCUMENTS {
                let message = format!(
                    "more than {} documents: this one and all after it are not read",
                    limits::MAX_DOCUMENTS
                );
                report.error(index, place.start(), message);
                break 'inputs;
            }
            count += 1;
            read_document(&mut report, &place);
        }
    }
    report.finish()
}

fn read_document<'a>(report: &mut Report<'a>, place: &Place<'a>) {
    let text = place.doc.text;
    let offset = Some(place.doc.first_line.saturating_sub(1));
    if let Some((line, column)) = limits::too_deep(text) {
        let message = format!(
            "collections nested more than {} levels deep: not read (the YAML reader stops at 128)",
            limits::MAX_FLOW_DEPTH
        );
        return report.error(place.input, place.position(line, column), message);
    }
    match limits::shape(serde_yaml::Deserializer::from_str(text), text.len()) {
        Err(ShapeError::Yaml(e)) => return report.yaml_error(place, yaml_error(&e, offset), false),
        Err(ShapeError::TooBig { limit }) => {
            let message =
                format!("the document expands to more than {limit} values through aliases: not read (an alias bomb?)");
            return report.error(place.input, place.start(), message);
        }
        Ok(Shape::Empty) => return,
        Ok(Shape::Other(what)) => {
            let message = format!("expected an object (a mapping with apiVersion and kind), found {what}");
            return report.error(place.input, place.start(), message);
        }
        Ok(Shape::Mapping) => {}
    }
    let merge = text.contains("<<");
    let head: TypeMeta = match read_as(text, merge, offset) {
        Ok(head) => head,
        Err(e) => return report.yaml_error(place, e, merge),
    };
    let (kind, api_version) = match kind_and_version(head, text) {
        Ok(pair) => pair,
        Err(message) => return report.error(place.input, place.start(), message),
    };
    match kinds::lookup(&kind, &api_version) {
        Lookup::Unknown => {
            let (line, column) = locate(text, &["kind"]);
            let at = place.position(line, column);
            report.warning(place.input, at, format!("unknown kind {kind:?} (apiVersion {api_version}): ignored"));
        }
        Lookup::WrongVersion(k) => {
            let (line, column) = locate(text, &["apiVersion"]);
            let at = place.position(line, column);
            report.error(place.input, at, kinds::no_match(&k, &api_version));
        }
        Lookup::Known(k) if k.kind == kinds::SCENARIO => {
            if let Some(first) = report.scenario_source() {
                let message = format!(
                    "only one Scenario per run: the first is at {}:{}:{}",
                    first.file, first.line, first.column
                );
                return report.error(place.input, place.start(), message);
            }
            match read_as::<Scenario>(text, merge, offset) {
                Ok(scenario) => report.add_scenario(place, scenario),
                Err(e) => report.yaml_error(place, e, merge),
            }
        }
        Lookup::Known(k) => match read_kind(k.kind, text, merge, offset) {
            Ok(object) => report.add_object(place, object),
            Err(e) => report.yaml_error(place, e, merge),
        },
    }
}

/// The document's `kind` and `apiVersion`, or kubectl's message for the one that is missing.
fn kind_and_version(head: TypeMeta, text: &str) -> Result<(String, String), String> {
    let kind = head.kind.filter(|k| !k.is_empty());
    let api_version = head.api_version.filter(|v| !v.is_empty());
    match (kind, api_version) {
        (Some(kind), Some(api_version)) => Ok((kind, api_version)),
        (None, _) => Err(format!("Object 'Kind' is missing in '{}'", snippet(text))),
        (Some(_), None) => Err(format!("Object 'apiVersion' is missing in '{}'", snippet(text))),
    }
}

/// The start of a document on one line, for messages.
fn snippet(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && *l != "---")
        .collect();
    let joined = lines.join(" ");
    if joined.chars().count() > 60 {
        format!("{}...", joined.chars().take(60).collect::<String>())
    } else {
        joined
    }
}

/// Reads `text` as `T`, merging `<<` keys first when asked to.
/// With no `offset`, messages and errors carry no position at all.
fn read_as<T: DeserializeOwned>(text: &str, merge: bool, offset: Option<u32>) -> Result<T, YamlError> {
    if !merge {
        return serde_yaml::from_str(text).map_err(|e| yaml_error(&e, offset));
    }
    let mut tree: Tree = serde_yaml::from_str(text).map_err(|e| yaml_error(&e, offset))?;
    let merged = merged_text(&mut tree).map_err(|message| YamlError { message, at: None })?;
    serde_yaml::from_str(&merged).map_err(|e| yaml_error(&e, None))
}

/// Applies merge keys and writes the tree back out as YAML.
fn merged_text(tree: &mut Tree) -> Result<String, String> {
    tree.apply_merge().map_err(|e| clean(&e.to_string(), None))?;
    let mut text = String::new();
    write_flow(tree, &mut text)?;
    Ok(text)
}

/// Writes `tree` as one line of flow-style YAML that reads back as the same tree: strings
/// double-quoted with escapes, numbers, booleans and null as their plain text (which the reader
/// takes back as such), collections in brackets and braces, a key that is a collection after `?`,
/// tags as `!tag` with what a tag cannot hold percent-escaped, as libyaml's writer does.
/// (`serde_yaml::to_string` would do, but it brings libyaml's emitter into the page for this alone.)
fn write_flow(tree: &Tree, out: &mut String) -> Result<(), String> {
    use serde_yaml::Value;
    match tree {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        // serde_yaml writes numbers as their `Display` (`1`, `-2`, `0.5`, `.inf`, `.nan`).
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => write_quoted(s, out),
        Value::Sequence(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_flow(item, out)?;
            }
            out.push(']');
        }
        Value::Mapping(map) => {
            out.push('{');
            for (i, (key, value)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                // A key that is a collection, or longer than the reader takes as a key by itself
                // (1024 characters up to its `:`), goes after `?`, as libyaml's writer does past 128.
                let mut text = String::new();
                write_flow(key, &mut text)?;
                if text.len() > 128 || matches!(key, Value::Sequence(_) | Value::Mapping(_) | Value::Tagged(_)) {
                    out.push_str("? ");
                }
                out.push_str(&text);
                out.push_str(": ");
                write_flow(value, out)?;
            }
            out.push('}');
        }
        Value::Tagged(tagged) => {
            let tag = tagged.tag.to_string();
            let name = tag.strip_prefix('!').unwrap_or(&tag);
            if name.is_empty() {
                return Err("a value tagged only `!` cannot be read back after merging `<<` keys".to_string());
            }
            out.push('!');
            for b in name.bytes() {
                if b.is_ascii_alphanumeric() || b"-;/?:@&=+$_.~*'()".contains(&b) {
                    out.push(char::from(b));
                } else {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            out.push(' ');
            write_flow(&tagged.value, out)?;
        }
    }
    Ok(())
}

/// A double-quoted YAML string. Escaped: the quote and backslash, and every character the reader
/// would not take as it is (control characters, the C1 range, and the line and paragraph
/// separators and byte order mark that libyaml counts as breaks or drops).
fn write_quoted(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\0'..='\x1f' | '\x7f'..='\u{9f}' => out.push_str(&format!("\\x{:02X}", u32::from(c))),
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}' => {
                out.push_str(&format!("\\u{:04X}", u32::from(c)));
            }
            _ => out.push(c),
        }
    }
    out.push('"');
}

fn read_kind(kind: &str, text: &str, merge: bool, offset: Option<u32>) -> Result<Object, YamlError> {
    Ok(match kind {
        "StorageClass" => Object::StorageClass(read_as(text, merge, offset)?),
        "PersistentVolume" => Object::PersistentVolume(read_as(text, merge, offset)?),
        "PersistentVolumeClaim" => Object::PersistentVolumeClaim(read_as(text, merge, offset)?),
        "Service" => Object::Service(read_as(text, merge, offset)?),
        "StatefulSet" => Object::StatefulSet(read_as(text, merge, offset)?),
        "Node" => Object::Node(read_as(text, merge, offset)?),
        "Namespace" => Object::Namespace(read_as(text, merge, offset)?),
        other => return Err(YamlError { message: format!("unknown kind {other:?}"), at: None }),
    })
}

/// Types a tree read earlier; the message has no position.
pub(crate) fn from_tree<T: DeserializeOwned>(tree: Tree) -> Result<T, String> {
    serde_yaml::from_value(tree).map_err(|e| clean(&e.to_string(), None))
}

pub(crate) fn is_mapping(tree: &Tree) -> bool {
    tree.is_mapping()
}

/// Reads an object given as a tree (an `apply` step's), with the same kinds and messages as a
/// document; the message starts with the path of the field it is about.
pub(crate) fn object_from_tree(mut tree: Tree) -> Result<Object, String> {
    if !tree.is_mapping() {
        return Err("expected an object (a mapping with apiVersion and kind)".to_string());
    }
    let text = merged_text(&mut tree)?;
    let head: TypeMeta = serde_yaml::from_str(&text).map_err(|e| yaml_error(&e, None).message)?;
    let (kind, api_version) = kind_and_version(head, &text)?;
    match kinds::lookup(&kind, &api_version) {
        Lookup::Known(k) if k.kind == kinds::SCENARIO => Err("a Scenario cannot be applied".to_string()),
        Lookup::Known(k) => read_kind(k.kind, &text, false, None).map_err(|e| e.message),
        Lookup::WrongVersion(k) => Err(kinds::no_match(&k, &api_version)),
        Lookup::Unknown => Err(format!("unknown kind {kind:?} (apiVersion {api_version}): it cannot be applied")),
    }
}

fn yaml_error(e: &serde_yaml::Error, line_offset: Option<u32>) -> YamlError {
    let location = e.location().map(|l| (l.line(), l.column()));
    let at = location.filter(|_| line_offset.is_some()).map(|(line, column)| {
        (u32::try_from(line).unwrap_or(u32::MAX), u32::try_from(column).unwrap_or(u32::MAX))
    });
    YamlError { message: clean_at(&e.to_string(), location, line_offset), at }
}

/// [`clean`] for a message whose position is known: when the message ends with it (the usual
/// case, `path: message at line L column C`), only that end is dropped, whatever the message
/// quotes before it.
fn clean_at(message: &str, location: Option<(usize, usize)>, line_offset: Option<u32>) -> String {
    if let Some((line, column)) = location {
        if let Some(kept) = message.strip_suffix(&format!(" at line {line} column {column}")) {
            return kept.to_string();
        }
    }
    clean(message, line_offset)
}

/// Drops the reader's first ` at line L column C` (or ` at position N`): the diagnostic carries
/// the position. Later ones (`while parsing a block mapping at line 1 column 1`) are moved by
/// `line_offset` to count from the start of the file, or dropped when there is no offset.
fn clean(message: &str, line_offset: Option<u32>) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    let mut first = true;
    while let Some(i) = rest.find(" at ") {
        let (before, after) = rest.split_at(i);
        out.push_str(before);
        let after = after.get(4..).unwrap_or("");
        match mark(after) {
            Some((len, line_col)) => {
                if let (false, Some(off), Some((line, col))) = (first, line_offset, line_col) {
                    out.push_str(&format!(" at line {} column {col}", line.saturating_add(u64::from(off))));
                }
                first = false;
                rest = after.get(len..).unwrap_or("");
            }
            None => {
                out.push_str(" at ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `line L column C` or `position N` at the start of `s`: the length read, and the line and
/// column if given.
fn mark(s: &str) -> Option<(usize, Option<(u64, u64)>)> {
    fn number(s: &str) -> Option<(u64, usize)> {
        let len = s.bytes().take_while(u8::is_ascii_digit).count();
        Some((s.get(..len)?.parse().ok()?, len))
    }
    if let Some(r) = s.strip_prefix("line ") {
        let (line, n) = number(r)?;
        let r = r.get(n..)?.strip_prefix(" column ")?;
        let (col, m) = number(r)?;
        return Some(("line ".len() + n + " column ".len() + m, Some((line, col))));
    }
    let r = s.strip_prefix("position ")?;
    let (_, n) = number(r)?;
    Some(("position ".len() + n, None))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Action;

    fn read_text(text: &str) -> Manifest {
        read(&[Input { file: "t.yaml", text }])
    }

    fn lines(m: &Manifest) -> Vec<String> {
        m.diagnostics.iter().map(ToString::to_string).collect()
    }

    const NS: &str = "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n";

    #[test]
    fn a_broken_document_does_not_lose_the_others() {
        let text = format!("{NS}---\nkey: [unclosed\n---\nkind: Deployment\napiVersion: apps/v1\n---\n{}", NS.replace("shop", "web"));
        let m = read_text(&text);
        let names: Vec<&str> = m.objects.iter().map(|p| p.object.metadata().name.as_str()).collect();
        assert_eq!(names, ["shop", "web"]);
        assert_eq!(m.objects[1].source.line, 10);
        assert_eq!(lines(&m), [
            "t.yaml:6:1: error: did not find expected ',' or ']', while parsing a flow sequence at line 5 column 6",
            "t.yaml:7:1: warning: unknown kind \"Deployment\" (apiVersion apps/v1): ignored",
        ]);
    }

    #[test]
    fn duplicates_keep_the_first_and_positions_count_per_file() {
        let m = read(&[Input { file: "a.yaml", text: NS }, Input { file: "b.yaml", text: &format!("# x\n{NS}") }]);
        assert_eq!(m.objects.len(), 1);
        assert_eq!(lines(&m), ["b.yaml:2:1: error: namespaces \"shop\" already exists (first defined at a.yaml:1:1)"]);
    }

    #[test]
    fn odd_line_breaks_count_as_lines() {
        let m = read_text("\u{feff}apiVersion: v1\r\nkind: Namespace\rmetadata:\u{2028}  name: Bad\n");
        assert_eq!(lines(&m)[0].split(": error").next(), Some("t.yaml:4:3"));
    }

    #[test]
    fn merge_keys_are_applied() {
        let text = "defaults: &d {replicas: 2}\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\nspec:\n  <<: *d\n  serviceName: web\n  selector: {matchLabels: {a: b}}\n  template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: i}]}}\n";
        let m = read_text(text);
        let Some(Object::StatefulSet(s)) = m.objects.first().map(|p| &p.object) else { panic!("{:?}", lines(&m)) };
        assert_eq!(s.spec.replicas, Some(2));
    }

    #[test]
    fn applied_objects_see_what_was_applied_before_them() {
        let text = "\
apiVersion: ordinal/v1alpha1
kind: Scenario
spec:
  steps:
  - at: 20s
    apply: {apiVersion: v1, kind: Service, metadata: {name: late}, spec: {clusterIP: None}}
  - at: 10s
    apply:
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata: {name: data}
      spec: {accessModes: [ReadWriteOnce], storageClassName: fast, resources: {requests: {storage: 1Gi}}}
  - at: 5s
    apply: {apiVersion: storage.k8s.io/v1, kind: StorageClass, metadata: {name: fast}, provisioner: p}
";
        let m = read_text(text);
        assert!(m.diagnostics.is_empty(), "{:?}", lines(&m));
        let steps = m.scenario.map(|s| s.spec.steps).unwrap_or_default();
        assert!(matches!(&steps[0].action, Action::Apply(o) if o.kind() == "Service"));
        let at: Vec<u32> = steps.iter().map(|s| s.source.line).collect();
        assert_eq!(at, [5, 7, 13]);
        let late = text.replace("at: 5s", "at: 15s");
        let m = read_text(&late);
        assert_eq!(lines(&m).len(), 1);
        assert!(lines(&m)[0].starts_with("t.yaml:12:7: warning: spec.steps[1].apply: spec.storageClassName: storageclasses.storage.k8s.io \"fast\" not found"));
    }

    #[test]
    fn objects_deserialize_on_their_own() {
        let o: Object = serde_yaml::from_str(NS).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(o.kind(), "Namespace");
        let e = serde_yaml::from_str::<Object>("apiVersion: v1\nkind: Pod\n").err().map(|e| e.to_string());
        assert!(e.is_some_and(|e| e.contains("unknown kind \"Pod\"")));
        let a: Action = serde_yaml::from_str("failNode: node-1").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(a, Action::FailNode("node-1".into()));
    }

    #[test]
    fn merged_text_reads_back_as_the_same_tree() {
        let texts = [
            "a: 1\nb: -2\nc: 18446744073709551615\nd: 0.5\ne: 1e300\nf: .inf\ng: -.inf\nh: 0x1F\ni: 1_000\n",
            "s: [\"\", \"1\", \"true\", \"null\", \"~\", \"-\", \"- x\", \"a: b\", \"#c\", \"[x]\", \"{x}\", \",\", \"&a\", \"*a\", \"!t\", \"%\", \"@\", \"`\"]\n",
            "q: \"quote \\\" backslash \\\\ tab \\t line\\nbreak \\r \\0 \\x7f \\x85 \\xa0 \\u2028 \\u2029 \\ufeff \\ufffe é 😀 \"\n",
            "lit: |\n  two\n  lines\n\nfold: >\n  folded\n  text\n",
            "n: null\nt: true\nf: false\ne: ~\nempty:\nm: {}\nl: []\n",
            "? [1, 2]\n: seq\n? {a: b}\n: map\n1: int\ntrue: bool\nnull: nothing\n0.5: float\n",
            "t: !custom {a: [1, !inner x]}\nu: !with%20space%2Cand%5Bbrackets%5D%21 3\nv: !x:y/z-1 \"s\"\n",
            "deep: [[[[{a: [{b: {c: [1]}}]}]]]]\n",
            "!k key: tagged key\n? !s [1]\n: tagged sequence key\n",
            "a: &x {k: v}\nb: *x\nc:\n  <<: *x\n  d: 1\n",
        ];
        for text in texts {
            let mut tree: Tree = serde_yaml::from_str(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            let merged = merged_text(&mut tree).unwrap_or_else(|e| panic!("{text}: {e}"));
            let back: Tree = serde_yaml::from_str(&merged).unwrap_or_else(|e| panic!("{merged}: {e}"));
            assert_eq!(back, tree, "{merged}");
            // The same tree as serde_yaml's own writer gives, where that reads back at all (it
            // leaves `,[]` in a tag as they are, which its reader then refuses).
            if let Ok(theirs) = serde_yaml::from_str::<Tree>(&serde_yaml::to_string(&tree).unwrap_or_default()) {
                assert_eq!(back, theirs, "{merged}");
            }
        }
        // Long keys, which the reader would not take as keys without `?`.
        let long = format!("? {k}\n: 1\n? \"{e}\"\n: 2\n? [{k}]\n: 3\n", k = "k".repeat(5000), e = "\\n".repeat(600));
        let mut tree: Tree = serde_yaml::from_str(&long).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(tree.as_mapping().map(serde_yaml::Mapping::len), Some(3));
        let merged = merged_text(&mut tree).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(serde_yaml::from_str::<Tree>(&merged).ok(), Some(tree));
        let nan: Tree = serde_yaml::from_str(&merged_text(&mut Tree::from(f64::NAN)).unwrap_or_default()).unwrap_or_default();
        assert!(nan.as_f64().is_some_and(f64::is_nan));
    }

    #[test]
    fn marks_are_dropped_or_moved() {
        assert_eq!(
            clean("spec.replicas: invalid type: string \"three\", expected i64 at line 7 column 13", Some(10)),
            "spec.replicas: invalid type: string \"three\", expected i64"
        );
        assert_eq!(
            clean("did not find expected key at line 3 column 1, while parsing a block mapping at line 1 column 1", Some(4)),
            "did not find expected key, while parsing a block mapping at line 5 column 1"
        );
        assert_eq!(clean("a at b at position 12", None), "a at b");
        assert_eq!(clean("expected at least one at", None), "expected at least one at");
        assert_eq!(
            clean_at("f: invalid type: string \"x at line 1 column 2\", expected i64 at line 3 column 4", Some((3, 4)), Some(0)),
            "f: invalid type: string \"x at line 1 column 2\", expected i64"
        );
    }

    #[test]
    fn snippets_are_short() {
        assert_eq!(snippet("# c\n---\napiVersion: v1\nmetadata:\n  name: x\n"), "apiVersion: v1 metadata: name: x");
        assert_eq!(snippet(&"é".repeat(100)).chars().count(), 63);
    }
}
