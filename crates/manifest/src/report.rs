//! Collects what was read with file positions, and assembles the [`Manifest`]: duplicates,
//! scenario steps, and at the end the warnings that need every object.

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::kinds;
use crate::locate::Outline;
use crate::model::{Action, Object, Parsed, Scenario, Source, StorageClass};
use crate::parse::YamlError;
use crate::split::Document;
use crate::units::Duration;
use crate::validate::{self, Catalog, Finding};
use crate::Manifest;

/// Where an object was written.
#[derive(Clone, Debug)]
pub(crate) struct Place<'a> {
    pub(crate) input: usize,
    pub(crate) file: &'a str,
    pub(crate) doc: Document<'a>,
    /// The object's path in the document: empty for a document, `spec.steps.N.apply` for an
    /// applied object.
    base: Vec<String>,
    /// Put in front of the object's messages (`spec.steps[2].apply: `).
    prefix: String,
    /// Where an item of a `List` starts in the document (line and column).
    item_start: Option<(u32, u32)>,
}

impl<'a> Place<'a> {
    pub(crate) fn document(input: usize, file: &'a str, doc: Document<'a>) -> Place<'a> {
        Place { input, file, doc, base: Vec::new(), prefix: String::new(), item_start: None }
    }

    /// Where the object starts: the document's content, or the list item.
    pub(crate) fn start(&self) -> Source {
        match self.item_start {
            Some((line, column)) => self.position(line, column),
            None => Source { file: self.file.to_string(), line: self.doc.start.0, column: self.doc.start.1 },
        }
    }

    /// A position relative to the document, made relative to the file. The YAML reader puts the
    /// end of a text without a final line break on the line after the last, which no editor
    /// shows: that is the end of the last line.
    pub(crate) fn position(&self, line: u32, column: u32) -> Source {
        let mut lines = self.doc.text.split('\n');
        let count = u32::try_from(lines.clone().count()).unwrap_or(u32::MAX);
        let (line, column) = match lines.next_back() {
            Some(last) if line > count => (count, u32::try_from(last.chars().count()).unwrap_or(u32::MAX).saturating_add(1)),
            _ => (line, column),
        };
        let line = self.doc.first_line.saturating_add(line.saturating_sub(1));
        Source { file: self.file.to_string(), line, column }
    }

    fn step_apply(&self, step: usize) -> Place<'a> {
        let base = vec!["spec".to_string(), "steps".to_string(), step.to_string(), "apply".to_string()];
        Place { base, prefix: format!("spec.steps[{step}].apply: "), ..self.clone() }
    }
}

struct Applied<'a> {
    at: Duration,
    step: usize,
    object: Object,
    place: Place<'a>,
}

/// Everything read so far.
#[derive(Default)]
pub(crate) struct Report<'a> {
    diagnostics: Vec<(usize, Diagnostic)>,
    outlines: BTreeMap<(usize, u32), Outline>,
    objects: Vec<(Object, Place<'a>)>,
    applied: Vec<Applied<'a>>,
    scenario: Option<(Scenario, Source)>,
    /// Objects by kind, namespace and name: where each was first defined.
    seen: BTreeMap<(&'static str, String, String), Source>,
}

impl<'a> Report<'a> {
    pub(crate) fn error(&mut self, input: usize, source: Source, message: String) {
        self.diagnostics.push((input, Diagnostic::error(source, message)));
    }

    pub(crate) fn warning(&mut self, input: usize, source: Source, message: String) {
        self.diagnostics.push((input, Diagnostic::warning(source, message)));
    }

    /// Where the field at `path` (below the object's own path) is written, or the nearest
    /// ancestor, or the object's start.
    pub(crate) fn at<S: AsRef<str>>(&mut self, place: &Place<'a>, path: &[S]) -> Source {
        match self.find(place, path) {
            Some((line, column)) => place.position(line, column),
            None => place.start(),
        }
    }

    /// `at`, relative to the document.
    fn find<S: AsRef<str>>(&mut self, place: &Place<'a>, path: &[S]) -> Option<(u32, u32)> {
        let full: Vec<&str> = place.base.iter().map(String::as_str).chain(path.iter().map(AsRef::as_ref)).collect();
        let doc = place.doc;
        let outline = self.outlines.entry((place.input, doc.first_line)).or_insert_with(|| Outline::new(doc.text));
        outline.find(&full)
    }

    /// The place of item `i` of the `List` at `place` (its messages are the item's own, as
    /// `kubectl apply` reports each item).
    pub(crate) fn list_item(&mut self, place: &Place<'a>, i: usize) -> Place<'a> {
        let mut base = place.base.clone();
        base.extend(["items".to_string(), i.to_string()]);
        let mut item = Place { base, item_start: None, ..place.clone() };
        item.item_start = self.find(&item, &[] as &[&str]);
        item
    }

    /// A YAML or type error. Its position is serde_yaml's, unless the message joins paths (a
    /// step's `spec.steps[2]: scale: ...`) or `by_path` asks to place it by its path.
    pub(crate) fn yaml_error(&mut self, place: &Place<'a>, e: YamlError, by_path: bool) {
        let (message, path, joined) = refine(&e.message);
        let source = match e.at {
            Some((line, column)) if !by_path && !joined => place.position(line, column),
            _ => self.at(place, &path),
        };
        let tab = e.at.is_some_and(|(line, column)| char_at(place.doc.text, line, column) == Some('\t'));
        let hint = if tab { " (a tab: YAML indents with spaces only)" } else { "" };
        let message = format!("{}{message}{hint}", place.prefix);
        self.error(place.input, source, message);
    }

    fn findings(&mut self, place: &Place<'a>, findings: Vec<Finding>) {
        for f in findings {
            let source = self.at(place, &f.at);
            let message = format!("{}{}", place.prefix, f.message);
            self.diagnostics.push((place.input, Diagnostic { severity: f.severity, source, message }));
        }
    }

    /// Warnings about a document that is read all the same.
    pub(crate) fn note(&mut self, place: &Place<'a>, findings: Vec<Finding>) {
        self.findings(place, findings);
    }

    /// A document the API server refuses before reading it as its type, for these reasons.
    pub(crate) fn refuse(&mut self, place: &Place<'a>, findings: Vec<Finding>) {
        self.findings(place, findings);
    }

    /// A document's object: kept when the API would accept it and it is not a duplicate.
    pub(crate) fn add_object(&mut self, place: &Place<'a>, object: Object) {
        let problems = validate::check(&object);
        let refused = refuses(&problems);
        self.findings(place, problems);
        if refused {
            return;
        }
        let start = place.start();
        let key = (object.kind(), object.namespace().to_string(), object.metadata().name.clone());
        if let Some(first) = self.seen.get(&key) {
            let (resource, there) = (kinds::resource(object.kind()), format!("{}:{}:{}", first.file, first.line, first.column));
            // The same object twice (one Service in two tutorials' files): `kubectl apply` leaves
            // it unchanged the second time.
            if self.objects.iter().any(|(o, _)| *o == object) {
                let message = format!("{resource} {:?} is written again, the same as at {there}: applied once, as `kubectl apply` leaves it unchanged", key.2);
                return self.warning(place.input, start, message);
            }
            return self.error(place.input, start, format!("{resource} {:?} already exists (first defined at {there})", key.2));
        }
        self.seen.insert(key, start);
        self.objects.push((object, place.clone()));
    }

    pub(crate) fn scenario_source(&self) -> Option<&Source> {
        self.scenario.as_ref().map(|(_, source)| source)
    }

    /// The scenario: each step gets its position; a step that applies an object the API would
    /// refuse is dropped.
    pub(crate) fn add_scenario(&mut self, place: &Place<'a>, mut scenario: Scenario) {
        let problems = validate::scenario(&scenario);
        let refused = refuses(&problems);
        self.findings(place, problems);
        if refused {
            return;
        }
        let steps = std::mem::take(&mut scenario.spec.steps);
        for (i, mut step) in steps.into_iter().enumerate() {
            step.source = self.at(place, &["spec", "steps", &i.to_string()]);
            if let Action::Apply(object) = &step.action {
                let apply = place.step_apply(i);
                let problems = validate::check(object);
                let refused = refuses(&problems);
                self.findings(&apply, problems);
                if refused {
                    continue;
                }
                let object = (**object).clone();
                self.applied.push(Applied { at: step.at, step: i, object, place: apply });
            }
            scenario.spec.steps.push(step);
        }
        self.scenario = Some((scenario, place.start()));
    }

    /// Adds the warnings about references between objects, and puts everything in input order.
    pub(crate) fn finish(mut self) -> Manifest {
        let objects = std::mem::take(&mut self.objects);
        let mut applied = std::mem::take(&mut self.applied);
        let mut documents = Catalog::default();
        for (object, _) in &objects {
            documents.add(object);
        }
        let mut everything = documents.clone();
        for a in &applied {
            everything.add(&a.object);
        }
        // Objects in documents exist from the start: whatever any step applies may still come.
        for (object, place) in &objects {
            self.findings(place, validate::warnings(object, &everything));
        }
        // An applied object sees the documents and what was applied before it.
        order::sort_by_key(&mut applied, |a| (a.at, a.step));
        let mut so_far = documents;
        for a in &applied {
            self.findings(&a.place, validate::warnings(&a.object, &so_far));
            so_far.add(&a.object);
        }
        let classes: Vec<(&StorageClass, &Place<'a>)> = objects
            .iter()
            .filter_map(|(o, p)| match o {
                Object::StorageClass(c) => Some((c, p)),
                _ => None,
            })
            .collect();
        let only: Vec<&StorageClass> = classes.iter().map(|(c, _)| *c).collect();
        if let Some((i, finding)) = validate::default_classes(&only) {
            if let Some((_, place)) = classes.get(i) {
                let place = (*place).clone();
                self.findings(&place, vec![finding]);
            }
        }
        order::sort_by_key(&mut self.diagnostics, |(input, d)| (*input, d.source.line, d.source.column));
        Manifest {
            objects: objects
                .into_iter()
                .map(|(object, place)| Parsed { object, source: place.start() })
                .collect(),
            scenario: self.scenario.map(|(s, _)| s),
            diagnostics: self.diagnostics.into_iter().map(|(_, d)| d).collect(),
        }
    }
}

/// Splits the paths off the front of a message and joins them: `spec.steps[2]: scale: missing
/// field` becomes `spec.steps[2].scale: missing field`, with the path `spec steps 2 scale`, and
/// whether more than one path was joined.
fn refine(message: &str) -> (String, Vec<String>, bool) {
    let mut tokens: Vec<&str> = Vec::new();
    let mut rest = message;
    while let Some((token, after)) = rest.split_once(": ") {
        let pathy = !token.is_empty()
            && token.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '[' | ']' | '_' | '-' | '/' | '?'));
        if !pathy {
            break;
        }
        tokens.push(token);
        rest = after;
    }
    if tokens.is_empty() {
        return (message.to_string(), Vec::new(), false);
    }
    let joined = tokens.join(".");
    let path = joined
        .split(['.', '['])
        .map(|s| s.trim_end_matches(']'))
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    (format!("{joined}: {rest}"), path, tokens.len() > 1)
}

/// The character at a 1-based line and column of a text.
fn char_at(text: &str, line: u32, column: u32) -> Option<char> {
    let line = text.lines().nth(line.checked_sub(1)? as usize)?;
    line.chars().nth(column.checked_sub(1)? as usize)
}

/// Whether the API server would refuse an object with these findings (warnings alone do not).
fn refuses(findings: &[validate::Finding]) -> bool {
    findings.iter().any(|f| f.severity == crate::Severity::Error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_joined() {
        let (m, path, joined) = refine("spec.steps[2]: scale: missing field `replicas`");
        assert_eq!(m, "spec.steps[2].scale: missing field `replicas`");
        assert_eq!(path, ["spec", "steps", "2", "scale"]);
        assert!(joined);
        let (m, path, joined) = refine("spec.replicas: invalid type: string \"x\", expected i64");
        assert_eq!(m, "spec.replicas: invalid type: string \"x\", expected i64");
        assert_eq!(path, ["spec", "replicas"]);
        assert!(!joined);
        assert_eq!(refine("invalid type: map").1, Vec::<String>::new());
    }
}
