//! `mend rehearse [ID]`: practise a call against a scripted client, then read the debrief.
//!
//! Thin like every command: pick the rehearsal (the ID, the account's last diagnosis, or the
//! rep's choice on a terminal), fill its names through the value pipeline, play it with the
//! terminal front end or the `--replies` file, render the debrief, and with `--account` log it.

use crate::account::edit::{self, NewEvent};
use crate::cli::ListFormat;
use crate::config::rehearse::RehearseConfig;
use crate::error::{Error, Outcome};
use crate::format::{self, inert, Format, TextStyle};
use crate::library::{Index, Library};
use crate::output;
use crate::rehearsal::{self, Rehearsal, Rep, Replies, Session};
use crate::terminal::prompt::TerminalAsker;
use crate::terminal::rehearsal::TerminalRep;
use crate::values::{Asker, ValueSource, ValueStore};
use serde::Serialize;

/// One listed rehearsal.
#[derive(Debug, Serialize)]
struct Row {
    id: String,
    situation: String,
    title: String,
}

pub fn run(config: RehearseConfig, library: &Library) -> Result<Outcome, Error> {
    let index = library.rehearsal_index()?;
    if config.list {
        return list(library, &index, config.format, config.color);
    }
    let id = pick(&config, library, &index)?;
    let rehearsal = library.rehearsal(&index, &id)?;
    let declared: Vec<&str> = rehearsal.variables.iter().map(|v| v.name.as_str()).collect();
    config.values.check_names(&declared, &format!("rehearsal `{id}`"))?;
    let mut resolved = config.values.resolve(&rehearsal.variables)?;
    if config.interactive {
        let mut asker = TerminalAsker::new(config.prompts);
        resolved.ask_missing(&rehearsal.variables, Some(&mut asker as &mut dyn Asker))?;
    }
    let names = rehearsal::fill_names(&rehearsal, &resolved);
    let mut session = Session::new(&rehearsal, names)?;
    let mut unused = 0;
    if let Some((via, text)) = &config.replies {
        let mut replies = Replies::new(text, via.clone());
        rehearsal::play(&mut session, &mut replies)?;
        unused = replies.unused();
    } else if config.interactive {
        let mut rep = TerminalRep::new(config.prompts, session.speaker());
        rep.open(&rehearsal.title, &session.brief())?;
        rehearsal::play(&mut session, &mut rep as &mut dyn Rep)?;
    } else {
        return Err(Error::usage_hint(
            "mend rehearse needs a terminal to play the client on, or the replies in a file",
            Some(format!("run it on a terminal, or give `--replies FILE`: `mend rehearse {id} --replies replies.txt`")),
        ));
    }
    if unused > 0 {
        eprintln!("note: the call ended with {unused} replies of the file left over");
    }
    // The track's words with the same names, for the better wording and the next step.
    let index = library.track_index()?;
    let words = match library.track(&index, rehearsal.track()) {
        Ok(track) => {
            let mut values = ValueStore::default();
            values.add(ValueSource::Interview, "the rehearsal", resolved.values.clone().into_iter().collect());
            rehearsal::track_words(&track, &values)
        }
        Err(_) => rehearsal::TrackWords::default(),
    };
    let played = session.played(&words, !config.interactive);
    let style = TextStyle { width: config.width, color: config.color };
    let format = if config.format == ListFormat::Json { Format::Json } else { Format::Text };
    output::stdout(&format::render(&played, format, style)?)?;
    if let Some(link) = config.account.as_ref().filter(|l| l.record) {
        let note = format!("Rehearsed `{}` ({}): {}/100", rehearsal.id, rehearsal.title, played.score);
        let event = NewEvent { date: link.place.today, note: Some(note), done: None, diagnosis: None };
        let (path, _) = link.place.store.update(&link.name, |doc, _| {
            edit::add_event(doc, &event);
            Ok(())
        })?;
        eprintln!("{}", inert::line(&format!("Logged to `{}`: {}", link.name, path.display())));
    }
    Ok(Outcome::Clean)
}

/// The rehearsal to play: the ID given; else the one for the situation of the account's last
/// diagnosis; else, on a terminal, the rep's choice.
fn pick(config: &RehearseConfig, library: &Library, index: &Index) -> Result<String, Error> {
    if let Some(id) = &config.id {
        return Ok(id.clone());
    }
    let rows = rows(library, index)?;
    if let Some(link) = &config.account {
        let last = link.account.history.iter().rev().find_map(|e| e.diagnosis.as_ref());
        if let Some(diagnosis) = last {
            return match rows.iter().find(|r| r.situation == diagnosis.situation) {
                Some(row) => Ok(row.id.clone()),
                None => Err(Error::usage_hint(
                    format!(
                        "account `{}` was last diagnosed `{}`, and no rehearsal is for that situation",
                        link.name, diagnosis.situation
                    ),
                    Some("give an ID: `mend rehearse --list` shows them".into()),
                )),
            };
        }
        if !config.interactive {
            return Err(Error::usage_hint(
                format!("account `{}` has no diagnosis yet, so mend cannot tell which call to rehearse", link.name),
                Some(format!("run `mend diagnose --account {}` first, or give an ID", link.name)),
            ));
        }
    }
    if !config.interactive {
        return Err(Error::usage_hint("which rehearsal? give an ID", Some("`mend rehearse --list` shows them".into())));
    }
    let labels: Vec<String> = rows.iter().map(|r| format!("{} ({})", r.title, r.situation)).collect();
    let pick = crate::terminal::rehearsal::choose_one("Which call do you want to rehearse?", &labels, config.prompts)?;
    Ok(rows[pick].id.clone())
}

fn rows(library: &Library, index: &Index) -> Result<Vec<Row>, Error> {
    let mut rows = Vec::new();
    for id in index.names() {
        let r: Rehearsal = library.rehearsal(index, id)?;
        rows.push(Row { id: r.id.clone(), situation: r.situation().to_string(), title: r.title.clone() });
    }
    rows.sort_by(|a, b| a.situation.cmp(&b.situation).then(a.id.cmp(&b.id)));
    Ok(rows)
}

fn list(library: &Library, index: &Index, format: ListFormat, color: bool) -> Result<Outcome, Error> {
    let rows = rows(library, index)?;
    let text = match format {
        ListFormat::Json => format::json(&rows)?,
        ListFormat::Text => {
            let id_w = rows.iter().map(|r| r.id.len()).max().unwrap_or(2).max(2);
            let sit_w = rows.iter().map(|r| r.situation.len()).max().unwrap_or(9).max(9);
            let bold = console::Style::new().bold().force_styling(color);
            let mut out = format!("{}\n", bold.apply_to(format!("{:<id_w$}  {:<sit_w$}  TITLE", "ID", "SITUATION")));
            for r in &rows {
                out.push_str(&format!(
                    "{:<id_w$}  {:<sit_w$}  {}\n",
                    inert::line(&r.id),
                    inert::line(&r.situation),
                    inert::line(&r.title)
                ));
            }
            out
        }
    };
    output::stdout(&text)?;
    Ok(Outcome::Clean)
}
