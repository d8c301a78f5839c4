//! The classifier: from answers to ranked situations, with reasons tied to answers.
//!
//! Scores are sums of the evidence carried by the chosen answers, then the script's rules (the
//! method's non-negotiables, such as "pushaway is the default when nothing else explains it")
//! adjust them. Everything is deterministic: ties break by the order situations are listed in.

use super::script::{GoAround, Script};
use super::Answers;
use crate::content::situation::Situation;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One line of "why mend thinks so".
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Reason {
    pub text: String,
    /// The question whose answer gave this reason, or the rule id.
    pub source: String,
    /// The situation it points to, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub situation: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Score {
    pub situation: String,
    pub score: i32,
}

/// The classifier's verdict.
#[derive(Debug, Clone, Serialize)]
pub struct Classification {
    pub situation: String,
    pub ranking: Vec<Score>,
    pub runner_up: Option<String>,
    pub reasons: Vec<Reason>,
    /// Steps known to be done, per situation (1-based).
    pub completed: BTreeMap<String, BTreeSet<usize>>,
    /// Tracks to put first.
    pub lead_with: Vec<String>,
    pub go_around: Option<(GoAround, String)>,
    /// The rule whose view that is (the first `go_around` rule that holds).
    pub go_around_by: Option<String>,
    /// mend is guessing; the rep should ask the client first.
    pub unsure: bool,
    /// The rule that decided, when one did.
    pub concluded_by: Option<String>,
}

/// Classifies answers. `situations` gives the known ids and their tie-break order.
pub fn classify(script: &Script, answers: &Answers, path: &[String], situations: &[Situation]) -> Classification {
    let order: Vec<&str> = situations.iter().map(|s| s.id.as_str()).collect();
    let title = |id: &str| situations.iter().find(|s| s.id == id).map_or(id.to_string(), |s| s.title.to_string());
    let mut scores: BTreeMap<String, i32> = order.iter().map(|id| (id.to_string(), 0)).collect();
    let mut reasons = Vec::new();
    let mut completed: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for id in path {
        let (Some(question), Some(values)) = (script.question(id), answers.get(id)) else {
            continue;
        };
        for value in values {
            let Some(super::script::Meaning { label, evidence, reason, completes }) = question.meaning(value) else {
                continue;
            };
            for (situation, step) in completes {
                completed.entry(situation.clone()).or_default().insert(*step);
            }
            let best = evidence.iter().filter(|(_, w)| **w > 0).max_by_key(|(_, w)| **w).map(|(s, _)| s.clone());
            for (situation, weight) in evidence {
                *scores.entry(situation.clone()).or_insert(0) += weight;
            }
            // `reason = ""` is a choice that counts as evidence and says nothing of its own (a
            // rule says it); no `reason` at all gets a generated line naming what it points to.
            if let Some(text) = reason {
                if !text.is_empty() {
                    reasons.push(Reason { text: text.to_string(), source: id.clone(), situation: best });
                }
            } else if let Some(best) = best {
                reasons.push(Reason {
                    text: format!(
                        "You answered \"{label}\" to \"{}\", which points to \"{}\".",
                        question.text,
                        title(&best)
                    ),
                    source: id.clone(),
                    situation: Some(best),
                });
            }
        }
    }
    let mut concluded: Option<(String, String)> = None;
    let mut lead_with = Vec::new();
    let mut go_around = None;
    let mut go_around_by = None;
    let mut unsure = false;
    // A rule that concludes as a guess and names its own lead track has chosen how to ask
    // (nothing fits: ask how things look to them), so the general unsure track is not added.
    let mut asks_its_own_way = false;
    for rule in &script.rules {
        // The first go-around rule decides the view; later ones would only contradict it.
        if !rule.when.holds(answers) || (rule.go_around.is_some() && go_around.is_some()) {
            continue;
        }
        // A rule that would conclude another situation than the one already concluded lost: its
        // reason ("accept it well") would argue against the verdict the sheet gives.
        if concluded.as_ref().is_some_and(|(s, _)| rule.conclude.as_ref().is_some_and(|c| c != s)) {
            continue;
        }
        if let Some(margin) = rule.unless_outscored_by {
            let concluded_score = rule.conclude.as_ref().and_then(|s| scores.get(s)).copied().unwrap_or(0);
            let stronger =
                scores.iter().any(|(s, score)| Some(s) != rule.conclude.as_ref() && *score >= concluded_score + margin);
            if stronger {
                if let Some(text) = &rule.yield_reason {
                    reasons.push(Reason {
                        text: text.to_string(),
                        source: format!("rule:{}", rule.id),
                        situation: None,
                    });
                }
                continue;
            }
        }
        for (situation, weight) in &rule.add {
            *scores.entry(situation.clone()).or_insert(0) += weight;
        }
        if let Some(s) = &rule.conclude {
            if concluded.is_none() {
                concluded = Some((s.clone(), rule.id.clone()));
                asks_its_own_way = rule.unsure && !rule.lead_with.is_empty();
            }
        }
        for t in &rule.lead_with {
            if !lead_with.contains(t) {
                lead_with.push(t.clone());
            }
        }
        if let Some(view) = rule.go_around {
            if go_around.is_none() {
                go_around = Some((view, rule.reason.to_string()));
                go_around_by = Some(rule.id.clone());
            }
        }
        unsure |= rule.unsure;
        if rule.go_around.is_some() {
            continue; // its reason is shown under "Go around or not?", not as evidence
        }
        reasons.push(Reason {
            text: rule.reason.to_string(),
            source: format!("rule:{}", rule.id),
            situation: rule.conclude.clone(),
        });
        if rule.exclusive {
            break;
        }
    }
    let position = |id: &str| order.iter().position(|o| *o == id).unwrap_or(usize::MAX);
    let mut ranking: Vec<Score> = scores.into_iter().map(|(situation, score)| Score { situation, score }).collect();
    ranking.sort_by(|a, b| b.score.cmp(&a.score).then(position(&a.situation).cmp(&position(&b.situation))));
    if let Some((id, _)) = &concluded {
        if let Some(i) = ranking.iter().position(|s| &s.situation == id) {
            let s = ranking.remove(i);
            ranking.insert(0, s);
        }
    }
    let top = ranking.first().map(|s| (s.situation.clone(), s.score));
    let (situation, top_score) = match top {
        Some((s, score)) if score > 0 || concluded.is_some() => (s, score),
        _ => (script.settings.fallback.clone(), 0),
    };
    let second = ranking.iter().find(|s| s.situation != situation && s.score > 0);
    if concluded.is_none() {
        unsure |= top_score < script.settings.min_score || second.is_some_and(|s| s.score == top_score);
    }
    // What else it could be: shown when the evidence is thin (the winner below `min_score`) or
    // close (the runner-up within `close_margin`). A rule that concludes firmly settles it, so
    // no runner-up; a rule that concludes only as a guess (`unsure`, as "ask first" does) still
    // gets one: those are exactly the sheets where the rep needs the deciding question.
    let firm = concluded.is_some() && !unsure;
    let thin = top_score < script.settings.min_score;
    let runner_up = second
        .filter(|_| !firm)
        .filter(|s| thin || s.score + script.settings.close_margin >= top_score)
        .map(|s| s.situation.clone());
    // A firm conclusion overrules the evidence for other situations, so an answer's reason that
    // argued for one of them is not a reason for this verdict: "accept it and leave the door
    // open" (a lost stage) is not shown on a sheet that wins the decision back.
    if firm {
        reasons.retain(|r| r.source.starts_with("rule:") || r.situation.as_ref().is_none_or(|s| *s == situation));
    }
    if unsure && !asks_its_own_way && !lead_with.contains(&script.settings.unsure_track) {
        lead_with.insert(0, script.settings.unsure_track.clone());
    }
    Classification {
        situation,
        ranking,
        runner_up,
        reasons,
        completed,
        lead_with,
        go_around,
        go_around_by,
        unsure,
        concluded_by: concluded.map(|(_, rule)| rule),
    }
}

#[cfg(test)]
mod tests {
    use crate::interview::every_path;
    use crate::library::{Layer, Library};
    use std::collections::BTreeSet;

    fn answers(pairs: &[(&str, &str)]) -> (crate::interview::Answers, Vec<String>) {
        let answers = pairs.iter().map(|(q, v)| (q.to_string(), vec![v.to_string()])).collect();
        (answers, pairs.iter().map(|(q, _)| q.to_string()).collect())
    }

    /// An account the rep has decided to end: the rule that ends it stands alone, so the sheet
    /// carries neither the pushaway verdict's reason nor the reopen-the-door lead track of the
    /// rules after it (issue 23).
    #[test]
    fn an_exclusive_rule_leaves_no_later_rule_applied() {
        let library = Library::new(vec![Layer::builtin()]);
        let script = library.script().expect("script");
        let situations = library.situations().expect("situations");
        let (a, path) = answers(&[
            ("symptom", "gone-dark"),
            ("stage", "client"),
            ("asked_client", "yes"),
            ("what_they_said", "nothing-wrong"),
            ("relationship", "building"),
            ("next_meeting", "no"),
            ("worth_keeping", "no"),
        ]);
        let c = super::classify(&script, &a, &path, &situations);
        assert_eq!(c.situation, "not-worth-keeping");
        assert_eq!(c.concluded_by.as_deref(), Some("not-worth-keeping"));
        assert!(c.lead_with.is_empty(), "{:?}", c.lead_with);
        assert!(!c.reasons.iter().any(|r| r.source.starts_with("rule:pushaway")), "{:?}", c.reasons);
        // The same answers, the account worth keeping: the pushaway rules apply as before.
        let (a, path) = answers(&[
            ("symptom", "gone-dark"),
            ("stage", "client"),
            ("asked_client", "yes"),
            ("what_they_said", "nothing-wrong"),
            ("relationship", "building"),
            ("next_meeting", "no"),
            ("worth_keeping", "yes"),
        ]);
        let c = super::classify(&script, &a, &path, &situations);
        assert_eq!(c.situation, "pushaway");
        assert_eq!(c.lead_with, ["reopen-after-silence"]);
    }

    /// Issue 23: a client lost after insiders resisted reads as the resistance, 6 against the 2
    /// of "lost": the decision may still be open. A reading only a little stronger (a sponsor
    /// who won't introduce, 5 against 2) and the decision itself still conclude that it is made.
    #[test]
    fn a_decision_against_does_not_outrank_a_much_stronger_reading() {
        let library = Library::new(vec![Layer::builtin()]);
        let script = library.script().expect("script");
        let situations = library.situations().expect("situations");
        let classify = |pairs: &[(&str, &str)]| {
            let (a, path) = answers(pairs);
            super::classify(&script, &a, &path, &situations)
        };
        let c = classify(&[("symptom", "someone-resists"), ("stage", "lost"), ("resister_role", "insider")]);
        assert_eq!(c.situation, "resistant-insider", "{:?}", c.ranking);
        assert_eq!(c.concluded_by, None);
        assert!(c.reasons.iter().any(|r| r.source == "rule:already-decided" && r.text.contains("may still be open")));
        let c = classify(&[("symptom", "decided-against"), ("stage", "lost")]);
        assert_eq!((c.situation.as_str(), c.concluded_by.as_deref()), ("decision-made", Some("already-decided")));
        // A rival in play agrees with the decision against: the work went to the rival.
        let c = classify(&[("symptom", "rival"), ("stage", "lost"), ("rival_kind", "cheaper-quote")]);
        assert_eq!((c.situation.as_str(), c.concluded_by.as_deref()), ("decision-made", Some("already-decided")));
        let c = classify(&[("symptom", "wont-introduce"), ("stage", "lost"), ("sponsor_reason", "no-idea")]);
        assert_eq!((c.situation.as_str(), c.concluded_by.as_deref()), ("decision-made", Some("already-decided")));
        // Once it is decided, no later rule speaks: no pushaway verdict, no reopen-the-door track.
        let c = classify(&[
            ("symptom", "gone-dark"),
            ("stage", "lost"),
            ("asked_client", "yes"),
            ("what_they_said", "nothing-wrong"),
            ("relationship", "building"),
            ("next_meeting", "no"),
        ]);
        assert_eq!(c.situation, "decision-made");
        assert!(c.lead_with.is_empty(), "{:?}", c.lead_with);
        assert!(!c.reasons.iter().any(|r| r.source.starts_with("rule:pushaway")), "{:?}", c.reasons);
    }

    /// On every path of the built-in interview: whenever mend is unsure and some other situation
    /// scored at all, it names a runner-up (issue 11: "never shown, even where mend said it was
    /// unsure"); a rule that concludes firmly names none; and a runner-up is never the winner.
    #[test]
    fn unsure_sheets_name_a_runner_up_and_firm_conclusions_do_not() {
        let library = Library::new(vec![Layer::builtin()]);
        let script = library.script().expect("script");
        let situations = library.situations().expect("situations");
        let mut shown = BTreeSet::new();
        let finished = every_path(&script, &situations, |interview, c| {
            let others = c.ranking.iter().any(|s| s.situation != c.situation && s.score > 0);
            if c.unsure && others {
                assert!(c.runner_up.is_some(), "unsure without a runner-up: {:?}", interview.answers());
            }
            if c.concluded_by.is_some() && !c.unsure {
                assert_eq!(c.runner_up, None, "a firm conclusion with a runner-up: {:?}", interview.answers());
            }
            if let Some(r) = &c.runner_up {
                assert_ne!(r, &c.situation);
                shown.insert((c.situation.clone(), r.clone()));
            }
        });
        assert!(finished);
        assert!(shown.len() >= 3, "runner-ups on too few pairs: {shown:?}");
    }

    /// The words of a reason that carry its point: lowercase, four letters or more, not one of
    /// the words every reason uses.
    fn point_words(text: &str) -> BTreeSet<String> {
        const COMMON: &[&str] = &[
            "your", "they", "them", "their", "have", "that", "this", "with", "what", "from", "about", "when", "there",
        ];
        text.split(|c: char| !c.is_alphanumeric() && c != '\'')
            .map(str::to_lowercase)
            .filter(|w| w.chars().count() >= 4 && !COMMON.contains(&w.as_str()))
            .collect()
    }

    /// Issue 23: reasons on a sheet are never the same point twice in other words. Two reasons
    /// make the same point when most of the words that carry one are in the other, or when they
    /// share a run of five words.
    #[test]
    fn no_sheet_gives_the_same_reason_twice() {
        let library = Library::new(vec![Layer::builtin()]);
        let script = library.script().expect("script");
        let situations = library.situations().expect("situations");
        let mut twice = BTreeSet::new();
        let finished = every_path(&script, &situations, |_, c| {
            for (i, a) in c.reasons.iter().enumerate() {
                for b in &c.reasons[i + 1..] {
                    let (wa, wb) = (point_words(&a.text), point_words(&b.text));
                    let shared = wa.intersection(&wb).count();
                    let smaller = wa.len().min(wb.len()).max(1);
                    let runs = |t: &str| -> BTreeSet<String> {
                        let words: Vec<String> = t.split_whitespace().map(str::to_lowercase).collect();
                        words.windows(5).map(|w| w.join(" ")).collect()
                    };
                    let run = runs(&a.text).intersection(&runs(&b.text)).next().is_some();
                    if run || shared * 2 > smaller {
                        twice.insert(format!("{} / {}:\n  {}\n  {}", a.source, b.source, a.text, b.text));
                    }
                }
            }
        });
        assert!(finished);
        assert!(twice.is_empty(), "the same point twice:\n{}", twice.into_iter().collect::<Vec<_>>().join("\n"));
    }
}
