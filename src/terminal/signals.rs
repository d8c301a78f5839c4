//! Signals: Ctrl-C, SIGTERM and SIGHUP end mend the same way, whatever it was doing.
//!
//! A prompt puts the terminal in raw mode (no echo, no line editing) and hides the cursor while it
//! waits for a key. Killed there by the default action of SIGTERM or SIGHUP, mend would leave the
//! shell without echo and without a cursor, and an interrupted `lint --fix` would leave its
//! `.mend-*.tmp` file next to the user's. So one handler, installed before the first prompt or
//! the first staged write, does what `less` does: it removes the temporary files that are not
//! settled yet (the writer's registry, [`crate::output::pending`], which calls [`install`] through
//! the hook [`crate::run`] gives it, so the writer never reaches up here), puts back the terminal modes saved when it was installed, shows the
//! cursor, and exits with 128 + the signal number (130, 143, 129), as a shell reports it. Nothing
//! is written: a staged file is renamed into place whole or not at all.
//!
//! The handler runs on its own thread (signal-hook's self-pipe), so it may take locks and do I/O
//! safely. Installing it costs a thread, so non-interactive runs that write nothing skip it.

use std::sync::{Mutex, Once, PoisonError};

/// The child mend waits on (the rep's editor), whose process a signal must not orphan.
static CHILD: Mutex<Option<u32>> = Mutex::new(None);
/// A signal came while the child ran: mend leaves as soon as the child has ended.
static DEFERRED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Runs `wait` (which waits for child process `pid`, the rep's editor) as git runs an editor:
/// Ctrl-C goes to the editor alone (the terminal sends it to both; the editor decides), SIGTERM
/// and SIGHUP are passed on to it, and once it has ended mend leaves as a signal would (pending
/// files removed, 143 or 129). So a signal never leaves the editor running without mend.
pub fn while_child<T>(pid: u32, wait: impl FnOnce() -> T) -> T {
    install();
    *CHILD.lock().unwrap_or_else(PoisonError::into_inner) = Some(pid);
    let result = wait();
    *CHILD.lock().unwrap_or_else(PoisonError::into_inner) = None;
    if DEFERRED.load(std::sync::atomic::Ordering::SeqCst) {
        leave();
    }
    result
}

/// Installs the handler for Ctrl-C, SIGTERM and SIGHUP, once. Call it before the first prompt,
/// while the terminal is still in the modes the shell gave it: those are the modes put back.
pub fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(platform::install);
}

/// Ends mend after a signal or an interrupted prompt: removes the pending temporary files, puts
/// the terminal modes back, shows the cursor, and exits 129, 130 or 143 for the signal that came.
///
/// Both the handler thread and the main thread (whose prompt read fails with "interrupted" when a
/// signal lands) come here; the first one in exits, the other waits on the lock until it does.
/// The pending list stays locked too, so no rename can start meanwhile.
pub fn leave() -> ! {
    static LEAVING: Mutex<()> = Mutex::new(());
    let _leaving = LEAVING.lock().unwrap_or_else(PoisonError::into_inner);
    // Held until the exit, so no rename can start meanwhile.
    let _files = crate::output::pending::remove_all();
    platform::restore_modes();
    let term = console::Term::stderr();
    if term.is_term() {
        if super::moves_cursor(&term) {
            let _ = term.show_cursor();
        }
        let _ = term.write_line("");
    }
    std::process::exit(platform::exit_code() as i32)
}

#[cfg(unix)]
mod platform {
    use crate::error::ExitCode;
    use rustix::termios::{tcgetattr, tcsetattr, OptionalActions, Termios};
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    use std::fs::File;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, OnceLock};

    /// What the signal handler saw and saved, set once by [`install`].
    struct State {
        /// Set inside the signal handler itself, before any thread wakes: a prompt interrupted by
        /// SIGTERM raises SIGINT on its way out (console does), so the first signal must win.
        terminated: Arc<AtomicBool>,
        hung_up: Arc<AtomicBool>,
        /// The controlling terminal and its modes when the handler was installed.
        modes: Option<(File, Termios)>,
    }

    static STATE: OnceLock<State> = OnceLock::new();

    pub(super) fn install() {
        let modes = File::options()
            .read(true)
            .write(true)
            .open("/dev/tty")
            .ok()
            .and_then(|tty| Some((tcgetattr(&tty).ok()?, tty)))
            .map(|(modes, tty)| (tty, modes));
        let state = State { terminated: Arc::default(), hung_up: Arc::default(), modes };
        let flagged = signal_hook::flag::register(SIGTERM, Arc::clone(&state.terminated))
            .and_then(|_| signal_hook::flag::register(SIGHUP, Arc::clone(&state.hung_up)));
        let _ = STATE.set(state);
        let Ok(mut signals) = flagged.and_then(|_| signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]))
        else {
            return;
        };
        let spawned = std::thread::Builder::new().name("signals".into()).spawn(move || {
            for signal in signals.forever() {
                let child = *super::CHILD.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                match child {
                    // Ctrl-C reached the editor from the terminal too: it is the editor's to handle.
                    Some(_) if signal == SIGINT => {}
                    Some(pid) => {
                        super::DEFERRED.store(true, Ordering::SeqCst);
                        if let (Some(pid), Some(sig)) = (
                            rustix::process::Pid::from_raw(pid as i32),
                            rustix::process::Signal::from_named_raw(signal),
                        ) {
                            let _ = rustix::process::kill_process(pid, sig);
                        }
                    }
                    None => super::leave(),
                }
            }
        });
        drop(spawned);
    }

    /// 143 after SIGTERM, 129 after SIGHUP, else 130 (Ctrl-C).
    pub(super) fn exit_code() -> ExitCode {
        match STATE.get() {
            Some(s) if s.terminated.load(Ordering::SeqCst) => ExitCode::Terminated,
            Some(s) if s.hung_up.load(Ordering::SeqCst) => ExitCode::HungUp,
            _ => ExitCode::Interrupted,
        }
    }

    /// Puts back the modes saved at installation, only when a prompt left them changed: writing
    /// them from a background job would stop it (SIGTTOU), and a terminal as it was needs nothing.
    pub(super) fn restore_modes() {
        if let Some((tty, saved)) = STATE.get().and_then(|s| s.modes.as_ref()) {
            if tcgetattr(tty).is_ok_and(|now| !same_modes(&now, saved)) {
                let _ = tcsetattr(tty, OptionalActions::Now, saved);
            }
        }
    }

    /// The flag sets a prompt changes: raw mode clears echo, line editing and signal keys.
    fn same_modes(a: &Termios, b: &Termios) -> bool {
        a.input_modes == b.input_modes
            && a.output_modes == b.output_modes
            && a.control_modes == b.control_modes
            && a.local_modes == b.local_modes
    }
}

#[cfg(not(unix))]
mod platform {
    use crate::error::ExitCode;

    /// Ctrl-C only; raw-mode prompts see it as a key and report an interrupted read.
    pub(super) fn install() {
        let _ = ctrlc::set_handler(|| super::leave());
    }

    pub(super) fn exit_code() -> ExitCode {
        ExitCode::Interrupted
    }

    pub(super) fn restore_modes() {}
}
