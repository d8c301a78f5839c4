//! Precision and recall of `mend lint` on a labeled corpus (`tests/data/lint-corpus.tsv`).
//!
//! Precision matters more than volume: a rep who sees false alarms stops reading the findings. The
//! test prints the scores, fails under precision 0.97 / recall 0.95 (for `but-and` and for all
//! rules), and fails on any finding in the must-not-flag section (the documented exceptions).

use std::collections::BTreeSet;

use mend::lint::{builtin_rules, lint_str, Rules};

const CORPUS: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/lint-corpus.tsv"));
const MIN_PRECISION: f64 = 0.97;
const MIN_RECALL: f64 = 0.95;

struct Case<'a> {
    line: usize,
    expected: Option<&'a str>,
    must_not_flag: bool,
    text: &'a str,
}

fn cases() -> Vec<Case<'static>> {
    let mut must_not_flag = false;
    let mut out = Vec::new();
    for (i, raw) in CORPUS.lines().enumerate() {
        if let Some(comment) = raw.strip_prefix('#') {
            match comment.trim() {
                "section: must-not-flag" => must_not_flag = true,
                "section: other" => must_not_flag = false,
                _ => {}
            }
            continue;
        }
        if raw.trim().is_empty() {
            continue;
        }
        let (label, text) = raw.split_once('\t').unwrap_or_else(|| panic!("corpus line {}: no tab", i + 1));
        assert!(!must_not_flag || label == "-", "corpus line {}: must-not-flag needs `-`", i + 1);
        out.push(Case { line: i + 1, expected: (label != "-").then_some(label), must_not_flag, text });
    }
    out
}

#[derive(Default)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Score {
    fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
}

#[test]
fn corpus_precision_and_recall() {
    let rules = Rules::compile(&[builtin_rules()], &[]).expect("built-in rules compile");
    let ids: BTreeSet<&str> = rules.ids().collect();
    let cases = cases();
    assert!(cases.len() >= 200, "the corpus needs at least 200 sentences");
    let (mut but, mut all) = (Score::default(), Score::default());
    let mut problems = Vec::new();
    for case in &cases {
        if let Some(id) = case.expected {
            assert!(ids.contains(id), "corpus line {}: unknown rule `{id}`", case.line);
        }
        let found: BTreeSet<String> = lint_str(&rules, case.text).into_iter().map(|f| f.rule).collect();
        if case.must_not_flag && !found.is_empty() {
            problems.push(format!("line {}: must not flag, got {found:?}: {}", case.line, case.text));
        }
        for (score, only) in [(&mut but, Some("but-and")), (&mut all, None)] {
            let relevant = |id: &str| only.is_none_or(|o| o == id);
            let expected = case.expected.filter(|e| relevant(e));
            if let Some(e) = expected {
                if found.contains(e) {
                    score.tp += 1;
                } else {
                    score.fn_ += 1;
                    if only.is_none() {
                        problems.push(format!("line {}: missed `{e}`: {}", case.line, case.text));
                    }
                }
            }
            for id in found.iter().filter(|id| relevant(id) && Some(id.as_str()) != expected) {
                score.fp += 1;
                if only.is_none() {
                    problems.push(format!("line {}: false `{id}`: {}", case.line, case.text));
                }
            }
        }
    }
    println!(
        "but-and: precision {:.3} recall {:.3} (tp {} fp {} fn {})",
        but.precision(),
        but.recall(),
        but.tp,
        but.fp,
        but.fn_
    );
    println!(
        "all rules: precision {:.3} recall {:.3} (tp {} fp {} fn {})",
        all.precision(),
        all.recall(),
        all.tp,
        all.fp,
        all.fn_
    );
    for p in &problems {
        println!("  {p}");
    }
    let mnf: Vec<&String> = problems.iter().filter(|p| p.contains("must not flag")).collect();
    assert!(mnf.is_empty(), "must-not-flag exceptions were flagged: {mnf:#?}");
    for (name, s) in [("but-and", &but), ("all rules", &all)] {
        assert!(s.precision() >= MIN_PRECISION, "{name}: precision {:.3} < {MIN_PRECISION}", s.precision());
        assert!(s.recall() >= MIN_RECALL, "{name}: recall {:.3} < {MIN_RECALL}", s.recall());
    }
}
