//! `mend completions` and `mend man`: generated from the clap definition, so they never drift.
//!
//! Completions are generated at run time rather than build time so that the track names offered
//! after `mend say` include the user's own library layers.

use crate::cli::Cli;
use crate::error::{Error, Outcome};
use crate::library::Library;
use crate::output;
use clap::builder::PossibleValuesParser;
use clap::CommandFactory;

pub fn completions(shell: clap_complete::Shell, library: &Library) -> Result<Outcome, Error> {
    let names: Vec<String> = library.track_index()?.names().map(str::to_string).collect();
    let mut cmd = Cli::command().mut_subcommand("say", |say| {
        say.mut_arg("track", |arg| arg.value_parser(PossibleValuesParser::new(names.clone())))
    });
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "mend", &mut buf);
    output::stdout(&String::from_utf8_lossy(&buf))?;
    Ok(Outcome::Clean)
}

pub fn man() -> Result<Outcome, Error> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut buf).map_err(|e| Error::io("cannot render the man page", e))?;
    output::stdout(&String::from_utf8_lossy(&buf))?;
    Ok(Outcome::Clean)
}
