//! Reading a scenario's steps: [`Step`] and its [`Action`] (an `apply`'s object is read by
//! `parse.rs`).
//!
//! Every problem with a step comes back as `KEY: message` at the step's path
//! (`spec.steps[2]: scale: ...`), which `report.rs` joins into one path and points at.

use crate::model::{Action, CrashPod, DeleteStatefulSet, ScaleAction, SetReadiness, Source, Step};
use crate::parse;
use crate::tree::{entries, field, required, unknown_field, Error, FromTree, Path, Tree};
use crate::typed::{bit, struct_reader};
use crate::units::Duration;
use crate::validate;

/// The action keys a step may have, exactly one per step.
pub(crate) const ACTIONS: [&str; 13] = [
    "scale",
    "deletePod",
    "forceDeletePod",
    "failNode",
    "recoverNode",
    "deleteNode",
    "taintOutOfService",
    "untaintOutOfService",
    "deleteStatefulSet",
    "deletePersistentVolumeClaim",
    "setReadiness",
    "crashPod",
    "apply",
];

const CASCADES: [&str; 3] = ["background", "foreground", "orphan"];

fn known_actions() -> String {
    ACTIONS.join(", ")
}

/// A step: `at` and exactly one action. Its problems come back as `KEY: message` at the step's
/// path, which `report.rs` joins into one path and places by it.
impl FromTree for Step {
    fn read(tree: &Tree, path: &Path<'_>) -> Result<Step, Error> {
        let mut at = None;
        let mut actions: Vec<(&str, &Tree)> = Vec::new();
        for (key, value) in entries(tree, path, "a step: a mapping with `at` and one action")? {
            if key == "at" {
                let d = Duration::read(value, &Path::Root).map_err(|e| Error::new(path, format!("at: {e}")))?;
                at = Some(d);
            } else if ACTIONS.contains(&key.as_str()) {
                actions.push((key, value));
            } else {
                // The action it is closest to (`failnode`, `deletepod`).
                let meant = crate::kinds::nearest(key, ACTIONS.iter().copied(), |_| 2);
                let hint = meant.map(|a| format!("did you mean {a:?}? ")).unwrap_or_default();
                return Err(Error::new(
                    path,
                    format!("{key}: unknown step key: {hint}a step has `at` and exactly one action, one of: {}", known_actions()),
                ));
            }
        }
        let Some(at) = at else {
            return Err(Error::new(path, "missing field `at` (when the step happens, such as 30s)"));
        };
        let (Some((key, value)), None) = (actions.first(), actions.get(1)) else {
            return Err(Error::new(path, format!("a step has exactly one action, one of: {}", known_actions())));
        };
        let action = action(key, value).map_err(|e| Error::new(path, format!("{key}: {e}")))?;
        Ok(Step { at, action, source: Source::default() })
    }
}

/// Reads `tree` as `T` on its own: the message starts with the path below it, if any.
fn typed<T: FromTree>(tree: &Tree) -> Result<T, String> {
    T::read(tree, &Path::Root).map_err(|e| e.to_string())
}

/// Reads the value of action `key`.
fn action(key: &str, value: &Tree) -> Result<Action, String> {
    let name = |value: &Tree| -> Result<String, String> { checked(typed(value)?) };
    Ok(match key {
        "scale" => {
            let scale: ScaleAction = typed(value)?;
            checked(scale.statefulset.clone())?;
            Action::Scale(scale)
        }
        "deletePod" => Action::DeletePod(name(value)?),
        "forceDeletePod" => Action::ForceDeletePod(name(value)?),
        "failNode" => Action::FailNode(name(value)?),
        "recoverNode" => Action::RecoverNode(name(value)?),
        "deleteNode" => Action::DeleteNode(name(value)?),
        "taintOutOfService" => Action::TaintOutOfService(name(value)?),
        "untaintOutOfService" => Action::UntaintOutOfService(name(value)?),
        "deletePersistentVolumeClaim" => Action::DeletePersistentVolumeClaim(name(value)?),
        "deleteStatefulSet" => Action::DeleteStatefulSet(delete_statefulset(value)?),
        "setReadiness" => {
            let r: SetReadiness = typed(value)?;
            checked(r.pod.clone())?;
            Action::SetReadiness(r)
        }
        "crashPod" => {
            let c: CrashPod = typed(value)?;
            checked(c.pod.clone())?;
            if c.times == 0 {
                return Err("times: must be at least 1".to_string());
            }
            Action::CrashPod(c)
        }
        "apply" => Action::Apply(Box::new(parse::object_from_tree(value)?)),
        other => return Err(format!("unknown action {other:?}: one of {}", known_actions())),
    })
}

struct_reader!(ScaleAction, strict { "statefulset" => statefulset (required), "replicas" => replicas (required) });
struct_reader!(SetReadiness, strict { "pod" => pod (required), "ready" => ready (required) });
struct_reader!(CrashPod, strict { "pod" => pod (required), "times" => times });

/// `deleteStatefulSet`'s long form.
#[derive(Default)]
struct Options {
    name: String,
    cascade: Option<String>,
}

struct_reader!(Options, strict { "name" => name (required), "cascade" => cascade });

/// `NAME` or `{name: NAME, cascade: background|foreground|orphan}`.
fn delete_statefulset(value: &Tree) -> Result<DeleteStatefulSet, String> {
    if !matches!(value, Tree::Map(_)) {
        return Ok(DeleteStatefulSet::Name(checked(typed(value)?)?));
    }
    let Options { name, cascade } = typed(value)?;
    if let Some(c) = cascade.as_deref().filter(|c| !CASCADES.contains(c)) {
        return Err(format!("cascade: unsupported value {c:?}: one of background, foreground, orphan"));
    }
    Ok(DeleteStatefulSet::Options { name: checked(name)?, cascade })
}

/// A `name` or `namespace/name` reference, checked like the API checks names.
fn checked(name: String) -> Result<String, String> {
    match validate::reference(&name) {
        Some(problem) => Err(problem),
        None => Ok(name),
    }
}
