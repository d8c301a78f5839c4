//! The sentence and sense code on text built around what it looks at: each input byte picks a
//! failure word, a rule phrase, a piece of typographic punctuation or raw UTF-8, so multi-byte
//! characters land on every side of the words that send a line to the sentence checks. No panic,
//! and every column points at its match.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mend::lint::{self, Rules};
use std::sync::OnceLock;

const ODD: &[&str] = &["…", "—", "–", "’", "“", "”", "«", "»", "\u{301}", "\u{200d}", "👍🏽", "佐藤", "Zoë", "。", "(", ")", ",", ".", ";", "!", "?", " ", "\n"];

struct Pieces {
    rules: Rules,
    phrases: Vec<String>,
}

static PIECES: OnceLock<Pieces> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let pieces = PIECES.get_or_init(|| {
        let file = lint::builtin_rules();
        let mut phrases: Vec<String> =
            file.rules.iter().flat_map(|r| r.triggers.iter().flat_map(|t| t.phrases.iter().cloned())).collect();
        phrases.extend(lint::FAILURE_WORDS.iter().map(|w| w.to_string()));
        Pieces { rules: Rules::compile(&[file], &[]).expect("rules"), phrases }
    });
    let mut text = String::new();
    let mut bytes = data.iter().copied();
    while let Some(b) = bytes.next() {
        let pick = usize::from(b) << 8 | usize::from(bytes.next().unwrap_or(0));
        match b % 4 {
            0 => text.push_str(&pieces.phrases[pick % pieces.phrases.len()]),
            1 => text.push_str(ODD[pick % ODD.len()]),
            2 => text.push(char::from_u32(pick as u32 * 17 % 0x11_0000).unwrap_or('\u{fffd}')),
            _ => text.push(' '),
        }
    }
    let lines: Vec<&str> = text.split('\n').collect();
    for f in lint::lint_str(&pieces.rules, &text) {
        let line = lines[f.line - 1];
        let shown: String = line.chars().skip(f.column - 1).take(f.end_column - f.column).collect();
        assert!(shown.to_lowercase() == f.matched.to_lowercase(), "column points at {shown:?}, not {:?}", f.matched);
    }
    let value = Rules::compile_for_short_text(&[lint::builtin_rules_for(&text)], &[]).expect("rules");
    let _ = lint::lint_str(&value, &text);
});
