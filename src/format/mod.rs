//! Output formats: the edge where a [`Document`](crate::document::Document) becomes bytes.
//!
//! Text is for a person at a terminal (styled and wrapped, or plain when piped); Markdown and HTML
//! are for sharing; JSON is for scripts and is built by each command from its own data.

pub mod html;
pub mod markdown;
pub mod text;
pub mod wrap;

use std::fmt;

/// An output format chosen with `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Markdown,
    Html,
    Json,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Json => "json",
        };
        f.write_str(name)
    }
}

/// How terminal text is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextStyle {
    /// Columns to wrap at.
    pub width: usize,
    /// ANSI styling on or off.
    pub color: bool,
}
