//! The accounts directory's write lock, `.mend.lock`.
//!
//! The lock lives in a directory a team may share, so it is opened as a file someone else may have
//! planted: never through a symbolic link (`O_NOFOLLOW`: a link to `/etc/nologin` must not make
//! root create that file), never blocking on a FIFO (`O_NONBLOCK`, then refused as not a regular
//! file), and never waited on for ever. A writer that holds it writes who it is into it, so one
//! that waits longer than [`DEFAULT_WAIT`] can say who holds it and give up (exit 2) instead of
//! hanging without a word.

use crate::error::Error;
use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::Path;
use std::time::{Duration, Instant};

/// How long a writer waits for another one before it gives up; `MEND_LOCK_TIMEOUT` (seconds)
/// changes it. A `mend log` holds the lock for milliseconds, so ten seconds means something is
/// stuck.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(10);

/// A held lock; released when dropped (the file stays, empty of meaning, for the next writer).
#[derive(Debug)]
pub struct DirLock {
    _file: File,
}

impl DirLock {
    /// Takes the lock at `path`, waiting at most `wait` for whoever holds it.
    pub fn take(path: &Path, wait: Duration) -> Result<DirLock, Error> {
        let shown = path.display();
        let mut file = open(path)?;
        let meta = file.metadata().map_err(|e| Error::io(format!("cannot read `{shown}`"), e))?;
        if !meta.is_file() {
            return Err(Error::usage_hint(
                format!("the lock `{shown}` is not a regular file; nothing was written"),
                Some("remove it (mend makes a new one), and check who can write to the accounts directory".into()),
            ));
        }
        let deadline = Instant::now() + wait;
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(std::fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(25));
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    let mut holder = String::new();
                    let _ = file.read_to_string(&mut holder);
                    let holder = crate::format::inert::line(holder.trim());
                    let who = if holder.is_empty() { "another mend".to_string() } else { holder.into_owned() };
                    return Err(Error::usage_hint(
                        format!("`{shown}` is held by {who}; gave up after {} s, nothing was written", wait.as_secs()),
                        Some("wait for it to finish and run the command again (`MEND_LOCK_TIMEOUT` sets the wait in seconds)".into()),
                    ));
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(Error::io(format!("cannot lock `{shown}`"), e)),
            }
        }
        // Who holds it, for the next writer to report. Best effort: the lock is what counts.
        let _ = file.set_len(0).and_then(|()| file.rewind()).and_then(|()| {
            let command = std::env::args().nth(1).unwrap_or_default();
            writeln!(file, "process {} (`mend {command}`)", std::process::id())
        });
        Ok(DirLock { _file: file })
    }
}

#[cfg(unix)]
fn open(path: &Path) -> Result<File, Error> {
    use rustix::fs::OFlags;
    use std::os::unix::fs::OpenOptionsExt;
    let flags = OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
    let opened = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .mode(0o600)
        .custom_flags(flags.bits() as i32)
        .open(path);
    opened.map_err(|e| {
        if e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) {
            Error::usage_hint(
                format!("the lock `{}` is a symbolic link; mend does not follow it", path.display()),
                Some(
                    "remove the link (mend makes a new lock), and check who can write to the accounts directory".into(),
                ),
            )
        } else {
            Error::io(format!("cannot open `{}`", path.display()), e)
        }
    })
}

#[cfg(not(unix))]
fn open(path: &Path) -> Result<File, Error> {
    std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(path)
        .map_err(|e| Error::io(format!("cannot open `{}`", path.display()), e))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_link_as_the_lock_is_refused_and_its_target_never_made() {
        let dir = tempfile::tempdir().expect("tmp");
        let planted = dir.path().join("planted");
        let lock = dir.path().join(".mend.lock");
        std::os::unix::fs::symlink(&planted, &lock).expect("link");
        let err = DirLock::take(&lock, Duration::from_millis(10)).expect_err("refused");
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert!(!planted.exists(), "the link's target was created");
    }

    #[test]
    fn a_fifo_as_the_lock_is_refused_at_once() {
        let dir = tempfile::tempdir().expect("tmp");
        let lock = dir.path().join(".mend.lock");
        rustix::fs::mkfifoat(rustix::fs::CWD, &lock, rustix::fs::Mode::from_raw_mode(0o600)).expect("fifo");
        let err = DirLock::take(&lock, Duration::from_millis(10)).expect_err("refused");
        assert!(err.to_string().contains("not a regular file"), "{err}");
    }

    #[test]
    fn a_held_lock_names_its_holder_and_gives_up() {
        let dir = tempfile::tempdir().expect("tmp");
        let lock = dir.path().join(".mend.lock");
        let _held = DirLock::take(&lock, Duration::ZERO).expect("first");
        let started = Instant::now();
        // flock locks belong to the open file, so a second open in this process conflicts too.
        let err = DirLock::take(&lock, Duration::from_millis(200)).expect_err("gave up");
        assert!(started.elapsed() >= Duration::from_millis(200));
        assert!(err.to_string().contains(&format!("process {}", std::process::id())), "{err}");
        assert_eq!(err.exit_code(), crate::error::ExitCode::Usage);
    }
}
