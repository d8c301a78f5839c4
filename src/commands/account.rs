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
            let path = store.create(&name, &fields, place.today)?;
            eprintln!("{}", crate::format::inert::line(&format!("Created account `{name}`: {}", path.display())));
        }
        AccountConfig::Set { name, fields } => {
            let (path, _) = store.update(&name, |doc, _| {
                edit::set_fields(doc, &fields);
                Ok(())
            })?;
            eprintln!("{}", crate::format::inert::line(&format!("Updated `{name}`: {}", path.display())));
        }
        AccountConfig::List { format } => {
            let accounts = store.load_all()?;
            let situations = library.situations()?;
            let rows: Vec<Row> = accounts.iter().map(|a| Row::new(a, &situations, place.today)).collect();
            let text = match format {
                AccountListFormat::Json => json(&rows)?,
                AccountListFormat::Text if rows.is_empty() => {
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
            edit_by_hand(place, &name, &editor, interactive.then_some(prompts))?
        }
    }
    Ok(Outcome::Clean)
}

/// `crontab -e` for an account: edit a private copy, check it, and write it back only when it
/// parses; an invalid edit is offered for another round (on a terminal, `prompts`), never kept.
fn edit_by_hand(place: &Place, name: &str, editor: &str, prompts: Option<PromptStyle>) -> Result<(), Error> {
    let store = &place.store;
    let original = store.read_text(name)?;
    let shown = store.path(name)?.display().to_string();
    let copy = tempfile::Builder::new()
        .prefix(&format!(".{name}.edit-"))
        .suffix(".toml")
        .tempfile_in(&store.dir)
        .map_err(|e| Error::io(format!("cannot write in `{}`", store.dir.display()), e))?;
    std::fs::write(copy.path(), &original).map_err(|e| Error::io("cannot write the copy to edit", e))?;
    loop {
        prompt::edit_file(editor, copy.path())?;
        let edited = std::fs::read_to_string(copy.path()).map_err(|e| Error::io("cannot read the edited copy", e))?;
        if edited == original {
            eprintln!("No changes to `{name}`.");
            return Ok(());
        }
        match crate::account::schema::parse(name, &edited, &shown) {
            Ok(_) => {
                let path = store.replace(name, &original, &edited)?;
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

fn json<T: serde::Serialize>(value: &T) -> Result<String, Error> {
    format::json(value)
}
