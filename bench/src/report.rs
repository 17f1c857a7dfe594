//! The rows of a run: printed as a table, written as JSON.

use std::path::Path;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::machine::Machine;

/// A performance target and whether this run met it.
#[derive(Clone, Debug, Serialize)]
pub struct Target {
    pub what: String,
    pub wanted: String,
    pub measured: String,
    pub met: bool,
}

/// One scenario's result.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub scenario: String,
    pub title: String,
    /// The figures in the order they are shown.
    #[serde(serialize_with = "as_object")]
    pub figures: Vec<(String, Value)>,
    pub targets: Vec<Target>,
}

fn as_object<S: serde::Serializer>(
    figures: &[(String, Value)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let map: Map<String, Value> = figures.iter().cloned().collect();
    map.serialize(serializer)
}

impl Row {
    pub fn new(scenario: &str, title: impl Into<String>) -> Self {
        Self {
            scenario: scenario.to_owned(),
            title: title.into(),
            figures: Vec::new(),
            targets: Vec::new(),
        }
    }

    pub fn figure(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.figures.push((name.to_owned(), value.into()));
        self
    }

    /// A target: `met` decides, `wanted` and `measured` explain.
    pub fn target(mut self, what: &str, wanted: &str, measured: String, met: bool) -> Self {
        self.targets.push(Target {
            what: what.to_owned(),
            wanted: wanted.to_owned(),
            measured,
            met,
        });
        self
    }

    /// The row as one line of text.
    pub fn line(&self) -> String {
        let figures: Vec<String> = self
            .figures
            .iter()
            .map(|(name, value)| format!("{name} {}", shown(value)))
            .collect();
        let targets: Vec<String> = self
            .targets
            .iter()
            .map(|t| {
                let mark = if t.met { "ok" } else { "MISSED" };
                format!("{} {} ({}): {mark}", t.what, t.wanted, t.measured)
            })
            .collect();
        let mut line = format!(
            "{:<3} {:<44} {}",
            self.scenario,
            self.title,
            figures.join(", ")
        );
        if !targets.is_empty() {
            line.push_str(&format!("\n    targets: {}", targets.join("; ")));
        }
        line
    }
}

/// Seconds, to the hundredth, for a figure.
pub fn secs(d: std::time::Duration) -> f64 {
    (d.as_secs_f64() * 100.0).round() / 100.0
}

/// KiB as MiB, to the tenth, for a figure.
pub fn mib(kib: u64) -> f64 {
    (kib as f64 / 1024.0 * 10.0).round() / 10.0
}

fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if f.fract() != 0.0 => format!("{f:.2}"),
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

#[derive(Serialize)]
pub struct Report {
    pub machine: Machine,
    pub rows: Vec<Row>,
}

impl Report {
    pub fn new(machine: Machine) -> Self {
        Self {
            machine,
            rows: Vec::new(),
        }
    }

    pub fn missed(&self) -> usize {
        self.rows
            .iter()
            .flat_map(|r| &r.targets)
            .filter(|t| !t.met)
            .count()
    }

    pub fn table(&self) -> String {
        let m = &self.machine;
        let mut out = format!(
            "papo benchmark on {} ({} cores, {} GiB, Linux {})\n",
            m.cpu, m.cores, m.memory_gib, m.kernel
        );
        for row in &self.rows {
            out.push_str(&row.line());
            out.push('\n');
        }
        out
    }

    pub fn write(&self, path: &Path) -> anyhow::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, serde_json::to_string_pretty(self)? + "\n")?;
        Ok(())
    }
}
