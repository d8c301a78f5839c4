//! `mend rehearse` and the rehearsal scripts: `mend check` on broken scripts (one fixture file per
//! error), replies files, JSON, accounts.

use crate::harness::mend;
use std::sync::OnceLock;

/// `mend check` of the broken-rehearsals fixture, run once for every test that reads it.
fn checked() -> &'static str {
    static OUT: OnceLock<String> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken-rehearsals");
        let run = mend(["check".to_string(), dir.display().to_string()]).code(1);
        run.stdout.replace(&format!("{}/", dir.display()), "")
    })
}

#[track_caller]
fn reported(expected: &str) {
    let out = checked();
    assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
}

#[test]
fn check_points_at_a_branch_to_nowhere() {
    reported(
        "scripts/rehearsals/to-nowhere.toml:17:48: `defensive`: a branch to nowhere: `end-cool` is not a line of \
         this rehearsal\n  hint: the lines are: open, end-warm",
    );
}

#[test]
fn check_reports_a_line_no_branch_reaches() {
    reported("scripts/rehearsals/unreachable.toml:20:6: line `orphan` is unreachable");
}

#[test]
fn check_reports_a_call_without_an_ending_and_its_loops() {
    reported("scripts/rehearsals/no-ending.toml: no line ends the call");
    reported("scripts/rehearsals/no-ending.toml:23:24: line `again` leads back to `open`: a loop");
}

#[test]
fn check_reports_an_undeclared_variable_where_it_is_used() {
    reported("scripts/rehearsals/undeclared.toml:15:39: `{{manager}}` is not a declared variable");
}

#[test]
fn check_reports_unknown_moves_an_early_apology_and_a_quote_the_track_does_not_say() {
    reported("scripts/rehearsals/bad-moves.toml:16:17: unknown move `grovel`");
    reported("scripts/rehearsals/bad-moves.toml:16:27: line `open` needs an apology before the fault is named");
    reported("scripts/rehearsals/bad-moves.toml:17:10: `better` of line `open`: track `apology-fix-prevent` says no line");
}

#[test]
fn check_of_the_built_in_library_passes_its_rehearsals() {
    let run = mend(["check"]).success();
    assert!(run.stdout.contains("built-in library: no problems"), "{}", run.stdout);
}
