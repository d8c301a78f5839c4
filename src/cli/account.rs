//! The account commands as the user types them: `mend account`, `mend log`, `mend promise`,
//! `mend next`. Raw clap types, like the rest of [`crate::cli`]; [`crate::config::account`] checks them.
//!
//! Positionals after ACCOUNT carry explicit indexes: `mend completions` swaps ACCOUNT's value
//! parser for the list of account names, and clap re-inserts a changed argument last.

use crate::format::Format;
use clap::{Args, Subcommand, ValueEnum};

const SCHEMA: &str = "\
An account is one TOML file, ACCOUNT.toml, in the accounts directory (`mend paths` shows where):
  company = \"Northwind Traders\"
  stage = \"client\"              # prospect | open-deal | client | lost
  kind = \"ongoing\"              # ongoing | one-off
  check-in-every = \"3 weeks\"
  [people]                      # role = name; roles are talk-track variables
  sponsor = \"Dana\"
  [[promise]]                   # id = 1, what = \"...\", due = 2026-12-15, kept = false
  [[history]]                   # date = 2026-11-10, note = \"...\", done = \"gatekeeper:2\"
Edit it by hand or with `mend account edit`; mend keeps your comments.";

/// Keep track of a client across calls: people, stage, promises, history.
#[derive(Debug, Args)]
#[command(after_help = SCHEMA)]
pub struct AccountArgs {
    #[command(subcommand)]
    pub command: AccountCommandArgs,
}

#[derive(Debug, Subcommand)]
pub enum AccountCommandArgs {
    /// Create an account; on a terminal, fields not given are asked.
    New(NewArgs),
    /// Change fields of an account.
    Set(SetArgs),
    /// List the accounts: company, stage, last contact, next thing due.
    List(AccountListArgs),
    /// A one-page brief: people, stage, open promises, ladder progress, history.
    Show(ShowArgs),
    /// Open the account file in $VISUAL or $EDITOR; it is checked before it is saved.
    Edit(EditArgs),
}

/// The fields `new` and `set` share.
#[derive(Debug, Args, Default)]
pub struct FieldArgs {
    /// The client's company.
    #[arg(long, value_name = "ORG")]
    pub company: Option<String>,

    /// Where the relationship stands.
    #[arg(long, value_name = "STAGE", value_parser = ["prospect", "open-deal", "client", "lost"])]
    pub stage: Option<String>,

    /// A long-term account or a one-off deal.
    #[arg(long, value_name = "KIND", value_parser = ["ongoing", "one-off"])]
    pub kind: Option<String>,

    /// A person by role, where a role is a talk-track variable: `--person sponsor=Dana`. Repeatable.
    #[arg(long = "person", value_name = "ROLE=NAME")]
    pub person: Vec<String>,

    /// How often to check in: `3 weeks`, `14 days`, `1 month`.
    #[arg(long = "check-in-every", value_name = "DURATION")]
    pub check_in_every: Option<String>,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The account name: lowercase letters, digits, `-` and `_` (`northwind`).
    pub account: String,

    #[command(flatten)]
    pub fields: FieldArgs,

    /// Never prompt, even on a terminal.
    #[arg(long = "no-input")]
    pub no_input: bool,
}

#[derive(Debug, Args)]
pub struct SetArgs {
    /// The account to change.
    pub account: String,

    #[command(flatten)]
    pub fields: FieldArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AccountListFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct AccountListArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = AccountListFormat::Text)]
    pub format: AccountListFormat,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The account to show.
    pub account: String,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Wrap text at N columns (default: the terminal width, or 80).
    #[arg(long, value_name = "N")]
    pub width: Option<usize>,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The account to edit.
    pub account: String,
}

/// Add a dated note to an account, optionally marking a step done.
#[derive(Debug, Args)]
pub struct LogArgs {
    /// The account.
    #[arg(index = 1)]
    pub account: String,

    /// The note: what happened.
    #[arg(index = 2)]
    pub text: String,

    /// Mark a step done: `gatekeeper:2`, or the step's talk-track (`gatekeeper:ease-sponsor-fear`).
    #[arg(long, value_name = "SITUATION:STEP")]
    pub done: Option<String>,
}

/// Record a promise made to the client, or mark one kept or dropped.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  mend promise northwind \"Send the revised plan\" --due friday\n  mend promise northwind --kept 1\n  mend promise northwind --drop 2"
)]
pub struct PromiseArgs {
    /// The account.
    #[arg(index = 1)]
    pub account: String,

    /// What you promised.
    #[arg(index = 2, required_unless_present_any = ["kept", "drop"], conflicts_with_all = ["kept", "drop"])]
    pub text: Option<String>,

    /// When it is due: 2026-12-15, today, tomorrow, friday, in 3 days, in 2 weeks.
    #[arg(long, value_name = "DATE", required_unless_present_any = ["kept", "drop"])]
    pub due: Option<String>,

    /// Mark an open promise kept: its id (`#N` in `mend account show`), or words from it.
    #[arg(long, value_name = "WHICH", conflicts_with_all = ["due", "drop"])]
    pub kept: Option<String>,

    /// Give up an open promise (it will not be kept): its id, or words from it. A calendar that
    /// imported it is told it is cancelled.
    #[arg(long, value_name = "WHICH", conflicts_with = "due")]
    pub drop: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NextFormat {
    Text,
    Json,
    /// iCalendar, for a calendar app to import (importing again updates the same events).
    Ics,
}

/// What is due across all accounts: promises, check-ins, the next ladder rung, quiet accounts.
#[derive(Debug, Args)]
pub struct NextArgs {
    /// How many days ahead to look; overdue items always show.
    #[arg(long, value_name = "DAYS", default_value_t = 7)]
    pub within: u16,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = NextFormat::Text)]
    pub format: NextFormat,
}
