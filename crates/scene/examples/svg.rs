//! `cargo run -p scene --example svg -- FILE.yaml [T_MS]`: the picture at a time, as SVG.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(file) = args.first() else {
        eprintln!("usage: svg FILE.yaml [T_MS]");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| {
        eprintln!("{file}: {e}");
        std::process::exit(1)
    });
    let m = manifest::read(&[manifest::Input { file, text: &text }]);
    for d in &m.diagnostics {
        eprintln!("{d}");
    }
    let timeline = engine::simulate(&engine::Input {
        objects: m.objects.into_iter().map(|p| p.object).collect(),
        scenario: m.scenario,
        seed: 0,
        until: None,
    });
    let t = args.get(1).and_then(|t| t.parse().ok()).unwrap_or(timeline.end_ms());
    let layout = scene::Layout::new(timeline.records(), None);
    let picture = scene::build(&timeline.state_at(t), &layout, &scene::Options::default());
    println!("{}", scene::svg::render(&picture));
}
