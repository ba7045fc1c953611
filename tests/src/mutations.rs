//! The scenarios and the example, damaged at random: a word replaced by a hostile or extreme
//! value, a line repeated, dropped, re-indented or cut short. Whatever the text, reading never
//! panics, every diagnostic points inside the text, and what can be run passes the checker and
//! ends. A failure prints the damaged text; `ORDINAL_CASES=N` runs more cases.

use crate::properties::Gen;
use crate::repo_root;

/// What a word may become: numbers at and past every limit, YAML's special values, names of
/// things that do or do not exist, and text no field expects.
const WORDS: &[&str] = &[
    "-1", "0", "1", "3", "2147483648", "9223372036854775807", "99999999999999999999", "1e400", "0.5",
    ".nan", "~", "null", "true", "[]", "{}", "''", "&a", "*a", "!!binary", "é", "\u{202e}x", "<b>", "a\u{2028}b", "\u{85}",
    "web", "web-0", "web-7", "node-1", "node-9", "www-web-0", "nginx", "Parallel", "OrderedReady",
    "WaitForFirstConsumer", "Immediate", "Retain", "Delete", "OnDelete", "ReadWriteOncePod",
    "ReadWriteMany", "0Gi", "1Ei", "0s", "10000h", "10001h", "1ms", "NoExecute", "local",
    "StatefulSet", "Scenario", "Deployment",
];

fn damaged(g: &mut Gen, text: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    for _ in 0..1 + g.below(3) {
        let i = g.below(lines.len() as u64) as usize;
        match g.below(12) {
            0 => lines.insert(i, lines[i].clone()),
            1 => drop(lines.remove(i)),
            2 => lines[i].insert_str(0, "  "),
            3 => lines[i] = lines[i].chars().take(g.below(40) as usize).collect(),
            _ => {
                // Mostly values, so that many texts still run; sometimes keys.
                let from = if g.below(4) == 0 { 0 } else { lines[i].find(": ").map_or(lines[i].len(), |c| c + 2) };
                let words: Vec<(usize, usize)> = word_spans(&lines[i]).into_iter().filter(|w| w.0 >= from).collect();
                if let Some(&(start, end)) = words.get(g.below(words.len().max(1) as u64) as usize) {
                    lines[i].replace_range(start..end, g.pick(WORDS));
                }
            }
        }
        if lines.is_empty() {
            break;
        }
    }
    let mut out = lines.join("\n");
    if g.below(2) == 0 {
        out.push('\n');
    }
    out
}

/// The byte ranges of a line's words: names, numbers and durations.
fn word_spans(line: &str) -> Vec<(usize, usize)> {
    let is_word = |c: char| c.is_alphanumeric() || matches!(c, '-' | '.' | '/');
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices().chain([(line.len(), ' ')]) {
        match (start, is_word(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                spans.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    spans
}

#[test]
fn damaged_inputs_are_answered_at_their_lines_and_runs_stay_faithful() {
    let cases: u64 = std::env::var("ORDINAL_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(1000);
    let root = repo_root();
    let mut texts = vec![std::fs::read_to_string(root.join("examples/web.yaml")).expect("the example")];
    let mut names: Vec<_> = std::fs::read_dir(root.join("tests/scenarios")).expect("tests/scenarios").flatten().map(|e| e.path()).collect();
    names.sort();
    texts.extend(names.iter().filter(|p| p.extension().is_some_and(|e| e == "yaml")).map(|p| std::fs::read_to_string(p).expect("a scenario")));
    let (mut refused, mut ran) = (0, 0);
    for seed in 0..cases {
        let mut g = Gen(seed);
        let original = &texts[g.below(texts.len() as u64) as usize];
        let text = damaged(&mut g, original);
        let m = manifest::read(&[manifest::Input { file: "case.yaml", text: &text }]);
        let lines: Vec<&str> = text.split('\n').collect();
        for d in &m.diagnostics {
            let line = lines.get((d.source.line as usize).wrapping_sub(1));
            let width = line.map_or(0, |l| l.chars().count() + 1);
            assert!(d.source.column >= 1 && (d.source.column as usize) <= width, "case {seed}: {d} is outside the text:\n{text}");
        }
        if m.has_errors() {
            refused += 1;
            continue;
        }
        ran += 1;
        let input = engine::Input { objects: m.objects.into_iter().map(|p| p.object).collect(), scenario: m.scenario, seed, until: None };
        let timeline = engine::simulate(&input);
        if let Err(v) = engine::check::check(&input, &timeline) {
            panic!("case {seed}: invariant broken {v}\n{text}");
        }
        assert!(!timeline.was_cut(), "case {seed} did not end:\n{text}");
    }
    // The damage is mild enough that some texts still run, and real enough that many do not.
    assert!(cases < 100 || (ran * 5 > cases && refused * 2 > cases), "{ran} ran and {refused} were refused of {cases}");
}
