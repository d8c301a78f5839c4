//! Conversation script parsing, the static checks, and interview traversal with arbitrary answers.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mend::interview::{self, Interview, Kind, Script};
use mend::content::origin::{Origin, Source};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // First line: answer choices as bytes; the rest: the script (or the built-in one when empty).
    let (picks, script_text) = text.split_once('\n').unwrap_or((text, ""));
    let builtin = mend::library::builtin_scripts()[0].1;
    let script_text = if script_text.trim().is_empty() { builtin } else { script_text };
    let source = Source { origin: Origin::File("fuzz.toml".into()), text: script_text.to_string().into() };
    let Ok(script) = Script::parse(&source) else { return };
    let lib = mend::library::Library::new(vec![mend::library::Layer::builtin()]);
    let situations = lib.situations().expect("built-in situations");
    let _ = interview::check::check(&script, &source, &situations, &["just-ask"], false);
    let mut run = Interview::new(&script);
    let mut picks = picks.bytes().cycle().take(64);
    let mut steps = 0;
    while let Some(q) = run.next() {
        steps += 1;
        assert!(steps <= script.questions.len(), "a question was asked twice");
        let p = picks.next().unwrap_or(0) as usize;
        let raw = match q.kind {
            Kind::Text => vec![format!("name {p}")],
            Kind::YesNo => vec![if p % 2 == 0 { "yes" } else { "no" }.to_string()],
            _ if q.choices.is_empty() => vec![String::new()],
            _ => vec![q.choices[p % q.choices.len()].value.clone()],
        };
        match interview::validate(q, &raw) {
            Ok(v) => run.answer(&q.id.clone(), v),
            Err(_) => return,
        }
    }
    let _ = interview::classify(&script, run.answers(), run.path(), &situations);
});
