//! mend: a command-line coach for B2B salespeople whose client relationships are stuck.
//!
//! The flow of a request, in the order of the modules below: [`cli`] parses flags, [`config`]
//! checks them, [`library`] finds content across layers, [`talk_track`] / [`situation`] /
//! [`interview`] parse it, [`values`] and the interview collect input, [`rendered_track`] and
//! [`prep_sheet`] produce a [`document::Document`], and [`format`] and [`output`] print it. Only
//! [`prompt`] and the interactive interview touch the terminal.

pub mod cli;
pub mod commands;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod error;
pub mod format;
pub mod interview;
pub mod library;
pub mod lint;
pub mod origin;
pub mod output;
pub mod prebuilt;
pub mod prep_sheet;
pub mod printable;
pub mod prompt;
pub mod rendered_track;
pub mod situation;
pub mod talk_track;
pub mod template;
pub mod values;

pub use diagnostic::Diagnostic;
pub use error::{Error, ExitCode, Outcome};

use clap::Parser;
use config::{Command, Config, Environment};
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
    let env = Environment::current();
    let result = Config::from_cli(cli, &env).and_then(execute);
    match result {
        Ok(outcome) => outcome.exit_code(),
        Err(err) if error::is_broken_pipe(&err) => ExitCode::Ok,
        Err(err) => {
            if matches!(err, Error::Interrupted) {
                restore_cursor();
            }
            if !matches!(err, Error::Interrupted) {
                eprintln!("{}", printable::text(&error::Report(&err).to_string()));
            }
            err.exit_code()
        }
    }
}

/// Shows the cursor again after an interrupted prompt, only on a terminal (no stray escapes in
/// a captured stderr).
pub fn restore_cursor() {
    let term = console::Term::stderr();
    if term.is_term() {
        let _ = term.show_cursor();
    }
}

fn execute(config: Config) -> Result<Outcome, Error> {
    let Config { library, command, color } = config;
    match command {
        Command::Diagnose(c) => commands::diagnose::run(c, &library),
        Command::Say(c) => commands::say::run(c, &library),
        Command::List { situation, format } => commands::list::run(&library, situation, format, color),
        Command::Check { dirs } => commands::check::run(dirs),
        Command::Lint(c) => commands::lint::run(c, &library),
        Command::Graph { format } => commands::graph::run(&library, format),
        Command::Paths => commands::paths::run(&library),
        Command::Completions { shell } => commands::meta::completions(shell, &library),
        Command::Man => commands::meta::man(),
        Command::ShortHelp => {
            eprintln!("{SHORT_HELP}");
            Err(Error::usage("no terminal to ask on; give a command"))
        }
    }
}
