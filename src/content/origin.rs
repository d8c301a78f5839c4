//! Where a piece of content came from: shipped inside the binary, or a file on disk.
//!
//! Content is kept as the raw text plus its origin, and parsed only when a command needs it, so
//! that `mend say one-track` never parses the other thirty.

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

    /// The TOML part of embedded content read from its build-time tree (see `build.rs` and
    /// `prebuilt.rs`), if there is one and it fits `T`; `None` sends the caller to the TOML text,
    /// whose errors carry positions.
    pub fn prebuilt<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        match self.origin {
            Origin::Embedded(path) => {
                let (tree, root) = crate::library::builtin_tree(path)?;
                tree.read(root).ok()
            }
            Origin::File(_) => None,
        }
    }

    /// Deserializes the TOML part `toml_text` of this source, from the build-time tree when there
    /// is one. Errors are the TOML parser's, so they keep their positions.
    pub fn deserialize<T: serde::de::DeserializeOwned>(&self, toml_text: &str) -> Result<T, toml::de::Error> {
        match self.prebuilt() {
            Some(value) => Ok(value),
            None => toml::from_str(toml_text),
        }
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
                let (line, column) = crate::diagnostic::line_col(&valid, offset);
                return Err(crate::Error::Invalid(vec![crate::Diagnostic::new(
                    path.display().to_string(),
                    format!("the file is not valid UTF-8 (byte offset {offset})"),
                )
                .at(line, column)
                .with_hint(Some("save the file as UTF-8".into()))]));
            }
        };
        Ok(Source { origin: Origin::File(path), text: Cow::Owned(text) })
    }
}
