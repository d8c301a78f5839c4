//! Which steps of a situation are done, which do not fit this case, and the one to take next.
//!
//! One function decides the next step for every caller: the prep sheet (`mend diagnose`), the
//! agenda (`mend next`) and `mend log --done`'s "next rung", so they cannot disagree.

use crate::content::situation::Situation;
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepStatus {
    Done,
    /// Not done, and behind the rep all the same: a step done later (its `passed_with`) is the
    /// one that would have done it, so a rung that needs what the rep could not learn (the
    /// reason, after an honest ask that did not give it) is not sent back to.
    Passed,
    Next,
    Later,
    /// A last-resort step this account's go-around view rules out, or a step whose `when` does
    /// not hold on this path (the incumbent's record for a prospect).
    NotForThisAccount,
}

/// What the next-step computation needs to know about the case.
pub struct StepFacts<'a> {
    /// 1-based steps done: shown by the interview's answers or logged in the account.
    pub done: &'a BTreeSet<usize>,
    /// Whether step `n` (1-based) fits this path (its `when`).
    pub applies: &'a dyn Fn(usize) -> bool,
    /// The go-around view allows a last-resort step.
    pub allow_last_resort: bool,
    /// The go-around view rules last-resort steps out.
    pub rule_out_last_resort: bool,
}

/// Every step's status, in order. At most one is [`StepStatus::Next`]: the first step that is
/// not done, fits the path, is not passed, and is not a last resort the account does not allow.
/// None is next when every step is done, passed or ruled out. Rungs are never skipped: a rung
/// not done comes before a later one done, unless that one passed it.
pub fn statuses(situation: &Situation, facts: &StepFacts) -> Vec<StepStatus> {
    let mut next_found = false;
    let mut out = Vec::new();
    for (i, step) in situation.steps.iter().enumerate() {
        let n = i + 1;
        let status = if facts.done.contains(&n) {
            StepStatus::Done
        } else if !(facts.applies)(n) || (step.last_resort && facts.rule_out_last_resort) {
            StepStatus::NotForThisAccount
        } else if step.passed_with.iter().any(|m| facts.done.contains(m)) {
            StepStatus::Passed
        } else if !next_found && (!step.last_resort || facts.allow_last_resort) {
            next_found = true;
            StepStatus::Next
        } else {
            StepStatus::Later
        };
        out.push(status);
    }
    out
}

/// The 1-based next step, as [`statuses`] marks it.
pub fn next_step(situation: &Situation, facts: &StepFacts) -> Option<usize> {
    statuses(situation, facts).iter().position(|s| *s == StepStatus::Next).map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::{Layer, Library};

    fn gatekeeper() -> Situation {
        let situations = Library::new(vec![Layer::builtin()]).situations().expect("situations");
        situations.into_iter().find(|s| s.id == "gatekeeper").expect("gatekeeper")
    }

    fn next(done: &[usize], allow: bool, rule_out: bool) -> Option<usize> {
        let done: BTreeSet<usize> = done.iter().copied().collect();
        let facts =
            StepFacts { done: &done, applies: &|_| true, allow_last_resort: allow, rule_out_last_resort: rule_out };
        next_step(&gatekeeper(), &facts)
    }

    #[test]
    fn a_rung_the_rep_could_not_do_is_not_sent_back_to_and_none_is_skipped() {
        assert_eq!(next(&[], false, true), Some(1));
        assert_eq!(next(&[1], false, true), Some(2));
        // A colleague tried and the honest ask not made: the honest ask comes first.
        assert_eq!(next(&[1, 5], false, true), Some(2));
        // The honest ask, the fear eased and allies asked, the reason still unknown: rung 5.
        assert_eq!(next(&[2, 3, 4], false, true), Some(5));
        let done: BTreeSet<usize> = [2, 3, 4].into();
        let facts = StepFacts { done: &done, applies: &|_| true, allow_last_resort: false, rule_out_last_resort: true };
        assert_eq!(statuses(&gatekeeper(), &facts)[0], StepStatus::Passed);
    }

    #[test]
    fn the_last_resort_opens_only_when_allowed_and_a_done_step_is_never_next() {
        assert_eq!(next(&[1, 2, 3, 4, 5], true, false), Some(6));
        assert_eq!(next(&[1, 2, 3, 4, 5], false, true), None);
        assert_eq!(next(&[1, 2, 3, 4, 5], false, false), None);
    }

    #[test]
    fn a_step_that_does_not_fit_the_path_is_skipped() {
        let done = BTreeSet::new();
        let facts =
            StepFacts { done: &done, applies: &|n| n != 1, allow_last_resort: false, rule_out_last_resort: true };
        assert_eq!(next_step(&gatekeeper(), &facts), Some(2));
        assert_eq!(statuses(&gatekeeper(), &facts)[0], StepStatus::NotForThisAccount);
    }
}
