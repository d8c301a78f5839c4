//! `mend rehearse` as the user types it. Raw clap types, like the rest of [`crate::cli`];
//! [`crate::config::rehearse`] checks them.

use crate::cli::ListFormat;
use clap::Args;
use std::path::PathBuf;

const ABOUT: &str = "\
Practise a hard call before you make it. mend plays the client, one line at a time; you type what \
you would say, and each reply is checked as you enter it: the lint, and the moves that point of the \
call needs (ask before assuming, acknowledge, own it, apologise once the fault is named, no \"but\", \
no blame, a next step with a date, hold firm where that is the stance). The client answers what \
your reply did: a defensive reply gets a colder client, an owned one a warmer one. A debrief at the \
end scores the call out of 100 and quotes the better wording from the situation's talk-track.

The client is scripted: every line it says was written by a coach in scripts/rehearsals/ and picked \
by what your reply did. It is not a person and not an AI; it will not follow you off the script.";

const EXAMPLES: &str = "\
Keys at the reply prompt: type and press enter; < alone takes back your last reply; Ctrl-C leaves \
without writing anything.

Examples:
  mend rehearse --list
  mend rehearse broken-commitment --set client=Elena
  mend rehearse --account northwind          the situation of its last diagnosis
  mend rehearse gatekeeper --replies my-replies.txt --format json";

/// Practise a hard call: mend plays a scripted client, checks each reply, and debriefs.
#[derive(Debug, Args)]
#[command(long_about = ABOUT, after_help = EXAMPLES)]
pub struct RehearseArgs {
    /// The rehearsal to play (see `--list`). With `--account` and no ID: the one for the situation
    /// of the account's last diagnosis; on a terminal without either, mend asks which.
    pub id: Option<String>,

    /// List the rehearsals (id, situation, title) instead of playing one.
    #[arg(long, conflicts_with_all = ["replies", "set", "account"])]
    pub list: bool,

    /// Read the replies from FILE, one a line (blank lines are skipped), instead of asking.
    #[arg(long, value_name = "FILE")]
    pub replies: Option<PathBuf>,

    /// Set a name the client's lines use: `--set client=Elena`. Wins over `--account`.
    #[arg(long = "set", short = 's', value_name = "KEY=VALUE", help_heading = "Values")]
    pub set: Vec<String>,

    /// Fill names from this account's people by role, and log the debrief (date, rehearsal,
    /// score) to it.
    #[arg(long, value_name = "ACCOUNT", help_heading = "Account")]
    pub account: Option<String>,

    /// With `--account`: do not log the debrief.
    #[arg(long = "no-record", requires = "account", help_heading = "Account")]
    pub no_record: bool,

    /// Output format of the debrief (and of `--list`).
    #[arg(long, short = 'f', value_enum, default_value_t = ListFormat::Text, help_heading = "Output")]
    pub format: ListFormat,

    /// Wrap text at N columns (default: the terminal width, or 80).
    #[arg(long, value_name = "N", help_heading = "Output")]
    pub width: Option<usize>,
}
