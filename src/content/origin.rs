//! Where a piece of content came from: shipped inside the binary, or a file on disk.
//!
//! Content is kept as the raw text plus its origin, and parsed only when a command needs it, so
//! that `mend say one-track` never parses the other thirty.

use crate::diagnostic::Locator;
use std::borrow::Cow;
use std::fmt;
use std::path::PathBuf;

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

    /// Reads a file, refusing NUL bytes and invalid UTF-8 with a located message.
    pub fn read(path: PathBuf) -> Result<Self, crate::Error> {
        let bytes =
            std::fs::read(&path).map_err(|e| crate::Error::io(format!("cannot read `{}`", path.display()), e))?;
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
