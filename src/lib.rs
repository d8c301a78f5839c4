//! mend: a command-line coach for B2B salespeople whose client relationships are stuck.
//!
//! The folders follow a request from the flags to the page:
//!
//! - the app: [`cli`] parses flags, [`config`] checks them (and reads `--vars` and `--answers`
//!   files once), [`commands`] turn a checked config into one call to the engine and write its
//!   output with [`output`]; [`terminal`] is the only place that meets a person at a terminal
//!   (prompts, signals, terminal modes and cursor, size).
//! - the engine, which never imports the app: [`library`] finds content across layers, loads the
//!   script and checks a library; [`content`] parses talk-tracks, situations and templates;
//!   [`interview`] is the pure question state machine and classifier; [`values`] is the one value
//!   pipeline; [`sheet`] builds the prep sheet (and its call card), the playbook, and renders
//!   tracks; [`format`] turns them into text, Markdown, HTML or JSON with one [`format::render`];
//!   [`account`] keeps one file per client between calls; [`rehearsal`] plays the client of a
//!   scripted call and scores the rep's replies.
//! - beside the flow: [`lint`], the prose checker; [`diagnostic`] and [`error`], the vocabulary
//!   for problems and the one mapping to exit codes.

pub mod account;
pub mod case;
pub mod cli;
pub mod commands;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod error;
pub mod format;
pub mod interview;
pub mod library;
pub mod lint;
pub mod output;
pub mod rehearsal;
pub mod sheet;
pub mod terminal;
pub mod values;

pub use diagnostic::Diagnostic;
pub use error::{Error, ExitCode, Outcome};

use clap::Parser;
use config::{Command, Config};
use std::ffi::OsString;

const SHORT_HELP: &str = "\
mend: a coach for stuck client relationships.

mend needs a terminal to interview you. Without one, try:
  mend list                              the talk-tracks
  mend say honest-ask --set sponsor=Priya --set stakeholder=Marcus
  mend diagnose --answers answers.toml --format json
  mend --help                            everything else";

/// Parses `args`, runs the command, and returns the exit code. Errors are printed here, once.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match cli::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::Usage } else { ExitCode::Ok };
        }
    };
    // A staged write installs the signal handler first, so a signal never strands a temp file.
    output::pending::on_first_file(terminal::signals::install);
    let env = terminal::environment();
    let result = Config::from_cli(cli, &env).and_then(execute);
    match result {
        Ok(outcome) => outcome.exit_code(),
        Err(err) if error::is_broken_pipe(&err) => ExitCode::Ok,
        Err(err) => {
            if matches!(err, Error::Interrupted) {
                // Ctrl-C, SIGTERM or SIGHUP at a prompt: one way out, with the signal's code.
                terminal::signals::leave();
            }
            eprintln!("{}", format::inert::text(&error::Report(&err).to_string()));
            err.exit_code()
        }
    }
}

fn execute(config: Config) -> Result<Outcome, Error> {
    let Config { library, command, color, accounts } = config;
    match command {
        Command::Diagnose(c) => commands::diagnose::run(c, &library),
        Command::Say(c) => commands::say::run(c, &library),
        Command::Book(c) => commands::book::run(c, &library),
        Command::List { situation, format } => commands::list::run(&library, situation, format, color),
        Command::Check { dirs } => commands::check::run(dirs),
        Command::Lint(c) => commands::lint::run(c, &library),
        Command::Graph { format } => commands::graph::run(&library, format),
        Command::Account(place, c) => commands::account::run(c, &place, &library),
        Command::Log(place, c) => commands::log::run(c, &place, &library),
        Command::Promise(place, c) => commands::promise::run(c, &place),
        Command::Next(place, c) => commands::next::run(c, &place, &library),
        Command::Rehearse(c) => commands::rehearse::run(c, &library),
        Command::Paths => commands::paths::run(&library, accounts.as_ref()),
        Command::Completions { shell } => commands::meta::completions(shell, &library, accounts.as_ref()),
        Command::Man => commands::meta::man(),
        Command::ShortHelp => {
            eprintln!("{SHORT_HELP}");
            Err(Error::usage("no terminal to ask on; give a command"))
        }
    }
}
