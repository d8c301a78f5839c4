//! One module per subcommand. Each takes its checked configuration and the library, does its
//! work through the engine, and hands text to [`crate::output`].

pub mod account;
pub mod book;
pub mod check;
pub mod diagnose;
pub mod graph;
pub mod lint;
pub mod list;
pub mod log;
pub mod meta;
pub mod next;
pub mod paths;
pub mod promise;
pub mod rehearse;
pub mod say;
