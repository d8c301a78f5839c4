//! The command line as the user types it: raw clap types, no checking beyond syntax.
//!
//! [`crate::config::Config::from_cli`] turns this into the checked configuration the rest of the
//! program sees. Doc comments here are the `--help` text.

pub mod account;
pub mod rehearse;

use crate::format::Format;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const EXIT_CODES: &str = "\
Exit codes:
  0    ok
  1    findings (`mend check`, `mend lint`)
  2    usage error or bad input; nothing was written
  130  interrupted (Ctrl-C); nothing was written";

/// A coach for B2B client relationships that are stuck.
///
/// Run `mend` before a call: it asks a few questions, says what is really going on, and hands you
/// the words to say. `mend say TRACK` renders one talk-track; `mend list` shows them all.
#[derive(Debug, Parser)]
#[command(name = "mend", version, after_help = EXIT_CODES, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<CommandArgs>,

    /// Add a library directory of talk-tracks and scripts; repeatable, later ones win.
    #[arg(long = "library", value_name = "DIR", global = true, help_heading = "Library")]
    pub library: Vec<PathBuf>,

    /// Keep accounts in DIR (default: $MEND_ACCOUNTS, else $XDG_DATA_HOME/mend/accounts).
    #[arg(long = "accounts", value_name = "DIR", global = true, help_heading = "Accounts")]
    pub accounts: Option<PathBuf>,

    /// When to use colour.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true, help_heading = "Output")]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum CommandArgs {
    /// Ask about the relationship, say what is going on, and hand over the prep sheet (the default).
    Diagnose(DiagnoseArgs),
    /// Render one talk-track with the client's names filled in.
    Say(SayArgs),
    /// List the talk-tracks.
    List(ListArgs),
    /// Print the team playbook: every situation, its steps and its talk-tracks, with blanks.
    Book(BookArgs),
    /// Validate a library of talk-tracks and scripts (the built-in one when no DIR is given).
    Check(CheckArgs),
    /// Check a draft email or call notes for "but" and defensive language, and fix it.
    Lint(LintArgs),
    /// Practise a hard call: mend plays a scripted client, checks each reply, and debriefs.
    Rehearse(crate::cli::rehearse::RehearseArgs),
    /// Export the interview as a graph of questions and the situations they lead to.
    Graph(GraphArgs),
    /// Keep track of a client across calls: people, stage, promises, history.
    Account(crate::cli::account::AccountArgs),
    /// Add a dated note to an account, optionally marking a step done.
    Log(crate::cli::account::LogArgs),
    /// Record a promise made to a client, or mark one kept.
    Promise(crate::cli::account::PromiseArgs),
    /// What is due across all accounts: promises, check-ins, ladder rungs, quiet accounts.
    Next(crate::cli::account::NextArgs),
    /// Show each library layer, where its path came from, and whether it exists.
    Paths,
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man,
}

/// Where output goes and how it looks.
#[derive(Debug, Args, Default)]
pub struct OutputArgs {
    /// Write to FILE instead of standard output (atomically).
    #[arg(long, short = 'o', value_name = "FILE", help_heading = "Output")]
    pub out: Option<PathBuf>,

    /// Replace FILE given to `--out` if it exists.
    #[arg(long, requires = "out", help_heading = "Output")]
    pub force: bool,

    /// Wrap text at N columns (default: the terminal width, or 80).
    #[arg(long, value_name = "N", help_heading = "Output")]
    pub width: Option<usize>,
}

#[derive(Debug, Args)]
pub struct SayArgs {
    /// The talk-track to render (see `mend list`).
    pub track: String,

    /// Set a variable: `--set client=Dana`; `-` leaves it a visible blank to fill in during the call.
    /// Wins over `--vars` and the environment.
    #[arg(long = "set", short = 's', value_name = "KEY=VALUE", help_heading = "Values")]
    pub set: Vec<String>,

    /// Read variables from a TOML file of `key = "value"` lines.
    #[arg(long = "vars", value_name = "FILE.toml", help_heading = "Values")]
    pub vars: Option<PathBuf>,

    /// Answer an interview question for the track's conditional words: `--answer stage=client`.
    /// Repeatable; repeat it to tick several values of a multiple-choice question.
    #[arg(long = "answer", short = 'a', value_name = "ID=VALUE", help_heading = "Values")]
    pub answer: Vec<String>,

    /// Never prompt: fail with exit code 2 naming every missing before-the-call value. Values
    /// learnt in the call are never asked; they print as blanks to fill in live.
    #[arg(long = "no-input", help_heading = "Values")]
    pub no_input: bool,

    /// Fill names from this account's people by role (below `--vars` and `--set`).
    #[arg(long, value_name = "ACCOUNT", help_heading = "Values")]
    pub account: Option<String>,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text, help_heading = "Output")]
    pub format: Format,

    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only the tracks for this situation id.
    #[arg(long, value_name = "ID")]
    pub situation: Option<String>,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BookFormat {
    Html,
    Markdown,
}

/// The playbook is made to be printed or shared: open the HTML in a browser and print it (A4 or
/// Letter; parts start on new pages, pages are numbered), or paste the Markdown into a wiki.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  mend book --out playbook.html\n  mend book --situation gatekeeper --format markdown"
)]
pub struct BookArgs {
    /// Only this situation (see `mend list`); repeatable. Default: the whole library.
    #[arg(long, value_name = "ID")]
    pub situation: Vec<String>,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = BookFormat::Html, help_heading = "Output")]
    pub format: BookFormat,

    /// Write to FILE instead of standard output (atomically).
    #[arg(long, short = 'o', value_name = "FILE", help_heading = "Output")]
    pub out: Option<PathBuf>,

    /// Replace FILE given to `--out` if it exists.
    #[arg(long, requires = "out", help_heading = "Output")]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Library directories to check, each on top of the built-in library.
    #[arg(value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DiagnoseArgs {
    /// Answer a question: `--answer symptom=gone-dark`. Repeatable; repeat it to tick several
    /// values of a multiple-choice question (`-a ladder_tried=a -a ladder_tried=b`).
    #[arg(long = "answer", short = 'a', value_name = "ID=VALUE", help_heading = "Answers")]
    pub answer: Vec<String>,

    /// Read answers from a TOML file of `id = "value"` (a list for multiple choice).
    #[arg(long = "answers", value_name = "FILE.toml", help_heading = "Answers")]
    pub answers: Option<PathBuf>,

    /// Never prompt: fail with exit code 2 naming every unanswered question, then every missing
    /// before-the-call value of the tracks for the next step. Values learnt in the call are never
    /// asked; they print as blanks. (Without a terminal and without this flag, a missing value
    /// prints as a blank with a warning.)
    #[arg(long = "no-input", help_heading = "Answers")]
    pub no_input: bool,

    /// Take what this account knows (stage, kind, names, ladder steps done) instead of asking,
    /// and record the diagnosis in it.
    #[arg(long, value_name = "ACCOUNT", help_heading = "Account")]
    pub account: Option<String>,

    /// With `--account`: do not record this diagnosis in the account.
    #[arg(long = "no-record", requires = "account", help_heading = "Account")]
    pub no_record: bool,

    /// List the questions (id, text, kind, choices, condition) instead of running the interview.
    #[arg(long)]
    pub questions: bool,

    /// Name the answers that the interview did not use.
    #[arg(long, short = 'v')]
    pub verbose: bool,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text, help_heading = "Output")]
    pub format: Format,

    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    Text,
    Json,
    Line,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Files to check; `-` or none reads standard input.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = LintFormat::Text)]
    pub format: LintFormat,

    /// Apply the safe rewrites in place (on standard input: print the fixed text).
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,

    /// Show the safe rewrites as a unified diff; write nothing.
    #[arg(long)]
    pub diff: bool,

    /// Switch a rule off for this run; repeatable.
    #[arg(long, value_name = "RULE")]
    pub allow: Vec<String>,

    /// Replace invalid UTF-8 with U+FFFD (with a warning) instead of failing.
    #[arg(long)]
    pub lossy: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Mermaid,
    Dot,
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    /// Graph language.
    #[arg(long, short = 'f', value_enum, default_value_t = GraphFormat::Mermaid)]
    pub format: GraphFormat,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }
}
