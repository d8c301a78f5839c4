//! Where a piece of content came from: shipped inside the binary, or a file on disk.
//!
//! Content is kept as the raw text plus its origin, and parsed only when a command needs it, so
//! that `mend say one-track` never parses the other thirty.

use crate::diagnostic::Locator;
use std::borrow::Cow;
use std::fmt;
use std::path::PathBuf;

/// The biggest account file mend reads: 8 MiB. A real one is a few KB; a file of gigabytes
/// (sparse, or a mistake) must be refused by name, not read (`mend next` reads every account).
pub const MAX_FILE_BYTES: u64 = 8 << 20;

/// The origin of one file of content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Shipped in the binary; the path is relative to the repo folder it came from.
    Embedded(&'static str),
    /// Read from a library directory.
    File(PathBuf),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Embedded(path) => write!(f, "embedded:{path}"),
            Origin::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// The text of a content file with its origin. Embedded text is borrowed from the binary.
#[derive(Debug, Clone)]
pub struct Source {
    pub origin: Origin,
    pub text: Cow<'static, str>,
}

impl Source {
    pub fn embedded(path: &'static str, text: &'static str) -> Self {
        Source { origin: Origin::Embedded(path), text: Cow::Borrowed(text) }
    }

    /// Reads a file, refusing NUL bytes and invalid UTF-8 with a located message. Library files
    /// have their own limits (a track's size is bounded by what it may hold).
    pub fn read(path: PathBuf) -> Result<Self, crate::Error> {
        Source::read_bounded(path, u64::MAX)
    }

    /// As [`Source::read`], refusing a file over `cap` bytes by name before reading it.
    pub fn read_bounded(path: PathBuf, cap: u64) -> Result<Self, crate::Error> {
        use std::io::Read;
        let cannot = |e| crate::Error::io(format!("cannot read `{}`", path.display()), e);
        let file = std::fs::File::open(&path).map_err(cannot)?;
        let too_big = || {
            crate::Error::usage_hint(
                format!("`{}` is over {} MiB; mend reads no bigger file", path.display(), cap >> 20),
                Some("an account file is a few KB; check what this file is".into()),
            )
        };
        if file.metadata().map_err(cannot)?.len() > cap {
            return Err(too_big());
        }
        // The length can change between the check and the read (a file still being written).
        let mut bytes = Vec::new();
        file.take(cap.saturating_add(1)).read_to_end(&mut bytes).map_err(cannot)?;
        if bytes.len() as u64 > cap {
            return Err(too_big());
        }
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let valid = String::from_utf8_lossy(&e.as_bytes()[..offset]).into_owned();
                let file = path.display().to_string();
                return Err(crate::Error::Invalid(vec![Locator::new(&file, &valid)
                    .error(offset, format!("the file is not valid UTF-8 (byte offset {offset})"))
                    .with_hint(Some("save the file as UTF-8".into()))]));
            }
        };
        Ok(Source { origin: Origin::File(path), text: Cow::Owned(text) })
    }
}
