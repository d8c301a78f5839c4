//! Property tests where the property is crisp.

use mend::format::document::SayBlock;
use mend::library::{Layer, Library};
use mend::lint::{self, Rules};
use mend::sheet::track::RenderedTrack;
use mend::values::Resolved;
use proptest::prelude::*;
use std::collections::BTreeMap;

fn tracks() -> Vec<mend::content::talk_track::TalkTrack> {
    let lib = Library::new(vec![Layer::builtin()]);
    let index = lib.track_index().expect("index");
    index.names().map(|n| lib.track(&index, n).expect("track")).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Any string, cleaned as every value is, as any declared variable of any shipped track,
    /// renders, and appears verbatim.
    #[test]
    fn rendering_never_fails_for_declared_variables(value in any::<String>(), pick in 0usize..1000) {
        let all = tracks();
        let track = &all[pick % all.len()];
        let value = mend::values::clean(&value);
        let values: BTreeMap<String, String> =
            track.front.variables.iter().map(|v| (v.name.clone(), value.clone())).collect();
        let resolved = Resolved { values, ..Resolved::default() };
        let rendered = RenderedTrack::render(track, &resolved, &[]).expect("renders");
        let say: Vec<&str> = rendered.sections.say.iter().map(|b| match b {
            SayBlock::Speech(t) | SayBlock::Direction(t) => t.as_str(),
        }).collect();
        let everything = format!("{} {} {:?} {:?} {}", rendered.summary, say.join(" "),
            rendered.sections.avoid, rendered.sections.questions, rendered.sections.next_step);
        if !track.front.variables.is_empty() && !value.trim().is_empty() && !value.contains('\\') && !value.contains('"') {
            prop_assert!(everything.contains(value.trim()), "value missing from {}", track.name);
        }
    }

    /// Lint columns always point at the matched text.
    #[test]
    fn lint_columns_point_at_the_match(
        words in proptest::collection::vec(prop_oneof![
            Just("but"), Just("But"), Just("however,"), Just("unfortunately"), Just("as I said"),
            Just("Zoë"), Just("🎉"), Just("\t"), Just("\"but\""), Just("all but"), Just("and"),
            Just("the"), Just("client"), Just(","), Just("."), Just("\n"), Just("yet"), Just("although"),
        ], 0..40)
    ) {
        let text = words.join(" ");
        let rules = Rules::compile(&[lint::builtin_rules()], &[]).expect("rules");
        // A leading byte-order mark is not a column an editor shows, so the lint counts from after it.
        let lines: Vec<&str> = text.strip_prefix('\u{FEFF}').unwrap_or(&text).split('\n').collect();
        for f in lint::lint_str(&rules, &text) {
            let line = lines[f.line - 1];
            let shown: String = line.chars().skip(f.column - 1).take(f.end_column - f.column).collect();
            prop_assert_eq!(shown.to_lowercase(), f.matched.to_lowercase(), "in {:?}", line);
        }
    }

    /// Wrapped text fits the width, keeps every character in order, and has no trailing spaces.
    #[test]
    fn wrapping_fits_and_loses_nothing(
        words in proptest::collection::vec(prop_oneof![
            Just("a"), Just("talk"), Just("O'Brien-von-Hohenzollern"), Just("supercalifragilisticexpialidocious"),
            Just("日本語"), Just("🎉🎉"), Just("Zoë"), Just("\u{1b}[1mbold\u{1b}[22m"), Just(""), Just("\n"), Just("x-"),
        ], 0..30),
        width in 1usize..100,
        indents in prop_oneof![Just(("", "")), Just(("  ", "  ")), Just(("  • ", "    ")), Just(("   1. ", "      "))],
    ) {
        let text = words.join(" ");
        let (first, rest) = indents;
        let out = mend::format::wrap::fill(&text, width, first, rest);
        let mut kept = String::new();
        for (i, line) in out.split('\n').enumerate() {
            let indent = if i == 0 { first } else { rest };
            prop_assert!(!line.ends_with(' '), "trailing space in {:?}", line);
            let body = line.strip_prefix(indent).or_else(|| indent.trim_end().strip_prefix(line).map(|_| ""));
            prop_assert!(body.is_some(), "line {:?} lacks indent {:?}", line, indent);
            kept.push_str(body.unwrap_or_default());
            let room = mend::format::wrap::display_width(indent) + 2;
            if width >= room {
                prop_assert!(mend::format::wrap::display_width(line) <= width, "{:?} wider than {}", line, width);
            }
        }
        let squeeze = |t: &str| t.chars().filter(|c| *c != ' ' && *c != '\n').collect::<String>();
        prop_assert_eq!(squeeze(&kept), squeeze(&text));
    }
}

/// Characters from every corner of Unicode that real text carries: typographic punctuation,
/// combining marks, emoji (with joiners and selectors), scripts other than Latin, and a few
/// characters from the supplementary planes.
const ODD: &[&str] = &[
    "…",
    "—",
    "–",
    "‘",
    "’",
    "“",
    "”",
    "«",
    "»",
    "‹",
    "›",
    "„",
    "‚",
    "•",
    "·",
    "¡",
    "¿",
    "‽",
    "⁇",
    "\u{301}",
    "\u{308}",
    "e\u{301}",
    "\u{200d}",
    "\u{fe0f}",
    "\u{200b}",
    "\u{a0}",
    "\u{2028}",
    "👍🏽",
    "👩‍👩‍👧",
    "🇬🇧",
    "佐藤",
    "Łukasz",
    "Zoë",
    "Søren",
    "ß",
    "İ",
    "ﬁ",
    "Ⅻ",
    "٣",
    "ありがとう",
    "Привет",
    "שלום",
    "مرحبا",
    "𝒜",
    "𐍈",
    "(",
    ")",
    ",",
    ".",
    ";",
    "!",
    "?",
    "'",
    "\"",
    "-",
    " ",
    "\t",
];

/// A text built from arbitrary characters, odd punctuation, failure words and rule phrases, so
/// the sentence code sees a multi-byte character on every side of every word it looks at.
fn hostile_text() -> impl Strategy<Value = String> {
    let rules = lint::builtin_rules();
    let mut phrases: Vec<String> = rules
        .rules
        .iter()
        .flat_map(|r| r.triggers.iter().flat_map(|t| t.phrases.iter().chain(&t.patterns).cloned()))
        .collect();
    phrases.extend(lint::FAILURE_WORDS.iter().map(|w| w.to_string()));
    let piece = prop_oneof![
        3 => proptest::sample::select(phrases),
        3 => proptest::sample::select(ODD).prop_map(str::to_string),
        2 => any::<char>().prop_map(String::from),
        1 => Just("\n".to_string()),
    ];
    proptest::collection::vec(piece, 0..48).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Linting any Unicode text around any failure word or rule phrase never panics, as a draft
    /// (`mend lint`) or as a typed value, and every column still points at the matched text.
    #[test]
    fn lint_never_panics_on_hostile_unicode(text in hostile_text()) {
        static DRAFT: std::sync::OnceLock<Rules> = std::sync::OnceLock::new();
        let draft = DRAFT.get_or_init(|| Rules::compile(&[lint::builtin_rules()], &[]).expect("rules"));
        let value = Rules::compile_for_short_text(&[lint::builtin_rules_for(&text)], &[]).expect("rules");
        // A leading byte-order mark is not a column an editor shows, so the lint counts from after it.
        let lines: Vec<&str> = text.strip_prefix('\u{FEFF}').unwrap_or(&text).split('\n').collect();
        for rules in [draft, &value] {
            for f in lint::lint_str(rules, &text) {
                let line = lines[f.line - 1];
                let shown: String = line.chars().skip(f.column - 1).take(f.end_column - f.column).collect();
                prop_assert_eq!(shown.to_lowercase(), f.matched.to_lowercase(), "in {:?}", line);
            }
        }
    }
}

/// The exact text that crashed the sentence code: a multi-byte stop (`…`) just before a failure
/// word's sentence.
#[test]
fn an_ellipsis_before_a_failure_word_is_no_crash() {
    let rules = Rules::compile(&[lint::builtin_rules()], &[]).expect("rules");
    for text in ["Our servers (OSX…), crashed the system.", "Finance… was late again.", "The carrier。 lost it"] {
        let _ = lint::lint_str(&rules, text);
    }
}

/// The case proptest found: a byte-order mark first, then a rule phrase and an ellipsis. The
/// finding's column counts from after the mark, the way an editor shows the line.
#[test]
fn a_byte_order_mark_does_not_shift_columns() {
    let rules = Rules::compile(&[lint::builtin_rules()], &[]).expect("rules");
    let findings = lint::lint_str(&rules, "\u{feff}had you sent…");
    let f =
        findings.iter().find(|f| f.matched.to_lowercase().contains("had you")).expect("a finding on `had you sent`");
    assert_eq!(f.column, 1, "{findings:?}");
}
