//! The checked configuration of `mend rehearse`.
//!
//! A part of [`crate::config`] of its own, like the account commands': the `--replies` file and
//! the account are read here, once, and the names given with `--set` and `--account` become the
//! layers of one [`ValueStore`], the same pipeline a talk-track's values go through.

use super::account::AccountLink;
use super::{Environment, PromptStyle};
use crate::account::Store;
use crate::cli::rehearse::RehearseArgs;
use crate::cli::ListFormat;
use crate::error::Error;
use crate::values::{self, ValueSource, ValueStore};

#[derive(Debug)]
pub struct RehearseConfig {
    pub id: Option<String>,
    pub list: bool,
    pub format: ListFormat,
    /// The `--replies` file: where it came from, and its text.
    pub replies: Option<(String, String)>,
    /// `--account`'s people, then `--set` on top.
    pub values: ValueStore,
    pub account: Option<AccountLink>,
    /// A person is at the terminal and no `--replies` file answers for them.
    pub interactive: bool,
    pub prompts: PromptStyle,
    pub width: usize,
    pub color: bool,
}

/// Checks `mend rehearse`'s flags.
pub fn config(
    a: RehearseArgs,
    env: &Environment,
    store: Option<Store>,
    prompts: PromptStyle,
    color: bool,
) -> Result<RehearseConfig, Error> {
    let width = match a.width {
        Some(0) => return Err(Error::usage("`--width` must be at least 1")),
        Some(w) => w,
        None => env.terminal_width.map_or(80, |w| w.clamp(20, 100)),
    };
    let replies = match a.replies {
        Some(path) => {
            let source = super::read_input(path, "--replies")?;
            Some((source.origin.to_string(), source.text.into_owned()))
        }
        None => None,
    };
    let mut values = ValueStore::default();
    let account = match a.account {
        Some(name) => Some(AccountLink::load(name, store, env, !a.no_record)?),
        None => None,
    };
    if let Some(link) = &account {
        link.fill(&mut values);
    }
    let flags = a
        .set
        .iter()
        .map(|s| values::parse_pair(s, "--set", "KEY", "write it as `--set client=Elena`"))
        .collect::<Result<_, _>>()?;
    values.add(ValueSource::Flag, "--set", flags);
    Ok(RehearseConfig {
        id: a.id,
        list: a.list,
        format: a.format,
        interactive: replies.is_none() && env.interactive(),
        replies,
        values,
        account,
        prompts,
        width,
        color,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(set: &[&str]) -> RehearseArgs {
        RehearseArgs {
            id: Some("gatekeeper".into()),
            list: false,
            replies: None,
            set: set.iter().map(|s| s.to_string()).collect(),
            account: None,
            no_record: false,
            format: ListFormat::Text,
            width: Some(60),
        }
    }

    #[test]
    fn set_names_become_the_flag_layer_and_a_bad_pair_is_refused() {
        let c = config(args(&["sponsor=Priya"]), &Environment::default(), None, PromptStyle::default(), false)
            .expect("config");
        assert_eq!(c.values.get("sponsor").map(|(v, s, _)| (v, s)), Some(("Priya", ValueSource::Flag)));
        assert!(!c.interactive, "no terminal");
        assert!(config(args(&["sponsor"]), &Environment::default(), None, PromptStyle::default(), false).is_err());
    }
}
