//! `run --format text`: the timeline as `kubectl get pods,pvc,pv,nodes,sts -w
//! --output-watch-events` would print it (lines from [`engine::printer`]), with Events and a time
//! column. Columns are aligned over the whole run, per kind.

use std::collections::BTreeMap;
use std::io::{self, Write};

use engine::printer::{clock, watch_line};
use engine::view::Record;

pub(crate) fn write(out: &mut impl Write, records: &[Record]) -> io::Result<()> {
    let rows: Vec<(String, engine::printer::WatchLine)> =
        records.iter().filter_map(|r| watch_line(r).map(|l| (clock(l.t_ms), l))).collect();
    let mut widths = [4usize, 8, 0];
    // Per kind, and for all Events together, the width of each column after NAME.
    let group = |l: &engine::printer::WatchLine| if l.event == "EVENT" { "EVENT" } else { l.resource };
    let mut kind_widths: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (time, line) in &rows {
        widths[0] = widths[0].max(time.len());
        widths[1] = widths[1].max(line.event.len());
        widths[2] = widths[2].max(line.object.chars().count());
        let w = kind_widths.entry(group(line)).or_default();
        for (i, c) in line.cells.iter().enumerate() {
            if w.len() <= i {
                w.push(0);
            }
            w[i] = w[i].max(c.chars().count());
        }
    }
    let [w0, w1, w2] = widths;
    writeln!(out, "{:<w0$}  {:<w1$}  {:<w2$}  DETAILS", "TIME", "EVENT", "OBJECT")?;
    for (time, line) in &rows {
        let mut text = format!("{time:>w0$}  {:<w1$}  {:<w2$}", line.event, line.object);
        let w = &kind_widths[group(line)];
        for (i, c) in line.cells.iter().enumerate() {
            text.push_str("  ");
            text.push_str(c);
            if i + 1 < line.cells.len() {
                text.extend(std::iter::repeat_n(' ', w[i].saturating_sub(c.chars().count())));
            }
        }
        writeln!(out, "{}", text.trim_end())?;
    }
    Ok(())
}
