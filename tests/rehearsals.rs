//! Every branch of every shipped rehearsal, played with a reply a rep might give.
//!
//! `tests/rehearsals/ID.toml` holds, for each client line of `scripts/rehearsals/ID.toml`, one
//! reply per branch (`accountable`, `partial`, `defensive`). Each reply is played at its line
//! (reached by the shortest path of sample replies from the start) and must take the branch its
//! key names: the checks, the moves and the scripts are proven together on realistic words, and
//! a change to any of them that sends a defensive reply to a warm client fails here.

use mend::content::origin::Source;
use mend::library::{builtin_rehearsals, Layer, Library};
use mend::rehearsal::{Grade, Rehearsal, Session};
use std::collections::{BTreeMap, VecDeque};

type Samples = BTreeMap<String, BTreeMap<String, String>>;

/// The example of each variable, as a rep would fill them.
fn names(r: &Rehearsal) -> BTreeMap<String, String> {
    r.variables.iter().map(|v| (v.name.clone(), v.example.clone().expect("every variable has an example"))).collect()
}

/// The sample replies that lead from the start to each line, shortest first.
fn paths(r: &Rehearsal, samples: &Samples) -> BTreeMap<String, Vec<String>> {
    let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut queue = VecDeque::from([(r.start.get_ref().clone(), Vec::<String>::new())]);
    while let Some((id, replies)) = queue.pop_front() {
        if found.contains_key(&id) {
            continue;
        }
        found.insert(id.clone(), replies.clone());
        let line = &r.lines[r.line_index(&id).expect("line")];
        let Some(next) = &line.next else { continue };
        for (key, target) in next.branches() {
            if let Some(reply) = samples.get(&id).and_then(|s| s.get(key)) {
                let mut longer = replies.clone();
                longer.push(reply.clone());
                queue.push_back((target.get_ref().clone(), longer));
            }
        }
    }
    found
}

fn play_every_branch(id: &str) {
    let (path, text) = builtin_rehearsals()
        .iter()
        .find(|(p, _)| p.ends_with(&format!("/{id}.toml")))
        .unwrap_or_else(|| panic!("no built-in rehearsal `{id}`"));
    let r = Rehearsal::parse(id, &Source::embedded(path, text)).expect("parses");
    let samples: Samples = toml::from_str(
        &std::fs::read_to_string(format!("{}/tests/rehearsals/{id}.toml", env!("CARGO_MANIFEST_DIR")))
            .expect("samples"),
    )
    .expect("samples parse");
    let reach = paths(&r, &samples);
    let mut played = 0;
    for line in &r.lines {
        let Some(next) = &line.next else { continue };
        let to_here = reach.get(line.id()).unwrap_or_else(|| panic!("{id}: no sample path reaches `{}`", line.id()));
        for (key, target) in next.branches() {
            let reply = samples
                .get(line.id())
                .and_then(|s| s.get(key))
                .unwrap_or_else(|| panic!("{id}: no `{key}` sample for line `{}`", line.id()));
            let mut session = Session::new(&r, names(&r)).expect("session");
            for earlier in to_here {
                session.reply(earlier);
            }
            assert_eq!(session.line_id(), line.id(), "{id}: the sample path did not reach `{}`", line.id());
            let turn = session.reply(reply).clone();
            // Without a `partial` branch a reply that misses a move goes where `defensive` does.
            let lands = match turn.grade {
                Grade::Partial if next.partial.is_none() => "defensive",
                Grade::Accountable => "accountable",
                Grade::Partial => "partial",
                Grade::Defensive => "defensive",
            };
            let why: Vec<String> = turn
                .findings
                .iter()
                .map(|f| format!("{} `{}`", f.rule, f.matched))
                .chain(turn.moves.iter().filter(|m| !m.met).map(|m| format!("{:?}: {:?}", m.the_move, m.why)))
                .collect();
            assert_eq!(
                lands,
                key,
                "{id}: at `{}` the {key} sample {reply:?} landed {:?}: {why:?}",
                line.id(),
                turn.grade
            );
            // Where a missed move has its own branch, the defensive sample must be defensive.
            if key == "defensive" && next.partial.is_some() {
                assert_eq!(
                    turn.grade,
                    Grade::Defensive,
                    "{id}: at `{}` the defensive sample is not defensive: {why:?}",
                    line.id()
                );
            }
            assert_eq!(session.line_id(), target.get_ref(), "{id}: `{}` {key} went elsewhere", line.id());
            played += 1;
        }
    }
    assert!(played >= 12, "{id}: only {played} branches played");
    // Three or more client turns on every path: the shortest way to an ending.
    let shortest = r.lines.iter().filter(|l| l.is_end()).filter_map(|l| reach.get(l.id()).map(Vec::len)).min();
    assert!(shortest >= Some(3), "{id}: a path ends after {shortest:?} turns");
}

macro_rules! rehearsals {
    ($($name:ident => $id:literal),* $(,)?) => {
        $(#[test] fn $name() { play_every_branch($id); })*

        #[test]
        fn every_built_in_rehearsal_has_a_transcript_test() {
            let tested = [$($id),*];
            for (path, _) in builtin_rehearsals() {
                let id = path.rsplit('/').next().and_then(|f| f.strip_suffix(".toml")).expect("file name");
                assert!(tested.contains(&id), "no transcript test for rehearsal `{id}`");
            }
            let lib = Library::new(vec![Layer::builtin()]);
            assert_eq!(lib.rehearsal_index().expect("index").entries.len(), tested.len());
        }
    };
}

rehearsals! {
    broken_commitment => "broken-commitment",
    service_failure => "service-failure",
    soured_unknown => "soured-unknown",
    gatekeeper => "gatekeeper",
    pushaway => "pushaway",
    mismatch => "mismatch",
    resistant_end_user => "resistant-end-user",
    leadership_verdict => "leadership-verdict",
}
