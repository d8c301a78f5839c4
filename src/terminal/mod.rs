//! The terminal front end: the one place mend meets a person at a terminal.
//!
//! Prompts ([`prompt`]), the Ctrl-C handler, putting the cursor back, and reading the terminal's
//! size and the process environment all live here, so the engine (content, interview, values,
//! sheet, formats) stays pure and testable without a TTY. Only this folder uses `ctrlc` and
//! `console::Term`; the prompts are mend's own ([`screen`]).

pub mod prompt;
pub mod screen;

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

/// Installs the Ctrl-C handler: restore the cursor, exit 130, write nothing.
///
/// Line-mode prompts get SIGINT from the terminal; raw-mode prompts see Ctrl-C as a key and report
/// it as an interrupted read, which maps to the same exit code. Installed just before the first
/// prompt (it starts a thread), so non-interactive runs pay nothing for it.
pub fn install_interrupt_handler() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = ctrlc::set_handler(handle_interrupt);
    });
}

fn handle_interrupt() {
    let term = console::Term::stderr();
    let _ = term.show_cursor();
    let _ = term.write_line("");
    std::process::exit(crate::error::ExitCode::Interrupted as i32);
}

/// Without a terminal, says on stderr what a person at a prompt would have been shown: each lint
/// finding on a typed value (the value, the rule, the fix), and each value left blank.
pub fn warn_values(warnings: &[crate::values::ValueWarning], blank: &[String]) {
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    for w in warnings {
        let _ = writeln!(err, "warning: {w}");
    }
    if !blank.is_empty() {
        let names: Vec<String> = blank.iter().map(|n| format!("`{n}`")).collect();
        let _ = writeln!(
            err,
            "warning: no value for {}; the sheet shows a blank (give it in `[values]` of --answers, or run on a terminal)",
            names.join(", ")
        );
    }
}
