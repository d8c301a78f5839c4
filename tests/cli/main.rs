//! Integration tests: the real binary, in a temp dir, with the user's environment cleared.

mod bad_input;
mod diagnose;
mod golden;
mod harness;
mod library;
mod pty;
mod safety;
mod say;

pub use harness::{mend, Mend};
