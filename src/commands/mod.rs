//! One module per subcommand. Each takes its checked configuration and the library, does its
//! work through the engine, and hands text to [`crate::output`].

pub mod book;
pub mod check;
pub mod diagnose;
pub mod graph;
pub mod lint;
pub mod list;
pub mod meta;
pub mod paths;
pub mod say;
