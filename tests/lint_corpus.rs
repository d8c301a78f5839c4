//! Precision and recall of `mend lint` on two labelled corpora: `tests/data/lint-corpus.tsv` (rule
//! ids, "but" and its exceptions) and `tests/data/defensive-corpus.tsv` (families of defensive
//! language, issue 13).
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
    /// Rule ids any of which catches the sentence (none: no finding expected).
    expected: Vec<&'a str>,
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
        let expected = if label == "-" { Vec::new() } else { label.split(',').map(str::trim).collect() };
        out.push(Case { line: i + 1, expected, must_not_flag, text });
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
        for id in &case.expected {
            assert!(ids.contains(id), "corpus line {}: unknown rule `{id}`", case.line);
        }
        let found: BTreeSet<String> = lint_str(&rules, case.text).into_iter().map(|f| f.rule.to_string()).collect();
        if case.must_not_flag && !found.is_empty() {
            problems.push(format!("line {}: must not flag, got {found:?}: {}", case.line, case.text));
        }
        for (score, only) in [(&mut but, Some("but-and")), (&mut all, None)] {
            let relevant = |id: &str| only.is_none_or(|o| o == id);
            let expected: Vec<&str> = case.expected.iter().copied().filter(|e| relevant(e)).collect();
            if !expected.is_empty() {
                if expected.iter().any(|e| found.contains(*e)) {
                    score.tp += 1;
                } else {
                    score.fn_ += 1;
                    if only.is_none() {
                        problems.push(format!("line {}: missed `{}`: {}", case.line, expected.join(","), case.text));
                    }
                }
            }
            for id in found.iter().filter(|id| relevant(id) && !expected.contains(&id.as_str())) {
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

/// The defensive-language corpus (`tests/data/defensive-corpus.tsv`): a family per sentence, or `-`.
const DEFENSIVE: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/defensive-corpus.tsv"));
/// Issue 13: overall precision and recall on defensive sentences.
const MIN_DEFENSIVE_PRECISION: f64 = 0.95;
const MIN_DEFENSIVE_RECALL: f64 = 0.85;

/// Precision and recall per family, and overall (a sentence counts as caught when any rule flags
/// it; a false alarm is any finding on an accountable or neutral sentence). Per family, a finding
/// of that family on a sentence labelled otherwise is a false positive, so the figures also show
/// whether findings land in the right family.
#[test]
fn defensive_corpus_precision_and_recall_per_family() {
    let rules = Rules::compile(&[builtin_rules()], &[]).expect("built-in rules compile");
    let family_of =
        |id: &str| rules.rules().iter().find(|r| &*r.id == id).map(|r| r.family.clone()).unwrap_or_default();
    let families: BTreeSet<String> = rules.rules().iter().map(|r| r.family.clone()).collect();
    let mut per: std::collections::BTreeMap<String, Score> = std::collections::BTreeMap::new();
    let mut overall = Score::default();
    let (mut defensive, mut clean) = (0, 0);
    let mut problems = Vec::new();
    for (i, raw) in DEFENSIVE.lines().enumerate() {
        if raw.starts_with('#') || raw.trim().is_empty() {
            continue;
        }
        let (label, text) = raw.split_once('\t').unwrap_or_else(|| panic!("defensive corpus line {}: no tab", i + 1));
        let expected = (label != "-").then_some(label);
        if let Some(e) = expected {
            assert!(families.contains(e), "defensive corpus line {}: unknown family `{e}`", i + 1);
            defensive += 1;
        } else {
            clean += 1;
        }
        let found: BTreeSet<String> = lint_str(&rules, text).iter().map(|f| family_of(&f.rule)).collect();
        match (expected, found.is_empty()) {
            (Some(_), false) => overall.tp += 1,
            (Some(e), true) => {
                overall.fn_ += 1;
                problems.push(format!("line {}: missed `{e}`: {text}", i + 1));
            }
            (None, false) => {
                overall.fp += 1;
                problems.push(format!("line {}: false alarm {found:?}: {text}", i + 1));
            }
            (None, true) => {}
        }
        if let Some(e) = expected {
            let s = per.entry(e.to_string()).or_default();
            if found.contains(e) {
                s.tp += 1;
            } else {
                s.fn_ += 1;
            }
        }
        for f in found.iter().filter(|f| Some(f.as_str()) != expected) {
            per.entry(f.clone()).or_default().fp += 1;
            if expected.is_some() {
                problems.push(format!("line {}: also `{f}` (labelled `{}`): {text}", i + 1, label));
            }
        }
    }
    assert!(defensive + clean >= 300, "the defensive corpus needs at least 300 sentences");
    assert!(defensive >= 150 && clean >= 140, "about half defensive, half clean: {defensive} / {clean}");
    for (family, s) in &per {
        println!(
            "{family:>14}: precision {:.3} recall {:.3} (tp {} fp {} fn {})",
            s.precision(),
            s.recall(),
            s.tp,
            s.fp,
            s.fn_
        );
    }
    println!(
        "       overall: precision {:.3} recall {:.3} (tp {} fp {} fn {}; {defensive} defensive, {clean} clean)",
        overall.precision(),
        overall.recall(),
        overall.tp,
        overall.fp,
        overall.fn_
    );
    for p in &problems {
        println!("  {p}");
    }
    assert!(
        overall.precision() >= MIN_DEFENSIVE_PRECISION,
        "overall precision {:.3} < {MIN_DEFENSIVE_PRECISION}",
        overall.precision()
    );
    assert!(
        overall.recall() >= MIN_DEFENSIVE_RECALL,
        "overall recall {:.3} < {MIN_DEFENSIVE_RECALL}",
        overall.recall()
    );
}

/// Real text nobody here wrote (`tests/data/real-world-sample.md`: Node.js documentation and
/// changelog lines with non-Latin names, and GLib's NEWS with the "(BSD, OSX…), ... crashes" line
/// that once panicked the sentence code). Every format's path is run: findings with columns that
/// point at their match, `--fix` output that re-lints with no fixable "but" left, and a text that
/// comes back byte for byte outside the fixed words.
#[test]
fn real_world_text_lints_without_panic() {
    const SAMPLE: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/real-world-sample.md"));
    assert!(SAMPLE.contains("OSX…), setting a variable to NULL crashes"), "the crashing line is part of the sample");
    let rules = Rules::compile(&[builtin_rules()], &[]).expect("rules");
    let lines: Vec<&str> = SAMPLE.lines().collect();
    let findings = lint_str(&rules, SAMPLE);
    assert!(!findings.is_empty(), "the sample holds sentences with \"but\"");
    for f in &findings {
        let shown: String = lines[f.line - 1].chars().skip(f.column - 1).take(f.end_column - f.column).collect();
        assert_eq!(shown.to_lowercase(), f.matched.to_lowercase(), "line {}", f.line);
    }
    let mut fixed = Vec::new();
    mend::lint::fix_reader(&rules, SAMPLE.as_bytes(), &mut fixed, false).expect("fixes");
    let fixed = String::from_utf8(fixed).expect("UTF-8");
    assert_eq!(fixed.lines().count(), lines.len(), "--fix keeps every line");
    assert!(!lint_str(&rules, &fixed).iter().any(|f| f.rule.as_ref() == "but-and" && f.fix.is_some()));
    // Each line on its own as a typed value is linted too (rules narrowed to the value's words).
    for line in lines.iter().filter(|l| l.contains('…') || l.contains('’')) {
        let value = Rules::compile_for_short_text(&[mend::lint::builtin_rules_for(line)], &[]).expect("rules");
        let _ = lint_str(&value, line);
    }
}

/// The 13 families the blind corpora are labelled with (issue 24).
const BLIND_FAMILIES: [&str; 13] = [
    "non-apology",
    "blame",
    "contradiction",
    "point-scoring",
    "shield",
    "evasion",
    "fairness",
    "disowning",
    "minimiser",
    "comparison",
    "circumstance",
    "counter-accusation",
    "hedge-into-blame",
];

/// Scores of one blind split: overall and per family.
struct Blind {
    overall: Score,
    per: std::collections::BTreeMap<&'static str, Score>,
    misses: Vec<String>,
}

/// Lints a blind split (`family<TAB>sentence`, or `-` for a fine sentence). A defensive sentence is
/// caught when lint reports any finding outside the `but` family on it (the writers avoided "but",
/// and a "but" finding does not show the defensive move was seen); a fine sentence with any finding
/// is a false alarm.
fn score_blind(corpus: &'static str) -> Blind {
    let rules = Rules::compile(&[builtin_rules()], &[]).expect("built-in rules compile");
    let family_of =
        |id: &str| rules.rules().iter().find(|r| &*r.id == id).map(|r| r.family.clone()).unwrap_or_default();
    let mut blind = Blind { overall: Score::default(), per: Default::default(), misses: Vec::new() };
    for (i, raw) in corpus.lines().enumerate() {
        if raw.starts_with('#') || raw.trim().is_empty() {
            continue;
        }
        let (label, text) = raw.split_once('\t').unwrap_or_else(|| panic!("blind corpus line {}: no tab", i + 1));
        let findings = lint_str(&rules, text);
        let defensive: Vec<String> = findings.iter().map(|f| family_of(&f.rule)).filter(|f| f != "but").collect();
        if label == "-" {
            if !findings.is_empty() {
                blind.overall.fp += 1;
                let what: Vec<&str> = findings.iter().map(|f| &*f.rule).collect();
                blind.misses.push(format!("line {}: false alarm {what:?}: {text}", i + 1));
            }
            continue;
        }
        let family = BLIND_FAMILIES
            .iter()
            .find(|f| **f == label)
            .unwrap_or_else(|| panic!("blind corpus line {}: unknown family `{label}`", i + 1));
        let s = blind.per.entry(family).or_default();
        if defensive.is_empty() {
            s.fn_ += 1;
            blind.overall.fn_ += 1;
            blind.misses.push(format!("line {}: missed `{label}`: {text}", i + 1));
        } else {
            s.tp += 1;
            blind.overall.tp += 1;
        }
    }
    blind
}

/// Prints a blind split's scores and misses, and fails under the thresholds.
fn check_blind(name: &str, corpus: &'static str, min_precision: f64, min_recall: f64, min_family: f64) {
    let blind = score_blind(corpus);
    println!("{name}:");
    for (family, s) in &blind.per {
        println!("{family:>20}: recall {:.3} ({} of {})", s.recall(), s.tp, s.tp + s.fn_);
    }
    let o = &blind.overall;
    println!(
        "{:>20}: precision {:.3} recall {:.3} (tp {} fp {} fn {})",
        "overall",
        o.precision(),
        o.recall(),
        o.tp,
        o.fp,
        o.fn_
    );
    for m in &blind.misses {
        println!("  {m}");
    }
    assert_eq!(blind.per.len(), BLIND_FAMILIES.len(), "{name}: every family has sentences");
    assert!(o.precision() >= min_precision, "{name}: precision {:.3} < {min_precision}", o.precision());
    assert!(o.recall() >= min_recall, "{name}: recall {:.3} < {min_recall}", o.recall());
    for (family, s) in &blind.per {
        assert!(s.recall() >= min_family, "{name}: `{family}` recall {:.3} < {min_family}", s.recall());
    }
}

/// The tune split (`tests/data/blind-tune-corpus.tsv`, author A): the rules were developed on it.
#[test]
fn blind_tune_split() {
    const TUNE: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/blind-tune-corpus.tsv"));
    // Measured: precision 1.000, recall 0.995, every family >= 0.938 (was 0.944 / 0.966 before the
    // frames of issue 24's second pass).
    check_blind("tune split", TUNE, 0.98, 0.98, 0.90);
}

/// The check split (`tests/data/blind-check-corpus.tsv`, author B): not tuned to, only scored.
#[test]
fn blind_check_split() {
    const CHECK: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/blind-check-corpus.tsv"));
    // Measured: precision 0.854, recall 0.736, weakest family 0.500 (contradiction); it was 0.843 /
    // 0.648 / 0.429. These floors guard against regressions; they are below the target
    // (0.95 / 0.85 / 0.80), which this split does not meet yet (see lint/README.md).
    check_blind("check split", CHECK, 0.84, 0.72, 0.45);
}

/// The family wordings (`tests/data/lint-families.tsv`): sentences written for each family from the
/// issue's descriptions, with look-alikes, before the frames were broadened. The frames were
/// developed against it, so it guards the coverage of every family; the check split measures
/// what unseen text scores.
#[test]
fn family_wordings() {
    const FAMILIES: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/lint-families.tsv"));
    // Measured: precision 0.851, recall 0.569 on its first 191 lines before the frames were
    // broadened; 0.992 / 1.000 now, on all of it (130 defensive, 131 fine).
    check_blind("family wordings", FAMILIES, 0.97, 0.97, 0.90);
}

/// The final split (`tests/data/blind-final-corpus.tsv`, author C): sealed while the lint was
/// developed and opened once at the end; the figure the issue reports. Kept as a floor.
#[test]
fn blind_final_split() {
    const FINAL: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/blind-final-corpus.tsv"));
    // Measured when opened: precision 0.934, recall 0.706 (tp 113, fp 8 on 142 fine sentences,
    // fn 47 of 160), weakest families blame and circumstance at 0.538. Below the target
    // (0.95 / 0.85); these floors only guard against a regression.
    check_blind("final split", FINAL, 0.92, 0.69, 0.50);
}
