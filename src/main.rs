//! The `mend` binary: parse, run, exit. Everything else lives in the library crate.

fn main() {
    std::process::exit(mend::run(std::env::args_os()) as i32);
}
