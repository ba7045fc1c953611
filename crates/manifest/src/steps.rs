//! Reading a scenario's steps: `Deserialize` for [`Step`], [`Action`] and [`Object`] (the object of
//! an `apply`), which `model.rs` leaves out because they need the YAML reader, and for
//! [`NodeList`], for a clear message.
//!
//! A step's values are first read as a [`Tree`] and then typed, so that every problem comes back
//! as `KEY: message`; serde_yaml adds the step's path in front (`spec.steps[2]: scale: ...`), and
//! `parse.rs` joins the two and points at the key.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Unexpected, Visitor};

use crate::model::{
    Action, CrashPod, DeleteStatefulSet, NodeList, Object, ScaleAction, SetReadiness, Source, Step,
};
use crate::parse::{self, Tree};
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

impl<'de> Deserialize<'de> for Step {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Step, D::Error> {
        d.deserialize_map(StepVisitor)
    }
}

struct StepVisitor;

impl<'de> Visitor<'de> for StepVisitor {
    type Value = Step;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a step: a mapping with `at` and one action")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Step, A::Error> {
        let mut at = None;
        let mut actions: Vec<(String, Tree)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value: Tree = map.next_value()?;
            if key == "at" {
                if at.is_some() {
                    return Err(de::Error::custom("duplicate field `at`"));
                }
                let d = parse::from_tree::<Duration>(value).map_err(|e| de::Error::custom(format!("at: {e}")))?;
                at = Some(d);
            } else if ACTIONS.contains(&key.as_str()) {
                actions.push((key, value));
            } else {
                return Err(de::Error::custom(format!(
                    "{key}: unknown step key: a step has `at` and exactly one action, one of: {}",
                    known_actions()
                )));
            }
        }
        let Some(at) = at else {
            return Err(de::Error::custom("missing field `at` (when the step happens, such as 30s)"));
        };
        let mut actions = actions.into_iter();
        let (Some((key, value)), None) = (actions.next(), actions.next()) else {
            return Err(de::Error::custom(format!(
                "a step has exactly one action, one of: {}",
                known_actions()
            )));
        };
        let action = action(&key, value).map_err(|e| de::Error::custom(format!("{key}: {e}")))?;
        Ok(Step { at, action, source: Source::default() })
    }
}

impl<'de> Deserialize<'de> for Action {
    /// An action on its own: a mapping with exactly one action key.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Action, D::Error> {
        let tree = Tree::deserialize(d)?;
        let pairs: BTreeMap<String, Tree> = parse::from_tree(tree).map_err(de::Error::custom)?;
        let mut pairs = pairs.into_iter();
        match (pairs.next(), pairs.next()) {
            (Some((key, value)), None) => {
                action(&key, value).map_err(|e| de::Error::custom(format!("{key}: {e}")))
            }
            _ => Err(de::Error::custom(format!("an action has exactly one key, one of: {}", known_actions()))),
        }
    }
}

impl<'de> Deserialize<'de> for Object {
    /// Any object Ordinal reads, picked by its `kind` and `apiVersion`.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Object, D::Error> {
        let tree = Tree::deserialize(d)?;
        parse::object_from_tree(tree).map_err(de::Error::custom)
    }
}

impl<'de> Deserialize<'de> for NodeList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<NodeList, D::Error> {
        d.deserialize_any(NodeListVisitor)
    }
}

struct NodeListVisitor;

impl<'de> Visitor<'de> for NodeListVisitor {
    type Value = NodeList;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number of nodes (such as 3) or a list of node names (such as [node-1, node-2])")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<NodeList, E> {
        u32::try_from(v).map(NodeList::Count).map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<NodeList, E> {
        u32::try_from(v).map(NodeList::Count).map_err(|_| E::invalid_value(Unexpected::Signed(v), &self))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<NodeList, A::Error> {
        let mut names = Vec::new();
        while let Some(name) = seq.next_element::<String>()? {
            names.push(name);
        }
        Ok(NodeList::Names(names))
    }
}

/// Reads the value of action `key`.
fn action(key: &str, value: Tree) -> Result<Action, String> {
    let name = |value: Tree| -> Result<String, String> {
        let name: String = parse::from_tree(value)?;
        checked(name)
    };
    Ok(match key {
        "scale" => {
            let scale: ScaleAction = parse::from_tree(value)?;
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
            let r: SetReadiness = parse::from_tree(value)?;
            checked(r.pod.clone())?;
            Action::SetReadiness(r)
        }
        "crashPod" => {
            let c: CrashPod = parse::from_tree(value)?;
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

/// `NAME` or `{name: NAME, cascade: background|foreground|orphan}`.
fn delete_statefulset(value: Tree) -> Result<DeleteStatefulSet, String> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Options {
        name: String,
        cascade: Option<String>,
    }
    if !parse::is_mapping(&value) {
        let name: String = parse::from_tree(value)?;
        return Ok(DeleteStatefulSet::Name(checked(name)?));
    }
    let o: Options = parse::from_tree(value)?;
    if let Some(c) = o.cascade.as_deref().filter(|c| !CASCADES.contains(c)) {
        return Err(format!("cascade: unsupported value {c:?}: one of background, foreground, orphan"));
    }
    Ok(DeleteStatefulSet::Options { name: checked(o.name)?, cascade: o.cascade })
}

/// A `name` or `namespace/name` reference, checked like the API checks names.
fn checked(name: String) -> Result<String, String> {
    match validate::reference(&name) {
        Some(problem) => Err(problem),
        None => Ok(name),
    }
}
