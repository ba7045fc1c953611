//! Reads inputs into objects and positioned diagnostics, document by document. This is the only
//! module that names serde_yaml, so that a maintained fork can replace it here alone.
//!
//! A document is first scanned for absurd nesting (`limits.rs`), then read once into a [`Tree`]
//! (`yaml_tree.rs`: syntax errors, the reader's recursion limit, values counted through aliases,
//! merge keys applied). Its kind and type are then read from the tree (`typed.rs`). A type error
//! names the path of the value it is about; the value's position is asked of the YAML reader
//! again, only then (see [`position`]). In a document with merge keys, type errors are placed by
//! their path alone.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::kinds::{self, Lookup};
use crate::limits;
use crate::model::{Object, Scenario, Source, TypeMeta};
use crate::report::{Place, Report};
use crate::split;
use crate::tree::{self, FromTree, Path, Segment, Tree};
use crate::typed;
use crate::validate;
use crate::yaml_tree::{self, write_flow, Document};
use crate::{Input, Manifest};

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
    let doc = Some((text, place.doc.first_line.saturating_sub(1)));
    if let Some((line, column)) = limits::too_deep(text) {
        let message = format!(
            "collections nested more than {} levels deep: not read (the YAML reader stops at 128)",
            limits::MAX_FLOW_DEPTH
        );
        return report.error(place.input, place.position(line, column), message);
    }
    let merge = text.contains("<<");
    let limit = limits::max_values(text.len());
    let tree = match yaml_tree::read(serde_yaml::Deserializer::from_str(text), merge, limit) {
        Err(yaml_tree::Error::Yaml(e)) => return report.yaml_error(place, yaml_error(&e, doc), false),
        Err(yaml_tree::Error::TooBig { limit }) => {
            let message =
                format!("the document expands through aliases to more than {limit} values ({} more than its {} bytes): not read (an alias bomb?)", limits::ALIAS_ALLOWANCE, text.len());
            return report.error(place.input, place.start(), message);
        }
        Ok(Document { tree: Tree::Null, tagged: false }) => return,
        Ok(Document { tree: tree @ Tree::Map(_), tagged: false }) => tree,
        Ok(Document { tree, tagged }) => {
            // Untagged null and mappings are taken above: the rest of a tagged root is its tag.
            let what = match tree {
                Tree::Seq(_) if !tagged => "a list",
                Tree::Str(_) if !tagged => "a string",
                Tree::Int(_) | Tree::Float(_) if !tagged => "a number",
                Tree::Bool(_) if !tagged => "a boolean",
                _ => "a tagged value",
            };
            let message = format!("expected an object (a mapping with apiVersion and kind), found {what}");
            return report.error(place.input, place.start(), message);
        }
    };
    read_object(report, place, &tree, merge);
}

/// Reads the object `tree` is, written at `place`: a document, or an item of a `List`.
/// `by_path` places type errors by their path (in a document with merge keys, and in a list's
/// items, where the YAML reader's positions are the document's).
fn read_object<'a>(report: &mut Report<'a>, place: &Place<'a>, tree: &Tree, by_path: bool) {
    let text = place.doc.text;
    let typed_error = |e: tree::Error| YamlError {
        message: e.to_string(),
        at: if by_path { None } else { position(text, &e.path) },
    };
    let head = match TypeMeta::read(tree, &Path::Root) {
        Ok(head) => head,
        Err(e) => return report.yaml_error(place, typed_error(e), by_path),
    };
    let (kind, api_version) = match kind_and_version(head, || snippet(text)) {
        Ok(pair) => pair,
        Err(message) => {
            let at = report.at(place, &[] as &[&str]);
            return report.error(place.input, at, message);
        }
    };
    // What `kubectl get -o yaml` prints for several objects: `kubectl apply` applies each item.
    if kind == "List" && api_version == "v1" {
        let Some(Tree::Seq(items)) = tree.get("items") else { return };
        for (i, item) in items.iter().enumerate() {
            let item_place = report.list_item(place, i);
            if let Tree::Map(_) = item {
                read_object(report, &item_place, item, true);
            } else {
                let at = report.at(&item_place, &[] as &[&str]);
                report.error(place.input, at, "expected an object (a mapping with apiVersion and kind) in the List's items".to_string());
            }
        }
        return;
    }
    match kinds::lookup(&kind, &api_version) {
        Lookup::Unknown => {
            let at = report.at(place, &["kind"]);
            let hint = kinds::meant(&kind).map(|k| format!("did you mean {k:?}? ")).unwrap_or_default();
            report.warning(place.input, at, format!("unknown kind {kind:?} (apiVersion {api_version}): ignored; {hint}{}", kinds::READ));
        }
        Lookup::WrongVersion(k) => {
            let at = report.at(place, &["apiVersion"]);
            report.error(place.input, at, kinds::no_match(&k, &api_version));
        }
        Lookup::Known(k) if k.kind == kinds::SCENARIO => {
            if let Some(first) = report.scenario_source() {
                let message = format!(
                    "only one Scenario per run: the first is at {}:{}:{}",
                    first.file, first.line, first.column
                );
                let at = report.at(place, &[] as &[&str]);
                return report.error(place.input, at, message);
            }
            match Scenario::read(tree, &Path::Root) {
                Ok(scenario) => report.add_scenario(place, scenario),
                Err(e) => report.yaml_error(place, typed_error(e), by_path),
            }
        }
        Lookup::Known(k) => {
            // A misspelled field refuses the object, as `kubectl apply`'s strict validation does.
            let unknown = validate::unknown_fields(k.kind, &api_version, tree);
            if !unknown.is_empty() {
                return report.refuse(place, unknown);
            }
            match typed::object(k.kind, tree) {
                Ok(object) => {
                    report.note(place, validate::unsimulated_fields(k.kind, tree));
                    report.add_object(place, object)
                }
                Err(e) => report.yaml_error(place, typed_error(e), by_path),
            }
        }
    }
}

/// Where the value at `path` starts in `text` (1-based line and column), as the YAML reader
/// reports it: a reader that walks down the path and refuses the value it arrives at. `None`
/// when the path is not in the text (a merged value).
fn position(text: &str, path: &[Segment]) -> Option<(u32, u32)> {
    let e = Probe(path).deserialize(serde_yaml::Deserializer::from_str(text)).err()?;
    let at = e.location()?;
    Some(editor_position(text, at.line() as u64, at.column() as u64))
}

/// Where a position the YAML reader gives (1-based line and column of `text`) is for a person
/// reading the text, whose lines end at `\n` (a lone `\r` was made one by
/// [`limits::normalize`]). The reader also ends a line at NEL, LS and PS (YAML 1.1's line
/// breaks, as kubectl's reader does), which editors and the browser show inside a line.
fn editor_position(text: &str, line: u64, column: u64) -> (u32, u32) {
    let narrow = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
    if !text.contains(limits::READER_ONLY_BREAKS) {
        return (narrow(line), narrow(column));
    }
    // Past the last line (the end of a text without a final line break) it stays past it, where
    // `Place::position` puts it at the end of the text.
    match usize::try_from(line.saturating_sub(1)).ok().and_then(|i| limits::reader_lines(text).nth(i)) {
        Some((_, editor_line, before)) => (editor_line, narrow(before as u64 + column)),
        None => (narrow(line), narrow(column)),
    }
}

/// Walks down a path; see [`position`].
#[derive(Clone, Copy)]
struct Probe<'p>(&'p [Segment]);

impl Probe<'_> {
    fn arrived<T, E: de::Error>(self) -> Result<T, E> {
        Err(E::custom("found"))
    }

    /// Reaching a scalar: the end if the path ends here, else the path is not in the text.
    fn scalar<E: de::Error>(self) -> Result<(), E> {
        if self.0.is_empty() {
            self.arrived()
        } else {
            Ok(())
        }
    }
}

impl<'de> DeserializeSeed<'de> for Probe<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Probe<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.scalar()
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.scalar()
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.scalar()
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.scalar()
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.scalar()
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.scalar()
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.scalar()
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Some((first, rest)) = self.0.split_first() else { return self.arrived() };
        let Segment::Index(index) = first else { return Ok(()) };
        for _ in 0..*index {
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
        }
        seq.next_element_seed(Probe(rest)).map(|_| ())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Some((first, rest)) = self.0.split_first() else { return self.arrived() };
        let Segment::Key(want) = first else { return Ok(()) };
        while let Some(key) = yaml_tree::key(&mut map)? {
            if key == *want {
                return map.next_value_seed(Probe(rest));
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }
}

/// The document's `kind` and `apiVersion`, or kubectl's message for the one that is missing
/// (which quotes the start of the object).
fn kind_and_version(head: TypeMeta, snippet: impl FnOnce() -> String) -> Result<(String, String), String> {
    let kind = head.kind.filter(|k| !k.is_empty());
    let api_version = head.api_version.filter(|v| !v.is_empty());
    match (kind, api_version) {
        (Some(kind), Some(api_version)) => Ok((kind, api_version)),
        (None, _) => Err(format!("Object 'Kind' is missing in '{}'", snippet())),
        (Some(_), None) => Err(format!("Object 'apiVersion' is missing in '{}'", snippet())),
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

/// Reads an object given as a tree (an `apply` step's), with the same kinds and messages as a
/// document; the message starts with the path of the field it is about.
pub(crate) fn object_from_tree(tree: &Tree) -> Result<Object, String> {
    if !matches!(tree, Tree::Map(_)) {
        return Err("expected an object (a mapping with apiVersion and kind)".to_string());
    }
    let head = TypeMeta::read(tree, &Path::Root).map_err(|e| e.to_string())?;
    let (kind, api_version) = kind_and_version(head, || {
        let mut text = String::new();
        write_flow(tree, &mut text);
        snippet(&text)
    })?;
    match kinds::lookup(&kind, &api_version) {
        Lookup::Known(k) if k.kind == kinds::SCENARIO => Err("a Scenario cannot be applied".to_string()),
        Lookup::Known(k) => match validate::unknown_fields(k.kind, &api_version, tree).into_iter().next() {
            Some(misspelled) => Err(misspelled.message),
            None => typed::object(k.kind, tree).map_err(|e| e.to_string()),
        },
        Lookup::WrongVersion(k) => Err(kinds::no_match(&k, &api_version)),
        Lookup::Unknown => Err(format!("unknown kind {kind:?} (apiVersion {api_version}): it cannot be applied")),
    }
}

/// `doc`: the document's text and the file line before its first, for the positions.
fn yaml_error(e: &serde_yaml::Error, doc: Option<(&str, u32)>) -> YamlError {
    let location = e.location().map(|l| (l.line(), l.column()));
    let at = location.zip(doc).map(|((line, column), (text, _))| editor_position(text, line as u64, column as u64));
    YamlError { message: clean_at(&e.to_string(), location, doc), at }
}

/// [`clean`] for a message whose position is known: when the message ends with it (the usual
/// case, `path: message at line L column C`), only that end is dropped, whatever the message
/// quotes before it.
fn clean_at(message: &str, location: Option<(usize, usize)>, doc: Option<(&str, u32)>) -> String {
    if let Some((line, column)) = location {
        if let Some(kept) = message.strip_suffix(&format!(" at line {line} column {column}")) {
            return kept.to_string();
        }
    }
    clean(message, doc)
}

/// Drops the reader's first ` at line L column C` (or ` at position N`): the diagnostic carries
/// the position. Later ones (`while parsing a block mapping at line 1 column 1`) are moved to
/// count from the start of the file (`doc`: the document's text and the file line before its
/// first), or dropped when there is no document.
fn clean(message: &str, doc: Option<(&str, u32)>) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    let mut first = true;
    while let Some(i) = rest.find(" at ") {
        let (before, after) = rest.split_at(i);
        out.push_str(before);
        let after = after.get(4..).unwrap_or("");
        match mark(after) {
            Some((len, line_col)) => {
                if let (false, Some((text, off)), Some((line, col))) = (first, doc, line_col) {
                    let (line, col) = editor_position(text, line, col);
                    out.push_str(&format!(" at line {} column {col}", line.saturating_add(off)));
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
    /// A Namespace whose metadata a test goes on writing.
    const OPEN: &str = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n";

    #[test]
    fn a_broken_document_does_not_lose_the_others() {
        let text = format!("{NS}---\nkey: [unclosed\n---\nkind: Deployment\napiVersion: apps/v1\n---\n{}", NS.replace("shop", "web"));
        let m = read_text(&text);
        let names: Vec<&str> = m.objects.iter().map(|p| p.object.metadata().name.as_str()).collect();
        assert_eq!(names, ["shop", "web"]);
        assert_eq!(m.objects[1].source.line, 10);
        assert_eq!(lines(&m), [
            "t.yaml:6:1: error: did not find expected ',' or ']', while parsing a flow sequence at line 5 column 6",
            "t.yaml:7:1: warning: unknown kind \"Deployment\" (apiVersion apps/v1): ignored; Ordinal simulates StatefulSet, Service, StorageClass, PersistentVolume, PersistentVolumeClaim, Node and Namespace",
        ]);
    }

    #[test]
    fn the_end_of_a_text_without_a_final_line_break_is_on_its_last_line() {
        // As a pasted text often ends: the reader would say line 6, which the editor lacks.
        assert_eq!(lines(&read_text(&format!("{OPEN}M"))), [
            "t.yaml:5:2: error: could not find expected ':', while scanning a simple key at line 5 column 1",
        ]);
        assert_eq!(lines(&read_text(&format!("{NS}---\n{OPEN}  labels: {{a: \"b"))), [
            "t.yaml:9:17: error: found unexpected end of stream, while scanning a quoted scalar at line 9 column 15",
        ]);
        // With the line break, the empty line after it is in the editor.
        assert_eq!(lines(&read_text(&format!("{OPEN}M\n"))), [
            "t.yaml:6:1: error: could not find expected ':', while scanning a simple key at line 5 column 1",
        ]);
    }

    #[test]
    fn duplicates_keep_the_first_and_positions_count_per_file_and_the_same_one_twice_is_a_warning() {
        let m = read(&[Input { file: "a.yaml", text: NS }, Input { file: "b.yaml", text: &format!("# x\n{NS}") }]);
        assert_eq!(m.objects.len(), 1);
        assert_eq!(lines(&m), ["b.yaml:2:1: warning: namespaces \"shop\" is written again, the same as at a.yaml:1:1: applied once, as `kubectl apply` leaves it unchanged"]);
        // Written differently, the second is refused.
        let other = format!("# x\n{}", NS.replace("{name: shop}", "{name: shop, labels: {team: a}}"));
        let m = read(&[Input { file: "a.yaml", text: NS }, Input { file: "b.yaml", text: &other }]);
        assert_eq!(m.objects.len(), 1);
        assert_eq!(lines(&m), ["b.yaml:2:1: error: namespaces \"shop\" already exists (first defined at a.yaml:1:1)"]);
    }

    #[test]
    fn lines_are_counted_as_an_editor_shows_them() {
        // A lone `\r` ends a line for editors too. NEL, LS and PS end one only for the YAML reader
        // (a pasted text can hold them): positions past them stay on the line a person sees.
        let m = read_text("\u{feff}apiVersion: v1\r\nkind: Namespace\rmetadata:\u{2028}  name: Bad\n");
        assert_eq!(lines(&m)[0].split(": error").next(), Some("t.yaml:3:13"));
        // The comment ends at the LS for the reader (and for kubectl's): what follows is read.
        let m = read_text("# pasted \u{2028} comment\napiVersion: v1\nkind: Namespace\n");
        assert_eq!(lines(&m), ["t.yaml:2:11: error: mapping values are not allowed in this context"]);
        let m = read_text("apiVersion: v1\nkind: Namespace\nmetadata:\n  labels: {a: \"x\u{85}y\"}\n  name: {b: [}\n");
        assert_eq!(lines(&m), ["t.yaml:5:14: error: did not find expected node content, while parsing a flow node"]);
        let m = read_text("apiVersion: v1\nkind: Namespace\nmetadata:\n  labels: {a: \"x\u{2028}y\", b: 1}\n  name: a\n");
        assert_eq!(lines(&m), ["t.yaml:4:25: error: Namespace in version \"v1\" cannot be handled as a Namespace: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string"]);
    }

    #[test]
    fn merge_keys_are_applied() {
        // (The anchor is under `status`: a key of its own would be an unknown field.)
        let text = "status: &d {replicas: 2}\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\nspec:\n  <<: *d\n  serviceName: web\n  selector: {matchLabels: {a: b}}\n  template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: i}]}}\n";
        let m = read_text(text);
        let Some(Object::StatefulSet(s)) = m.objects.first().map(|p| &p.object) else { panic!("{:?}", lines(&m)) };
        assert_eq!(s.spec.replicas, Some(2));
    }

    #[test]
    fn merges_chain_and_their_errors_name_the_mapping() {
        let chained = tree_of("b: &b {x: 1}\nm: &m {<<: *b, y: 2}\nl:\n  <<: *m\n  z: 3\n  x: 4\n");
        let Tree::Map(top) = &chained else { panic!("{chained:?}") };
        let int = |i| Tree::Int(i);
        let map = |entries: &[(&str, i128)]| Tree::Map(entries.iter().map(|(k, v)| (k.to_string(), int(*v))).collect());
        assert_eq!(top[2].1, map(&[("x", 4), ("z", 3), ("y", 2)]), "the mapping's own keys win, then the merged ones");
        let labels = |value: &str| format!("{OPEN}  labels:\n    <<: {value}\n");
        for (value, message) in [
            ("x", "t.yaml:6:5: error: metadata.labels: expected a mapping or list of mappings for merging, but found scalar"),
            ("[{a: b}, [c]]", "t.yaml:6:5: error: metadata.labels: expected a mapping for merging, but found sequence"),
            ("[{a: b}, c]", "t.yaml:6:5: error: metadata.labels: expected a mapping for merging, but found scalar"),
        ] {
            assert_eq!(lines(&read_text(&labels(value))), [message], "{value}");
        }
        let tagged = lines(&read_text(&labels("!t {a: b}")));
        assert_eq!(tagged, ["t.yaml:6:9: error: metadata.labels.<<: unexpected tagged value in merge"]);
    }

    #[test]
    fn duplicate_keys_are_told_apart_by_kind_in_small_and_large_mappings() {
        for n in [3, 40] {
            let keys: String = (0..n).map(|i| format!("k{i}: v, ")).collect();
            let same_text = format!("{OPEN}  labels: {{{keys}1: a, \"1\": b}}\n");
            let found = lines(&read_text(&same_text));
            assert!(found.iter().all(|l| !l.contains("duplicate")), "{n}: the integer 1 and the string \"1\" are two keys: {found:?}");
            for (twice, message) in [("1: a, 1: b", "with key 1"), ("k1: again", "with key \"k1\""), ("~: a, null: b", "with null key")] {
                let text = format!("{OPEN}  labels: {{{keys}{twice}}}\n");
                let found = lines(&read_text(&text));
                assert_eq!(found, [format!("t.yaml:5:11: error: metadata.labels: duplicate entry {message}")], "{n} {twice}");
            }
        }
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

    /// The tree of a text, as documents are read.
    fn tree_of(text: &str) -> Tree {
        match yaml_tree::read(serde_yaml::Deserializer::from_str(text), true, usize::MAX) {
            Ok(document) => document.tree,
            Err(e) => panic!("{text}: {e:?}"),
        }
    }

    #[test]
    fn objects_read_from_trees() {
        let o = object_from_tree(&tree_of(NS)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(o.kind(), "Namespace");
        let e = object_from_tree(&tree_of("apiVersion: v1\nkind: Pod\n")).err();
        assert!(e.is_some_and(|e| e.contains("unknown kind \"Pod\"")));
        let e = object_from_tree(&tree_of("apiVersion: v1\nmetadata: {name: \"a\\nb\"}\n")).err();
        assert_eq!(e.as_deref(), Some("Object 'Kind' is missing in '{\"apiVersion\": \"v1\", \"metadata\": {\"name\": \"a\\x0Ab\"}}'"));
    }

    #[test]
    fn a_list_is_read_item_by_item_each_at_its_own_place() {
        // `kubectl get -o yaml` of several objects; `kubectl apply` applies each item.
        let text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: shop}\n- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: Shop\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c}\n- [not, an, object]\nmetadata: {resourceVersion: \"\"}\n";
        let m = read_text(text);
        let read: Vec<(String, u32)> = m.objects.iter().map(|p| (p.object.metadata().name.clone(), p.source.line)).collect();
        assert_eq!(read, [("shop".to_string(), 4)]);
        let said = lines(&m);
        assert_eq!(said.len(), 3, "{said:?}");
        assert!(said[0].starts_with("t.yaml:10:5: error: metadata.name: Invalid value: \"Shop\""), "{said:?}");
        assert!(said[1].starts_with("t.yaml:12:3: warning: unknown kind \"ConfigMap\""), "{said:?}");
        assert_eq!(said[2], "t.yaml:14:1: error: expected an object (a mapping with apiVersion and kind) in the List's items");
    }

    #[test]
    fn type_errors_point_at_the_value_and_read_as_the_api_servers() {
        // A scalar of the wrong type is refused by the API server's JSON decoder, in its words
        // (`kubectl apply` shows them): the Go struct, the JSON path without indexes, the Go type.
        let text = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\nspec:\n  replicas: three\n  template:\n    spec:\n      containers:\n      - name: a\n      - name: b\n        ports: [{containerPort: x}]\n";
        assert_eq!(lines(&read_text(text)), [
            "t.yaml:5:13: error: StatefulSet in version \"v1\" cannot be handled as a StatefulSet: json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type int32",
        ]);
        // Past 64 bits: the field says it cannot hold the number (the reader refused the document).
        assert_eq!(lines(&read_text(&text.replace("three", "99999999999999999999"))), [
            "t.yaml:5:13: error: spec.replicas: invalid value: integer `99999999999999999999`, expected i64",
        ]);
        let ports = text.replace("replicas: three", "replicas: 3");
        assert_eq!(lines(&read_text(&ports)), [
            "t.yaml:11:33: error: StatefulSet in version \"v1\" cannot be handled as a StatefulSet: json: cannot unmarshal string into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32",
        ]);
        // An unset number is 0 in Go: read, then refused by validation in its words.
        let missing = ports.replace("containerPort: x", "name: http");
        assert_eq!(lines(&read_text(&missing)).last().map(String::as_str), Some(
            "t.yaml:11:9: error: spec.template.spec.containers[1].ports[0].containerPort: Required value (Kubernetes accepts the StatefulSet, but then fails to create its pods: FailedCreate)",
        ));
        let label = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  labels:\n    tier: 1\n";
        // A map's value (Go names the map, not its key); an int64 field; a boolean; a list where
        // a number goes.
        let grace = ports.replace("    spec:\n", "    spec:\n      terminationGracePeriodSeconds: \"30\"\n");
        let set = r#"StatefulSet in version "v1" cannot be handled as a StatefulSet: json: cannot unmarshal"#;
        for (text, expected) in [
            (label.to_owned(), r#"t.yaml:6:11: error: Namespace in version "v1" cannot be handled as a Namespace: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string"#.to_owned()),
            (grace.clone(), format!("t.yaml:8:38: error: {set} string into Go struct field PodSpec.spec.template.spec.terminationGracePeriodSeconds of type int64")),
            (ports.replace("replicas: 3", "minReadySeconds: true"), format!("t.yaml:5:20: error: {set} bool into Go struct field StatefulSetSpec.spec.minReadySeconds of type int32")),
            (ports.replace("replicas: 3", "replicas: [3]"), format!("t.yaml:5:13: error: {set} array into Go struct field StatefulSetSpec.spec.replicas of type int32")),
        ] {
            assert_eq!(lines(&read_text(&text)), [expected]);
        }
        let scenario = "apiVersion: ordinal/v1alpha1\nkind: Scenario\nmetadata: {name: s}\nspec:\n  nodes: 2\n  steps:\n  - {at: 1m, scale: {statefulset: web, replicas: x}}\n";
        assert!(lines(&read_text(scenario))[0].contains("invalid type: string \"x\", expected u32"), "Ordinal's own kind keeps serde's words");
    }

    #[test]
    fn null_is_an_absent_field_and_duplicates_are_refused() {
        let text = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web, labels: ~}\nspec:\n  replicas: null\n  serviceName: web\n  selector: {matchLabels: {a: b}}\n  template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: i}]}}\n";
        let m = read_text(text);
        assert!(!m.has_errors(), "{:?}", lines(&m));
        let Some(Object::StatefulSet(s)) = m.objects.first().map(|p| &p.object) else { panic!() };
        assert_eq!(s.spec.replicas, None);
        let twice = text.replace("serviceName: web", "serviceName: web\n  serviceName: www");
        let found = lines(&read_text(&twice));
        assert!(found.len() == 1 && found[0].contains("duplicate entry with key \"serviceName\""), "{found:?}");
    }

    #[test]
    fn strict_mappings_refuse_unknown_keys() {
        let text = "apiVersion: ordinal/v1alpha1\nkind: Scenario\nspec:\n  timing: {schedul: 1s}\n";
        let found = lines(&read_text(text));
        assert_eq!(found.len(), 1);
        assert!(found[0].starts_with("t.yaml:4:11: error: spec.timing: unknown field `schedul`, expected one of `schedule`, `kubeletSync`"), "{found:?}");
        let step = "apiVersion: ordinal/v1alpha1\nkind: Scenario\nspec:\n  steps:\n  - {at: 1s, scale: {statefulset: web, replica: 2}}\n";
        assert_eq!(lines(&read_text(step)), [
            "t.yaml:5:3: error: spec.steps[0].scale: unknown field `replica`, expected `statefulset` or `replicas`",
        ]);
    }

    #[test]
    fn step_actions_have_their_defaults_and_required_fields() {
        let text = "apiVersion: ordinal/v1alpha1\nkind: Scenario\nspec:\n  steps:\n  - {at: 1s, crashPod: {pod: web-0}}\n  - {at: 2s, deleteStatefulSet: {name: web, cascade: orphan}}\n";
        let m = read_text(text);
        assert!(m.diagnostics.is_empty(), "{:?}", lines(&m));
        let steps = m.scenario.map(|s| s.spec.steps).unwrap_or_default();
        assert!(matches!(&steps[0].action, Action::CrashPod(c) if c.pod == "web-0" && c.times == 1));
        assert!(matches!(&steps[1].action, Action::DeleteStatefulSet(d) if d.target() == "web" && d.cascade() == "orphan"));
        let missing = text.replace("{pod: web-0}", "{times: 2}");
        assert_eq!(lines(&read_text(&missing)), ["t.yaml:5:3: error: spec.steps[0].crashPod: missing field `pod`"]);
    }

    #[test]
    fn flow_text_reads_back_as_the_same_tree() {
        let texts = [
            "a: 1\nb: -2\nc: 18446744073709551615\nd: 0.5\ne: 1e300\nf: .inf\ng: -.inf\nh: 0x1F\ni: 1_000\nj: 2.0\n",
            "s: [\"\", \"1\", \"true\", \"null\", \"~\", \"-\", \"- x\", \"a: b\", \"#c\", \"[x]\", \"{x}\", \",\", \"&a\", \"*a\", \"!t\", \"%\", \"@\", \"`\"]\n",
            "q: \"quote \\\" backslash \\\\ tab \\t line\\nbreak \\r \\0 \\x7f \\x85 \\xa0 \\u2028 \\u2029 \\ufeff \\ufffe é 😀 \"\n",
            "lit: |\n  two\n  lines\n\nfold: >\n  folded\n  text\n",
            "n: null\nt: true\nf: false\ne: ~\nempty:\nm: {}\nl: []\n",
            "? [1, 2]\n: seq\n? {a: b}\n: map\n1: int\ntrue: bool\nnull: nothing\n0.5: float\n",
            "deep: [[[[{a: [{b: {c: [1]}}]}]]]]\n",
            "a: &x {k: v}\nb: *x\nc:\n  <<: *x\n  d: 1\n",
        ];
        for text in texts {
            let tree = tree_of(text);
            let mut flow = String::new();
            write_flow(&tree, &mut flow);
            assert_eq!(tree_of(&flow), tree, "{flow}");
        }
        // Long keys, which the reader would not take as keys without `?`.
        let long = format!("? {k}\n: 1\n? \"{e}\"\n: 2\n? [{k}]\n: 3\n", k = "k".repeat(5000), e = "\\n".repeat(600));
        let tree = tree_of(&long);
        assert!(matches!(&tree, Tree::Map(entries) if entries.len() == 3));
        let mut flow = String::new();
        write_flow(&tree, &mut flow);
        assert_eq!(tree_of(&flow), tree);
        let mut nan = String::new();
        write_flow(&Tree::Float(f64::NAN), &mut nan);
        assert!(matches!(tree_of(&format!("[{nan}]")), Tree::Seq(v) if matches!(v[0], Tree::Float(f) if f.is_nan())));
    }

    #[test]
    fn marks_are_dropped_or_moved() {
        assert_eq!(
            clean("spec.replicas: invalid type: string \"three\", expected i64 at line 7 column 13", Some(("", 10))),
            "spec.replicas: invalid type: string \"three\", expected i64"
        );
        assert_eq!(
            clean("did not find expected key at line 3 column 1, while parsing a block mapping at line 1 column 1", Some(("", 4))),
            "did not find expected key, while parsing a block mapping at line 5 column 1"
        );
        assert_eq!(clean("a at b at position 12", None), "a at b");
        assert_eq!(clean("expected at least one at", None), "expected at least one at");
        assert_eq!(
            clean_at("f: invalid type: string \"x at line 1 column 2\", expected i64 at line 3 column 4", Some((3, 4)), Some(("", 0))),
            "f: invalid type: string \"x at line 1 column 2\", expected i64"
        );
    }

    #[test]
    fn snippets_are_short() {
        assert_eq!(snippet("# c\n---\napiVersion: v1\nmetadata:\n  name: x\n"), "apiVersion: v1 metadata: name: x");
        assert_eq!(snippet(&"é".repeat(100)).chars().count(), 63);
    }
}
