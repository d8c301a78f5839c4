//! `mend account new|set|list|show|edit`: create, change, list, read and hand-edit accounts.

use crate::account::brief::{self, Brief, Row};
use crate::account::edit;
use crate::cli::account::AccountListFormat;
use crate::config::account::{AccountConfig, Place};
use crate::config::PromptStyle;
use crate::error::{Error, Outcome};
use crate::format::{self, Format};
use crate::library::Library;
use crate::output;
use crate::output::pending::Pending;
use crate::terminal::prompt;

pub fn run(config: AccountConfig, place: &Place, library: &Library) -> Result<Outcome, Error> {
    let store = &place.store;
    match config {
        AccountConfig::New { name, mut fields, ask, prompts } => {
            if ask {
                let missing: Vec<_> = edit::prompts().into_iter().filter(|f| !fields.has(f.key)).collect();
                for field in &missing {
                    let check = |v: &str| edit::Fields::default().apply(field.key, v);
                    if let Some(answer) = prompt::ask_field(field, check, prompts)? {
                        fields.apply(field.key, &answer).map_err(Error::usage)?;
                    }
                }
            }
            crate::account::check_roles(&fields.people, person_roles(library)?.iter().map(String::as_str))?;
            let path = store.create(&name, &fields, place.today)?;
            eprintln!("{}", crate::format::inert::line(&format!("Created account `{name}`: {}", path.display())));
        }
        AccountConfig::Set { name, fields } => {
            crate::account::check_roles(&fields.people, person_roles(library)?.iter().map(String::as_str))?;
            let (path, _) = store.update(&name, |doc, _| {
                edit::set_fields(doc, &fields);
                Ok(())
            })?;
            eprintln!("{}", crate::format::inert::line(&format!("Updated `{name}`: {}", path.display())));
        }
        AccountConfig::List { format } => {
            let all = store.load_all()?;
            let situations = library.situations()?;
            let rows: Vec<Row> = all.accounts.iter().map(|a| Row::new(a, &situations, place.today)).collect();
            let text = match format {
                AccountListFormat::Json => json(&rows)?,
                AccountListFormat::Text if rows.is_empty() && all.problems.is_empty() => {
                    eprintln!(
                        "{}",
                        crate::format::inert::line(&format!(
                            "No accounts in {} yet; create one with `mend account new NAME`.",
                            store.dir.display()
                        ))
                    );
                    String::new()
                }
                AccountListFormat::Text => brief::table(&rows),
            };
            output::stdout(&text)?;
            all.problems()?;
        }
        AccountConfig::Show { name, format, text } => {
            let account = store.load(&name)?;
            let situations = library.situations()?;
            let brief = Brief::new(&account, &situations, place.today);
            let out = match format {
                Format::Json => json(&brief)?,
                Format::Text => format::text::render(&brief.document(&situations), text),
                Format::Markdown => format::markdown::render(&brief.document(&situations)),
                Format::Html => format::html::render(&brief.document(&situations)),
            };
            output::stdout(&out)?;
        }
        AccountConfig::Edit { name, editor, interactive, prompts } => {
            edit_by_hand(place, library, &name, &editor, interactive.then_some(prompts))?
        }
    }
    Ok(Outcome::Clean)
}

/// `crontab -e` for an account: edit a private copy, check it, and write it back only when it
/// parses; an invalid edit is offered for another round (on a terminal, `prompts`), never kept.
fn edit_by_hand(
    place: &Place,
    library: &Library,
    name: &str,
    editor: &str,
    prompts: Option<PromptStyle>,
) -> Result<(), Error> {
    let situations = library.situations()?;
    let store = &place.store;
    let original = store.read_text(name)?;
    let shown = store.path(name)?.display().to_string();
    // The copy holds client notes: a signal while the editor runs removes it (the pending list).
    let (copy, pending) = Pending::create(
        || tempfile::Builder::new().prefix(&format!(".{name}.edit-")).suffix(".toml").tempfile_in(&store.dir),
        tempfile::NamedTempFile::path,
    )
    .map_err(|e| Error::io(format!("cannot write in `{}`", store.dir.display()), e))?;
    std::fs::write(copy.path(), &original).map_err(|e| Error::io("cannot write the copy to edit", e))?;
    loop {
        prompt::edit_file(editor, copy.path())?;
        let edited = std::fs::read_to_string(copy.path()).map_err(|e| Error::io("cannot read the edited copy", e))?;
        if edited == original {
            eprintln!("No changes to `{name}`.");
            return Ok(());
        }
        let parsed = crate::account::schema::parse(name, &edited, &shown)
            .and_then(|account| unknown_steps(&account, &situations, &edited, &shown));
        match parsed {
            Ok(()) => {
                let path = match store.replace(name, &original, &edited, place.now) {
                    Ok(path) => path,
                    Err(e) => {
                        // The rep's edit is work: keep it beside the account, and say where.
                        drop(pending);
                        if let Ok((_, kept)) = copy.keep() {
                            eprintln!(
                                "{}",
                                crate::format::inert::line(&format!(
                                    "Your edit is kept in `{}`; copy what you need into `{shown}`.",
                                    kept.display()
                                ))
                            );
                        }
                        return Err(e);
                    }
                };
                eprintln!("{}", crate::format::inert::line(&format!("Saved `{name}`: {}", path.display())));
                return Ok(());
            }
            Err(problems) => {
                let err = Error::Invalid(problems);
                if let Some(style) = prompts {
                    eprintln!("{}", crate::format::inert::text(&crate::error::Report(&err).to_string()));
                    if prompt::confirm("The file has problems. Edit it again?", true, style)? {
                        continue;
                    }
                }
                eprintln!(
                    "{}",
                    crate::format::inert::line(&format!("Your edit was not saved; `{shown}` is unchanged."))
                );
                return Err(err);
            }
        }
    }
}

/// A `done = "SITUATION:STEP"` written by hand must name a step the library has: a typo would
/// otherwise be stored without a word and never count as done.
fn unknown_steps(
    account: &crate::account::Account,
    situations: &[crate::content::situation::Situation],
    text: &str,
    file: &str,
) -> Result<(), Vec<crate::Diagnostic>> {
    let at = crate::diagnostic::Locator::new(file, text);
    let mut problems = Vec::new();
    for step in account.history.iter().filter_map(|e| e.done.as_ref()) {
        let written = format!("{}:{}", step.situation, step.step);
        let problem = match situations.iter().find(|s| s.id == step.situation) {
            None => Some((
                format!("`{written}`: there is no situation `{}`", step.situation),
                crate::diagnostic::did_you_mean(&step.situation, situations.iter().map(|s| s.id.as_str())),
            )),
            Some(s) if step.step == 0 || step.step > s.steps.len() => {
                Some((format!("`{written}`: `{}` has steps 1 to {}", s.id, s.steps.len()), None))
            }
            Some(_) => None,
        };
        if let Some((message, hint)) = problem {
            problems.push(at.error_at_mention(&step.situation, message).with_hint(hint));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// The person variables the library's tracks name: roles a team's tracks add are roles too.
fn person_roles(library: &Library) -> Result<Vec<String>, Error> {
    let index = library.track_index()?;
    let mut roles = Vec::new();
    for name in index.names() {
        for v in library.track(&index, name)?.front.variables {
            if matches!(v.kind.as_deref(), Some("person" | "group")) && !roles.contains(&v.name) {
                roles.push(v.name);
            }
        }
    }
    Ok(roles)
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, Error> {
    format::json(value)
}
