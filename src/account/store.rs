//! The accounts directory: where it is, and every read and write of its files.
//!
//! Writes follow the house rules for a user's files, because an account file is one a rep edits by
//! hand and may keep under version control:
//! - **lossless**: mend edits the parsed document ([`toml_edit`]), so comments, key order and
//!   formatting survive;
//! - **atomic**: the new text goes to a temporary file that is renamed into place
//!   ([`crate::output::Staged`]), so a crash never leaves half a file;
//! - **serialised**: a lock on `.mend.lock` in the directory is held from reading to renaming, so
//!   concurrent `mend log` calls all land (none reads a version another is replacing);
//! - **never over a broken file**: a file that does not parse is reported and left as it is;
//! - **private**: the directory is created 0700 and files 0600, since they hold client names;
//! - **ours**: as git refuses a repository of "dubious ownership", a directory owned by another
//!   user or writable by group or others is refused (root writing there would leave root-owned
//!   files that lock the owner out; anyone who can write there can plant files), unless the user
//!   opts in with `MEND_SAFE_ACCOUNTS` (`*`, or the directory);
//! - **bounded**: an account file over [`crate::content::origin::MAX_FILE_BYTES`] is refused by
//!   name before it is read (a sparse 1 GB file must not cost 2 GB of memory);
//! - **as it was written**: a file with CRLF line ends or a byte-order mark keeps them;
//! - **no links**: an account that is a symbolic link is refused, so a write never lands
//!   somewhere the link was planted to point; the lock is opened the same way ([`super::lock`]).

use super::lock::{DirLock, DEFAULT_WAIT};
use super::{edit, schema, Account};
use crate::content::origin::{Source, MAX_FILE_BYTES};
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use jiff::civil::Date;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;
use toml_edit::DocumentMut;

/// The lock file every writer holds; a dot file, so listings skip it.
pub const LOCK_FILE: &str = ".mend.lock";

/// Why the accounts directory is where it is; shown by `mend paths`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// `--accounts DIR`.
    Flag,
    /// `MEND_ACCOUNTS`.
    Env,
    /// `$XDG_DATA_HOME/mend/accounts`.
    XdgDataHome,
    /// `$HOME/.local/share/mend/accounts`.
    Home,
}

impl fmt::Display for Via {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Via::Flag => "flag --accounts",
            Via::Env => "env MEND_ACCOUNTS",
            Via::XdgDataHome => "default (from XDG_DATA_HOME)",
            Via::Home => "default (from HOME)",
        })
    }
}

/// An accounts directory. Nothing is created until the first write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Store {
    pub dir: PathBuf,
    pub via: Via,
    /// How long a writer waits for the lock (`MEND_LOCK_TIMEOUT`).
    pub lock_wait: Duration,
    /// The user opted in to a directory that is not theirs alone (`MEND_SAFE_ACCOUNTS`).
    pub shared_ok: bool,
}

/// Every account that could be read, and what was wrong with the others: one bad file must not
/// hide the rest (`mend next`, `mend account list` show them, then report the bad ones, exit 2).
#[derive(Debug, Default)]
pub struct Accounts {
    pub accounts: Vec<Account>,
    pub problems: Vec<Diagnostic>,
}

impl Accounts {
    /// `Ok` when every file was an account; else the problems, for stderr and exit 2.
    pub fn problems(self) -> Result<(), Error> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(self.problems))
        }
    }
}

/// What one diagnosis taught mend about an account, to keep for the next call.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Learned {
    /// (role, name) for people the rep named on this call.
    pub names: Vec<(String, String)>,
    /// The stage and kind as this call answered them (a stage moves: a client can become lost).
    pub stage: Option<super::Stage>,
    pub kind: Option<super::Kind>,
    /// The answers of `stable` questions on this call's path.
    pub facts: Vec<(String, Vec<String>)>,
}

impl Store {
    /// `--accounts DIR` > `MEND_ACCOUNTS` > `$XDG_DATA_HOME/mend/accounts` >
    /// `$HOME/.local/share/mend/accounts`. A relative `XDG_DATA_HOME` is ignored, as the XDG
    /// specification asks.
    pub fn locate(
        flag: Option<PathBuf>,
        env: Option<&str>,
        xdg_data_home: Option<&str>,
        home: Option<&str>,
    ) -> Option<Store> {
        let store = |dir: PathBuf, via| Store { dir, via, lock_wait: DEFAULT_WAIT, shared_ok: false };
        if let Some(dir) = flag {
            return Some(store(dir, Via::Flag));
        }
        if let Some(dir) = env {
            return Some(store(dir.into(), Via::Env));
        }
        if let Some(xdg) = xdg_data_home.map(PathBuf::from).filter(|p| p.is_absolute()) {
            return Some(store(xdg.join("mend").join("accounts"), Via::XdgDataHome));
        }
        home.map(|h| store(Path::new(h).join(".local/share/mend/accounts"), Via::Home))
    }

    /// The file of account `name`; refuses a name that is not a plain identifier.
    pub fn path(&self, name: &str) -> Result<PathBuf, Error> {
        if !super::is_valid_name(name) {
            return Err(Error::usage_hint(
                format!("`{}` is not an account name", name.escape_debug()),
                Some("use lowercase letters, digits, `-` and `_`, like `northwind` or `acme-emea`".into()),
            ));
        }
        Ok(self.dir.join(format!("{name}.toml")))
    }

    /// Account names in the directory, sorted. A missing directory has none; files whose names are
    /// not plain identifiers are not accounts.
    pub fn names(&self) -> Result<Vec<String>, Error> {
        Ok(self.scan()?.0)
    }

    /// The account names, and a problem for each `.toml` file whose name is not one
    /// (`Northwind.toml`), so it is reported rather than skipped without a word.
    fn scan(&self) -> Result<(Vec<String>, Vec<Diagnostic>), Error> {
        self.ensure_ours()?;
        let mut misnamed = Vec::new();
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Vec::new(), misnamed)),
            Err(e) => return Err(Error::io(format!("cannot read accounts directory `{}`", self.dir.display()), e)),
        };
        let mut names = Vec::new();
        for entry in entries {
            let entry =
                entry.map_err(|e| Error::io(format!("cannot read accounts directory `{}`", self.dir.display()), e))?;
            let file_name = entry.file_name();
            let Some(stem) = file_name.to_str().and_then(|n| n.strip_suffix(".toml")) else {
                continue;
            };
            if !entry.file_type().is_ok_and(|t| t.is_file() || t.is_symlink()) {
                continue;
            }
            if super::is_valid_name(stem) {
                names.push(stem.to_string());
            } else if !stem.starts_with('.') {
                let lower = stem.to_lowercase().replace([' ', '.'], "-");
                let hint = if super::is_valid_name(&lower) {
                    format!("rename it to `{lower}.toml` (account names are lowercase letters, digits, `-` and `_`)")
                } else {
                    "account names are lowercase letters, digits, `-` and `_`, like `northwind.toml`".to_string()
                };
                let file = crate::format::inert::line(&entry.path().display().to_string()).into_owned();
                misnamed.push(
                    Diagnostic::new(file, "not an account: the file name is not an account name").with_hint(Some(hint)),
                );
            }
        }
        names.sort();
        misnamed.sort_by(|a, b| a.file.cmp(&b.file));
        Ok((names, misnamed))
    }

    /// Reads and checks one account.
    pub fn load(&self, name: &str) -> Result<Account, Error> {
        let path = self.existing(name)?;
        let source = Source::read_bounded(path.clone(), MAX_FILE_BYTES)?;
        schema::parse(name, body(&source.text).0, &path.display().to_string()).map_err(Error::Invalid)
    }

    /// Reads every account. Problems in any file are all collected, so one run shows every
    /// account that can be read and every file to fix.
    pub fn load_all(&self) -> Result<Accounts, Error> {
        let (names, problems) = self.scan()?;
        let mut all = Accounts { accounts: Vec::new(), problems };
        for name in names {
            match self.load(&name) {
                Ok(account) => all.accounts.push(account),
                Err(Error::Invalid(d)) => all.problems.extend(d),
                Err(Error::Usage { message, hint }) => {
                    let file = self.dir.join(format!("{name}.toml")).display().to_string();
                    all.problems
                        .push(Diagnostic::new(crate::format::inert::line(&file).into_owned(), message).with_hint(hint));
                }
                Err(e) => return Err(e),
            }
        }
        Ok(all)
    }

    /// The raw text of an existing account file (for `mend account edit`).
    pub fn read_text(&self, name: &str) -> Result<String, Error> {
        let path = self.existing(name)?;
        Ok(Source::read_bounded(path, MAX_FILE_BYTES)?.text.into_owned())
    }

    /// Creates account `name` from `fields`; refuses to replace an existing account.
    pub fn create(&self, name: &str, fields: &edit::Fields, today: Date) -> Result<PathBuf, Error> {
        let path = self.path(name)?;
        self.ensure_dir()?;
        self.ensure_ours()?;
        let _lock = self.lock()?;
        if std::fs::symlink_metadata(&path).is_ok() {
            return Err(exists(name));
        }
        let mut doc = DocumentMut::new();
        edit::new_account(&mut doc, fields, today);
        let text = doc.to_string();
        check(name, &text, &path)?;
        match write(&path, &text, false) {
            Err(Error::WouldClobber(_)) => Err(exists(name)),
            other => other.map(|()| path),
        }
    }

    /// Applies `change` to account `name` under the lock and writes the result atomically. The
    /// file must parse before the change, and the result must parse after it; otherwise nothing
    /// is written. Returns the path written and the account as it now is.
    pub fn update<F>(&self, name: &str, change: F) -> Result<(PathBuf, Account), Error>
    where
        F: FnOnce(&mut DocumentMut, &Account) -> Result<(), Error>,
    {
        let path = self.existing(name)?;
        let _lock = self.lock()?;
        let shown = path.display().to_string();
        let before = Source::read_bounded(path.clone(), MAX_FILE_BYTES)?;
        let (old, layout) = body(&before.text);
        let account = schema::parse(name, old, &shown).map_err(Error::Invalid)?;
        let mut doc: DocumentMut = old.parse().map_err(|e: toml_edit::TomlError| {
            // The schema check parsed it already; this is the same grammar.
            Error::Invalid(vec![Diagnostic::new(&shown, e.message().trim().to_string())])
        })?;
        // Any write stores the promise ids and UIDs a file from before them was read with.
        edit::stamp_promises(&mut doc, &account);
        change(&mut doc, &account)?;
        let new = doc.to_string();
        if new == old {
            return Ok((path, account));
        }
        let after = check(name, &new, &path)?;
        write(&path, &layout.apply(&new), true)?;
        Ok((path, after))
    }

    /// Replaces account `name` with `text` written by hand (`mend account edit`), if the file still
    /// holds `expected` (nobody logged meanwhile) and `text` parses.
    /// Promises the rep changed become new revisions for the calendar (at `now`), and any written
    /// without an id or UID get them, as with every write.
    pub fn replace(&self, name: &str, expected: &str, text: &str, now: jiff::Timestamp) -> Result<PathBuf, Error> {
        let path = self.existing(name)?;
        let _lock = self.lock()?;
        let current = Source::read_bounded(path.clone(), MAX_FILE_BYTES)?;
        if current.text != expected {
            return Err(Error::usage_hint(
                format!("`{}` changed while you were editing it; nothing was written", path.display()),
                Some(format!("run `mend account edit {name}` again")),
            ));
        }
        let (new, layout) = body(text);
        let edited = check(name, new, &path)?;
        let mut doc: DocumentMut = new.parse().map_err(|e: toml_edit::TomlError| {
            Error::Invalid(vec![Diagnostic::new(path.display().to_string(), e.message().trim().to_string())])
        })?;
        edit::stamp_promises(&mut doc, &edited);
        // The file as it was parsed before the editor opened; a file that did not parse then has
        // no promises to compare with.
        if let Ok(before) = schema::parse(name, body(expected).0, &path.display().to_string()) {
            edit::revise_edited(&mut doc, &before, &edited, now);
        }
        let numbered = doc.to_string();
        let text = if numbered == new { text.to_string() } else { layout.apply(&numbered) };
        check(name, body(&text).0, &path)?;
        write(&path, &text, true)?;
        Ok(path)
    }

    /// Writes a `mend diagnose` verdict into account `name`: a dated history entry with the
    /// situation and the next step (1-based), and what the call [`Learned`]: names for roles the
    /// account did not have (names it has are kept; a `company` name fills the account's company),
    /// the stage and kind as this call answered them, and the stable facts. Returns the file written.
    pub fn record_diagnosis(
        &self,
        name: &str,
        date: Date,
        situation: &str,
        next_step: Option<usize>,
        learned: &Learned,
    ) -> Result<PathBuf, Error> {
        let (path, _) = self.update(name, |doc, account| {
            let known = account.values_by_role();
            for (role, person) in learned.names.iter().filter(|(role, _)| !known.contains_key(role)) {
                if role == "company" {
                    edit::set_fields(doc, &edit::Fields { company: Some(person.clone()), ..Default::default() });
                } else {
                    edit::set_person(doc, role, person);
                }
            }
            let fields = edit::Fields {
                stage: learned.stage.filter(|s| account.stage != Some(*s)),
                kind: learned.kind.filter(|k| account.kind != Some(*k)),
                ..Default::default()
            };
            edit::set_fields(doc, &fields);
            for (id, values) in &learned.facts {
                if !account.facts.iter().any(|(known, v)| known == id && v == values) {
                    edit::set_fact(doc, id, values);
                }
            }
            edit::add_event(doc, &edit::NewEvent::diagnosis(date, situation, next_step));
            Ok(())
        })?;
        Ok(path)
    }

    /// The path of an existing account, or an error naming the closest one.
    pub fn existing(&self, name: &str) -> Result<PathBuf, Error> {
        self.ensure_ours()?;
        let path = self.path(name)?;
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.is_file() => Ok(path),
            Ok(m) if m.file_type().is_symlink() => Err(linked(&path)),
            Ok(_) => Err(Error::usage(format!("`{}` is not a regular file", path.display()))),
            Err(_) => {
                let names = self.names().unwrap_or_default();
                let hint = crate::diagnostic::did_you_mean(name, names.iter().map(String::as_str))
                    .unwrap_or_else(|| format!("create it with `mend account new {name}`"));
                Err(Error::usage_hint(format!("there is no account `{name}` in `{}`", self.dir.display()), Some(hint)))
            }
        }
    }

    /// Creates the directory, private to the user, if it is not there.
    fn ensure_dir(&self) -> Result<(), Error> {
        match std::fs::metadata(&self.dir) {
            Ok(m) if m.is_dir() => return Ok(()),
            Ok(_) => {
                return Err(Error::usage(format!(
                    "accounts directory `{}` ({}) is a file, not a directory",
                    self.dir.display(),
                    self.via
                )))
            }
            Err(_) => {}
        }
        if self.via == Via::Home {
            // As git: a HOME that does not exist is a broken environment, not a place to create.
            if let Some(home) = self.dir.ancestors().nth(4).filter(|h| !h.is_dir()) {
                return Err(Error::usage_hint(
                    format!("HOME (`{}`) does not exist; nothing was written", home.display()),
                    Some("set HOME to your home directory, or give `--accounts DIR` or MEND_ACCOUNTS".into()),
                ));
            }
        }
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder
            .create(&self.dir)
            .map_err(|e| Error::io(format!("cannot create accounts directory `{}`", self.dir.display()), e))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&self.dir, std::fs::Permissions::from_mode(0o700))
                .map_err(|e| Error::io(format!("cannot make `{}` private", self.dir.display()), e))?;
        }
        Ok(())
    }

    /// Takes the directory's write lock; released when the returned guard is dropped.
    fn lock(&self) -> Result<DirLock, Error> {
        DirLock::take(&self.dir.join(LOCK_FILE), self.lock_wait)
    }

    /// Refuses a directory that is not the user's alone (see the module doc), unless opted in.
    fn ensure_ours(&self) -> Result<(), Error> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let Ok(meta) = std::fs::metadata(&self.dir) else { return Ok(()) };
            if self.shared_ok {
                return Ok(());
            }
            let me = rustix::process::geteuid().as_raw();
            let why = if meta.uid() != me {
                Some(format!("is owned by user {}, not by you (user {me})", meta.uid()))
            } else if meta.mode() & 0o022 != 0 {
                Some(format!(
                    "can be written by {} (mode {:o})",
                    if meta.mode() & 0o002 != 0 { "anyone" } else { "its group" },
                    meta.mode() & 0o777
                ))
            } else {
                None
            };
            if let Some(why) = why {
                return Err(Error::usage_hint(
                    format!("the accounts directory `{}` {why}; nothing was read or written", self.dir.display()),
                    Some(format!(
                        "if you trust it, set MEND_SAFE_ACCOUNTS='{}' (or '*'); else `chmod go-w` it or use your own",
                        self.dir.display()
                    )),
                ));
            }
        }
        Ok(())
    }
}

fn linked(path: &Path) -> Error {
    Error::usage_hint(
        format!("`{}` is a symbolic link; mend does not read or write accounts through links", path.display()),
        Some("replace the link with the file it points to".into()),
    )
}

/// How a file was laid out, so a write puts back what the rep's editor chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Layout {
    bom: bool,
    crlf: bool,
}

impl Layout {
    /// `text` (as mend writes it, LF and no BOM) in this layout.
    fn apply(self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + text.len() / 16 + 3);
        if self.bom {
            out.push('\u{feff}');
        }
        if self.crlf {
            out.push_str(&text.replace("\r\n", "\n").replace('\n', "\r\n"));
        } else {
            out.push_str(text);
        }
        out
    }
}

/// The text to parse (without a byte-order mark) and the layout to write back.
fn body(text: &str) -> (&str, Layout) {
    let bom = text.starts_with('\u{feff}');
    let rest = text.strip_prefix('\u{feff}').unwrap_or(text);
    (rest, Layout { bom, crlf: rest.contains("\r\n") })
}

fn exists(name: &str) -> Error {
    Error::usage_hint(
        format!("account `{name}` already exists; nothing was written"),
        Some(format!("change it with `mend account set {name}` or `mend account edit {name}`")),
    )
}

/// Parses text about to be written, so mend never writes a file it could not read back.
fn check(name: &str, text: &str, path: &Path) -> Result<Account, Error> {
    schema::parse(name, text, &path.display().to_string()).map_err(Error::Invalid)
}

/// Writes through a temporary file and a rename. A symbolic link is refused: the rename would
/// replace the link with a file and the linked file would silently stop changing.
fn write(path: &Path, text: &str, replace: bool) -> Result<(), Error> {
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(linked(path));
    }
    // Private like the directory: created 0600, and a replacement keeps the file's own mode.
    let mut staged = crate::output::Staged::private(path)?;
    std::io::Write::write_all(staged.file(), text.as_bytes())
        .map_err(|e| Error::io(format!("cannot write `{}`", path.display()), e))?;
    staged.commit(replace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_precedence() {
        let flag = Store::locate(Some("f".into()), Some("e"), Some("/x"), Some("/h")).expect("flag");
        assert_eq!((flag.dir, flag.via), (PathBuf::from("f"), Via::Flag));
        let env = Store::locate(None, Some("e"), Some("/x"), Some("/h")).expect("env");
        assert_eq!(env.via, Via::Env);
        let xdg = Store::locate(None, None, Some("/x"), Some("/h")).expect("xdg");
        assert_eq!(xdg.dir, PathBuf::from("/x/mend/accounts"));
        let home = Store::locate(None, None, Some("relative"), Some("/h")).expect("home");
        assert_eq!((home.dir, home.via), (PathBuf::from("/h/.local/share/mend/accounts"), Via::Home));
        assert_eq!(Store::locate(None, None, None, None), None);
    }

    #[test]
    fn record_diagnosis_keeps_comments_and_existing_names() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::locate(Some(dir.path().join("accounts")), None, None, None).expect("store");
        let today = jiff::civil::date(2026, 11, 26);
        let fields = edit::Fields { company: Some("Northwind".into()), ..Default::default() };
        let path = store.create("northwind", &fields, today).expect("create");
        let text = std::fs::read_to_string(&path).expect("read");
        std::fs::write(&path, format!("# Dana prefers mornings\n{text}")).expect("comment");
        let names = vec![("sponsor".to_string(), "Dana".to_string()), ("company".into(), "Other".into())];
        let learned = Learned { names, ..Default::default() };
        store.record_diagnosis("northwind", today, "gatekeeper", Some(2), &learned).expect("record");
        let account = store.load("northwind").expect("load");
        assert_eq!(account.person("sponsor"), Some("Dana"));
        assert_eq!(account.company.as_deref(), Some("Northwind"));
        let event = account.history.last().expect("event");
        assert_eq!(
            event.diagnosis.as_ref().map(|d| (d.situation.as_str(), d.next_step)),
            Some(("gatekeeper", Some(2)))
        );
        assert!(std::fs::read_to_string(&path).expect("read").starts_with("# Dana prefers mornings\n"));
    }

    /// The stage a call answered and its stable facts are kept, a changed one replaced, and the
    /// file still reads back with the names and the history in place.
    #[test]
    fn record_diagnosis_keeps_the_stage_and_the_stable_facts() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::locate(Some(dir.path().join("accounts")), None, None, None).expect("store");
        let today = jiff::civil::date(2026, 11, 26);
        store.create("acme", &edit::Fields::default(), today).expect("create");
        let learned = Learned {
            names: vec![("champion".into(), "Aisha".into())],
            stage: Some(super::super::Stage::Client),
            kind: None,
            facts: vec![
                ("people_change".into(), vec!["champion-left".into()]),
                ("people_tried".into(), vec!["handover".into(), "widened".into()]),
            ],
        };
        store.record_diagnosis("acme", today, "people-changed", Some(1), &learned).expect("record");
        let moved = Learned { facts: vec![("people_change".into(), vec!["new-leader".into()])], ..learned };
        store.record_diagnosis("acme", today, "people-changed", Some(2), &moved).expect("record again");
        let account = store.load("acme").expect("load");
        assert_eq!(account.stage, Some(super::super::Stage::Client));
        assert_eq!(account.person("champion"), Some("Aisha"));
        assert_eq!(
            account.facts,
            vec![
                ("people_change".to_string(), vec!["new-leader".to_string()]),
                ("people_tried".to_string(), vec!["handover".to_string(), "widened".to_string()]),
            ]
        );
        assert_eq!(account.history.len(), 2);
        let text = std::fs::read_to_string(store.existing("acme").expect("path")).expect("read");
        assert!(text.find("[people]") < text.find("[facts]"), "{text}");
    }
}
