//! Integration tests: the real binary, in a temp dir, with the user's environment cleared.

mod accounts;
mod bad_input;
mod book;
mod calendar;
mod diagnose;
mod golden;
mod harness;
mod library;
mod pty;
mod rehearse;
mod safety;
mod safety_files;
mod say;
mod words;

pub use harness::{mend, Mend};
