//! The terminal front end: the one place mend meets a person at a terminal.
//!
//! Prompts ([`prompt`]), signals ([`signals`]: Ctrl-C, SIGTERM, SIGHUP), putting the cursor and
//! the terminal modes back, and reading the terminal's size and the process environment all live
//! here, so the engine (content, interview, values,
//! sheet, formats) stays pure and testable without a TTY. Only this folder uses `dialoguer`,
//! `signal-hook` and `console::Term`.

pub mod prompt;
pub mod signals;

use crate::config::Environment;

/// Reads the real process environment: the variables mend reads (see [`Environment::READ`] and
/// `MEND_*`), not a copy of all of them, which streams are terminals, and the terminal's width.
pub fn environment() -> Environment {
    use std::io::IsTerminal;
    let stdout_tty = std::io::stdout().is_terminal();
    let wanted =
        |k: &std::ffi::OsStr| k.to_str().is_some_and(|k| k.starts_with("MEND_") || Environment::READ.contains(&k));
    Environment {
        vars: std::env::vars_os()
            .filter(|(k, _)| wanted(k))
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
            .collect(),
        stdin_tty: std::io::stdin().is_terminal(),
        stdout_tty,
        stderr_tty: std::io::stderr().is_terminal(),
        terminal_width: if stdout_tty {
            console::Term::stdout().size_checked().map(|(_, w)| usize::from(w))
        } else {
            None
        },
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
