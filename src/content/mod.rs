//! The content model: what a coach writes and mend reads, parsed from text with its origin.
//!
//! Talk-tracks (TOML front matter and a Handlebars body), the situations table, and the template
//! subset tracks may use. Everything here turns text into checked types with located
//! [`Diagnostic`](crate::diagnostic::Diagnostic)s; finding the text across library layers is
//! [`crate::library`]'s job, and the interview script's model is in [`crate::interview`].
//! Nothing here does I/O beyond [`origin::Source::read`].

pub mod origin;
pub mod situation;
pub mod talk_track;
pub mod template;
