//! Static checks of a conversation script, including a reachability proof.
//!
//! Conditions may only look back (at questions asked earlier in the file), which makes cycles
//! impossible and every path finite. The proof then walks every path (for multiple-choice
//! questions: none, each single choice, and all of them) and confirms that each situation is the
//! verdict of at least one path and that every question is asked on at least one.

use super::script::{Kind, Script};
use super::{every_path, max_paths};
use crate::content::origin::Source;
use crate::content::situation::Situation;
use crate::diagnostic::{did_you_mean, Diagnostic, Locator};
use std::collections::{BTreeSet, HashMap};

/// True for an id that is a plain identifier: an ASCII letter, then ASCII letters, digits, `_`
/// and `-`. Ids become node names in `mend graph` and appear in messages and flags
/// (`--answer ID=VALUE`); anything else could break or inject into them.
pub fn is_plain_id(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_alphabetic())
        && id.len() <= 100
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

const PLAIN_ID_HINT: &str = "use ASCII letters, digits, `_` and `-`, starting with a letter";

fn not_plain(what: &str, id: &str) -> String {
    format!("{what} id `{id}` is not a plain identifier")
}

/// Every problem in `script`. With `prove`, also walks every path (the reachability proof).
pub fn check(
    script: &Script,
    source: &Source,
    situations: &[Situation],
    tracks: &[&str],
    prove: bool,
) -> Vec<Diagnostic> {
    let file = source.origin.to_string();
    let locator = Locator::new(&file, &source.text);
    // Block offsets: the n-th `[[question]]` / `[[rule]]` header, so a problem points at its own
    // block even when an id is duplicated.
    let headers = |h: &str| -> Vec<usize> { source.text.match_indices(h).map(|(o, _)| o).collect() };
    let (q_offsets, r_offsets) = (headers("[[question]]"), headers("[[rule]]"));
    // `needle` is searched from the block start, so it can name the offending text itself.
    let problem = |block: usize, needle: &str, msg: String, hint: Option<String>| {
        let found = source.text.get(block..).and_then(|rest| rest.find(needle)).map_or(block, |o| block + o);
        locator.error(found, msg).with_hint(hint)
    };
    let ids: Vec<&str> = situations.iter().map(|s| s.id.as_str()).collect();
    // Each condition names questions by id: one index, so the checks stay linear in the rules
    // (a search per mention was quadratic). The first of a duplicated id, as the search found.
    let mut position: HashMap<&str, usize> = HashMap::with_capacity(script.questions.len());
    for (i, q) in script.questions.iter().enumerate() {
        position.entry(q.id.as_str()).or_insert(i);
    }
    let mut problems = Vec::new();
    let check_situation = |id: &str, block: usize, problems: &mut Vec<Diagnostic>| {
        if !ids.contains(&id) {
            problems.push(problem(
                block,
                id,
                format!("unknown situation `{id}`"),
                did_you_mean(id, ids.iter().copied()),
            ));
        }
    };
    let mut seen = BTreeSet::new();
    for (i, q) in script.questions.iter().enumerate() {
        let block = q_offsets.get(i).copied().unwrap_or(0);
        let needle = "id =";
        if !seen.insert(q.id.as_str()) {
            problems.push(problem(block, needle, format!("question id `{}` is used twice", q.id), None));
        }
        if !is_plain_id(&q.id) {
            problems.push(problem(block, needle, not_plain("question", &q.id), Some(PLAIN_ID_HINT.into())));
        }
        match q.kind {
            Kind::Single | Kind::Multiple if q.choices.len() < 2 => {
                problems.push(problem(block, needle, format!("question `{}` needs at least two choices", q.id), None))
            }
            Kind::YesNo | Kind::Text if !q.choices.is_empty() => problems.push(problem(
                block,
                needle,
                format!("question `{}` is {:?} and cannot have choices", q.id, q.kind),
                Some("use `yes` and `no` tables for a yes-no question".into()),
            )),
            _ => {}
        }
        if q.kind == Kind::Text
            && q.variable.as_deref().is_none_or(|v| !crate::content::talk_track::is_valid_variable(v))
        {
            problems.push(problem(
                block,
                needle,
                format!("text question `{}` needs a `variable` (a talk-track variable name)", q.id),
                None,
            ));
        }
        // `same_as` offers a person named earlier, so the role must be an earlier text question's.
        for role in &q.same_as {
            let earlier =
                script.questions[..i].iter().any(|e| e.kind == Kind::Text && e.variable.as_ref() == Some(role));
            if q.kind != Kind::Text || !earlier {
                problems.push(problem(
                    block,
                    needle,
                    format!("`same_as` of `{}` names `{role}`, which no earlier text question asks for", q.id),
                    Some("list the `variable` of a text question above this one".into()),
                ));
            }
        }
        let mut values = BTreeSet::new();
        for c in &q.choices {
            if !values.insert(c.value.as_str()) {
                problems.push(problem(
                    block,
                    needle,
                    format!("question `{}` has choice `{}` twice", q.id, c.value),
                    None,
                ));
            }
        }
        let meanings: Vec<_> = q
            .allowed()
            .iter()
            .filter_map(|v| q.meaning(v).map(|m| (m.evidence.clone(), m.completes.clone())))
            .collect();
        for (evidence, completes) in meanings {
            for s in evidence.keys() {
                check_situation(s, block, &mut problems);
            }
            for (s, step) in &completes {
                check_situation(s, block, &mut problems);
                let steps = situations.iter().find(|x| &x.id == s).map_or(0, |x| x.steps.len());
                if ids.contains(&s.as_str()) && (*step == 0 || *step > steps) {
                    problems.push(problem(
                        block,
                        needle,
                        format!("`completes` names step {step} of `{s}`, which has {steps} steps"),
                        None,
                    ));
                }
            }
        }
        if let Some(when) = &q.when {
            let needle = "when";
            for (ref_id, value) in when.mentions() {
                match position.get(ref_id).copied() {
                    None => problems.push(problem(
                        block,
                        needle,
                        format!("the condition of `{}` refers to unknown question `{ref_id}`", q.id),
                        did_you_mean(ref_id, script.questions.iter().map(|x| x.id.as_str())),
                    )),
                    Some(j) if j >= i => problems.push(problem(
                        block,
                        needle,
                        format!(
                            "the condition of `{}` refers to `{ref_id}`, which is not asked before it: the condition can never be true (a cycle)",
                            q.id
                        ),
                        Some("conditions may only refer to questions earlier in the file".into()),
                    )),
                    Some(j) => value_known(script, j, ref_id, value, &q.id, block, &mut problems, &problem),
                }
            }
        }
    }
    for (k, rule) in script.rules.iter().enumerate() {
        let block = r_offsets.get(k).copied().unwrap_or(0);
        let needle = "when";
        if !is_plain_id(&rule.id) {
            problems.push(problem(block, "id =", not_plain("rule", &rule.id), Some(PLAIN_ID_HINT.into())));
        }
        for (ref_id, value) in rule.when.mentions() {
            match position.get(ref_id).copied() {
                None => problems.push(problem(
                    block,
                    needle,
                    format!("rule `{}` refers to unknown question `{ref_id}`", rule.id),
                    did_you_mean(ref_id, script.questions.iter().map(|x| x.id.as_str())),
                )),
                Some(j) => value_known(script, j, ref_id, value, &rule.id, block, &mut problems, &problem),
            }
        }
        for s in rule.add.keys().chain(rule.conclude.iter()) {
            check_situation(s, block, &mut problems);
        }
        if rule.unless_outscored_by.is_some_and(|m| m <= 0)
            || (rule.unless_outscored_by.is_some() && rule.conclude.is_none())
        {
            problems.push(problem(
                block,
                "unless_outscored_by",
                format!("rule `{}`: `unless_outscored_by` needs `conclude` and a margin above 0", rule.id),
                Some("a conclusion yields to a reading that many points stronger: unless_outscored_by = 4".into()),
            ));
        }
        if rule.yield_reason.is_some() && rule.unless_outscored_by.is_none() {
            problems.push(problem(
                block,
                "yield_reason",
                format!("rule `{}` has `yield_reason` and never yields", rule.id),
                Some("add `unless_outscored_by`, or remove `yield_reason`".into()),
            ));
        }
        for t in &rule.lead_with {
            if !tracks.contains(&t.as_str()) {
                problems.push(problem(
                    block,
                    needle,
                    format!("rule `{}` leads with unknown track `{t}`", rule.id),
                    did_you_mean(t, tracks.iter().copied()),
                ));
            }
        }
    }
    // A step's `when` tests the answers like a question's: known questions, allowed values.
    let flags = script.flags();
    for situation in situations {
        for (n, step) in situation.steps.iter().enumerate() {
            let what = format!("step {} of `{}`", n + 1, situation.id);
            for m in step.passed_with.iter().filter(|m| **m == 0 || **m > situation.steps.len() || **m == n + 1) {
                problems.push(problem(
                    0,
                    "",
                    format!("`passed_with` of {what} names step {m}, not another step of it"),
                    None,
                ));
            }
            // Title and detail may choose words by answer flags, and name nothing else.
            for text in [&step.title, &step.detail] {
                match crate::content::template::usage(text) {
                    Err((_, _, message)) => problems.push(problem(0, "", format!("{what}: {message}"), None)),
                    Ok(usage) => {
                        for (name, _, _) in usage.variables.iter().chain(&usage.conditions) {
                            if !flags.contains(name) {
                                problems.push(problem(
                                    0,
                                    "",
                                    format!("{what} uses `{name}`, which is not an answer flag of the script"),
                                    did_you_mean(name, flags.iter().map(String::as_str)),
                                ));
                            }
                        }
                    }
                }
            }
            let Some(when) = &step.when else { continue };
            for (ref_id, value) in when.mentions() {
                match position.get(ref_id).copied() {
                    None => problems.push(problem(
                        0,
                        "",
                        format!("the condition of {what} refers to unknown question `{ref_id}`"),
                        did_you_mean(ref_id, script.questions.iter().map(|x| x.id.as_str())),
                    )),
                    Some(j) => value_known(script, j, ref_id, value, &what, 0, &mut problems, &problem),
                }
            }
        }
    }
    check_situation(&script.settings.fallback, 0, &mut problems);
    if !tracks.contains(&script.settings.unsure_track.as_str()) {
        problems.push(problem(
            0,
            "unsure_track",
            format!("unknown track `{}` in `unsure_track`", script.settings.unsure_track),
            None,
        ));
    }
    if problems.is_empty() && prove {
        problems.extend(reachability(script, situations, &file));
    }
    problems
}

/// Builds a located diagnostic: (block offset, text to find in it, message, hint).
type ProblemAt<'a> = dyn Fn(usize, &str, String, Option<String>) -> Diagnostic + 'a;

#[allow(clippy::too_many_arguments)]
fn value_known(
    script: &Script,
    j: usize,
    ref_id: &str,
    value: &str,
    owner: &str,
    block: usize,
    problems: &mut Vec<Diagnostic>,
    problem: &ProblemAt,
) {
    let target = &script.questions[j];
    if target.kind == Kind::Text {
        return;
    }
    let allowed = target.allowed();
    if !allowed.iter().any(|a| a == value) {
        problems.push(problem(
            block,
            "when",
            format!("`{owner}` tests `{ref_id}` for `{value}`, which is not one of its values: the condition can never be true"),
            did_you_mean(value, allowed.iter().map(String::as_str)),
        ));
    }
}

/// Walks every path; reports situations no path reaches and questions no path asks.
fn reachability(script: &Script, situations: &[Situation], file: &str) -> Vec<Diagnostic> {
    let mut reached = BTreeSet::new();
    let mut asked = BTreeSet::new();
    let finished = every_path(script, situations, |interview, c| {
        asked.extend(interview.path().iter().cloned());
        reached.insert(c.situation.clone());
    });
    if !finished {
        return vec![Diagnostic::new(
            file,
            format!(
                "the interview has more than {} paths to prove with {} rules; split or simplify it",
                max_paths(script),
                script.rules.len()
            ),
        )];
    }
    let mut problems = Vec::new();
    for q in &script.questions {
        if !asked.contains(&q.id) {
            problems.push(Diagnostic::new(
                file,
                format!("question `{}` is never asked: its condition is never true on any path", q.id),
            ));
        }
    }
    for s in situations {
        if !reached.contains(&s.id) {
            problems.push(
                Diagnostic::new(file, format!("no sequence of answers leads to situation `{}`", s.id))
                    .with_hint(Some("give some choice evidence for it, or a rule that concludes it".into())),
            );
        }
    }
    problems
}
