//! `mend promise ACCOUNT TEXT --due DATE` and `mend promise ACCOUNT --kept WHICH`.

use crate::account::edit::{self, NewEvent};
use crate::account::{dates, Account};
use crate::config::account::{Place, PromiseConfig};
use crate::error::{Error, Outcome};

pub fn run(config: PromiseConfig, place: &Place) -> Result<Outcome, Error> {
    match config {
        PromiseConfig::Add { name, what, due } => {
            let (path, _) = place.store.update(&name, |doc, _| {
                edit::add_promise(doc, &what, due);
                Ok(())
            })?;
            eprintln!(
                "{}",
                crate::format::inert::line(&format!(
                    "Promise recorded in `{name}`, due {}: {}",
                    dates::show(due),
                    path.display()
                ))
            );
            if due < place.today {
                eprintln!("That date has passed; `mend next` lists it as overdue.");
            }
        }
        PromiseConfig::Kept { name, which } => {
            let mut kept = String::new();
            let (path, _) = place.store.update(&name, |doc, account| {
                let index = find_open(account, &which)?;
                kept = account.promises[index].what.clone();
                edit::mark_kept(doc, index);
                let note = format!("Kept the promise: {kept}");
                edit::add_event(doc, &NewEvent { date: place.today, note: Some(note), done: None, diagnosis: None });
                Ok(())
            })?;
            eprintln!(
                "{}",
                crate::format::inert::line(&format!("Marked kept in `{name}`: {kept} ({})", path.display()))
            );
        }
    }
    Ok(Outcome::Clean)
}

/// The file index of the open promise `which` names: its number among the open promises (as
/// `mend account show` numbers them), or words that appear in exactly one of them.
fn find_open(account: &Account, which: &str) -> Result<usize, Error> {
    let open: Vec<usize> = (0..account.promises.len()).filter(|i| !account.promises[*i].kept).collect();
    let listing = || {
        let lines: Vec<String> =
            open.iter().enumerate().map(|(n, i)| format!("{}. {}", n + 1, account.promises[*i].what)).collect();
        if lines.is_empty() {
            "there are no open promises".to_string()
        } else {
            format!("open promises: {}", lines.join("; "))
        }
    };
    if let Ok(n) = which.trim().parse::<usize>() {
        return open
            .get(n.wrapping_sub(1))
            .copied()
            .ok_or_else(|| Error::usage_hint(format!("--kept: there is no open promise {n}"), Some(listing())));
    }
    let words = which.trim().to_lowercase();
    let matches: Vec<usize> =
        open.iter().copied().filter(|i| account.promises[*i].what.to_lowercase().contains(&words)).collect();
    match matches.as_slice() {
        [one] => Ok(*one),
        [] => Err(Error::usage_hint(
            format!("--kept: no open promise mentions `{}`", which.escape_debug()),
            Some(listing()),
        )),
        _ => Err(Error::usage_hint(
            format!("--kept: `{}` fits more than one open promise", which.escape_debug()),
            Some(format!("give its number; {}", listing())),
        )),
    }
}
