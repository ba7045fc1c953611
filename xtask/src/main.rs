//! `cargo xtask <command>`: the project's automation, in Rust so it runs wherever cargo does.
//!
//! - `run`: the product on its built-in example (`examples/web.yaml`).
//! - `test`: everything CI checks, installing what is missing first.
//! - `bench`: the simulation benchmark (numbers, not pass/fail).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

const USAGE: &str = "usage: cargo xtask <run|test|bench> [ARGS...]
  run [ARGS...]   run the CLI on the built-in example (extra ARGS go to `ordinal run`)
  test            set up what is missing, then build for wasm32, lint and run every test
  bench           run the simulation benchmark (100, 1,000, 10,000 replicas)";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = project_root();
    std::env::set_current_dir(&root)?;
    match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("test") => test(),
        Some("bench") => bench(),
        Some("-h" | "--help") | None => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => bail!("unknown command {other:?}\n{USAGE}"),
    }
}

fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// Runs a command, echoing it, and fails if it fails.
fn cmd(program: &str, args: &[&str]) -> Result<()> {
    eprintln!("$ {program} {}", args.join(" "));
    let status = Command::new(program).args(args).status().with_context(|| format!("could not start {program}"))?;
    if !status.success() {
        bail!("`{program} {}` failed ({status})", args.join(" "));
    }
    Ok(())
}

fn output(program: &str, args: &[&str]) -> Result<String> {
    let out = Command::new(program).args(args).output().with_context(|| format!("could not start {program}"))?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn run(extra: &[String]) -> Result<()> {
    let mut args = vec!["run", "--quiet", "--package", "ordinal", "--", "run"];
    args.extend(extra.iter().map(String::as_str));
    args.push("examples/web.yaml");
    cmd("cargo", &args)
}

/// Idempotent set-up: each step checks before it installs.
fn setup() -> Result<()> {
    let targets = output("rustup", &["target", "list", "--installed"])?;
    if !targets.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        cmd("rustup", &["target", "add", "wasm32-unknown-unknown"])?;
    }
    let components = output("rustup", &["component", "list", "--installed"])?;
    if !components.lines().any(|l| l.starts_with("clippy")) {
        cmd("rustup", &["component", "add", "clippy"])?;
    }
    Ok(())
}

fn test() -> Result<()> {
    setup()?;
    // The pure crates must build for the browser.
    cmd("cargo", &["build", "--package", "manifest", "--package", "engine", "--target", "wasm32-unknown-unknown"])?;
    cmd("cargo", &["clippy", "--workspace", "--all-targets", "--quiet", "--", "--deny", "warnings"])?;
    test_and_count(&["test", "--workspace"])
}

/// Runs `cargo test`, echoing its output, and closes with one line totalling every test binary's
/// results (`tests: N passed, M failed`), so a reader of the log needs no other line.
fn test_and_count(args: &[&str]) -> Result<()> {
    use std::io::{BufRead, BufReader};
    eprintln!("$ cargo {}", args.join(" "));
    let mut child = Command::new("cargo")
        .args(args)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .context("could not start cargo")?;
    let (mut passed, mut failed) = (0u64, 0u64);
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines() {
            let line = line?;
            println!("{line}");
            if let Some(rest) = line.strip_prefix("test result: ") {
                let count = |word: &str| {
                    rest.split(';')
                        .find_map(|part| part.trim().strip_suffix(word)?.trim().rsplit(' ').next()?.parse::<u64>().ok())
                        .unwrap_or(0)
                };
                passed += count("passed");
                failed += count("failed");
            }
        }
    }
    let status = child.wait()?;
    println!("tests: {passed} passed, {failed} failed");
    if !status.success() {
        bail!("`cargo {}` failed ({status})", args.join(" "));
    }
    if passed == 0 {
        bail!("no test ran");
    }
    Ok(())
}

fn bench() -> Result<()> {
    cmd("cargo", &["bench", "--package", "engine", "--bench", "scale"])
}
