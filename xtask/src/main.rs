//! `cargo xtask <command>`: the project's automation, in Rust so it runs wherever cargo does.
//!
//! - `run`: the page on its built-in example (`examples/web.yaml`), served on 127.0.0.1.
//! - `cli`: the `ordinal` command on the built-in example.
//! - `test`: everything CI checks, installing what is missing first.
//! - `bench`: the simulation benchmark (numbers, not pass/fail).
//! - `bench-web`: the page's download size, first frame and frame times in headless Chromium.
//! - `dist`: the static folder for hosting, and single-file HTML players for offline slides.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

const USAGE: &str = "usage: cargo xtask <run|cli|test|bench|bench-web|dist> [ARGS...]
  run             set up what is missing, then serve the page on http://127.0.0.1:8080/
  cli [ARGS...]   run the CLI on the built-in example (extra ARGS go to `ordinal run`)
  test            set up what is missing, then build for wasm32, lint, run every test and the
                  browser tests (headless Chromium)
  bench           run the simulation benchmark (100, 1,000, 10,000 replicas) and the
                  picture's (scene builds at 300, 3,000, 20,000 pods)
  bench-web       the page's gzip size, time to first frame, frame times at 300 pods
  dist [FILE...]  build dist/ (the page, the embed script, the player's files, and
                  ordinal.offline.js: the embed script with its WebAssembly inside, for pages opened
                  from disk) and, for each YAML FILE (default: examples/web.yaml),
                  dist/NAME.offline.html: one self-contained file that plays offline";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = project_root();
    std::env::set_current_dir(&root)?;
    match args.first().map(String::as_str) {
        Some("run") => serve(),
        Some("cli") => run(&args[1..]),
        Some("test") => test(),
        Some("bench") => bench(),
        Some("bench-web") => bench_web(),
        Some("dist") => dist(&args[1..]),
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
    for component in ["clippy", "rust-src"] {
        if !components.lines().any(|l| l.starts_with(component)) {
            cmd("rustup", &["component", "add", component])?;
        }
    }
    Ok(())
}

fn test() -> Result<()> {
    setup()?;
    setup_web()?;
    // The pure crates must build for the browser.
    cmd(
        "cargo",
        &["build", "--package", "manifest", "--package", "engine", "--package", "scene", "--target", "wasm32-unknown-unknown"],
    )?;
    cmd("cargo", &["clippy", "--workspace", "--all-targets", "--quiet", "--", "--deny", "warnings"])?;
    let (mut passed, mut failed, mut result) = test_and_count(&["test", "--workspace"]);
    // The page, the embed and the offline file, built as they ship, and driven in headless Chromium.
    let browser = trunk(&["build", "--release"])
        .and_then(|()| Built::read())
        .and_then(|built| offline_script(&built).and_then(|_| offline(&built, Path::new("examples/web.yaml"))))
        .and_then(|_| node_count(&["crates/web/browser/test.mjs"]))
        .and_then(|(p, f)| node_count(&["crates/web/browser/embed.mjs"]).map(|(p2, f2)| (p + p2, f + f2)));
    match browser {
        Ok((p, f)) => {
            passed += p;
            failed += f;
            if f > 0 && result.is_ok() {
                result = Err(anyhow::anyhow!("{f} browser tests failed"));
            }
        }
        Err(e) => {
            failed += 1;
            if result.is_ok() {
                result = Err(e);
            }
        }
    }
    println!("tests: {passed} passed, {failed} failed");
    result?;
    if passed == 0 {
        bail!("no test ran");
    }
    Ok(())
}

/// The page's tools, each checked before it is installed: wasm-bindgen-cli matching the pinned
/// crate, Trunk, wasm-opt (npm `binaryen`), playwright-core and reveal.js in `.tools/`, and Chromium.
fn setup_web() -> Result<()> {
    let version = |program: &str| output(program, &["--version"]).unwrap_or_default();
    if !version("wasm-bindgen").contains(WASM_BINDGEN) {
        cmd("cargo", &["install", "wasm-bindgen-cli", "--version", &format!("={WASM_BINDGEN}")])?;
    }
    if !version("trunk").contains(TRUNK) {
        cmd("cargo", &["install", "--locked", "trunk", "--version", TRUNK])?;
    }
    if Command::new("npm").arg("--version").output().is_err() {
        apt_install(&["nodejs", "npm"])?;
    }
    let wasm_opt = Path::new(".tools/node_modules/.bin/wasm-opt");
    let wasm_opt_ok = output(&wasm_opt.to_string_lossy(), &["--version"]).unwrap_or_default().contains("version 132");
    let installed = |package: &str, version: &str| {
        std::fs::read_to_string(format!(".tools/node_modules/{package}/package.json"))
            .is_ok_and(|json| json.contains(&format!("\"version\": \"{version}\"")))
    };
    if !wasm_opt_ok || !installed("playwright-core", PLAYWRIGHT) || !installed("reveal.js", REVEAL) {
        cmd("npm", &["ci", "--prefix", ".tools", "--no-audit", "--no-fund"])?;
    }
    if !Path::new(CHROMIUM).exists() || !Path::new("/usr/bin/chromedriver").exists() {
        apt_install(&["chromium", "chromium-driver"])?;
    }
    Ok(())
}

const WASM_BINDGEN: &str = "0.2.130";
const TRUNK: &str = "0.21.14";
const PLAYWRIGHT: &str = "1.65.1";
/// For the slide-deck test (.tools/package.json pins the same versions).
const REVEAL: &str = "6.0.2";
const CHROMIUM: &str = "/usr/bin/chromium";

fn apt_install(packages: &[&str]) -> Result<()> {
    cmd("apt-get", &["update"])?;
    let mut args = vec!["install", "-y", "--no-install-recommends"];
    args.extend_from_slice(packages);
    cmd("apt-get", &args)
}

/// PATH with the project's npm tools first, so Trunk finds wasm-opt 132 there.
fn tools_path() -> String {
    let tools = project_root().join(".tools/node_modules/.bin");
    format!("{}:{}", tools.display(), std::env::var("PATH").unwrap_or_default())
}

fn trunk(args: &[&str]) -> Result<()> {
    let mut trunk = Command::new("trunk");
    trunk.args(args).env("PATH", tools_path()).env("NO_COLOR", "true");
    let env = if args.contains(&"--release") && rebuild_std(&mut trunk) {
        REBUILD_STD.iter().map(|(k, v)| if v.contains(' ') { format!("{k}='{v}' ") } else { format!("{k}={v} ") }).collect()
    } else {
        String::new()
    };
    eprintln!("$ {env}trunk {}", args.join(" "));
    let status = trunk.status().context("could not start trunk")?;
    if !status.success() {
        bail!("`trunk {}` failed ({status})", args.join(" "));
    }
    Ok(())
}

/// Runs a browser script with node, echoing it; reads its closing `browser: N passed, M failed`.
fn node_count(args: &[&str]) -> Result<(u64, u64)> {
    use std::io::{BufRead, BufReader};
    eprintln!("$ node {}", args.join(" "));
    let mut child = Command::new("node")
        .args(args)
        .env("NODE_PATH", project_root().join(".tools/node_modules"))
        .env("CHROMIUM", CHROMIUM)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .context("could not start node")?;
    let mut counts = None;
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines() {
            let line = line?;
            println!("{line}");
            if let Some(rest) = line.strip_prefix("browser: ") {
                let n = |word: &str| rest.split(", ").find_map(|p| p.strip_suffix(word)?.trim().parse::<u64>().ok());
                counts = n(" passed").zip(n(" failed"));
            }
        }
    }
    let status = child.wait()?;
    match counts {
        Some(c) => Ok(c),
        None => bail!("`node {}` ended without a result ({status})", args.join(" ")),
    }
}

/// `cargo xtask run`: the page, served locally, rebuilt on change.
fn serve() -> Result<()> {
    setup()?;
    setup_web()?;
    println!("Ordinal: open http://127.0.0.1:8080/ (Ctrl-C stops)");
    trunk(&["serve", "--address", "127.0.0.1", "--port", "8080"])
}

fn bench_web() -> Result<()> {
    setup()?;
    setup_web()?;
    trunk(&["build", "--release"])?;
    eprintln!("$ node crates/web/browser/bench.mjs");
    let status = Command::new("node")
        .arg("crates/web/browser/bench.mjs")
        .env("NODE_PATH", project_root().join(".tools/node_modules"))
        .env("CHROMIUM", CHROMIUM)
        .status()
        .context("could not start node")?;
    if !status.success() {
        bail!("the page benchmark failed ({status})");
    }
    Ok(())
}

/// How the page is built to ship: the standard library compiled again with it (`-Zbuild-std`),
/// at the page's own `opt-level = "z"`, with a panic compiled straight to a trap
/// (`-Cpanic=immediate-abort`). In the browser a panic has only ever been that trap (the
/// WebAssembly target has no stderr for the message), so nothing a user sees changes, and the
/// machinery that formats panic messages leaves the download: 28 KB gzip less (−7%); its
/// `optimize_for_size` feature (smaller sorts and integer printing, same results) 6.8 KB more. All are
/// unstable options of the stable compiler, opened for this build alone by `RUSTC_BOOTSTRAP`.
/// A compiler older than 1.92 (no `immediate-abort`) or without its `rust-src` component builds
/// the page as `trunk build --release` alone does, saying so.
fn rebuild_std(command: &mut Command) -> bool {
    let version = output("rustc", &["--version"]).unwrap_or_default();
    let minor = version.split(['.', ' ']).nth(2).and_then(|m| m.parse::<u32>().ok()).unwrap_or(0);
    let sysroot = output("rustc", &["--print", "sysroot"]).unwrap_or_default();
    let library = Path::new(sysroot.trim()).join("lib/rustlib/src/rust/library");
    let fallback = |why: &str| {
        eprintln!("note: {}: {why}; the page is built with the prebuilt standard library, about 28 KB gzip larger", version.trim());
        false
    };
    if minor < 92 || !library.join("Cargo.lock").exists() {
        return fallback("rebuilding the standard library needs 1.92 and rust-src");
    }
    // Trunk runs cargo offline: the standard library's own dependencies must be fetched first.
    let fetched = Command::new("cargo")
        .args(["fetch", "--quiet", "--manifest-path"])
        .arg(library.join("Cargo.toml"))
        .env("RUSTC_BOOTSTRAP", "1")
        .status()
        .is_ok_and(|s| s.success());
    if !fetched {
        return fallback("the standard library's dependencies could not be fetched");
    }
    command.envs(REBUILD_STD);
    true
}

const REBUILD_STD: [(&str, &str); 4] = [
    ("RUSTC_BOOTSTRAP", "1"),
    ("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort"),
    // The standard library's own smaller algorithms (sorts, integer printing): same results.
    ("CARGO_UNSTABLE_BUILD_STD_FEATURES", "optimize_for_size"),
    ("RUSTFLAGS", "-Zunstable-options -Cpanic=immediate-abort"),
];

/// Runs `cargo test`, echoing its output, and totals every test binary's results (the caller
/// closes with `tests: N passed, M failed`, so a reader of the log needs no other line).
fn test_and_count(args: &[&str]) -> (u64, u64, Result<()>) {
    let mut counts = (0, 0);
    let result = test_and_count_into(args, &mut counts);
    (counts.0, counts.1, result)
}

fn test_and_count_into(args: &[&str], counts: &mut (u64, u64)) -> Result<()> {
    use std::io::{BufRead, BufReader};
    eprintln!("$ cargo {}", args.join(" "));
    let mut child = Command::new("cargo")
        .args(args)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .context("could not start cargo")?;
    let (passed, failed) = (&mut counts.0, &mut counts.1);
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
                *passed += count("passed");
                *failed += count("failed");
            }
        }
    }
    let status = child.wait()?;
    if !status.success() {
        bail!("`cargo {}` failed ({status})", args.join(" "));
    }
    Ok(())
}

/// `cargo xtask bench`: the engine's benchmark, with valgrind (Debian's) for its instruction counts.
fn bench() -> Result<()> {
    if Command::new("valgrind").arg("--version").output().is_err() {
        apt_install(&["valgrind"])?;
    }
    cmd("cargo", &["bench", "--package", "engine", "--bench", "scale"])?;
    cmd("cargo", &["bench", "--package", "scene", "--bench", "build"])
}

/// `cargo xtask dist`: the static folder with `ordinal.offline.js`, then one offline file per
/// scenario.
fn dist(files: &[String]) -> Result<()> {
    setup()?;
    setup_web()?;
    trunk(&["build", "--release"])?;
    let built = Built::read()?;
    let script = offline_script(&built)?;
    println!("{} ({} KB): the embed script with its WebAssembly, for pages opened from disk", script.display(), size_kb(&script)?);
    let default = ["examples/web.yaml".to_owned()];
    for file in if files.is_empty() { &default[..] } else { files } {
        let out = offline(&built, Path::new(file))?;
        println!("{file} -> {} ({} KB)", out.display(), size_kb(&out)?);
    }
    println!("dist/ is ready to host as it is (index.html: the page; embed.html: players in a document)");
    Ok(())
}

fn size_kb(path: &Path) -> Result<u64> {
    Ok(std::fs::metadata(path)?.len() / 1024)
}

/// The player's three built files, as `share::single_file` takes them.
struct Built {
    glue: String,
    loader: String,
    wasm: Vec<u8>,
}

impl Built {
    fn read() -> Result<Built> {
        let read = |p: &str| std::fs::read_to_string(p).with_context(|| format!("reading {p} (is dist/ built?)"));
        let wasm = std::fs::read("dist/web_bg.wasm").context("reading dist/web_bg.wasm")?;
        Ok(Built { glue: read("dist/web.js")?, loader: read("dist/ordinal.js")?, wasm })
    }

    fn parts(&self) -> share::single_file::Parts<'_> {
        share::single_file::Parts { glue: &self.glue, loader: &self.loader, wasm: &self.wasm }
    }
}

/// Writes `dist/ordinal.offline.js`: glue, WebAssembly and loader in one classic script.
fn offline_script(built: &Built) -> Result<PathBuf> {
    let script = share::single_file::script(&built.parts()).map_err(|e| anyhow::anyhow!(e))?;
    let out = PathBuf::from("dist/ordinal.offline.js");
    std::fs::write(&out, script)?;
    Ok(out)
}

/// Writes `dist/STEM.offline.html`: the player, its WebAssembly and the scenario in one file.
fn offline(built: &Built, file: &Path) -> Result<PathBuf> {
    let text = std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("scenario");
    let title = format!("{stem} — Ordinal");
    let page = share::single_file::Page { title: &title, text: &text, options: &[("controls", "full"), ("height", "100%")] };
    let html = share::single_file::html(&built.parts(), &page).map_err(|e| anyhow::anyhow!(e))?;
    let out = PathBuf::from(format!("dist/{stem}.offline.html"));
    std::fs::write(&out, html)?;
    Ok(out)
}
