//! The lint scanner on arbitrary bytes: no panics; a NUL byte is refused as binary input;
//! `--fix` output re-linted has no fixable `but-and` left; a text without findings comes back byte
//! for byte.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mend::lint::{self, Rules};
use std::sync::OnceLock;

static RULES: OnceLock<Rules> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let rules = RULES.get_or_init(|| Rules::compile(&[lint::builtin_rules()], &[]).expect("rules"));
    let mut findings = 0;
    let lossy = lint::lint_reader(rules, data, true, |line, fs| {
        findings += fs.len();
        for f in fs {
            let shown: String = line.chars().skip(f.column - 1).take(f.end_column - f.column).collect();
            assert!(shown.eq_ignore_ascii_case(&f.matched), "column points at {shown:?}, not {:?}", f.matched);
        }
    });
    let binary = data.contains(&0);
    assert_eq!(binary, matches!(lossy, Err(lint::LintError::Binary { .. })), "a NUL byte is binary input");
    if binary {
        return;
    }
    let strict = lint::lint_reader(rules, data, false, |_, _| {});
    if strict.is_err() {
        return; // invalid UTF-8: the strict path refuses, which is the documented behaviour
    }
    let mut fixed = Vec::new();
    let fixes = lint::fix_reader(rules, data, &mut fixed, false).expect("valid UTF-8 fixes");
    if findings == 0 {
        assert_eq!(fixed, data, "a clean text must pass through byte for byte");
    }
    if !fixes.is_empty() {
        let text = String::from_utf8(fixed).expect("fix keeps UTF-8");
        let left = lint::lint_str(rules, &text);
        assert!(
            !left.iter().any(|f| f.rule.as_ref() == "but-and" && f.fix.is_some()),
            "fixable but-and left after --fix: {left:?}"
        );
    }
});
