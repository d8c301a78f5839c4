//! The checked configuration of the account commands (`account`, `log`, `promise`, `next`).
//!
//! A part of [`crate::config`] of its own: the same rules apply (everything the user
//! can get wrong is caught before a command runs, the environment is read once), and the account
//! commands stay one unit. "Today" is decided here, once: the machine's date in its time zone, or
//! `MEND_TODAY` (a date, for tests and scripts that must not depend on the clock).

use crate::account::edit::Fields;
use crate::account::{Account, Store};
use crate::cli::account::{
    AccountArgs, AccountCommandArgs, AccountListFormat, FieldArgs, LogArgs, NextArgs, NextFormat, PromiseArgs,
};
use crate::config::{Environment, PromptStyle};
use crate::error::Error;
use crate::format::{Format, TextStyle};
use crate::values::{ValueSource, ValueStore};
use jiff::civil::Date;
use std::path::PathBuf;

/// Where accounts live and what day it is: every account command needs both.
#[derive(Debug, Clone)]
pub struct Place {
    pub store: Store,
    pub today: Date,
    /// This moment, for what a calendar is told (DTSTAMP, LAST-MODIFIED): the clock, or
    /// `MEND_NOW` (an RFC 3339 time, for tests).
    pub now: jiff::Timestamp,
}

/// An account named with `--account` on `say` or `diagnose`, read once, here, like the other input
/// files.
#[derive(Debug, Clone)]
pub struct AccountLink {
    pub name: String,
    pub account: Account,
    pub place: Place,
    /// Whether `diagnose` writes its verdict back: off with `--no-record`, and always off for `say`.
    pub record: bool,
}

impl AccountLink {
    /// Reads account `name` for `--account`; a missing or malformed file stops the run here.
    pub fn load(name: String, store: Option<Store>, env: &Environment, record: bool) -> Result<AccountLink, Error> {
        let name = checked_name(name)?;
        let place = place(store, env)?;
        let account = place.store.load(&name)?;
        Ok(AccountLink { name, account, place, record })
    }

    /// Puts the account's names by role into the account layer of `values` (above the
    /// environment, below `--vars`, `--set` and the interview).
    pub fn fill(&self, values: &mut ValueStore) {
        values.add(
            ValueSource::Account,
            format!("account {}", self.name),
            self.account.values_by_role().into_iter().collect(),
        );
    }
}

#[derive(Debug)]
pub enum AccountConfig {
    New { name: String, fields: Fields, ask: bool, prompts: PromptStyle },
    Set { name: String, fields: Fields },
    List { format: AccountListFormat },
    Show { name: String, format: Format, text: TextStyle },
    Edit { name: String, editor: String, interactive: bool, prompts: PromptStyle },
}

#[derive(Debug)]
pub struct LogConfig {
    pub name: String,
    pub note: String,
    /// `SITUATION:STEP` as typed; the step may be a number or a talk-track name, resolved against
    /// the library by the command.
    pub done: Option<(String, String)>,
}

#[derive(Debug)]
pub enum PromiseConfig {
    Add { name: String, what: String, due: Date },
    Close { name: String, which: String, how: crate::account::edit::Close },
}

#[derive(Debug)]
pub struct NextConfig {
    pub within: i64,
    pub format: NextFormat,
}

/// The accounts directory for this run, if there is any way to name one.
///
/// `MEND_LOCK_TIMEOUT` (whole seconds) is how long a writer waits for another; a value that is
/// not a number keeps the default. `MEND_SAFE_ACCOUNTS` opts in to a directory not the user's
/// alone: `*`, or directories separated by `:`, as git's `safe.directory`.
pub fn store(flag: Option<PathBuf>, env: &Environment) -> Option<Store> {
    let mut store = Store::locate(flag, env.var("MEND_ACCOUNTS"), env.var("XDG_DATA_HOME"), env.var("HOME"))?;
    if let Some(secs) = env.var("MEND_LOCK_TIMEOUT").and_then(|v| v.trim().parse::<u64>().ok()) {
        store.lock_wait = std::time::Duration::from_secs(secs);
    }
    store.shared_ok = env.var("MEND_SAFE_ACCOUNTS").is_some_and(|list| {
        list.split(':').any(|d| d == "*" || (!d.is_empty() && std::path::Path::new(d) == store.dir))
    });
    Some(store)
}

/// The accounts directory and today's date, or why there are none.
pub fn place(store: Option<Store>, env: &Environment) -> Result<Place, Error> {
    let store = store.ok_or_else(|| {
        Error::usage_hint(
            "there is no accounts directory: HOME is not set",
            Some("give `--accounts DIR` or set MEND_ACCOUNTS".into()),
        )
    })?;
    let now = match env.var("MEND_NOW") {
        Some(text) => text.trim().parse().map_err(|_| {
            Error::usage_hint(
                format!("MEND_NOW=`{}` is not a time", text.escape_debug()),
                Some("write it as 2026-12-15T09:30:00Z, or unset it to use the clock".into()),
            )
        })?,
        None => jiff::Timestamp::now(),
    };
    Ok(Place { store, today: today(env)?.date(), now })
}

/// Today: the one source every command uses (the accounts' dates, the prep sheet's dated plan,
/// the dates typed as values).
pub use crate::account::dates::Today;

pub(crate) fn today(env: &Environment) -> Result<Today, Error> {
    let given = match env.var("MEND_TODAY") {
        Some(text) => Some(text.trim().parse().map_err(|_| {
            Error::usage_hint(
                format!("MEND_TODAY=`{}` is not a date", text.escape_debug()),
                Some("write it as 2026-12-15, or unset it to use the machine's date".into()),
            )
        })?),
        None => None,
    };
    Ok(Today::new(given))
}

fn fields(args: FieldArgs) -> Result<Fields, Error> {
    let mut fields = Fields::default();
    let given = [
        ("company", "--company", args.company),
        ("stage", "--stage", args.stage),
        ("kind", "--kind", args.kind),
        ("check-in-every", "--check-in-every", args.check_in_every),
    ];
    for (key, flag, value) in given {
        if let Some(value) = value {
            fields.apply(key, &value).map_err(|m| Error::usage(format!("{flag}: {m}")))?;
        }
    }
    for person in &args.person {
        fields.apply("people", person).map_err(Error::usage)?;
    }
    Ok(fields)
}

pub fn account(
    args: AccountArgs,
    env: &Environment,
    color: bool,
    prompts: PromptStyle,
) -> Result<AccountConfig, Error> {
    Ok(match args.command {
        AccountCommandArgs::New(a) => AccountConfig::New {
            name: checked_name(a.account)?,
            fields: fields(a.fields)?,
            ask: !a.no_input && env.interactive(),
            prompts,
        },
        AccountCommandArgs::Set(a) => {
            let fields = fields(a.fields)?;
            if fields.is_empty() {
                return Err(Error::usage_hint(
                    "`mend account set` needs a field to change",
                    Some("for example `--stage client` or `--person sponsor=Dana`".into()),
                ));
            }
            AccountConfig::Set { name: checked_name(a.account)?, fields }
        }
        AccountCommandArgs::List(a) => AccountConfig::List { format: a.format },
        AccountCommandArgs::Show(a) => {
            let width = match a.width {
                Some(0) => return Err(Error::usage("`--width` must be at least 1")),
                Some(w) => w,
                None => env.terminal_width.map_or(80, |w| w.clamp(20, 100)),
            };
            AccountConfig::Show {
                name: checked_name(a.account)?,
                format: a.format,
                text: TextStyle { width, color: color && a.format == Format::Text },
            }
        }
        AccountCommandArgs::Edit(a) => AccountConfig::Edit {
            name: checked_name(a.account)?,
            editor: env.var("VISUAL").or_else(|| env.var("EDITOR")).unwrap_or("vi").to_string(),
            interactive: env.interactive(),
            prompts,
        },
    })
}

pub fn log(args: LogArgs) -> Result<LogConfig, Error> {
    let note = crate::values::clean(&args.text);
    if note.is_empty() {
        return Err(Error::usage("the note is empty; say what happened"));
    }
    let done = match args.done {
        None => None,
        Some(d) => match d.split_once(':') {
            Some((s, step)) if !s.trim().is_empty() && !step.trim().is_empty() => {
                Some((s.trim().to_string(), step.trim().to_string()))
            }
            _ => {
                return Err(Error::usage_hint(
                    format!("`--done {}` is not SITUATION:STEP", d.escape_debug()),
                    Some("for example `--done gatekeeper:2` or `--done gatekeeper:honest-ask`".into()),
                ))
            }
        },
    };
    Ok(LogConfig { name: checked_name(args.account)?, note, done })
}

pub fn promise(args: PromiseArgs, place: &Place) -> Result<PromiseConfig, Error> {
    let name = checked_name(args.account)?;
    use crate::account::edit::Close;
    if let Some(which) = args.kept {
        return Ok(PromiseConfig::Close { name, which, how: Close::Kept });
    }
    if let Some(which) = args.drop {
        return Ok(PromiseConfig::Close { name, which, how: Close::Dropped });
    }
    let what = crate::values::clean(args.text.as_deref().unwrap_or_default());
    if what.is_empty() {
        return Err(Error::usage("the promise is empty; say what you promised"));
    }
    let due_text = args.due.unwrap_or_default();
    let due =
        crate::account::dates::parse_date(&due_text, place.today).map_err(|m| Error::usage(format!("--due: {m}")))?;
    Ok(PromiseConfig::Add { name, what, due })
}

pub fn next(args: NextArgs) -> NextConfig {
    NextConfig { within: i64::from(args.within), format: args.format }
}

fn checked_name(name: String) -> Result<String, Error> {
    if crate::account::is_valid_name(&name) {
        Ok(name)
    } else {
        Err(Error::usage_hint(
            format!("`{}` is not an account name", name.escape_debug()),
            Some("use lowercase letters, digits, `-` and `_`, like `northwind` or `acme-emea`".into()),
        ))
    }
}
