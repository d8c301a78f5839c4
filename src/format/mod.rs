//! Output formats: the edge where what mend says becomes bytes.
//!
//! Everything printable is a [`Printable`]: a [`Document`] for people and serializable data for
//! scripts. [`render`] is the one dispatch: text is for a person at a terminal (styled and
//! wrapped, or plain when piped); Markdown and HTML are for sharing and printing (pages: a section
//! can start a new one); JSON is the data itself.

/// Columns of a command line in Markdown and HTML: what a printed page holds in a monospace
/// font, so a command is continued with ` \` instead of cut off at the page's edge.
pub const PRINT_WIDTH: usize = 72;

pub mod document;
pub mod html;
pub mod inert;
pub mod markdown;
pub mod text;
pub mod wrap;

use crate::error::Error;
use document::Document;
use std::fmt;

/// Something mend prints: a document for people, its own data (serialized) for scripts.
pub trait Printable: serde::Serialize {
    /// The document for a person reading at a terminal.
    fn document(&self) -> Document;

    /// The document for paper (Markdown and HTML are what reps print and share). The same as
    /// [`Printable::document`] unless the item lays itself out for pages, as the prep sheet does
    /// with its call card.
    fn print_document(&self) -> Document {
        self.document()
    }
}

/// Renders `item` in `format`; `style` lays out terminal text.
pub fn render(item: &impl Printable, format: Format, style: TextStyle) -> Result<String, Error> {
    Ok(match format {
        Format::Text => text::render(&item.document(), style),
        Format::Markdown => markdown::render(&item.print_document()),
        Format::Html => html::render(&item.print_document()),
        Format::Json => json(item)?,
    })
}

/// Pretty JSON with a final newline.
pub fn json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    // Sized for a prep sheet up front: growing by doubling copied it four times.
    let mut out = Vec::with_capacity(16 * 1024);
    serde_json::to_writer_pretty(&mut out, value).map_err(|e| Error::usage(format!("cannot encode JSON: {e}")))?;
    out.push(b'\n');
    String::from_utf8(out).map(inert::json).map_err(|e| Error::usage(format!("cannot encode JSON: {e}")))
}

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
