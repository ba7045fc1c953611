//! The `ordinal` command: run a scenario and print what the cluster does, or its state at a time.
//! [`run`] is the whole command, with its streams passed in so tests can drive it in-process;
//! `main.rs` only hands it the process's.
//!
//! Exit codes: 0 success (warnings on stderr), 1 input errors (`FILE:LINE:COL: error: MESSAGE`),
//! 2 usage errors, 3 a broken invariant found by `--check`.

mod args;
pub mod text;

use std::io::{self, Read, Write};

use args::{Command, Format, Options};
use manifest::{Diagnostic, Input, Source};

/// Runs the command line `argv` (without the program name) and returns the exit code.
pub fn run(argv: &[String], stdin: &mut dyn Read, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    let options = match args::parse(argv) {
        Ok(Command::Help) => {
            return if write!(stdout, "{}", args::USAGE).is_ok() { 0 } else { 1 };
        }
        Ok(Command::Version) => {
            return if writeln!(stdout, "ordinal {}", env!("CARGO_PKG_VERSION")).is_ok() { 0 } else { 1 };
        }
        Ok(Command::Run(o)) => o,
        Err(message) => {
            let _ = writeln!(stderr, "ordinal: {message}\n\n{}", args::USAGE);
            return 2;
        }
    };
    match execute(&options, stdin, stdout, stderr) {
        Ok(code) => code,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            let _ = writeln!(stderr, "ordinal: {e}");
            1
        }
    }
}

/// The largest input read from one file or standard input.
const MAX_INPUT_BYTES: u64 = 16 << 20;

fn read_inputs(files: &[String], stdin: &mut dyn Read) -> Result<Vec<(String, String)>, String> {
    let mut texts = Vec::new();
    for file in files {
        let mut bytes = Vec::new();
        let result = if file == "-" {
            (&mut *stdin).take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes)
        } else {
            std::fs::File::open(file).and_then(|f| f.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes))
        };
        result.map_err(|e| format!("{file}: {e}"))?;
        if bytes.len() as u64 > MAX_INPUT_BYTES {
            return Err(format!("{file}: larger than {} MiB", MAX_INPUT_BYTES >> 20));
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            format!("{file}: not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to())
        })?;
        texts.push((if file == "-" { "<stdin>".to_owned() } else { file.clone() }, text));
    }
    Ok(texts)
}

fn execute(options: &Options, stdin: &mut dyn Read, stdout: &mut dyn Write, stderr: &mut dyn Write) -> io::Result<u8> {
    let texts = match read_inputs(&options.files, stdin) {
        Ok(t) => t,
        Err(message) => {
            writeln!(stderr, "ordinal: {message}")?;
            return Ok(1);
        }
    };
    let inputs: Vec<Input<'_>> = texts.iter().map(|(file, text)| Input { file, text }).collect();
    let manifest = manifest::read(&inputs);
    for d in &manifest.diagnostics {
        writeln!(stderr, "{d}")?;
    }
    if manifest.has_errors() {
        return Ok(1);
    }

    let input = engine::Input {
        objects: manifest.objects.iter().map(|p| p.object.clone()).collect(),
        scenario: manifest.scenario.clone(),
        seed: options.seed,
        until: match options.command {
            args::Mode::State { at } => Some(at),
            args::Mode::Run => options.until,
        },
    };
    let timeline = engine::simulate(&input);

    let mut failed = false;
    for issue in timeline.issues() {
        let (source, error) = match (issue.step, issue.object) {
            (_, Some(i)) => (manifest.objects.get(i).map(|p| p.source.clone()), true),
            (Some(i), None) => (manifest.scenario.as_ref().and_then(|s| s.spec.steps.get(i)).map(|s| s.source.clone()), false),
            (None, None) => (None, false),
        };
        let source = source.unwrap_or_else(|| Source { file: texts.first().map(|t| t.0.clone()).unwrap_or_default(), line: 1, column: 1 });
        let message = if issue.step.is_some() {
            format!("at {}: {}", manifest::Duration(issue.t_ms), issue.message)
        } else {
            issue.message.clone()
        };
        let d = if error { Diagnostic::error(source, message) } else { Diagnostic::warning(source, message) };
        failed |= error;
        writeln!(stderr, "{d}")?;
    }
    if failed {
        return Ok(1);
    }
    if options.check {
        if let Err(v) = engine::check::check(&input, &timeline) {
            writeln!(stderr, "ordinal: invariant broken {v} (seed {})", options.seed)?;
            return Ok(3);
        }
    }

    let stdout = &mut io::BufWriter::new(stdout);
    match options.command {
        args::Mode::State { at } => {
            let state = timeline.state_at(at);
            serde_json::to_writer_pretty(&mut *stdout, &state.to_json_value())?;
            writeln!(stdout)?;
        }
        args::Mode::Run => match options.format {
            Format::Jsonl => {
                for record in timeline.records() {
                    serde_json::to_writer(&mut *stdout, record)?;
                    writeln!(stdout)?;
                }
            }
            Format::Text => text::write(stdout, timeline.records())?,
        },
    }
    stdout.flush()?;
    Ok(0)
}
