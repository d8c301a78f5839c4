//! `mend next`: what is due across all accounts, as text, JSON or an iCalendar file.

use crate::account::agenda::{self, Item};
use crate::cli::account::NextFormat;
use crate::config::account::{NextConfig, Place};
use crate::error::{Error, Outcome};
use crate::library::Library;
use crate::output;
use serde::Serialize;

#[derive(Serialize)]
struct Agenda<'a> {
    today: jiff::civil::Date,
    within: i64,
    items: &'a [Item],
}

pub fn run(config: NextConfig, place: &Place, library: &Library) -> Result<Outcome, Error> {
    let all = place.store.load_all()?;
    let accounts = &all.accounts;
    let situations = library.situations()?;
    let items = agenda::agenda(accounts, &situations, place.today, config.within);
    let text = match config.format {
        NextFormat::Text => {
            if accounts.is_empty() {
                eprintln!(
                    "{}",
                    crate::format::inert::line(&format!(
                        "No accounts in {} yet; create one with `mend account new NAME`.",
                        place.store.dir.display()
                    ))
                );
            }
            agenda::to_text(&items, place.today, config.within)
        }
        NextFormat::Json => {
            let agenda = Agenda { today: place.today, within: config.within, items: &items };
            crate::format::json(&agenda)?
        }
        NextFormat::Ics => {
            agenda::to_ics(&agenda::calendar(accounts, &situations, place.today, config.within), place.now)
        }
    };
    output::stdout(&text)?;
    // Every account that could be read is shown; the bad files are reported after (exit 2).
    all.problems()?;
    Ok(Outcome::Clean)
}
