//! The temporary files a signal must not leave behind: the writer's registry.
//!
//! It lives with the writer ([`super::Staged`]) and below everything that writes, so that the
//! account store and the commands need not reach up into the terminal front end. The front end's
//! signal handler reads it ([`remove_all`]) and, so that a write never starts before the handler
//! is in place, gives it a guard to run before the first file is registered ([`on_first_file`]):
//! installing the handler costs a thread, which runs that write nothing do not pay.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};

/// Run before a file is registered (the front end installs its signal handler).
static GUARD: OnceLock<fn()> = OnceLock::new();

/// Sets the function run before each file is registered; the first one set wins.
pub fn on_first_file(guard: fn()) {
    let _ = GUARD.set(guard);
}

/// Removes every file still pending and returns the list, locked: hold it until the process
/// exits, so that no rename starts meanwhile.
pub fn remove_all() -> MutexGuard<'static, Vec<(u64, PathBuf)>> {
    let list = pending();
    for (_, path) in list.iter() {
        let _ = std::fs::remove_file(path);
    }
    list
}

/// Temporary files to remove if a signal ends mend, by ticket.
static PENDING: Mutex<Vec<(u64, PathBuf)>> = Mutex::new(Vec::new());

fn pending() -> MutexGuard<'static, Vec<(u64, PathBuf)>> {
    PENDING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A temporary file that a signal must not leave behind. Dropping it (after the file is gone)
/// or [`Pending::settle`] (once it is renamed into place) forgets it.
#[derive(Debug)]
pub struct Pending(u64);

impl Pending {
    /// Runs `create`, which makes a temporary file, and remembers the file's path for removal on a
    /// signal; a signal meanwhile waits, so no file escapes the list. Installs the handler first.
    pub fn create<T, E>(
        create: impl FnOnce() -> Result<T, E>,
        path: impl FnOnce(&T) -> &Path,
    ) -> Result<(T, Pending), E> {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        if let Some(guard) = GUARD.get() {
            guard();
        }
        let mut list = pending();
        let made = create()?;
        let ticket = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        list.push((ticket, path(&made).to_path_buf()));
        Ok((made, Pending(ticket)))
    }

    /// Runs `rename` (which moves the file into place) while a signal waits, then forgets the
    /// file: a signal sees it either still pending (and removes it) or already in place.
    pub fn settle<T>(self, rename: impl FnOnce() -> T) -> T {
        let mut list = pending();
        let result = rename();
        list.retain(|(t, _)| *t != self.0);
        result
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        pending().retain(|(t, _)| *t != self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_settled_or_dropped_file_is_forgotten() {
        let dir = tempfile::tempdir().expect("tmp");
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        let is_pending = |p: &Path| pending().iter().any(|(_, q)| q == p);
        let (_, first) = Pending::create(|| Ok::<_, ()>(a.clone()), PathBuf::as_path).expect("a");
        let (_, second) = Pending::create(|| Ok::<_, ()>(b.clone()), PathBuf::as_path).expect("b");
        assert!(is_pending(&a) && is_pending(&b));
        assert_eq!(first.settle(|| 7), 7);
        assert!(!is_pending(&a) && is_pending(&b));
        drop(second);
        assert!(!is_pending(&b));
    }
}
