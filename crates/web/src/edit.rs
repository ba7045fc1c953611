//! Acting on the cluster by editing the text: an action becomes a line in the Scenario's `steps`,
//! so the text stays the one source of truth (and what the page shows can be copied and replayed
//! with the `ordinal` command). Pure string work, tested natively.

use manifest::{Action, CrashPod, DeleteStatefulSet, ScaleAction, SetReadiness};

/// A step the page writes: `{at: 1m30s, deletePod: web-1}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Act {
    Scale { set: String, replicas: u32 },
    DeletePod(String),
    ForceDeletePod(String),
    FailNode(String),
    RecoverNode(String),
    TaintOutOfService(String),
    UntaintOutOfService(String),
    DeleteNode(String),
    DeleteStatefulSet(String),
    DeleteClaim(String),
    SetReadiness { pod: String, ready: bool },
    CrashPod(String),
}

/// Quotes a name for a YAML flow mapping when it is not plain (names come from the input).
fn name(n: &str) -> String {
    let plain = !n.is_empty()
        && n.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '/' | '_'))
        && !n.starts_with(['-', '.'])
        && !matches!(n, "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n" | "~");
    if plain && n.parse::<f64>().is_err() {
        n.to_owned()
    } else {
        format!("'{}'", n.replace('\'', "''"))
    }
}

impl Act {
    /// The step's action, as YAML flow (without `at`).
    pub fn yaml(&self) -> String {
        match self {
            Act::Scale { set, replicas } => format!("scale: {{statefulset: {}, replicas: {replicas}}}", name(set)),
            Act::DeletePod(p) => format!("deletePod: {}", name(p)),
            Act::ForceDeletePod(p) => format!("forceDeletePod: {}", name(p)),
            Act::FailNode(n) => format!("failNode: {}", name(n)),
            Act::RecoverNode(n) => format!("recoverNode: {}", name(n)),
            Act::TaintOutOfService(n) => format!("taintOutOfService: {}", name(n)),
            Act::UntaintOutOfService(n) => format!("untaintOutOfService: {}", name(n)),
            Act::DeleteNode(n) => format!("deleteNode: {}", name(n)),
            Act::DeleteStatefulSet(s) => format!("deleteStatefulSet: {}", name(s)),
            Act::DeleteClaim(c) => format!("deletePersistentVolumeClaim: {}", name(c)),
            Act::SetReadiness { pod, ready } => format!("setReadiness: {{pod: {}, ready: {ready}}}", name(pod)),
            Act::CrashPod(p) => format!("crashPod: {{pod: {}, times: 1}}", name(p)),
        }
    }

    /// The scenario action this step carries, as the manifest reader would read it back.
    pub fn action(&self) -> Action {
        match self.clone() {
            Act::Scale { set, replicas } => Action::Scale(ScaleAction { statefulset: set, replicas }),
            Act::DeletePod(p) => Action::DeletePod(p),
            Act::ForceDeletePod(p) => Action::ForceDeletePod(p),
            Act::FailNode(n) => Action::FailNode(n),
            Act::RecoverNode(n) => Action::RecoverNode(n),
            Act::TaintOutOfService(n) => Action::TaintOutOfService(n),
            Act::UntaintOutOfService(n) => Action::UntaintOutOfService(n),
            Act::DeleteNode(n) => Action::DeleteNode(n),
            Act::DeleteStatefulSet(s) => Action::DeleteStatefulSet(DeleteStatefulSet::Name(s)),
            Act::DeleteClaim(c) => Action::DeletePersistentVolumeClaim(c),
            Act::SetReadiness { pod, ready } => Action::SetReadiness(SetReadiness { pod, ready }),
            Act::CrashPod(pod) => Action::CrashPod(CrashPod { pod, times: 1 }),
        }
    }

    /// What it does, in words, for buttons and messages.
    pub fn describe(&self) -> String {
        describe(&self.action())
    }
}

/// A scenario action in words, as the steps list and the buttons say it.
pub fn describe(action: &Action) -> String {
    match action {
        Action::Scale(s) => format!("scale {} to {}", s.statefulset, s.replicas),
        Action::DeletePod(p) => format!("delete pod {p}"),
        Action::ForceDeletePod(p) => format!("force-delete pod {p}"),
        Action::FailNode(n) => format!("fail node {n}"),
        Action::RecoverNode(n) => format!("recover node {n}"),
        Action::DeleteNode(n) => format!("delete node {n}"),
        Action::TaintOutOfService(n) => format!("taint {n} out-of-service"),
        Action::UntaintOutOfService(n) => format!("remove {n}'s out-of-service taint"),
        Action::DeleteStatefulSet(d) => format!("delete StatefulSet {} ({})", d.target(), d.cascade()),
        Action::DeletePersistentVolumeClaim(c) => format!("delete claim {c}"),
        Action::SetReadiness(r) => format!("make {} {} readiness", r.pod, if r.ready { "pass" } else { "fail" }),
        Action::CrashPod(c) if c.times == 1 => format!("crash {}'s container once", c.pod),
        Action::CrashPod(c) => format!("crash {}'s container {} times", c.pod, c.times),
        Action::Apply(o) => format!("apply {} {}", o.kind(), o.metadata().name),
    }
}

/// A time as a step writes it: `0s`, `1m30s`, `11m27.2s` (tenths of a second at most), in the
/// same form as a step typed by hand.
pub fn duration(ms: u64) -> String {
    let ms = ms / 100 * 100;
    let tenths = ms % 1000 / 100;
    if tenths == 0 {
        return manifest::Duration(ms).to_string();
    }
    // The hours and minutes as a whole duration writes them, the seconds with their tenth.
    let minutes = ms / 60_000 * 60_000;
    let head = if minutes > 0 { manifest::Duration(minutes).to_string() } else { String::new() };
    format!("{head}{}.{tenths}s", ms % 60_000 / 1000)
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Where documents start and end: `(first line, end line)` (0-based, end exclusive).
fn documents(lines: &[&str]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, l) in lines.iter().enumerate() {
        if l.starts_with("---") {
            if i > start {
                out.push((start, i));
            }
            start = i + 1;
        }
    }
    if lines.len() > start {
        out.push((start, lines.len()));
    }
    out
}

/// The document holding the Scenario, if any.
fn scenario(lines: &[&str]) -> Option<(usize, usize)> {
    documents(lines).into_iter().find(|(a, b)| {
        lines[*a..*b].iter().any(|l| {
            let t = l.trim_end();
            indent(l) == 0 && t.strip_prefix("kind:").is_some_and(|k| k.trim().trim_matches(['"', '\'']) == "Scenario")
        })
    })
}

/// Adds a step at `at_ms` to the Scenario's steps (in time order, after steps at the same time),
/// creating the `steps` list, or the Scenario itself, if there is none. `steps_at` are the
/// existing steps' `(line (1-based), at)` as the reader found them.
pub fn add_step(text: &str, at_ms: u64, act: &Act, steps_at: &[(u32, u64)]) -> String {
    let entry = format!("{{at: {}, {}}}", duration(at_ms), act.yaml());
    let lines: Vec<&str> = text.lines().collect();
    let Some((start, end)) = scenario(&lines) else {
        let mut out = text.trim_end().to_owned();
        out.push_str(&format!(
            "\n---\napiVersion: ordinal/v1alpha1\nkind: Scenario\nmetadata:\n  name: from-the-page\nspec:\n  steps:\n  - {entry}\n"
        ));
        return out;
    };
    let doc = &lines[start..end];
    let steps_line = doc.iter().position(|l| l.trim_start().starts_with("steps:") && indent(l) > 0);
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    match steps_line {
        Some(i) => {
            let i = start + i;
            let key_indent = indent(lines[i]);
            let rest = lines[i].trim_start().trim_start_matches("steps:").trim();
            if rest.starts_with('[') {
                // `steps: []` (or a flow list): written out as a block with the new step last.
                let inner = rest.trim_start_matches('[').trim_end_matches(']').trim();
                let pad = " ".repeat(key_indent);
                out[i] = format!("{pad}steps:");
                let mut add = Vec::new();
                if !inner.is_empty() {
                    add.push(format!("{pad}- {inner}"));
                }
                add.push(format!("{pad}- {entry}"));
                out.splice(i + 1..i + 1, add);
            } else {
                // The block's items, and where the block ends.
                let mut item_indent = None;
                let mut last = i;
                for (j, l) in lines.iter().enumerate().take(end).skip(i + 1) {
                    if l.trim().is_empty() || l.trim_start().starts_with('#') {
                        continue;
                    }
                    let ind = indent(l);
                    let is_item = l.trim_start().starts_with("- ") || l.trim() == "-";
                    if ind > key_indent || (ind == key_indent && is_item) {
                        if is_item && item_indent.is_none() {
                            item_indent = Some(ind);
                        }
                        last = j;
                    } else {
                        break;
                    }
                }
                let pad = " ".repeat(item_indent.unwrap_or(key_indent + 2));
                // Before the first step that comes later, else after the block.
                let before = steps_at
                    .iter()
                    .filter(|(line, at)| *at > at_ms && (*line as usize) > i + 1 && (*line as usize) <= last + 1)
                    .map(|(line, _)| *line as usize - 1)
                    .min();
                let at = before.unwrap_or(last + 1);
                out.insert(at, format!("{pad}- {entry}"));
            }
        }
        None => {
            let spec = doc.iter().position(|l| indent(l) == 0 && l.trim_end() == "spec:");
            match spec {
                Some(s) => {
                    let child = doc[s + 1..].iter().find(|l| !l.trim().is_empty()).map(|l| indent(l)).filter(|i| *i > 0).unwrap_or(2);
                    let pad = " ".repeat(child);
                    out.insert(start + s + 1, format!("{pad}steps:"));
                    out.insert(start + s + 2, format!("{pad}- {entry}"));
                }
                None => {
                    out.insert(end, format!("spec:\n  steps:\n  - {entry}"));
                }
            }
        }
    }
    let mut joined = out.join("\n");
    if text.ends_with('\n') {
        joined.push('\n');
    }
    joined
}

/// Removes the step whose item starts at `line` (1-based): its line and the lines indented under it.
pub fn remove_step(text: &str, line: u32) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let Some(first) = (line as usize).checked_sub(1).filter(|i| *i < lines.len()) else {
        return text.to_owned();
    };
    let ind = indent(lines[first]);
    let mut last = first;
    for (j, l) in lines.iter().enumerate().skip(first + 1) {
        if l.trim().is_empty() || indent(l) > ind {
            last = j;
        } else {
            break;
        }
    }
    // Keep trailing blank lines.
    while last > first && lines[last].trim().is_empty() {
        last -= 1;
    }
    let mut out: Vec<&str> = lines[..first].to_vec();
    out.extend_from_slice(&lines[last + 1..]);
    let mut joined = out.join("\n");
    if text.ends_with('\n') {
        joined.push('\n');
    }
    joined
}

/// Changes the `at:` of the step on `line` (1-based); `None` when that line has no `at:`.
pub fn retime_step(text: &str, line: u32, at_ms: u64) -> Option<String> {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let l = lines.get_mut((line as usize).checked_sub(1)?)?;
    let pos = l.find("at:")?;
    let value_start = pos + 3;
    let rest = &l[value_start..];
    let value_len = rest.find([',', '}', '#']).unwrap_or(rest.len());
    let replaced = format!("{} {}{}", &l[..value_start], duration(at_ms), &rest[value_len..]);
    *l = replaced;
    let mut joined = lines.join("\n");
    if text.ends_with('\n') {
        joined.push('\n');
    }
    Some(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = include_str!("../../../examples/web.yaml");

    #[test]
    fn the_written_step_reads_back_as_the_action_it_describes() {
        let acts = [
            Act::Scale { set: "web".into(), replicas: 5 },
            Act::DeletePod("web-1".into()),
            Act::ForceDeletePod("web-1".into()),
            Act::FailNode("node-2".into()),
            Act::RecoverNode("node-2".into()),
            Act::TaintOutOfService("node-2".into()),
            Act::UntaintOutOfService("node-2".into()),
            Act::DeleteNode("node-2".into()),
            Act::DeleteStatefulSet("web".into()),
            Act::DeleteClaim("www-web-1".into()),
            Act::SetReadiness { pod: "web-0".into(), ready: false },
            Act::CrashPod("web-0".into()),
        ];
        for act in acts {
            let text = format!(
                "apiVersion: ordinal/v1alpha1\nkind: Scenario\nmetadata: {{name: s}}\nspec:\n  steps:\n  - {{at: 1s, {}}}\n",
                act.yaml()
            );
            let m = manifest::read(&[manifest::Input { file: "s.yaml", text: &text }]);
            let steps = m.scenario.map(|s| s.spec.steps).unwrap_or_default();
            assert_eq!(steps.len(), 1, "{text}\n{:?}", m.diagnostics);
            assert_eq!(steps[0].action, act.action(), "{}", act.yaml());
        }
    }

    fn steps(text: &str) -> Vec<(u32, u64, String)> {
        let m = manifest::read(&[manifest::Input { file: "t.yaml", text }]);
        assert!(!m.has_errors(), "{:?}\n{text}", m.diagnostics);
        m.scenario.map(|s| s.spec.steps).unwrap_or_default().iter().map(|s| (s.source.line, s.at.ms(), s.action.name().to_owned())).collect()
    }

    fn at(text: &str) -> Vec<(u32, u64)> {
        steps(text).iter().map(|(l, a, _)| (*l, *a)).collect()
    }

    #[test]
    fn durations_are_short_and_read_back() {
        for (ms, text) in [
            (0, "0s"),
            (600, "0.6s"),
            (90_000, "1m30s"),
            (83_400, "1m23.4s"),
            (83_456, "1m23.4s"),
            (687_200, "11m27.2s"),
            (3_600_000, "1h"),
            (3_600_500, "1h0.5s"),
        ] {
            assert_eq!(duration(ms), text);
            assert_eq!(manifest::Duration::parse(text).map(|d| d.ms()), Ok(ms / 100 * 100));
        }
    }

    #[test]
    fn a_step_goes_in_time_order() {
        let text = add_step(EXAMPLE, 150_000, &Act::DeletePod("web-0".into()), &at(EXAMPLE));
        let s = steps(&text);
        let names: Vec<&str> = s.iter().map(|(_, _, n)| n.as_str()).collect();
        assert_eq!(names, ["scale", "deletePod", "deletePod", "failNode", "taintOutOfService"]);
        assert!(text.contains("  - {at: 2m30s, deletePod: web-0}\n  - {at: 2m30s, deletePod: web-1}") || text.contains("  - {at: 2m30s, deletePod: web-1}\n  - {at: 2m30s, deletePod: web-0}"));
        let late = add_step(EXAMPLE, 20 * 60_000, &Act::Scale { set: "web".into(), replicas: 2 }, &at(EXAMPLE));
        assert_eq!(steps(&late).last().map(|(_, a, n)| (*a, n.clone())), Some((1_200_000, "scale".into())));
        assert!(late.ends_with("  - {at: 20m, scale: {statefulset: web, replicas: 2}}\n"));
    }

    #[test]
    fn removing_and_retiming_a_step() {
        let text = add_step(EXAMPLE, 61_500, &Act::FailNode("node-1".into()), &at(EXAMPLE));
        let line = steps(&text).iter().find(|(_, _, n)| n == "failNode").map(|(l, _, _)| *l).expect("added");
        let retimed = retime_step(&text, line, 70_000).expect("has at");
        assert!(retimed.contains("{at: 1m10s, failNode: node-1}"));
        assert_eq!(remove_step(&text, line), EXAMPLE);
    }

    #[test]
    fn a_scenario_is_made_when_there_is_none() {
        let plain = "apiVersion: v1\nkind: Node\nmetadata: {name: a}\n";
        let text = add_step(plain, 1000, &Act::FailNode("a".into()), &[]);
        assert_eq!(steps(&text), [(11, 1000, "failNode".into())]);
        let empty = "apiVersion: ordinal/v1alpha1\nkind: Scenario\nmetadata: {name: s}\nspec:\n  nodes: 2\n  steps: []\n";
        let text = add_step(empty, 2000, &Act::FailNode("node-1".into()), &[]);
        assert_eq!(steps(&text), [(7, 2000, "failNode".into())]);
        let no_steps = "apiVersion: ordinal/v1alpha1\nkind: Scenario\nmetadata: {name: s}\nspec:\n  nodes: 2\n";
        let text = add_step(no_steps, 2000, &Act::RecoverNode("node-1".into()), &[]);
        assert_eq!(steps(&text), [(6, 2000, "recoverNode".into())]);
    }

    #[test]
    fn odd_names_are_quoted() {
        assert_eq!(Act::DeletePod("web-0".into()).yaml(), "deletePod: web-0");
        assert_eq!(Act::DeletePod("a: b}".into()).yaml(), "deletePod: 'a: b}'");
        assert_eq!(Act::DeletePod("true".into()).yaml(), "deletePod: 'true'");
        assert_eq!(Act::DeletePod("it's".into()).yaml(), "deletePod: 'it''s'");
    }
}
