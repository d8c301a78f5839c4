//! Domain errors and the one place they become exit codes.
//!
//! Every failure a user can cause is a variant here with a message that says what to do next.
//! [`Error::exit_code`] is the single mapping to the documented exit codes, so `main` stays a
//! one-liner and the codes cannot drift between commands.

use crate::diagnostic::Diagnostic;
use std::fmt;
use std::io;

/// mend's documented exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// Everything went well.
    Ok = 0,
    /// The command ran and found problems (`mend check`, `mend lint`).
    Findings = 1,
    /// Bad usage or bad input: nothing was written.
    Usage = 2,
    /// The terminal hung up (SIGHUP): terminal restored, nothing written. 128 + 1.
    HungUp = 129,
    /// Interrupted with Ctrl-C (SIGINT): terminal restored, nothing written. 128 + 2.
    Interrupted = 130,
    /// Asked to stop (SIGTERM): terminal restored, nothing written. 128 + 15.
    Terminated = 143,
}

/// What a command reports when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Clean,
    Findings,
}

impl Outcome {
    pub fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Clean => ExitCode::Ok,
            Outcome::Findings => ExitCode::Findings,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Wrong flags or arguments.
    #[error("{message}")]
    Usage { message: String, hint: Option<String> },
    /// One or more located problems in content or input files.
    #[error("{}", display_all(.0))]
    Invalid(Vec<Diagnostic>),
    /// A value is needed and there is no terminal to ask on.
    #[error("{0}")]
    Missing(String),
    /// The output file exists and `--force` was not given.
    #[error("`{0}` already exists; nothing was written")]
    WouldClobber(String),
    /// An operating-system error with the context of what mend was doing.
    #[error("{context}: {source}")]
    Io { context: String, source: io::Error },
    /// Ctrl-C.
    #[error("interrupted")]
    Interrupted,
}

fn display_all(diags: &[Diagnostic]) -> String {
    diags.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
}

impl Error {
    pub fn usage(message: impl Into<String>) -> Self {
        Error::Usage { message: message.into(), hint: None }
    }

    pub fn usage_hint(message: impl Into<String>, hint: Option<String>) -> Self {
        Error::Usage { message: message.into(), hint }
    }

    pub fn io(context: impl Into<String>, source: io::Error) -> Self {
        if source.kind() == io::ErrorKind::Interrupted {
            return Error::Interrupted;
        }
        Error::Io { context: context.into(), source }
    }

    pub fn exit_code(&self) -> ExitCode {
        match self {
            Error::Interrupted => ExitCode::Interrupted,
            // An I/O failure is bad input or environment the user must fix; nothing was written.
            _ => ExitCode::Usage,
        }
    }

    /// The hint line shown under the message, if any.
    pub fn hint(&self) -> Option<&str> {
        match self {
            Error::Usage { hint, .. } => hint.as_deref(),
            Error::WouldClobber(_) => Some("pass `--force` to replace it"),
            _ => None,
        }
    }
}

/// Formats an error for stderr: `error: message` plus a hint line.
pub struct Report<'a>(pub &'a Error);

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Error::Invalid(diags) if diags.len() > 1 => {
                writeln!(f, "error: {} problems", diags.len())?;
                write!(f, "{}", self.0)?;
            }
            other => write!(f, "error: {other}")?,
        }
        if let Some(hint) = self.0.hint() {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// True for the error a write to a closed pipe gives (`mend list | head -1`): not a failure.
pub fn is_broken_pipe(err: &Error) -> bool {
    matches!(err, Error::Io { source, .. } if source.kind() == io::ErrorKind::BrokenPipe)
}
