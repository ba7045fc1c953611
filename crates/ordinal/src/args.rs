//! The command line, read by hand: two subcommands and a handful of flags do not earn a parser
//! dependency.

use manifest::Duration;

pub(crate) const USAGE: &str = "\
Usage:
  ordinal run [--format text|jsonl] [--until DURATION] [--seed N] [--check] FILE...
  ordinal state --at DURATION [--seed N] FILE...

Reads Kubernetes manifests and an Ordinal Scenario (multi-document YAML; FILE `-` is standard
input) and simulates what the cluster's controllers do.

  run     prints every change as `kubectl get pods,pvc,pv -w` would, with Kubernetes Events;
          `--format jsonl` prints one JSON object per line. Runs until nothing more happens
          after the last step, or until --until.
  state   prints the state at a time as one JSON object, with the headless Services' DNS records.

Options:
  --format text|jsonl   output of `run` (default: text)
  --until DURATION      stop the run at this simulated time
  --at DURATION         the time `state` reports
  --seed N              seed of the simulation's random choices (default: 0)
  --check               also check the StatefulSet and storage invariants; exit 3 if one breaks
  -h, --help            this text
  -V, --version         the version

DURATION: 1500ms, 90s, 5m, 1h30m, or seconds; at most 10000h.
Exit status: 0 success (warnings on stderr), 1 input errors (FILE:LINE:COL: error: MESSAGE),
2 usage errors, 3 a broken invariant (--check).
";

pub(crate) enum Command {
    Help,
    Version,
    Run(Options),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    Text,
    Jsonl,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    Run,
    State { at: u64 },
}

#[derive(Debug)]
pub(crate) struct Options {
    pub(crate) command: Mode,
    pub(crate) format: Format,
    pub(crate) until: Option<u64>,
    pub(crate) seed: u64,
    pub(crate) check: bool,
    pub(crate) files: Vec<String>,
}

pub(crate) fn parse(argv: &[String]) -> Result<Command, String> {
    let mut it = argv.iter();
    let sub = match it.next().map(String::as_str) {
        None => return Err("missing command: `run` or `state`".into()),
        Some("-h" | "--help" | "help") => return Ok(Command::Help),
        Some("-V" | "--version") => return Ok(Command::Version),
        Some(s @ ("run" | "state")) => s,
        Some(other) => return Err(format!("unknown command {other:?}: expected `run` or `state`")),
    };
    let mut format = None;
    let mut until = None;
    let mut at = None;
    let mut seed = 0;
    let mut check = false;
    let mut files = Vec::new();
    let duration = |flag: &str, v: Option<&String>| -> Result<u64, String> {
        let v = v.ok_or_else(|| format!("{flag} needs a DURATION"))?;
        Duration::parse(v).map(Duration::ms).map_err(|e| format!("{flag}: {e}"))
    };
    let mut only_files = false;
    while let Some(arg) = it.next() {
        if only_files || arg == "-" || !arg.starts_with('-') {
            files.push(arg.clone());
            continue;
        }
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) => (f, Some(v.to_owned())),
            None => (arg.as_str(), None),
        };
        let mut value = || inline.clone().or_else(|| it.next().cloned());
        match flag {
            "--" => only_files = true,
            "-h" | "--help" => return Ok(Command::Help),
            "--format" => {
                format = Some(match value().as_deref() {
                    Some("text") => Format::Text,
                    Some("jsonl") => Format::Jsonl,
                    Some(other) => return Err(format!("--format: unknown format {other:?}: expected text or jsonl")),
                    None => return Err("--format needs text or jsonl".into()),
                })
            }
            "--until" => until = Some(duration("--until", value().as_ref())?),
            "--at" => at = Some(duration("--at", value().as_ref())?),
            "--seed" => {
                let v = value().ok_or("--seed needs a number")?;
                seed = v.parse().map_err(|_| format!("--seed: {v:?} is not a non-negative whole number"))?;
            }
            "--check" => check = true,
            _ => return Err(format!("unknown option {arg:?}")),
        }
    }
    if files.is_empty() {
        return Err("no FILE given (use - for standard input)".into());
    }
    let command = match sub {
        "state" => {
            if format.is_some() || until.is_some() {
                return Err("`state` takes --at, not --format or --until".into());
            }
            Mode::State { at: at.ok_or("`state` needs --at DURATION")? }
        }
        _ => {
            if at.is_some() {
                return Err("`run` takes --until, not --at".into());
            }
            Mode::Run
        }
    };
    Ok(Command::Run(Options { command, format: format.unwrap_or(Format::Text), until, seed, check, files }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn reads_run_and_state() {
        let Ok(Command::Run(o)) = parse(&args("run --format jsonl --until 5m --seed 7 a.yaml -")) else { panic!() };
        assert_eq!((o.format, o.until, o.seed, o.files.len()), (Format::Jsonl, Some(300_000), 7, 2));
        let Ok(Command::Run(o)) = parse(&args("state --at=1h30m x.yaml")) else { panic!() };
        assert_eq!(o.command, Mode::State { at: 5_400_000 });
    }

    #[test]
    fn rejects_misuse() {
        for bad in [
            "",
            "go x.yaml",
            "run",
            "run --format xml x",
            "run --until soon x",
            "state x.yaml",
            "state --at 5m --until 6m x",
            "run --at 5m x",
            "run --seed -1 x",
            "run --bogus x",
        ] {
            assert!(parse(&args(bad)).is_err(), "{bad:?} should be a usage error");
        }
    }
}
