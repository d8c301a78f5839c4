//! Writing results: to standard output (a closed pipe is not an error) or to a file, atomically.
//!
//! A file is written to a temporary file in the same directory and renamed into place, so a crash
//! or a signal never leaves a half-written file (nor, after Ctrl-C, SIGTERM or SIGHUP, the
//! temporary one: see [`pending`]), and an existing file is only replaced with `--force`.
//! Only a regular file (or a symlink to one) is ever replaced: renaming over a FIFO, a device or
//! `/dev/stdout` would swap it for a plain file and send nothing where the user meant (`sed -i`
//! refuses the same way). A symbolic link is followed, as `sed -i --follow-symlinks` and `cp` do:
//! the file it points to is replaced (its temporary file staged beside it, so the rename stays on
//! one file system) and the link itself is left as it was. A replacement keeps the mode, owner and
//! group of what it replaces where the process may set them; a new file gets the mode the shell
//! would give it (0666 minus umask).

use crate::error::Error;
pub mod pending;

use pending::Pending;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Writes `content` to stdout. A closed pipe (`mend list | head -1`) ends quietly.
pub fn stdout(content: &str) -> Result<(), Error> {
    let mut out = io::stdout().lock();
    match out.write_all(content.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(|e| Error::io("cannot write to standard output", e)),
    }
}

/// Writes `content` to `path` or, when there is none, to stdout.
pub fn emit(path: Option<&Path>, force: bool, content: &str) -> Result<(), Error> {
    match path {
        Some(path) => write_atomic(path, content.as_bytes(), force),
        None => stdout(content),
    }
}

/// Writes `bytes` to `path` through a temporary file and a rename. Refuses to replace an existing
/// file unless `force`; keeps the permissions of a file it replaces.
pub fn write_atomic(path: &Path, bytes: &[u8], force: bool) -> Result<(), Error> {
    if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
        return Err(Error::usage(format!("`{}` is a directory; give a file name", path.display())));
    }
    ensure_replaceable(path)?;
    if !force && path.exists() {
        return Err(Error::WouldClobber(path.display().to_string()));
    }
    let mut staged = Staged::new(path)?;
    staged.file().write_all(bytes).map_err(|e| Error::io(format!("cannot write `{}`", path.display()), e))?;
    staged.commit(force)
}

/// Refuses a `path` that exists and is not a regular file once symlinks are followed: a FIFO, a
/// device, a socket, a directory, or a symlink to one of them. A missing file (or a dangling
/// symlink, which the rename replaces) is fine: it is created.
pub fn ensure_replaceable(path: &Path) -> Result<(), Error> {
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => Err(Error::usage_hint(
            format!("cannot write `{}`: not a regular file", path.display()),
            Some(if path == Path::new("/dev/stdout") {
                "leave out `--out` (or give `--out -`) to write to standard output".into()
            } else {
                "give the name of a regular file, or `-` for standard output".into()
            }),
        )),
        _ => Ok(()),
    }
}

/// A replacement for `path` being written next to it; nothing changes until [`Staged::commit`].
/// Dropping it removes the temporary file, so an error or an unchanged result leaves the original
/// exactly as it was.
pub struct Staged<'a> {
    /// The name the user gave, for messages.
    path: &'a Path,
    /// The file actually replaced: `path` with every symbolic link followed.
    target: PathBuf,
    tmp: tempfile::NamedTempFile,
    /// Declared after `tmp`, so it is forgotten only once the file is gone.
    pending: Pending,
}

impl<'a> Staged<'a> {
    /// A new file gets the mode a shell redirection would give it: 0666 minus the umask.
    pub fn new(path: &'a Path) -> Result<Self, Error> {
        Staged::with_mode(path, 0o666)
    }

    /// A new file is readable by its owner alone (0600): an account file holds client notes.
    pub fn private(path: &'a Path) -> Result<Self, Error> {
        Staged::with_mode(path, 0o600)
    }

    /// `mode` (less the umask) for a new file; [`Staged::commit`] copies the mode of a file it
    /// replaces.
    #[cfg_attr(not(unix), allow(unused_variables))]
    fn with_mode(path: &'a Path, mode: u32) -> Result<Self, Error> {
        let target = follow_links(path)?;
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if !dir.is_dir() {
            return Err(Error::usage_hint(
                format!("cannot write `{}`: the directory `{}` does not exist", path.display(), dir.display()),
                Some("create the directory first".into()),
            ));
        }
        let mut builder = tempfile::Builder::new();
        builder.prefix(".mend-").suffix(".tmp");
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(mode));
        // A signal (Ctrl-C, SIGTERM, SIGHUP) removes the file until it is renamed into place.
        let (tmp, pending) = Pending::create(|| builder.tempfile_in(dir), tempfile::NamedTempFile::path)
            .map_err(|e| Error::io(format!("cannot write in `{}`", dir.display()), e))?;
        Ok(Staged { path, target, tmp, pending })
    }

    pub fn file(&mut self) -> &mut std::fs::File {
        self.tmp.as_file_mut()
    }

    /// Syncs and renames into place, keeping the owner, group and permissions of a file it
    /// replaces. Without `replace`, an existing file (even one created meanwhile) is left alone.
    pub fn commit(self, replace: bool) -> Result<(), Error> {
        let shown = self.path.display().to_string();
        self.tmp.as_file().sync_all().map_err(|e| Error::io(format!("cannot write `{shown}`"), e))?;
        ensure_replaceable(&self.target)?;
        if let Ok(meta) = std::fs::metadata(&self.target) {
            // As `sed -i`: owner and group where the process may (root may give the file back to its
            // owner; anyone may pick a group they belong to), before the mode, since a change of
            // owner can clear the set-id bits. Failing to is not an error.
            #[cfg(unix)]
            {
                use std::os::unix::fs::{fchown, MetadataExt};
                let file = self.tmp.as_file();
                if fchown(file, Some(meta.uid()), Some(meta.gid())).is_err() {
                    let _ = fchown(file, None, Some(meta.gid()));
                }
            }
            self.tmp
                .as_file()
                .set_permissions(meta.permissions())
                .map_err(|e| Error::io(format!("cannot keep the permissions of `{shown}`"), e))?;
        }
        let Staged { target, tmp, pending, .. } = self;
        // A failed rename drops (removes) the file inside `settle`, while a signal still waits.
        pending.settle(|| {
            let persisted = if replace { tmp.persist(&target) } else { tmp.persist_noclobber(&target) };
            persisted.map(|_| ()).map_err(|e| {
                if e.error.kind() == io::ErrorKind::AlreadyExists {
                    Error::WouldClobber(shown.clone())
                } else {
                    Error::io(format!("cannot write `{shown}`"), e.error)
                }
            })
        })
    }
}

/// `path` with its symbolic links followed, one hop at a time so that a dangling link names the
/// file to create (as `cp` creates it). A loop of links is refused as the kernel would (40 hops).
fn follow_links(path: &Path) -> Result<PathBuf, Error> {
    let mut at = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let to = std::fs::read_link(&at)
                    .map_err(|e| Error::io(format!("cannot read the link `{}`", at.display()), e))?;
                at = match at.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            _ => return Ok(at),
        }
    }
    Err(Error::usage(format!("cannot write `{}`: too many levels of symbolic links", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A link is followed: the file it points to gets the new text and keeps its mode; the link
    /// stays a link. Before, the rename replaced the link with a regular file.
    #[cfg(unix)]
    #[test]
    fn a_link_is_followed_and_stays_a_link() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let real = dir.path().join("sub").join("real.md");
        std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
        std::fs::write(&real, "old").expect("write");
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink("sub/real.md", &link).expect("link");
        write_atomic(&link, b"new", true).expect("forced write through the link");
        assert!(std::fs::symlink_metadata(&link).expect("meta").file_type().is_symlink(), "still a link");
        assert_eq!(std::fs::read_to_string(&real).expect("read"), "new");
        assert_eq!(std::fs::metadata(&real).expect("meta").permissions().mode() & 0o777, 0o640);
        // A dangling link creates the file it names.
        let dangling = dir.path().join("dangling.md");
        std::os::unix::fs::symlink("sub/new.md", &dangling).expect("link");
        write_atomic(&dangling, b"made", false).expect("write through a dangling link");
        assert_eq!(std::fs::read_to_string(dir.path().join("sub/new.md")).expect("read"), "made");
        // A loop is refused.
        let a = dir.path().join("a");
        std::os::unix::fs::symlink("b", &a).expect("link");
        std::os::unix::fs::symlink("a", dir.path().join("b")).expect("link");
        assert!(write_atomic(&a, b"x", true).is_err());
    }

    #[test]
    fn refuses_to_clobber_and_replaces_with_force() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.md");
        write_atomic(&path, b"one", false).expect("first write");
        assert!(matches!(write_atomic(&path, b"two", false), Err(Error::WouldClobber(_))));
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "one");
        write_atomic(&path, b"two", true).expect("forced");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "two");
        let leftovers = std::fs::read_dir(dir.path()).expect("list").count();
        assert_eq!(leftovers, 1, "no temp files left behind");
    }
}
