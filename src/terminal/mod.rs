//! The terminal front end: the one place mend meets a person at a terminal.
//!
//! Prompts ([`prompt`], drawn by mend's own [`screen`]), signals ([`signals`]: Ctrl-C, SIGTERM,
//! SIGHUP), putting the cursor and the terminal modes back, and reading the terminal's size and
//! the process environment all live here, so the engine (content, interview, values, sheet,
//! formats) stays pure and testable without a TTY. Only this folder uses `signal-hook` and
//! `console::Term`.

pub mod prompt;
pub mod rehearsal;
pub mod screen;
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

/// Shows the cursor again after an interrupted prompt, only on a terminal that takes cursor
/// control (no stray escapes in a captured stderr or on `TERM=dumb`, where no prompt hid it).
pub fn restore_cursor() {
    let term = console::Term::stderr();
    if moves_cursor(&term) {
        let _ = term.show_cursor();
    }
}

/// True when `term` is a terminal whose TERM is not `dumb`: the only kind mend sends cursor
/// control to (the prompts decide the same way, from the checked configuration).
fn moves_cursor(term: &console::Term) -> bool {
    term.is_term() && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
}

/// Without a terminal, says on stderr what a person at a prompt would have been shown: each lint
/// finding on a typed value (the value, the rule, the fix), and each value left blank. The text
/// quotes values and library rules, so it is made inert first.
/// Names the answers a talk-track's words depend on that were not given (see
/// `interview::unanswered_conditions`): the words took their default path.
pub fn note_unanswered(unanswered: &[(String, Vec<String>)]) {
    use crate::format::inert;
    if unanswered.is_empty() {
        return;
    }
    let flags: Vec<String> = unanswered
        .iter()
        .map(|(id, values)| inert::line(&format!("--answer {id}={}", values.join("|"))).into_owned())
        .collect();
    eprintln!("note: these words change with answers not given, so they took their default path: {}", flags.join(", "));
}

pub fn warn_values(warnings: &[crate::values::ValueWarning], blank: &[String]) {
    use crate::format::inert;
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    for w in warnings {
        let _ = writeln!(err, "warning: {}", inert::line(&w.to_string()));
    }
    if !blank.is_empty() {
        let names: Vec<String> = blank.iter().map(|n| format!("`{}`", inert::line(n))).collect();
        let _ = writeln!(
            err,
            "warning: no value for {}; the sheet shows a blank (give it in `[values]` of --answers, or run on a terminal)",
            names.join(", ")
        );
    }
}
