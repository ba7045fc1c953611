//! Golden traces: each scenario in `tests/scenarios/` printed as `ordinal run` prints it, compared
//! with the `.trace` file beside it. `UPDATE_EXPECT=1 cargo test -p ordinal-tests traces` rewrites
//! them; review the diff as you would a change in behaviour, because it is one.

use crate::repo_root;

fn run_cli(args: &[&str]) -> (u8, String, String) {
    let argv: Vec<String> = args.iter().map(|s| (*s).to_owned()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = ordinal::run(&argv, &mut std::io::empty(), &mut out, &mut err);
    (code, String::from_utf8_lossy(&out).into_owned(), String::from_utf8_lossy(&err).into_owned())
}

fn scenario_files() -> Vec<std::path::PathBuf> {
    let dir = repo_root().join("tests/scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/scenarios")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_scenario_matches_its_trace() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut mismatches = Vec::new();
    for path in scenario_files() {
        let file = path.to_string_lossy().into_owned();
        let (code, out, err) = run_cli(&["run", "--check", &file]);
        assert_eq!(code, 0, "{file}: exit {code}\n{err}");
        let trace = path.with_extension("trace");
        if update {
            std::fs::write(&trace, &out).expect("write trace");
            continue;
        }
        let expected = std::fs::read_to_string(&trace).unwrap_or_default();
        if expected != out {
            let first = expected.lines().zip(out.lines()).position(|(a, b)| a != b).unwrap_or(expected.lines().count().min(out.lines().count()));
            mismatches.push(format!(
                "{}: differs from line {}\n  expected: {}\n  actual:   {}",
                trace.display(),
                first + 1,
                expected.lines().nth(first).unwrap_or("<end>"),
                out.lines().nth(first).unwrap_or("<end>")
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}\n(UPDATE_EXPECT=1 rewrites the traces)", mismatches.join("\n"));
}

#[test]
fn same_input_and_seed_give_identical_bytes() {
    for path in scenario_files() {
        let file = path.to_string_lossy().into_owned();
        for seed in ["0", "7"] {
            let a = run_cli(&["run", "--format", "jsonl", "--seed", seed, &file]);
            let b = run_cli(&["run", "--format", "jsonl", "--seed", seed, &file]);
            assert_eq!(a, b, "{file} seed {seed}");
            assert!(!a.1.is_empty());
        }
    }
}

#[test]
fn the_built_in_example_runs_and_checks() {
    let example = repo_root().join("examples/web.yaml");
    let (code, out, err) = run_cli(&["run", "--check", &example.to_string_lossy()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("pod/web-4"), "{out}");
    assert!(err.is_empty(), "{err}");
}
