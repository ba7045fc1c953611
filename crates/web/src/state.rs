//! The page's state: the text, the last good run made from it, the playhead and the choices.
//! One reducer; every change the page makes is an [`Action`].

use std::rc::Rc;

use engine::Timeline;
use manifest::{Diagnostic, Object, Severity, Source};
use scene::{ClassInfo, Layout, Target};
use order::Sorted;
use yew::Reducible;

use crate::edit::{self, Act};
use crate::log;

/// The built-in example, shown first.
pub const EXAMPLE: &str = include_str!("../../../examples/web.yaml");

/// Simulated milliseconds per real millisecond, slow to very fast.
pub const SPEEDS: [(f64, &str); 7] = [(0.25, "¼×"), (1.0, "1×"), (4.0, "4×"), (16.0, "16×"), (64.0, "64×"), (256.0, "256×"), (1024.0, "1024×")];
pub const DEFAULT_SPEED: usize = 3;

/// A step of the scenario, as the steps list shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct StepInfo {
    /// The line of its `- ` item (1-based).
    pub line: u32,
    pub at_ms: u64,
    pub what: String,
    /// Whether its `at:` sits on its first line (so the page can change it).
    pub retimable: bool,
    /// Why it could not be carried out, if it could not.
    pub issue: Option<String>,
}

/// A mark on the scrub bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkKind {
    Step,
    Warning,
    Change,
}

/// One simulation: what the picture, the log and the scrub bar show.
#[derive(Debug)]
pub struct Run {
    /// The text it was simulated from.
    pub source: Rc<str>,
    pub timeline: Timeline,
    pub layout: Layout,
    pub classes: Vec<ClassInfo>,
    pub steps: Vec<StepInfo>,
    /// The distinct times something happened.
    pub times: Vec<u64>,
    /// Where stepping stops: those times and the steps' (a step whose effect shows only later,
    /// such as a node that fails and is noticed 40 s on, is a moment of its own).
    pub stops: Vec<u64>,
    pub log: Vec<log::Line>,
    pub marks: Vec<(u64, MarkKind)>,
    /// Where the playhead may go: a little past the last thing that happened.
    pub end_ms: u64,
    /// The scenario's failNode and recoverNode steps that were carried out, in time order: when,
    /// the node, and whether it is then powered off (what the API learns only later).
    pub power: Vec<(u64, String, bool)>,
    scheduling: Scheduling,
}

/// Per pod (`namespace/name`), in order: when it was made, placed or its volume attached
/// (`None`), and when the scheduler failed to place it or a volume failed to attach (what waits,
/// and the Event's message). See [`Run::waiting_reason`].
type Scheduling = Sorted<String, Vec<(u64, Option<Waiting>)>>;

/// What a pod waits for (`Unschedulable`, `Not attached`) and the message that says why.
pub type Waiting = (&'static str, Rc<str>);

impl PartialEq for Run {
    fn eq(&self, other: &Run) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Run {
    /// Why a pod waits at `t_ms`: the message of the scheduler's last FailedScheduling Event
    /// about it since it was made, if it was not placed since (its PodScheduled condition says
    /// the same; the views leave conditions out), or of the last FailedAttachVolume since it was
    /// placed, if the volume was not attached since (a Multi-Attach error, for minutes).
    pub fn waiting_reason(&self, namespace: &str, name: &str, t_ms: u64) -> Option<Waiting> {
        let marks = self.scheduling.get(&format!("{namespace}/{name}"))?;
        marks[..marks.partition_point(|(t, _)| *t <= t_ms)].last()?.1.clone()
    }

    /// The picture of this run at `t_ms`, with `selected` marked.
    pub fn picture(&self, t_ms: u64, selected: Option<Target>, max_width: Option<f32>, aspect: Option<f32>) -> scene::Scene {
        let mut powered_off: Vec<String> = Vec::new();
        for (_, node, off) in self.power.iter().take_while(|p| p.0 <= t_ms) {
            powered_off.retain(|n| n != node);
            if *off {
                powered_off.push(node.clone());
            }
        }
        let options = scene::Options { detail: None, selected, classes: self.classes.clone(), max_width, aspect, powered_off };
        scene::build(&self.timeline.state_at(t_ms), &self.layout, &options)
    }
}

/// Reads and simulates `text`. Errors leave no run; warnings (and steps that could not be
/// carried out) come back as diagnostics beside it.
pub fn simulate(text: &str, previous: Option<&Layout>) -> (Option<Run>, Vec<Diagnostic>) {
    let manifest = manifest::read(&[manifest::Input { file: "manifest.yaml", text }]);
    let mut diagnostics = manifest.diagnostics.clone();
    if manifest.has_errors() {
        return (None, diagnostics);
    }
    // The classes of the input and of the scenario's `apply` steps: a class named by a claim but
    // in neither is drawn as missing.
    let applied = manifest.scenario.iter().flat_map(|s| &s.spec.steps).filter_map(|s| match &s.action {
        manifest::Action::Apply(o) => Some(&**o),
        _ => None,
    });
    let classes = manifest
        .objects
        .iter()
        .map(|p| &p.object)
        .chain(applied)
        .filter_map(|o| match o {
            Object::StorageClass(c) => Some(ClassInfo {
                name: c.metadata.name.clone(),
                provisioner: c.provisioner.clone().unwrap_or_default(),
                binding_mode: c.volume_binding_mode.clone().unwrap_or_else(|| "Immediate".into()),
                reclaim_policy: c.reclaim_policy.clone().unwrap_or_else(|| "Delete".into()),
            }),
            _ => None,
        })
        .collect();
    let scenario_steps: Vec<manifest::Step> = manifest.scenario.as_ref().map(|s| s.spec.steps.clone()).unwrap_or_default();
    let objects: Vec<Object> = manifest.objects.iter().map(|p| p.object.clone()).collect();
    let timeline = engine::simulate(&engine::Input { objects, scenario: manifest.scenario, seed: 0, until: None });
    let lines: Vec<&str> = text.lines().collect();
    let mut steps: Vec<StepInfo> = scenario_steps
        .iter()
        .map(|s| StepInfo {
            line: s.source.line,
            at_ms: s.at.ms(),
            what: edit::describe(&s.action),
            retimable: lines.get((s.source.line as usize).wrapping_sub(1)).is_some_and(|l| l.contains("at:")),
            issue: None,
        })
        .collect();
    for issue in timeline.issues() {
        let line = match (issue.step, issue.object) {
            (Some(i), _) => steps.get_mut(i).map(|s| {
                s.issue = Some(issue.message.clone());
                s.line
            }),
            (None, Some(o)) => manifest.objects.get(o).map(|p| p.source.line),
            _ => None,
        };
        // An object the cluster refused (`namespaces "db" not found`) is an error, as `kubectl
        // apply` says it, though the others are simulated; a step that could not happen is not.
        diagnostics.push(Diagnostic {
            severity: if issue.object.is_some() { Severity::Error } else { Severity::Warning },
            source: Source { file: "manifest.yaml".into(), line: line.unwrap_or(1), column: 1 },
            message: issue.message.clone(),
        });
    }
    let mut power: Vec<(u64, String, bool)> = scenario_steps
        .iter()
        .zip(&steps)
        .filter(|(_, info)| info.issue.is_none())
        .filter_map(|(s, _)| match &s.action {
            manifest::Action::FailNode(n) => Some((s.at.ms(), n.clone(), true)),
            manifest::Action::RecoverNode(n) => Some((s.at.ms(), n.clone(), false)),
            _ => None,
        })
        .collect();
    order::sort_by_key(&mut power, |p| p.0);
    order::sort_by_key(&mut steps, |s| (s.at_ms, s.line));
    // In the order of the text, the reader's and the simulation's alike.
    order::sort_by_key(&mut diagnostics, |d| (d.source.line, d.source.column));
    let times = timeline.change_times();
    let log = log::lines(timeline.records());
    let mut marks: Vec<(u64, MarkKind)> = steps.iter().map(|s| (s.at_ms, MarkKind::Step)).collect();
    marks.extend(log.iter().filter(|l| l.warning).map(|l| (l.t_ms, MarkKind::Warning)));
    marks.extend(times.iter().map(|t| (*t, MarkKind::Change)));
    let last = times.last().copied().unwrap_or(0).max(steps.iter().map(|s| s.at_ms).max().unwrap_or(0));
    let end_ms = last.saturating_add(2_000);
    let mut stops: Vec<u64> = times.iter().copied().chain(steps.iter().map(|s| s.at_ms)).collect();
    order::sort_by_key(&mut stops, |t| *t);
    stops.dedup();
    let layout = Layout::new(timeline.records(), previous);
    let scheduling = scheduling(timeline.records());
    (Some(Run { source: text.into(), timeline, layout, classes, steps, times, stops, log, marks, end_ms, power, scheduling }), diagnostics)
}

/// What [`Run::waiting_reason`] reads, found once per run (the page asks on every frame while a
/// pod is chosen): each pod's creations, placements and failed placements, in order.
fn scheduling(records: &[engine::view::Record]) -> Scheduling {
    use engine::view::{ChangeType, Record, View};
    order::group(records.iter().filter_map(|record| {
        let (namespace, name, message) = match record {
            Record::Event(e) if e.kind == "Pod" => {
                let waiting = match e.reason {
                    "FailedScheduling" => Some(("Unschedulable", e.message.clone())),
                    "FailedAttachVolume" => Some(("Not attached", e.message.clone())),
                    "Scheduled" | "SuccessfulAttachVolume" => None,
                    _ => return None,
                };
                (e.namespace.as_deref().unwrap_or_default(), &*e.name, waiting)
            }
            Record::Change(c) if c.change == ChangeType::Added => match &*c.object {
                View::Pod(p) => (&*p.namespace, &*p.name, None),
                _ => return None,
            },
            _ => return None,
        };
        Some((format!("{namespace}/{name}"), (record.t_ms(), message)))
    }))
}

/// Whether `after` reads as `before` edited (typed into, a step added or re-timed) rather than
/// replaced by another text (a paste over everything): what they share at both ends is at least
/// half of the shorter. An edit keeps the picture's places; another text is laid out afresh, so
/// that it does not inherit the places of claims it shares a name with, gaps included.
fn edited(before: &str, after: &str) -> bool {
    let shorter = before.len().min(after.len());
    let prefix = before.bytes().zip(after.bytes()).take_while(|(a, b)| a == b).count();
    let suffix = before.bytes().rev().zip(after.bytes().rev()).take(shorter - prefix).take_while(|(a, b)| a == b).count();
    2 * (prefix + suffix) >= shorter
}

#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    /// What the editor holds.
    pub text: Rc<str>,
    /// The diagnostics of `text` (when it was last read).
    pub diagnostics: Rc<Vec<Diagnostic>>,
    /// The last good run, of this text or of one it was edited from; `None` before any text
    /// simulated, or once a text that does not read replaced another.
    pub run: Option<Rc<Run>>,
    /// The text has errors (the run, if there is one, is of an earlier version of it).
    pub stale: bool,
    /// The text changed and has not been read yet (a re-simulation is due).
    pub dirty: bool,
    /// The playhead, in simulated milliseconds.
    pub t_ms: f64,
    pub playing: bool,
    /// Where playing stops by itself (a player asked to play one step), if anywhere.
    pub stop_at: Option<f64>,
    /// Playing past the end starts again from `loop_from`.
    pub looping: bool,
    /// Where a loop (or a play from the end) starts again: a player's `start`, else 0.
    pub loop_from: f64,
    /// An index into [`SPEEDS`].
    pub speed: usize,
    pub selected: Option<Target>,
    /// Texts before each action, for undo.
    pub undo: Vec<Rc<str>>,
    /// A line of news for screen readers and the status bar.
    pub notice: String,
    /// Something the person must see (a share link that would not open, an export that failed).
    pub alert: Option<String>,
    /// A share link in the address is being opened: nothing is shown until it is (its data is
    /// decompressed asynchronously), rather than the example first.
    pub opening: bool,
}

impl Default for AppState {
    fn default() -> AppState {
        AppState::new(EXAMPLE)
    }
}

impl AppState {
    pub fn new(text: &str) -> AppState {
        let (run, diagnostics) = simulate(text, None);
        AppState {
            text: text.into(),
            diagnostics: Rc::new(diagnostics),
            stale: run.is_none(),
            run: run.map(Rc::new),
            dirty: false,
            t_ms: 0.0,
            playing: false,
            stop_at: None,
            looping: false,
            loop_from: 0.0,
            speed: DEFAULT_SPEED,
            selected: None,
            undo: Vec::new(),
            notice: String::new(),
            alert: None,
            opening: false,
        }
    }

    /// The page while the share link in its address is opened.
    pub fn opening_link() -> AppState {
        AppState { opening: true, notice: "Opening the shared link…".into(), ..AppState::new("") }
    }

    /// The text has errors and the picture shows the run of an earlier version of it.
    pub fn shows_last_good_run(&self) -> bool {
        self.stale && self.run.is_some()
    }

    pub fn end_ms(&self) -> u64 {
        self.run.as_ref().map(|r| r.end_ms).unwrap_or(0)
    }

    /// The playhead, in whole milliseconds.
    pub fn now(&self) -> u64 {
        self.t_ms.max(0.0) as u64
    }

    fn resimulate(&mut self) {
        let edit = self.run.as_ref().is_some_and(|r| edited(&r.source, &self.text));
        let previous = self.run.as_ref().filter(|_| edit).map(|r| &r.layout);
        let (run, diagnostics) = simulate(&self.text, previous);
        self.diagnostics = Rc::new(diagnostics);
        self.dirty = false;
        match run {
            Some(run) => {
                self.stale = false;
                self.run = Some(Rc::new(run));
                // An edit keeps the moment it was made at; another text starts at its beginning.
                self.t_ms = if edit { self.t_ms.min(self.end_ms() as f64) } else { 0.0 };
            }
            None => {
                self.stale = true;
                // Another text that does not read: the last good run was of something else, and
                // beside these errors it would show a cluster the text does not describe.
                if !edit {
                    self.run = None;
                    self.t_ms = 0.0;
                    self.playing = false;
                }
            }
        }
    }

    /// The distinct times of the scenario's steps, in order: what "a step" means to a host that
    /// drives a player (a slide advance plays the next one).
    pub fn step_times(&self) -> Vec<u64> {
        let mut times: Vec<u64> = self.run.as_ref().map(|r| r.steps.iter().map(|s| s.at_ms).collect()).unwrap_or_default();
        times.dedup();
        times
    }

    /// When the last step at or before the playhead is, if any.
    pub fn current_step_at(&self) -> Option<u64> {
        let now = self.now();
        self.run.as_ref()?.steps.iter().map(|s| s.at_ms).filter(|t| *t <= now).max()
    }

    /// The index into [`AppState::step_times`] of the last step at or before the playhead, if any.
    pub fn current_step(&self) -> Option<usize> {
        let at = self.current_step_at()?;
        self.step_times().iter().position(|t| *t == at)
    }

    /// Restores what a share link holds: its text, and the view as far as it still applies.
    fn restore(&mut self, shared: share::link::Shared) {
        self.text = shared.text.into();
        self.undo.clear();
        self.resimulate();
        self.t_ms = (shared.view.t_ms as f64).min(self.end_ms() as f64);
        self.speed = shared.view.speed.min(SPEEDS.len() - 1);
        self.playing = false;
        self.selected = None;
        if let (Some(id), Some(run)) = (shared.view.selected, &self.run) {
            self.selected = run.picture(self.now(), None, None, None).item(&id).map(|i| i.target.clone());
        }
    }

    fn steps_at(&self) -> Vec<(u32, u64)> {
        self.run.as_ref().map(|r| r.steps.iter().map(|s| (s.line, s.at_ms)).collect()).unwrap_or_default()
    }

    fn change_text(&mut self, text: String, notice: String) {
        self.undo.push(self.text.clone());
        if self.undo.len() > 100 {
            self.undo.remove(0);
        }
        self.text = text.into();
        self.notice = notice;
        self.resimulate();
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The editor's text changed (read later, when typing pauses).
    Edit(String),
    /// Read and simulate the text now.
    Simulate,
    Seek(u64),
    /// Real milliseconds passed while playing.
    Advance(f64),
    TogglePlay,
    Play,
    Pause,
    /// Play from one time until another, then pause (a host driving a player, step by step).
    PlaySpan { from: u64, to: u64 },
    SetSpeed(usize),
    NextEvent,
    PrevEvent,
    Start,
    End,
    Select(Option<Target>),
    /// An action on the cluster, at the playhead.
    Act(Act),
    RemoveStep(u32),
    RetimeStep(u32, u64),
    Undo,
    LoadExample,
    /// Open what a share link holds.
    Restore(share::link::Shared),
    /// A share link in the address could not be opened, for this reason.
    LinkFailed(String),
    /// A line for the status bar (the outcome of something done outside the reducer).
    Notice(String),
    /// Shows (or, with `None`, dismisses) the alert.
    Alert(Option<String>),
}

impl Action {
    /// Whether it adds, removes or moves a scenario step (writes the text's steps).
    fn changes_steps(&self) -> bool {
        matches!(self, Action::Act(_) | Action::RemoveStep(_) | Action::RetimeStep(..))
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        // A step goes into the text as it is now: read it first if typing has not paused yet.
        if s.dirty && action.changes_steps() {
            s.resimulate();
        }
        let end = s.end_ms() as f64;
        match action {
            Action::Edit(text) => {
                if *text == *s.text {
                    return self;
                }
                s.text = text.into();
                s.dirty = true;
            }
            Action::Simulate => {
                if !s.dirty {
                    return self;
                }
                s.resimulate();
                s.notice = if s.shows_last_good_run() {
                    "The text has errors: showing the last good run".into()
                } else if s.stale {
                    "The text has errors".into()
                } else {
                    "Simulated again".into()
                };
            }
            Action::Seek(t) => {
                s.t_ms = (t as f64).min(end);
                s.stop_at = None;
            }
            Action::Advance(real_ms) => {
                if !s.playing {
                    return self;
                }
                s.t_ms += real_ms.clamp(0.0, 250.0) * SPEEDS[s.speed.min(SPEEDS.len() - 1)].0;
                if let Some(stop) = s.stop_at.filter(|stop| s.t_ms >= *stop) {
                    s.t_ms = stop.min(end);
                    s.playing = false;
                    s.stop_at = None;
                } else if s.t_ms >= end && s.looping {
                    s.t_ms = s.loop_from.min(end);
                } else if s.t_ms >= end {
                    s.t_ms = end;
                    s.playing = false;
                    s.notice = "Reached the end".into();
                }
            }
            Action::TogglePlay => {
                s.playing = !s.playing;
                s.stop_at = None;
                if s.playing && s.t_ms >= end {
                    s.t_ms = 0.0;
                }
                s.notice = if s.playing { "Playing".into() } else { "Paused".into() };
            }
            Action::Play => {
                if s.playing {
                    return self;
                }
                s.playing = true;
                s.stop_at = None;
                if s.t_ms >= end {
                    s.t_ms = s.loop_from.min(end);
                }
            }
            Action::Pause => {
                if !s.playing {
                    return self;
                }
                s.playing = false;
                s.stop_at = None;
            }
            Action::PlaySpan { from, to } => {
                s.t_ms = (from as f64).min(end);
                s.stop_at = Some((to as f64).min(end));
                s.playing = to > from;
            }
            Action::SetSpeed(i) => s.speed = i.min(SPEEDS.len() - 1),
            Action::NextEvent => {
                s.stop_at = None;
                let now = s.now();
                if let Some(run) = &s.run {
                    let i = run.stops.partition_point(|t| *t <= now);
                    s.t_ms = run.stops.get(i).copied().unwrap_or(run.end_ms) as f64;
                }
                s.playing = false;
            }
            Action::PrevEvent => {
                s.stop_at = None;
                let now = s.now();
                if let Some(run) = &s.run {
                    let i = run.stops.partition_point(|t| *t < now);
                    s.t_ms = i.checked_sub(1).and_then(|i| run.stops.get(i)).copied().unwrap_or(0) as f64;
                }
                s.playing = false;
            }
            Action::Start => {
                s.stop_at = None;
                s.t_ms = 0.0;
                s.playing = false;
            }
            Action::End => {
                s.stop_at = None;
                s.t_ms = end;
                s.playing = false;
            }
            Action::Select(target) => s.selected = target,
            // With errors in the text a step would be written into a text that does not read,
            // and the picture would go.
            ref a if a.changes_steps() && s.stale => {
                s.notice = "The text has errors: fix them before changing the steps".into();
            }
            Action::Act(act) => {
                let at = s.now() / 100 * 100;
                let steps = s.steps_at();
                // A second click on the same action (its button does not change: a powered-off
                // node looks Ready until the grace period ends) adds nothing.
                let written = act.yaml();
                let lines: Vec<&str> = s.text.lines().collect();
                let twice = steps.iter().any(|&(line, t)| {
                    t == at && (line as usize).checked_sub(1).and_then(|i| lines.get(i)).is_some_and(|l| l.contains(&written))
                });
                if twice {
                    s.notice = format!("There is already a step at {}: {}", scene::clock(at), act.describe());
                } else {
                    let text = edit::add_step(&s.text, at, &act, &steps);
                    s.change_text(text, format!("Added a step at {}: {}", scene::clock(at), act.describe()));
                }
            }
            Action::RemoveStep(line) => {
                let text = edit::remove_step(&s.text, line);
                s.change_text(text, "Removed a step".into());
            }
            Action::RetimeStep(line, at) => {
                let Some(text) = edit::retime_step(&s.text, line, at) else { return self };
                s.change_text(text, format!("Moved a step to {}", scene::clock(at)));
            }
            Action::Undo => {
                let Some(text) = s.undo.pop() else { return self };
                s.text = text;
                s.resimulate();
                s.notice = "Undone".into();
            }
            Action::LoadExample => {
                s.change_text(EXAMPLE.to_owned(), "Loaded the example".into());
            }
            Action::Restore(shared) => {
                s.restore(shared);
                s.alert = None;
                s.opening = false;
                s.notice = "Opened the shared link".into();
            }
            Action::LinkFailed(why) if s.opening => {
                // Nothing of the person's to keep: the example, as if there had been no link.
                s.text = EXAMPLE.into();
                s.resimulate();
                s.opening = false;
                s.notice = String::new();
                s.alert = Some(format!("{why} Showing the example instead."));
            }
            Action::LinkFailed(why) => s.alert = Some(format!("{why} Nothing was changed.")),
            Action::Notice(text) => s.notice = text,
            Action::Alert(text) => s.alert = text,
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(s: AppState, a: Action) -> AppState {
        (*Rc::new(s).reduce(a)).clone()
    }

    #[test]
    fn a_pod_whose_volume_is_attached_elsewhere_says_so_until_it_is_attached() {
        // Force-deleted off a lost node: the replacement waits for the 6-minute force detach.
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/scenarios/force-delete.yaml")).expect("the scenario");
        let (run, diagnostics) = simulate(&text, None);
        let run = run.unwrap_or_else(|| panic!("{diagnostics:?}"));
        let event = |reason: &str, after: u64| {
            run.timeline.records().iter().find_map(|r| match r {
                engine::view::Record::Event(e) if e.reason == reason && &*e.name == "web-1" && e.t_ms > after => Some(e.t_ms),
                _ => None,
            })
        };
        let failed = event("FailedAttachVolume", 0).expect("a Multi-Attach error");
        let attached = event("SuccessfulAttachVolume", failed).expect("attached at last");
        assert!(attached >= failed + 5 * 60_000, "{failed} {attached}");
        assert!(run.waiting_reason("default", "web-1", attached - 1).is_some());
        let why = run.waiting_reason("default", "web-1", failed);
        assert!(why.as_ref().is_some_and(|(what, w)| *what == "Not attached" && w.starts_with("Multi-Attach error for volume")), "{why:?}");
        assert_eq!(run.waiting_reason("default", "web-1", attached), None);
    }

    #[test]
    fn a_pod_without_a_node_says_why_it_waits_until_it_is_placed() {
        // One node, full at 110: web-110 waits for room until web-3 is deleted at 1m.
        let text = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\nspec:\n  serviceName: web\n  replicas: 111\n  podManagementPolicy: Parallel\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: i}]}\n---\napiVersion: ordinal/v1alpha1\nkind: Scenario\nmetadata: {name: s}\nspec:\n  nodes: 1\n  steps:\n  - {at: 1m, forceDeletePod: web-3}\n";
        let (run, diagnostics) = simulate(text, None);
        let run = run.unwrap_or_else(|| panic!("{diagnostics:?}"));
        let why = run.waiting_reason("default", "web-110", 30_000);
        assert!(why.as_ref().is_some_and(|(what, w)| *what == "Unschedulable" && w.starts_with("0/1 nodes are available: 1 Too many pods.")), "{why:?}");
        assert_eq!(run.waiting_reason("default", "web-0", 30_000), None, "placed at once");
        assert_eq!(run.waiting_reason("default", "web-110", 0), None, "not tried yet at 0:00.0");
        assert_eq!(run.waiting_reason("default", "web-110", 90_000), None, "placed at 1m");
        // The new web-3 waits in its turn; the old one was placed and said nothing.
        assert!(run.waiting_reason("default", "web-3", 90_000).is_some());
        assert_eq!(run.waiting_reason("default", "web-3", 59_000), None);
    }

    #[test]
    fn another_text_that_does_not_read_shows_no_run_of_the_one_before() {
        let s = AppState::default();
        let s = reduce(s, Action::Seek(60_000));
        let other = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  replicas: [\n";
        let s = reduce(reduce(s, Action::Edit(other.into())), Action::Simulate);
        assert!(s.stale && s.run.is_none() && s.t_ms == 0.0);
        assert_eq!(&*s.notice, "The text has errors");
        assert!(s.diagnostics.iter().any(Diagnostic::is_error));
    }

    #[test]
    fn broken_text_keeps_the_last_good_run() {
        let s = AppState::default();
        let good = s.run.clone().expect("the example runs");
        let s = reduce(s, Action::Edit(EXAMPLE.replace("replicas: 3", "replicas: [")));
        assert!(s.dirty);
        let s = reduce(s, Action::Simulate);
        assert!(s.stale);
        assert!(s.diagnostics.iter().any(Diagnostic::is_error));
        assert!(Rc::ptr_eq(s.run.as_ref().expect("kept"), &good));
        let s = reduce(s, Action::Edit(EXAMPLE.into()));
        let s = reduce(s, Action::Simulate);
        assert!(!s.stale);
    }

    #[test]
    fn no_step_goes_into_a_text_with_errors() {
        // Before typing pauses, too: the text is read first.
        let s = reduce(AppState::default(), Action::Seek(60_000));
        let good = s.run.clone().expect("the example runs");
        let broken = EXAMPLE.replace("replicas: 3", "replicas: [");
        let s = reduce(s, Action::Edit(broken.clone()));
        let s = reduce(s, Action::Act(Act::DeletePod("web-0".into())));
        assert_eq!(&*s.text, broken.as_str());
        assert!(s.stale && Rc::ptr_eq(s.run.as_ref().expect("kept"), &good) && s.t_ms == 60_000.0);
        assert_eq!(&*s.notice, "The text has errors: fix them before changing the steps");
        let s = reduce(s, Action::RemoveStep(1));
        assert_eq!(&*s.text, broken.as_str());
    }

    #[test]
    fn an_edit_keeps_the_playhead_and_another_text_starts_at_the_beginning() {
        let s = reduce(AppState::default(), Action::Seek(90_000));
        let s = reduce(s, Action::Edit(EXAMPLE.replace("replicas: 3", "replicas: 4")));
        let s = reduce(s, Action::Simulate);
        assert_eq!(s.t_ms, 90_000.0);
        let other = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  serviceName: db\n  replicas: 2\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec: {containers: [{name: db, image: postgres}]}\n";
        let s = reduce(s, Action::Edit(other.into()));
        let s = reduce(s, Action::Simulate);
        assert!(!s.stale && s.t_ms == 0.0, "{}", s.t_ms);
    }

    #[test]
    fn the_same_action_twice_at_one_time_is_one_step() {
        let s = reduce(AppState::default(), Action::Seek(50_000));
        let s = reduce(s, Action::Act(Act::FailNode("node-1".into())));
        let once = s.text.clone();
        let s = reduce(s, Action::Act(Act::FailNode("node-1".into())));
        assert_eq!(s.text, once);
        assert_eq!(s.notice, "There is already a step at 0:50.0: fail node node-1");
        // Another action at that time, or the same one later, is a step of its own.
        let s = reduce(s, Action::Act(Act::TaintOutOfService("node-1".into())));
        assert_ne!(s.text, once);
        let s = reduce(s, Action::Seek(60_000));
        let s = reduce(s, Action::Act(Act::FailNode("node-1".into())));
        assert_eq!(s.text.matches("failNode: node-1").count(), 2);
    }

    #[test]
    fn an_action_becomes_a_step_and_can_be_undone() {
        let s = reduce(AppState::default(), Action::Seek(40_000));
        let s = reduce(s, Action::Act(Act::DeletePod("web-0".into())));
        assert!(s.text.contains("- {at: 40s, deletePod: web-0}"));
        let run = s.run.clone().expect("runs");
        assert!(run.steps.iter().any(|st| st.at_ms == 40_000 && st.what == "delete pod web-0"));
        assert!(run.log.iter().any(|l| l.t_ms >= 40_000 && l.event == "DELETED" && l.object == "pod/web-0"));
        let s = reduce(s, Action::Undo);
        assert_eq!(&*s.text, EXAMPLE);
    }

    #[test]
    fn stepping_goes_from_change_to_change_and_stops_at_each_step() {
        let s = reduce(AppState::default(), Action::NextEvent);
        assert_eq!(s.now(), 100);
        let s = reduce(s, Action::PrevEvent);
        assert_eq!(s.now(), 0);
        let s = reduce(s, Action::End);
        assert_eq!(s.now(), s.end_ms());
        // The example fails node-2 at 4m; the API notices 40 s later. Both are stops.
        let fail = s.run.as_ref().and_then(|r| r.steps.iter().find(|st| st.what.starts_with("fail node"))).map(|st| st.at_ms).expect("a failNode step");
        let s = reduce(reduce(s, Action::Seek(fail - 1)), Action::NextEvent);
        assert_eq!(s.now(), fail);
        let s = reduce(s, Action::NextEvent);
        assert_eq!(s.now(), fail + 40_000);
    }

    #[test]
    fn the_picture_shows_the_machines_the_scenario_powered_off() {
        let run = AppState::new(EXAMPLE).run.expect("a run");
        let fail = run.power.iter().find(|p| p.2).map(|p| p.0).expect("the example fails a node");
        let off = |t: u64| run.picture(t, None, None, None).item("node/node-2").is_some_and(|n| n.class.contains("off"));
        assert!(!off(fail - 1) && off(fail) && off(fail + 60_000));
    }

    #[test]
    fn a_span_plays_then_pauses_where_it_ends() {
        let s = reduce(AppState::default(), Action::PlaySpan { from: 30_000, to: 60_000 });
        assert!(s.playing);
        let s = reduce(s, Action::Advance(100.0));
        assert!(s.playing && s.now() > 30_000);
        let s = (0..200).fold(s, |s, _| reduce(s, Action::Advance(250.0)));
        assert_eq!((s.playing, s.now()), (false, 60_000));
    }

    #[test]
    fn a_looping_player_starts_again() {
        let mut s = reduce(AppState::default(), Action::End);
        s.looping = true;
        let s = reduce(s, Action::Play);
        assert_eq!(s.now(), 0, "playing from the end starts at the beginning");
        let s = reduce(reduce(s, Action::Seek(u64::MAX)), Action::Play);
        let end = s.end_ms();
        let s = reduce(reduce(s, Action::Seek(end - 10)), Action::Play);
        let s = reduce(s, Action::Advance(100.0));
        assert!(s.playing && s.now() < 2_000, "wrapped to the start: {}", s.now());
        // A player told where to start loops from there, not from the beginning.
        let mut s = s;
        s.loop_from = 230_000.0;
        let s = reduce(reduce(s, Action::Seek(end - 10)), Action::Advance(100.0));
        assert_eq!(s.now(), 230_000);
    }

    #[test]
    fn steps_are_counted_from_the_playhead() {
        let s = AppState::default();
        let times = s.step_times();
        assert!(times.len() >= 3, "{times:?}");
        assert_eq!(s.current_step(), None);
        let s = reduce(s, Action::Seek(times[1]));
        assert_eq!(s.current_step(), Some(1));
    }

    #[test]
    fn a_shared_view_is_restored() {
        let s = AppState::default();
        let text = EXAMPLE.replace("replicas: 3", "replicas: 2");
        let view = share::link::View { t_ms: 45_000, speed: 2, selected: Some("pod/default/web-1".into()) };
        let s = reduce(s, Action::Restore(share::link::Shared { text: text.clone(), view }));
        assert_eq!((&*s.text, s.now(), s.speed), (text.as_str(), 45_000, 2));
        assert_eq!(s.selected, Some(Target::Pod { namespace: "default".into(), name: "web-1".into() }));
        assert!(s.undo.is_empty());
    }

    #[test]
    fn a_link_that_fails_to_open_shows_the_example_or_keeps_the_text() {
        let s = AppState::opening_link();
        assert!(s.opening && s.text.is_empty() && s.run.as_ref().is_none_or(|r| r.steps.is_empty()));
        let s = reduce(s, Action::LinkFailed("This link is damaged.".into()));
        assert_eq!((&*s.text, s.opening), (EXAMPLE, false));
        assert_eq!(s.alert.as_deref(), Some("This link is damaged. Showing the example instead."));
        let edited = reduce(s, Action::Edit(EXAMPLE.replace("replicas: 3", "replicas: 4")));
        let edited = reduce(edited, Action::Simulate);
        let after = reduce(edited.clone(), Action::LinkFailed("This link is damaged.".into()));
        assert_eq!(after.text, edited.text, "a bad link pasted later keeps the person's text");
        assert_eq!(after.alert.as_deref(), Some("This link is damaged. Nothing was changed."));
    }

    #[test]
    fn an_edit_keeps_the_places_and_a_pasted_text_is_laid_out_afresh() {
        let columns = |s: &AppState| -> Vec<Option<usize>> {
            let layout = &s.run.as_ref().expect("a run").layout;
            (0..5).map(|i| layout.claim_column(&format!("default/www-web-{i}"))).collect()
        };
        let s = AppState::new(EXAMPLE);
        let before = columns(&s);
        // Typed: scale to 4 rather than 5. The claims that stay keep their columns.
        let typed = reduce(reduce(s.clone(), Action::Edit(EXAMPLE.replace("replicas: 5}", "replicas: 4}"))), Action::Simulate);
        assert_eq!(&columns(&typed)[..4], &before[..4]);
        // Pasted: another text with claims of the same names, fewer of them, and no gaps.
        let body = EXAMPLE.lines().skip_while(|l| l.starts_with('#')).collect::<Vec<_>>().join("\n");
        let other = format!("# My notes on StatefulSets\n{}\n", body.split("  steps:").next().expect("steps"));
        let pasted = reduce(reduce(s, Action::Edit(other)), Action::Simulate);
        let mut now: Vec<usize> = columns(&pasted).into_iter().flatten().collect();
        now.sort_unstable();
        assert_eq!(now, [0, 1, 2], "three claims side by side");
    }

    #[test]
    fn a_step_that_cannot_happen_is_a_warning_at_its_line() {
        let text = EXAMPLE.replace("deletePod: web-1", "deletePod: web-9");
        let s = AppState::new(&text);
        let line = text.lines().position(|l| l.contains("web-9")).expect("line") as u32 + 1;
        assert!(s.diagnostics.iter().any(|d| d.source.line == line && d.message.contains("not found")), "{:?}", s.diagnostics);
    }
}
