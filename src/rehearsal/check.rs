//! What `mend check` proves about a rehearsal script, every problem at `file:line:column`.
//!
//! [`structure`] needs nothing but the script: unique line ids, a start and branches that lead to
//! lines (a branch to nowhere points at its target), every line reachable from the start, an
//! ending reachable from every line and no loop (a rehearsal must end), moves it knows, and
//! `{{names}}` that are declared. [`check`] adds what needs the library: the situation and the
//! talk-track exist, and each `better` quotes a line the track really says.

use super::moves::Move;
use super::script::{Rehearsal, ENDINGS};
use super::TrackWords;
use crate::diagnostic::{did_you_mean, Diagnostic, Locator};
use std::collections::BTreeSet;
use std::ops::Range;
use toml::Spanned;

/// The problems of the script's shape alone.
pub fn structure(r: &Rehearsal) -> Vec<Diagnostic> {
    let (file, text) = match &r.source {
        Some(s) => (s.origin.to_string(), s.text.as_ref()),
        None => (format!("{}.toml", r.id), ""),
    };
    let locator = Locator::new(&file, text);
    let at =
        |span: Range<usize>, message: String, hint: Option<String>| locator.error(span.start, message).with_hint(hint);
    let mut problems = Vec::new();
    let ids: Vec<&str> = r.lines.iter().map(|l| l.id()).collect();
    let mut seen = BTreeSet::new();
    for line in &r.lines {
        if !seen.insert(line.id()) {
            problems.push(at(line.id.span(), format!("line id `{}` is used twice", line.id()), None));
        }
        if !crate::interview::check::is_plain_id(line.id()) {
            problems.push(at(
                line.id.span(),
                format!("line id `{}` is not a plain identifier", line.id()),
                Some("use ASCII letters, digits, `_` and `-`, starting with a letter".into()),
            ));
        }
    }
    let target = |t: &Spanned<String>, what: &str, problems: &mut Vec<Diagnostic>| {
        if !ids.contains(&t.get_ref().as_str()) {
            problems.push(
                at(
                    t.span(),
                    format!("a branch to nowhere: `{}` is not a line of this rehearsal", t.get_ref()),
                    did_you_mean(t.get_ref(), ids.iter().copied())
                        .or_else(|| Some(format!("the lines are: {}", ids.join(", ")))),
                )
                .with_key(what),
            );
        }
    };
    target(&r.start, "start", &mut problems);
    if r.line_index(r.start.get_ref()).is_some_and(|i| r.lines[i].is_end()) {
        problems.push(at(r.start.span(), "the start line is an ending: the rep never speaks".into(), None));
    }
    for line in &r.lines {
        match (&line.end, &line.next) {
            (Some(tone), next) => {
                if !ENDINGS.contains(&tone.get_ref().as_str()) {
                    problems.push(at(
                        tone.span(),
                        format!("`end = \"{}\"` is not a tone", tone.get_ref()),
                        Some(format!("one of: {}", ENDINGS.join(", "))),
                    ));
                }
                if next.is_some() || !line.needs.is_empty() {
                    problems.push(at(
                        line.id.span(),
                        format!("line `{}` ends the call and also has `next` or `needs`", line.id()),
                        Some("an ending is the client's last word: remove `next` and `needs`".into()),
                    ));
                }
            }
            (None, None) => problems.push(at(
                line.id.span(),
                format!("line `{}` has no `next` and no `end`: the call stops nowhere", line.id()),
                Some("add next = { accountable = \"...\", defensive = \"...\" }, or end = \"warm\"".into()),
            )),
            (None, Some(next)) => {
                for (key, t) in next.branches() {
                    target(t, key, &mut problems);
                }
                if next.accountable.get_ref() == next.defensive.get_ref() {
                    problems.push(at(
                        next.defensive.span(),
                        format!(
                            "line `{}` sends an accountable and a defensive reply to the same line: the client \
                             does not answer what the rep did",
                            line.id()
                        ),
                        None,
                    ));
                }
            }
        }
        for need in &line.needs {
            match Move::parse(need.get_ref()) {
                None => problems.push(at(
                    need.span(),
                    format!("unknown move `{}`", need.get_ref()),
                    did_you_mean(need.get_ref(), Move::NEEDED.iter().map(|m| m.name())).or_else(|| {
                        Some(format!("one of: {}", Move::NEEDED.map(|m| m.name()).join(", ")))
                    }),
                )),
                Some(Move::NoBut | Move::NoBlame) => problems.push(at(
                    need.span(),
                    format!("`{}` is checked on every reply; leave it out of `needs`", need.get_ref()),
                    None,
                )),
                Some(Move::Apologise) if !line.fault_named => problems.push(at(
                    need.span(),
                    format!("line `{}` needs an apology before the fault is named", line.id()),
                    Some("apologise only once the fault is on the table: set `fault_named = true` here, or drop the move".into()),
                )),
                Some(_) => {}
            }
        }
    }
    if !r.lines.iter().any(|l| l.is_end()) {
        problems.push(
            Diagnostic::new(&file, "no line ends the call")
                .with_hint(Some("give the client a closing line with end = \"warm\" (or \"cool\", \"cold\")".into())),
        );
    }
    problems.extend(reachability(r, &at));
    problems.extend(undeclared(r, &locator, text));
    problems
}

/// Unreachable lines, loops, and lines from which no ending can be reached.
fn reachability(r: &Rehearsal, at: &dyn Fn(Range<usize>, String, Option<String>) -> Diagnostic) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let targets = |i: usize| -> Vec<usize> {
        r.lines[i]
            .next
            .as_ref()
            .map(|n| n.branches().into_iter().filter_map(|(_, t)| r.line_index(t.get_ref())).collect())
            .unwrap_or_default()
    };
    let Some(start) = r.line_index(r.start.get_ref()) else { return problems };
    // Depth-first from the start: a branch to a line still on the stack is a loop.
    let mut state = vec![0u8; r.lines.len()]; // 0 new, 1 on the stack, 2 done
    let mut stack = vec![(start, 0usize)];
    state[start] = 1;
    let mut looped = BTreeSet::new();
    while let Some(&mut (i, ref mut k)) = stack.last_mut() {
        let next = targets(i);
        if *k < next.len() {
            let j = next[*k];
            *k += 1;
            match state[j] {
                0 => {
                    state[j] = 1;
                    stack.push((j, 0));
                }
                1 if looped.insert((i, j)) => {
                    let branch = r.lines[i]
                        .next
                        .as_ref()
                        .and_then(|n| n.branches().into_iter().find(|(_, t)| t.get_ref() == r.lines[j].id()))
                        .map(|(_, t)| t.span())
                        .unwrap_or_else(|| r.lines[i].id.span());
                    problems.push(at(
                        branch,
                        format!(
                            "line `{}` leads back to `{}`: a loop, and a rehearsal must end",
                            r.lines[i].id(),
                            r.lines[j].id()
                        ),
                        Some("send the client on to a new line, or to an ending".into()),
                    ));
                }
                _ => {}
            }
        } else {
            state[i] = 2;
            stack.pop();
        }
    }
    for (i, line) in r.lines.iter().enumerate() {
        if state[i] == 0 {
            problems.push(at(
                line.id.span(),
                format!("line `{}` is unreachable: no branch from the start leads to it", line.id()),
                Some("point a `next` branch at it, or remove it".into()),
            ));
        }
    }
    problems
}

/// `{{names}}` in the client's lines, the brief and the advice that no `[[variables]]` declares.
fn undeclared(r: &Rehearsal, locator: &Locator<'_>, text: &str) -> Vec<Diagnostic> {
    let declared: Vec<&str> = r.variables.iter().map(|v| v.name.as_str()).collect();
    let mut problems = Vec::new();
    if let Some(speaker) = r.speaker.as_ref().filter(|s| !declared.contains(&s.get_ref().as_str())) {
        problems.push(
            locator
                .error(
                    speaker.span().start,
                    format!("`speaker = \"{}\"` is not a declared variable", speaker.get_ref()),
                )
                .with_hint(did_you_mean(speaker.get_ref(), declared.iter().copied())),
        );
    }
    let mut texts: Vec<(Option<Range<usize>>, &str)> = vec![(None, r.brief.as_str())];
    texts.extend(r.real_call.iter().map(|t| (None, t.as_str())));
    texts.extend(r.lines.iter().map(|l| (Some(l.client.span()), l.client.get_ref().as_str())));
    texts.extend(r.lines.iter().filter_map(|l| l.point.as_deref()).map(|p| (None, p)));
    for (span, value) in texts {
        let mut rest = value;
        while let Some(open) = rest.find("{{") {
            let after = &rest[open + 2..];
            let Some(close) = after.find("}}") else { break };
            let name = after[..close].trim();
            if !declared.contains(&name) {
                let needle = format!("{{{{{name}");
                let offset = span
                    .as_ref()
                    .and_then(|s| text.get(s.clone()).and_then(|raw| raw.find(&needle)).map(|o| s.start + o))
                    .or_else(|| text.find(&needle))
                    .unwrap_or(0);
                problems.push(
                    locator.error(offset, format!("`{{{{{name}}}}}` is not a declared variable")).with_hint(
                        did_you_mean(name, declared.iter().copied()).or_else(|| {
                            Some(format!("declare it: [[variables]] name = \"{name}\", with kind and prompt"))
                        }),
                    ),
                );
            }
            rest = &after[close + 2..];
        }
    }
    for v in &r.variables {
        if !crate::content::talk_track::is_valid_variable(&v.name) {
            problems.push(
                locator.error_at_mention(&format!("\"{}\"", v.name), format!("`{}` is not a variable name", v.name)),
            );
        }
        if let Some(kind) = v.kind.as_deref().filter(|k| !crate::content::talk_track::KINDS.contains(k)) {
            problems.push(
                locator
                    .error_at_mention(
                        &format!("\"{kind}\""),
                        format!("variable `{}` has unknown kind `{kind}`", v.name),
                    )
                    .with_hint(did_you_mean(kind, crate::content::talk_track::KINDS.iter().copied())),
            );
        }
    }
    problems
}

/// Every problem of `r` against a library: its `situations` and `words`, the rendered spoken
/// lines of a talk-track by name (`None`: no such track).
pub fn check(r: &Rehearsal, situations: &[&str], words: &dyn Fn(&str) -> Option<TrackWords>) -> Vec<Diagnostic> {
    let mut problems = structure(r);
    let (file, text) = match &r.source {
        Some(s) => (s.origin.to_string(), s.text.as_ref()),
        None => (format!("{}.toml", r.id), ""),
    };
    let locator = Locator::new(&file, text);
    if !situations.contains(&r.situation()) {
        problems.push(
            locator
                .error(r.situation.span().start, format!("unknown situation `{}`", r.situation()))
                .with_hint(did_you_mean(r.situation(), situations.iter().copied())),
        );
    }
    match words(r.track()) {
        None => problems.push(
            locator
                .error(r.track.span().start, format!("unknown talk-track `{}`", r.track()))
                .with_hint(Some("run `mend list` to see the tracks".into())),
        ),
        Some(words) => {
            for line in &r.lines {
                let Some(better) = &line.better else { continue };
                if words.line_with(better.get_ref()).is_none() {
                    problems.push(
                        locator
                            .error(
                                better.span().start,
                                format!(
                                    "`better` of line `{}`: track `{}` says no line with these words",
                                    line.id(),
                                    r.track()
                                ),
                            )
                            .with_hint(Some(format!(
                                "quote words of one spoken line of `mend say {}`, as the track writes them",
                                r.track()
                            ))),
                    );
                }
            }
        }
    }
    problems
}
