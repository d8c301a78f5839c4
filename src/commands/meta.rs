//! `mend completions` and `mend man`: generated from the clap definition, so they never drift.
//!
//! Completions are generated at run time rather than build time so that the track names offered
//! after `mend say` include the user's own library layers, and the account names (after the account
//! commands and `--account`) are the ones on disk.

use crate::cli::Cli;
use crate::error::{Error, Outcome};
use crate::library::Library;
use crate::output;
use clap::builder::PossibleValuesParser;
use clap::CommandFactory;

pub fn completions(
    shell: clap_complete::Shell,
    library: &Library,
    accounts: Option<&crate::account::Store>,
) -> Result<Outcome, Error> {
    let names: Vec<String> = library.track_index()?.names().map(str::to_string).collect();
    // Account names are offered wherever an existing account is named; an unreadable directory
    // just offers none.
    let account_names: Vec<String> = accounts.and_then(|s| s.names().ok()).unwrap_or_default();
    let accounts_arg = |arg: clap::Arg| arg.value_parser(PossibleValuesParser::new(account_names.clone()));
    let mut cmd = Cli::command()
        .mut_subcommand("say", |say| {
            say.mut_arg("track", |arg| arg.value_parser(PossibleValuesParser::new(names.clone())))
                .mut_arg("account", accounts_arg)
        })
        .mut_subcommand("diagnose", |c| c.mut_arg("account", accounts_arg))
        .mut_subcommand("log", |c| c.mut_arg("account", accounts_arg))
        .mut_subcommand("promise", |c| c.mut_arg("account", accounts_arg))
        .mut_subcommand("account", |c| {
            ["set", "show", "edit"]
                .into_iter()
                .fold(c, |c, sub| c.mut_subcommand(sub, |s| s.mut_arg("account", accounts_arg)))
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
