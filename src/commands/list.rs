//! `mend list`: the talk-tracks in the library, as a table or JSON.

use crate::cli::ListFormat;
use crate::content::talk_track::Variable;
use crate::error::{Error, Outcome};
use crate::format::inert;
use crate::library::Library;
use crate::{diagnostic, output};
use serde::Serialize;

/// One listed track, borrowing from the parsed front matter.
#[derive(Debug, Serialize)]
struct Row<'a> {
    name: &'a str,
    title: &'a str,
    situation: &'a str,
    summary: &'a str,
    source: String,
    variables: &'a [Variable],
}

pub fn run(library: &Library, situation: Option<String>, format: ListFormat, color: bool) -> Result<Outcome, Error> {
    let index = library.track_index()?;
    if let Some(id) = &situation {
        let situations = library.situations()?;
        if !situations.iter().any(|s| &s.id == id) {
            return Err(Error::usage_hint(
                format!("there is no situation `{id}`"),
                diagnostic::did_you_mean(id, situations.iter().map(|s| s.id.as_str())).or_else(|| {
                    Some(format!(
                        "situations: {}",
                        situations.iter().map(|s| s.id.as_str()).collect::<Vec<_>>().join(", ")
                    ))
                }),
            ));
        }
    }
    let mut fronts = Vec::new();
    for name in index.names() {
        let (front, origin) = library.track_front(&index, name)?;
        if situation.as_ref().is_none_or(|s| *s == front.situation) {
            fronts.push((name, front, origin));
        }
    }
    let mut rows: Vec<Row> = fronts
        .iter()
        .map(|(name, front, origin)| Row {
            name,
            title: &front.title,
            situation: &front.situation,
            summary: &front.summary,
            source: origin.to_string(),
            variables: &front.variables,
        })
        .collect();
    rows.sort_by(|a, b| a.situation.cmp(b.situation).then(a.name.cmp(b.name)));
    let text = match format {
        ListFormat::Json => crate::format::json(&rows)?,
        ListFormat::Text => table(&rows, color),
    };
    output::stdout(&text)?;
    Ok(Outcome::Clean)
}

fn table(rows: &[Row], color: bool) -> String {
    let name_w = rows.iter().map(|r| r.name.len()).max().unwrap_or(4).max(4);
    let sit_w = rows.iter().map(|r| r.situation.len()).max().unwrap_or(9).max(9);
    let bold = console::Style::new().bold().force_styling(color);
    let mut out = format!("{}\n", bold.apply_to(format!("{:<name_w$}  {:<sit_w$}  TITLE", "NAME", "SITUATION")));
    for r in rows {
        // Names and situations are plain identifiers; the title is the library's own text.
        out.push_str(&format!("{:<name_w$}  {:<sit_w$}  {}\n", r.name, r.situation, inert::line(r.title)));
    }
    out
}
