//! `mend promise ACCOUNT TEXT --due DATE` and `mend promise ACCOUNT --kept|--drop WHICH`.

use crate::account::edit::{self, Close, NewEvent};
use crate::account::{dates, Account};
use crate::config::account::{Place, PromiseConfig};
use crate::error::{Error, Outcome};

pub fn run(config: PromiseConfig, place: &Place) -> Result<Outcome, Error> {
    match config {
        PromiseConfig::Add { name, what, due } => {
            let mut id = 0;
            let (path, _) = place.store.update(&name, |doc, _| {
                id = edit::add_promise(doc, &what, due, place.now);
                Ok(())
            })?;
            eprintln!(
                "{}",
                crate::format::inert::line(&format!(
                    "Promise #{id} recorded in `{name}`, due {}: {}",
                    dates::show(due),
                    path.display()
                ))
            );
            if due < place.today {
                eprintln!("That date has passed; `mend next` lists it as overdue.");
            }
        }
        PromiseConfig::Close { name, which, how } => {
            let mut closed = String::new();
            let (verb, flag) = match how {
                Close::Kept => ("Kept", "--kept"),
                Close::Dropped => ("Dropped", "--drop"),
            };
            let (path, _) = place.store.update(&name, |doc, account| {
                let index = find_open(account, &which, flag)?;
                let promise = &account.promises[index];
                closed = format!("#{} {}", promise.id, promise.what);
                edit::close_promise(doc, promise.id, how, place.now);
                let note = format!("{verb} the promise: {}", promise.what);
                edit::add_event(doc, &NewEvent { date: place.today, note: Some(note), done: None, diagnosis: None });
                Ok(())
            })?;
            eprintln!(
                "{}",
                crate::format::inert::line(&format!(
                    "Marked {} in `{name}`: {closed} ({})",
                    verb.to_lowercase(),
                    path.display()
                ))
            );
        }
    }
    Ok(Outcome::Clean)
}

/// The file index of the open promise `which` names: its id (`3` or `#3`, as `mend account show`
/// prints it), or words that appear in exactly one open promise.
fn find_open(account: &Account, which: &str, flag: &str) -> Result<usize, Error> {
    let promises = &account.promises;
    let open: Vec<usize> = (0..promises.len()).filter(|i| promises[*i].is_open()).collect();
    let listing = || {
        let lines: Vec<String> = open.iter().map(|i| format!("#{} {}", promises[*i].id, promises[*i].what)).collect();
        if lines.is_empty() {
            "there are no open promises".to_string()
        } else {
            format!("open promises: {}", lines.join("; "))
        }
    };
    let trimmed = which.trim();
    if let Ok(id) = trimmed.strip_prefix('#').unwrap_or(trimmed).parse::<u32>() {
        return match promises.iter().position(|p| p.id == id) {
            Some(i) if promises[i].is_open() => Ok(i),
            Some(i) => {
                let state = if promises[i].kept { "kept" } else { "dropped" };
                Err(Error::usage_hint(format!("{flag}: promise #{id} is already {state}"), Some(listing())))
            }
            None => Err(Error::usage_hint(format!("{flag}: there is no promise #{id}"), Some(listing()))),
        };
    }
    let words = trimmed.to_lowercase();
    let matches: Vec<usize> =
        open.iter().copied().filter(|i| promises[*i].what.to_lowercase().contains(&words)).collect();
    match matches.as_slice() {
        [one] => Ok(*one),
        [] => Err(Error::usage_hint(
            format!("{flag}: no open promise mentions `{}`", which.escape_debug()),
            Some(listing()),
        )),
        _ => Err(Error::usage_hint(
            format!("{flag}: `{}` fits more than one open promise", which.escape_debug()),
            Some(format!("give its number; {}", listing())),
        )),
    }
}
