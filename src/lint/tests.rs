//! Engine tests: every rule, every exception, the streaming and fixing properties.

use std::io::Cursor;

use super::*;

fn rules() -> &'static Rules {
    static RULES: std::sync::OnceLock<Rules> = std::sync::OnceLock::new();
    RULES.get_or_init(|| Rules::compile(&[builtin_rules()], &[]).expect("built-in rules compile"))
}

/// (rule, matched) pairs found in `text`.
fn hits(text: &str) -> Vec<(String, String)> {
    lint_str(rules(), text).into_iter().map(|f| (f.rule.to_string(), f.matched)).collect()
}

fn rule_ids(text: &str) -> Vec<String> {
    hits(text).into_iter().map(|(r, _)| r).collect()
}

fn fix(text: &str) -> String {
    let mut out = Vec::new();
    fix_reader(rules(), Cursor::new(text.as_bytes()), &mut out, false).expect("fix");
    String::from_utf8(out).expect("utf-8 out")
}

#[test]
fn contrastive_but_is_flagged() {
    for text in [
        "I hear you, but we cannot lower the price.",
        "But the contract says otherwise.",
        "I understand your concern but we are fully booked.",
        "That is a fair point; but the date is fixed.",
        "It is not perfect, but it works.",
        "We could not deliver on time but we will fix it.",
        "We tried, but for now the answer is no.",
        "BUT we need the signature.",
    ] {
        assert_eq!(rule_ids(text), ["but-and"], "{text}");
    }
}

#[test]
fn but_exceptions_are_not_flagged() {
    for text in [
        "This is not only cheaper but also faster.",
        "Not only did we ship early, but we also trained your team.",
        "It is not a discount but a plan.",
        "We don't sell software but outcomes.",
        "The project is all but finished.",
        "We have nothing but respect for your team.",
        "It was anything but easy.",
        "Nobody but you has seen the draft.",
        "Everyone but the CFO signed off.",
        "No one but Maria knows the numbers.",
        "None but the best will do.",
        "I cannot help but notice the growth.",
        "I can't help but smile.",
        "I can’t help but smile.",
        "We couldn't help but wonder.",
        "I can't but agree.",
        "Last but not least, thank you.",
        "But for your help, we would have missed it.",
        "We would have signed but for the delay.",
        "No buts, we ship Friday.",
        "No ifs and buts about it.",
        "Press the button.",
        "The butler did it.",
        "Let me rebut that point.",
        "We attribute the growth to you.",
        "We distribute it weekly.",
        "Our debut was in May.",
        "Pass the butter.",
        "Replace 'but' with 'and'.",
        "Replace “but” with “and”.",
        "Replace `but` with `and`.",
        "The word \"but\" cancels what they said.",
        "Our contribution, not theirs.",
    ] {
        assert_eq!(hits(text), Vec::<(String, String)>::new(), "{text}");
    }
}

#[test]
fn however_yet_although() {
    assert_eq!(rule_ids("However, the price is fixed."), ["but-and"]);
    assert_eq!(rule_ids("The price, however, is fixed."), ["but-and"]);
    assert_eq!(rule_ids("We hear you; however we cannot."), ["but-and"]);
    assert!(rule_ids("Do it however you like.").is_empty());
    assert!(rule_ids("However much it costs, we will pay.").is_empty());
    assert!(rule_ids("However we look at it, it works.").is_empty());

    // The frame rules also hear "we shipped on time" as correcting the client; here only the "yet" matters.
    assert!(rule_ids("We shipped on time, yet you were unhappy.").contains(&"but-and".to_string()));
    assert_eq!(rule_ids("Yet the team disagrees."), ["but-and"]);
    assert_eq!(hits("Simple, and yet it works."), [("but-and".into(), "and yet".into())]);
    for text in [
        "We have not signed yet.",
        "Has it arrived yet?",
        "The invoice is yet to be paid.",
        "As yet, no reply.",
        "Yet again, thank you.",
        "We are not there yet, and that is fine.",
        "It is the best quarter yet.",
        "Yet another update from us.",
    ] {
        assert!(rule_ids(text).is_empty(), "{text}");
    }
    assert_eq!(rule_ids("Although you asked for May, we shipped in June."), ["but-and"]);
    assert_eq!(rule_ids("We shipped, although late."), ["but-and"]);
}

#[test]
fn fixes_are_safe_and_case_kept() {
    assert_eq!(fix("I hear you, but we can't.\n"), "I hear you, and we can't.\n");
    assert_eq!(fix("Noted. But we can't.\n"), "Noted. And we can't.\n");
    assert_eq!(fix("However, the price is fixed.\n"), "And the price is fixed.\n");
    assert_eq!(fix("YES, BUT NO\n"), "YES, AND NO\n");
    // Not safe: left alone, with a suggestion.
    for text in [
        "I understand but we are booked.\n",
        "The price, however, is fixed.\n",
        "Although late, it shipped.\n",
        "Unfortunately, it is late.\n",
    ] {
        assert_eq!(fix(text), text);
        let f = lint_str(rules(), text);
        assert_eq!(f.len(), 1, "{text}");
        assert!(f[0].fix.is_none() && f[0].suggestion.is_some(), "{text}");
    }
}

#[test]
fn wrapped_lines_are_not_sentence_starts() {
    let text = "We hear the concern\nBut we keep the date.\n";
    let f = lint_str(rules(), text);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].fix, None);
    let text = "We hear the concern,\nbut we keep the date.\n";
    assert_eq!(fix(text), "We hear the concern,\nand we keep the date.\n");
    let text = "Hi Sam.\n\nBut we keep the date.\n";
    assert_eq!(fix(text), "Hi Sam.\n\nAnd we keep the date.\n");
}

#[test]
fn defensive_rules() {
    let cases = [
        ("Unfortunately, the shipment is late.", "unfortunately"),
        ("It wasn't our fault.", "excuse"),
        ("It wasn’t our fault.", "excuse"),
        ("It was not our fault.", "excuse"),
        ("This was due to circumstances beyond our control.", "excuse"),
        ("To be fair, the brief changed.", "hedge"),
        ("To be honest, the price is right.", "hedge"),
        ("I'm just saying it could be faster.", "hedge"),
        ("As I said, the date is fixed.", "told-you-so"),
        ("As I mentioned last week, we ship Friday.", "told-you-so"),
        ("As per my last email, the invoice is due.", "told-you-so"),
        ("You should have told us earlier.", "you-should-have"),
        ("With all due respect, the plan was agreed.", "all-due-respect"),
        ("Our supplier let us down.", "blame-shift"),
        ("The courier dropped the ball.", "blame-shift"),
        ("My colleague dropped the ball on this.", "blame-shift"),
        ("That's not my department.", "shield"),
        ("It was the courier's fault.", "blame-shift"),
        // The families of issue 13, one example each, plus the context-dependent ones.
        ("I regret that you were disappointed.", "non-apology"),
        ("Apologies for any confusion.", "non-apology"),
        ("The carrier held it up.", "blame-shift"),
        ("Our offshore team missed it.", "blame-shift"),
        ("The tool produced the wrong totals.", "blame-shift"),
        ("Your approval came late.", "blame-shift"),
        ("The delay came from the carrier.", "blame-shift"),
        ("Had you sent the files earlier, we would be live.", "blame-shift"),
        ("That's not quite accurate.", "contradiction"),
        ("I think you'll find we did.", "contradiction"),
        ("Strictly speaking, the term ends in May.", "point-scoring"),
        ("I did mention this at the kickoff.", "point-scoring"),
        ("I'm just the messenger.", "shield"),
        ("The rules don't allow it.", "shield"),
        ("Errors occurred overnight.", "evasion"),
        ("It was unavoidable.", "evasion"),
        ("Your order was lost in transit.", "evasion"),
    ];
    for (text, id) in cases {
        assert_eq!(rule_ids(text), [id], "{text}");
    }
    assert_eq!(rule_ids("No offense but the deck is weak."), ["hedge"]);
    // Information, not blame.
    assert!(rule_ids("You should have received the invoice.").is_empty());
    assert!(rule_ids("You should have access by now.").is_empty());
    assert!(rule_ids("I dropped the ball, and I am sorry.").is_empty());
    assert!(rule_ids("Don't say 'unfortunately' to a client.").is_empty());
    // Accountable wording stays clean, also where a context rule has its trigger word.
    for text in [
        "I got that wrong, and here is the fix.",
        "That was our mistake.",
        "Our support desk now answers within the hour.",
        "The carrier delivered this morning.",
        "Our QA team caught the error before it reached you.",
        "If the carrier is late again, I will drive the parts over myself.",
        "Your order was lost, and that is on me.",
        "The parcel was lost by us, not by the carrier.",
        "We entered the wrong address, and the system sent it there.",
    ] {
        assert!(rule_ids(text).is_empty(), "{text}: {:?}", rule_ids(text));
    }
}

#[test]
fn allow_switches_rules_off() {
    let r = Rules::compile(&[builtin_rules()], &["but-and".to_string()]).unwrap();
    assert!(lint_str(&r, "Yes, but no. Unfortunately, late.").iter().all(|f| &*f.rule == "unfortunately"));
    // With `hedge` off, the "but" inside "no offense but" is found on its own.
    // (The hedge frame family is switched off too, so only the "but" is left.)
    let r = Rules::compile(&[builtin_rules()], &["hedge".to_string(), "hedge-into-blame".to_string()]).unwrap();
    let f = lint_str(&r, "No offense, but the deck is weak.");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(&*f[0].rule, "but-and");
}

#[test]
fn columns_point_at_the_match() {
    let text = "Café déjà vu — naïve, but “fine”. Ünfortunately no. Unfortunately, yes; however, no.\n\tBut, ok";
    let findings = lint_str(rules(), text);
    assert!(findings.len() >= 4, "{findings:?}");
    let lines: Vec<&str> = text.split('\n').collect();
    for f in &findings {
        let line = lines[f.line - 1];
        let chars: String = line.chars().skip(f.column - 1).take(f.end_column - f.column).collect();
        assert_eq!(chars, f.matched);
        assert_eq!(&line[f.byte_range.clone()], f.matched);
    }
    assert_eq!(findings[0].column, 23);
}

#[test]
fn line_numbers_across_chunks() {
    let mut text = String::new();
    for i in 0..40_000 {
        if i % 997 == 0 {
            text.push_str("We see it, but no.\r\n");
        } else {
            text.push_str("A plain line about the quarterly plan and the button.\r\n");
        }
    }
    let mut seen = Vec::new();
    let summary = lint_reader(rules(), Cursor::new(text.as_bytes()), false, |line, f| {
        assert_eq!(line, "We see it, but no.");
        seen.push((f[0].line, f[0].column));
    })
    .unwrap();
    let expected: Vec<(usize, usize)> = (0..40_000).filter(|i| i % 997 == 0).map(|i| (i + 1, 12)).collect();
    assert_eq!(seen, expected);
    assert_eq!(summary.lines, 40_000);
    assert_eq!(summary.bytes, text.len() as u64);
    assert_eq!(summary.findings, expected.len());
    assert_eq!(summary.per_rule.get("but-and"), Some(&expected.len()));
    // The same through lint_str.
    assert_eq!(lint_str(rules(), &text).len(), expected.len());
    // Fixed output keeps CRLF and changes only the fixable words.
    let fixed = fix(&text);
    assert_eq!(fixed, text.replace("We see it, but no.", "We see it, and no."));
}

#[test]
fn long_line_longer_than_a_chunk() {
    let mut text = "word ".repeat(200_000);
    text.push_str("yes, but no");
    let mut n = 0;
    lint_reader(rules(), Cursor::new(text.as_bytes()), false, |_, f| {
        n += f.len();
        assert_eq!(f[0].column, 1_000_006);
    })
    .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn passthrough_is_byte_for_byte() {
    for text in [
        "",
        "no newline at the end",
        "\u{FEFF}BOM first line\r\nsecond\r\n",
        "mixed\r\nendings\nand a blank\n\n",
        "all but finished\nbutton\n",
    ] {
        assert_eq!(fix(text), text);
    }
    // A BOM is kept when there is something to fix too, and does not shift columns.
    assert_eq!(fix("\u{FEFF}But no\r\n"), "\u{FEFF}And no\r\n");
    let f = lint_str(rules(), "\u{FEFF}But no");
    assert_eq!(f[0].column, 1);
}

#[test]
fn refixing_leaves_no_fixable_but() {
    let text = "I hear you, but no. But we try. However, it is fixed. Fine, BUT late.\nOk,\nbut no.\n";
    let once = fix(text);
    let again = lint_str(rules(), &once);
    assert!(again.iter().all(|f| !(&*f.rule == "but-and" && f.fix.is_some())), "{again:?}");
    assert_eq!(fix(&once), once);
}

#[test]
fn fixes_are_reported() {
    let mut out = Vec::new();
    let fixes = fix_reader(rules(), Cursor::new("x\nYes, but no.\n"), &mut out, false).unwrap();
    assert_eq!(fixes, [Fix { line: 2, column: 6, rule: "but-and".into(), before: "but".into(), after: "and".into() }]);
}

#[test]
fn invalid_utf8_is_an_error_with_offset_or_replaced() {
    let bytes = b"fine line\nsecond, but \xff bad\n";
    match lint_reader(rules(), Cursor::new(&bytes[..]), false, |_, _| {}) {
        Err(LintError::InvalidUtf8 { offset, line }) => {
            assert_eq!((offset, line), (22, 2));
        }
        other => panic!("expected an error, got {other:?}"),
    }
    let mut n = 0;
    let summary = lint_reader(rules(), Cursor::new(&bytes[..]), true, |_, f| n += f.len()).unwrap();
    assert_eq!(n, 1);
    assert_eq!(summary.lossy_replacements, 1);
    assert_eq!(summary.first_invalid_offset, Some(22));
    let mut out = Vec::new();
    fix_reader(rules(), Cursor::new(&bytes[..]), &mut out, true).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), "fine line\nsecond, and \u{FFFD} bad\n");
}

/// A tiny deterministic generator for property-style tests.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

#[test]
fn properties_on_generated_text() {
    let pieces = [
        "but",
        "But",
        "BUT",
        ", but",
        ". But",
        "however",
        "However,",
        ", however,",
        "yet",
        ", yet",
        "not yet",
        "all but",
        "button",
        "débutant",
        "unfortunately",
        "as I said",
        "'but'",
        "“but”",
        "we",
        "hear",
        "you",
        "the",
        "plan",
        "is",
        "late",
        "é",
        "日本",
        "\t",
        " ",
        " ",
        " ",
        ".",
        ",",
        "\n",
        "\r\n",
        "\n\n",
        "not a",
        "nothing but",
        "last but not least",
        "can't help but",
    ];
    let r = rules();
    let mut g = Lcg(7);
    for _ in 0..300 {
        let mut text = String::new();
        for _ in 0..(g.next() % 60) {
            text.push_str(pieces[g.next() % pieces.len()]);
            if g.next().is_multiple_of(2) {
                text.push(' ');
            }
        }
        let findings = lint_str(r, &text);
        let lines: Vec<&str> = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
        for f in &findings {
            let line = lines[f.line - 1];
            let chars: String = line.chars().skip(f.column - 1).take(f.end_column - f.column).collect();
            assert_eq!(chars, f.matched, "{text:?}");
        }
        let fixed = fix(&text);
        let after = lint_str(r, &fixed);
        assert!(after.iter().all(|f| !(&*f.rule == "but-and" && f.fix.is_some())), "{text:?} -> {fixed:?}: {after:?}");
        if findings.iter().all(|f| f.fix.is_none()) {
            assert_eq!(fixed, text);
        }
        // Streaming and in-memory agree.
        let mut streamed = Vec::new();
        lint_reader(r, Cursor::new(text.as_bytes()), false, |_, f| streamed.extend_from_slice(f)).unwrap();
        assert_eq!(streamed, findings);
    }
}

#[test]
fn everything_allowed_off_finds_nothing() {
    let all: Vec<String> = rules().ids().map(str::to_string).collect();
    let r = Rules::compile(&[builtin_rules()], &all).expect("compiles with no rules");
    assert_eq!(r.ids().count(), 0);
    assert!(lint_str(&r, "But unfortunately, as I said, it wasn't our fault.").is_empty());
}

#[test]
fn human_report_of_a_real_finding() {
    let text = "Thanks, Sam. I hear you, but the date is fixed.";
    let f = lint_str(rules(), text);
    let out = report::human("draft.txt", text, &f[0], false);
    assert_eq!(
        out,
        "draft.txt:1:26: [but-and] \"but\" cancels everything the client just said; \"and\" tells them you understood\n \
         1 | Thanks, Sam. I hear you, but the date is fixed.\n   \
         |                          ^^^\n   \
         = fix: replace \"but\" with \"and\"\n"
    );
}

/// Reference: every line searched in full, one by one, with the same judge.
fn reference(r: &Rules, text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut prev = sense::PrevLine::None;
    for (i, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let mut columns = sense::Columns::default();
        for (range, pattern) in r.phrase_matches(line) {
            let info = r.patterns[pattern];
            let rule = &r.rules[info.rule];
            if let Some(f) = sense::judge(rule, &rule.triggers[info.trigger], line, i + 1, range, prev, &mut columns) {
                out.push(f);
            }
        }
        prev = match line.trim_end().chars().next_back() {
            Some(c) => sense::PrevLine::Tail(c),
            None => sense::PrevLine::None,
        };
    }
    out
}

#[test]
fn scanner_matches_the_line_by_line_reference() {
    let pieces = [
        "but ",
        "But ",
        ", but ",
        "however, ",
        "as I said ",
        "as I ",
        "it wasn't our fault ",
        "no offense but ",
        "our supplier let us down ",
        "the ",
        "plan ",
        "we ",
        "\n",
        "\r\n",
        "\n\n",
        "é ",
        "unfortunately, ",
        "yet ",
        "not yet ",
        ". ",
        "button ",
        "x",
    ];
    let mut g = Lcg(12345);
    for size in [100, 3000, 9000, 300_000] {
        let mut text = String::new();
        while text.len() < size {
            text.push_str(pieces[g.next() % pieces.len()]);
        }
        let expected = reference(rules(), &text);
        assert_eq!(lint_str(rules(), &text), expected);
        let mut streamed = Vec::new();
        lint_reader(rules(), Cursor::new(text.as_bytes()), false, |_, f| streamed.extend_from_slice(f)).unwrap();
        assert_eq!(streamed, expected);
    }
}

#[test]
fn a_nul_byte_is_binary_input() {
    let bytes = b"line one, but fine\nsecond\0line\n";
    for lossy in [false, true] {
        match lint_reader(rules(), Cursor::new(&bytes[..]), lossy, |_, _| {}) {
            Err(LintError::Binary { offset, line }) => assert_eq!((offset, line), (25, 2)),
            other => panic!("expected binary input, got {other:?}"),
        }
    }
    let mut out = Vec::new();
    assert!(matches!(fix_reader(rules(), Cursor::new(&bytes[..]), &mut out, false), Err(LintError::Binary { .. })));
    // An endless stream of NULs (like /dev/zero) stops at the first read.
    assert!(matches!(
        lint_reader(rules(), io::BufReader::new(io::repeat(0)), false, |_, _| {}),
        Err(LintError::Binary { offset: 0, line: 1 })
    ));
}

/// A line with a hit every ten bytes and no sentence punctuation: every hit is found, with the
/// right column, and the fixer's passthrough is exact. (Its speed is measured in benches/lint.sh.)
#[test]
fn a_long_unpunctuated_line_is_linted_in_full() {
    let text = "well, but ".repeat(50_000);
    let mut columns = Vec::new();
    lint_reader(rules(), Cursor::new(text.as_bytes()), false, |_, f| columns.extend(f.iter().map(|f| f.column)))
        .unwrap();
    let expected: Vec<usize> = (0..50_000).map(|i| i * 10 + 7).collect();
    assert_eq!(columns, expected);
    assert_eq!(fix(&text), "well, and ".repeat(50_000));
}

/// A line of several megabytes is read in pieces: memory stays flat, line and column numbers stay
/// right across the pieces, and the fixed output is the input with only the fixes applied.
#[test]
fn a_line_longer_than_the_piece_size_is_read_in_pieces() {
    let mut text = String::from("first line, but one\n");
    let unit = "Zoë reviewed the plan, but ";
    let long = unit.repeat(3 * 1024 * 1024 / unit.len());
    text.push_str(&long);
    text.push_str("\nlast, but done\n");
    let mut seen = Vec::new();
    let summary = lint_reader(rules(), Cursor::new(text.as_bytes()), false, |line, f| {
        for f in f {
            seen.push((f.line, f.column));
            assert_eq!(&line[f.byte_range.clone()], "but");
        }
    })
    .unwrap();
    let per_unit = unit.chars().count();
    let mut expected = vec![(1, 13)];
    expected.extend((0..long.len() / unit.len()).map(|i| (2, i * per_unit + 24)));
    expected.push((3, 7));
    assert_eq!(seen.len(), expected.len());
    assert_eq!(seen, expected);
    assert_eq!(summary.lines, 3);
    assert_eq!(fix(&text), text.replace(", but", ", and"));
}

/// Linting with only the phrases that could occur in the text (`builtin_rules_for`, used for typed
/// values) finds exactly what the full rules find, on every sentence of both corpora, in upper
/// case, and with typographic apostrophes.
#[test]
fn filtered_rules_find_what_the_full_rules_find() {
    let corpora =
        [include_str!("../../tests/data/defensive-corpus.tsv"), include_str!("../../tests/data/lint-corpus.tsv")];
    let mut texts: Vec<String> = Vec::new();
    for line in corpora.iter().flat_map(|c| c.lines()) {
        if let Some((_, sentence)) = line.split_once('\t') {
            texts.push(sentence.to_string());
            texts.push(sentence.to_uppercase());
            texts.push(sentence.replace('\'', "\u{2019}"));
        }
    }
    assert!(texts.len() > 1000, "corpora read: {}", texts.len());
    let mut flagged = 0;
    for text in &texts {
        let full = lint_str(rules(), text);
        let filtered = Rules::compile_for_short_text(&[builtin_rules_for(text)], &[]).expect("compiles");
        let narrow = lint_str(&filtered, text);
        assert_eq!(format!("{full:?}"), format!("{narrow:?}"), "{text}");
        // The same with the frames compiled once and shared, as values are linted.
        let shared = lint_str(&Rules::builtin_for_short_text(text), text);
        assert_eq!(format!("{full:?}"), format!("{shared:?}"), "{text}");
        flagged += usize::from(!full.is_empty());
    }
    // The comparison means something only if many texts have findings.
    assert!(flagged > 400, "{flagged} texts with findings");
}

/// The anchor filter skips only lines without findings: every sentence of both corpora, as
/// written, upper-cased, with typographic apostrophes and run together several to a line (so
/// that words straddle the filter's 64-byte blocks at every offset), finds the same with the
/// filter as with every line searched.
#[test]
fn the_anchor_filter_skips_no_finding() {
    let corpora =
        [include_str!("../../tests/data/defensive-corpus.tsv"), include_str!("../../tests/data/lint-corpus.tsv")];
    let sentences: Vec<&str> =
        corpora.iter().flat_map(|c| c.lines()).filter_map(|l| l.split_once('\t')).map(|(_, s)| s).collect();
    let mut text = String::new();
    for (i, s) in sentences.iter().enumerate() {
        let s = match i % 3 {
            0 => s.to_string(),
            1 => s.to_uppercase(),
            _ => s.replace('\'', "\u{2019}"),
        };
        text.push_str(&s);
        text.push_str(["\n", " ", "  ", "\r\n", " x "][i % 5]);
    }
    let every_line = Rules::compile_for_short_text(&[builtin_rules()], &[]).expect("compiles");
    assert!(every_line.anchors().is_none() && rules().anchors().is_some());
    let filtered = lint_str(rules(), &text);
    assert!(filtered.len() > 200, "{} findings", filtered.len());
    assert_eq!(format!("{:?}", lint_str(&every_line, &text)), format!("{filtered:?}"));
}

/// A bad byte a few chunks into a big input stops the run with its exact offset and line, after
/// the findings of the chunks before it, in order (the next chunk is read while one is searched).
#[test]
fn a_bad_byte_after_several_chunks_is_reported_after_the_findings_before_it() {
    let mut text = Vec::new();
    let mut expected = Vec::new();
    let mut line = 0;
    while text.len() < 3_500_000 {
        line += 1;
        if line % 7 == 0 {
            expected.push(line);
            text.extend_from_slice(b"We see it, but no.\n");
        } else {
            text.extend_from_slice(b"A plain line about the quarterly plan and the button.\n");
        }
    }
    let bad_line = line - 3;
    let at = text.iter().enumerate().filter(|&(_, &b)| b == b'\n').nth(bad_line - 2).map(|(i, _)| i + 1 + 4);
    let at = at.expect("the line exists");
    for (byte, lossy) in [(0xffu8, false), (0u8, false), (0u8, true)] {
        let mut bytes = text.clone();
        bytes[at] = byte;
        let mut seen = Vec::new();
        let result = lint_reader(rules(), Cursor::new(&bytes), lossy, |_, f| seen.push(f[0].line));
        let (offset, line) = match result {
            Err(LintError::InvalidUtf8 { offset, line }) if byte == 0xff => (offset, line),
            Err(LintError::Binary { offset, line }) if byte == 0 => (offset, line),
            other => panic!("expected an error for byte {byte}, got {other:?}"),
        };
        assert_eq!((offset, line), (at as u64, bad_line));
        assert!(seen.len() > expected.len() / 3, "{} findings before the error", seen.len());
        assert_eq!(seen, expected[..seen.len()], "in order, from the start");
        assert!(seen.last().is_some_and(|&l| l < bad_line));
    }
}

/// Every frame's own examples (LanguageTool's habit): each `examples` sentence is flagged by the
/// frame's rule, and each `counterexamples` sentence gets no finding from it, with all the
/// built-in rules loaded.
#[test]
fn every_frame_flags_its_examples_and_leaves_its_counterexamples() {
    let all = Rules::compile(&[builtin_rules()], &[]).expect("rules");
    let mut problems = Vec::new();
    let mut count = 0;
    for rule in all.rules().iter().filter(|r| !r.frames.is_empty()) {
        // The rule on its own: a phrase rule that also matches must not hide a broken frame.
        let others: Vec<String> = all.ids().filter(|id| *id != &*rule.id).map(str::to_string).collect();
        let rules = Rules::compile(&[builtin_rules()], &others).expect("rules");
        for frame in &rule.frames {
            assert!(!frame.examples.is_empty(), "frame {:?} of `{}` has no example", frame.pattern, rule.id);
            for example in &frame.examples {
                count += 1;
                let found = lint_str(&rules, example);
                if !found.iter().any(|f| f.rule == rule.id) {
                    problems.push(format!("`{}` misses its example {example:?} ({:?})", rule.id, frame.pattern));
                }
            }
            for counter in &frame.counterexamples {
                count += 1;
                if lint_str(&rules, counter).iter().any(|f| f.rule == rule.id) {
                    problems.push(format!("`{}` flags its counterexample {counter:?}", rule.id));
                }
            }
        }
    }
    assert!(count > 100, "the frames carry their examples");
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Issue 24's false alarms: a fault owned after a semicolon, and a neutral fact about a queue the
/// writer is already handling, name a party without blaming it; the same party made the cause
/// with nothing owned or done stays a finding.
#[test]
fn an_owned_or_handled_fact_naming_a_party_is_not_blame() {
    let rules = Rules::compile(&[builtin_rules()], &[]).expect("rules");
    for clean in [
        "Our warehouse team packed the wrong size; that was our mistake, and the right one ships today.",
        "The supplier onboarding backlog is twelve days long, so I have booked your slot for the 3rd.",
        "The API we move the data through has a daily call limit.",
    ] {
        let found = lint_str(&rules, clean);
        assert!(found.is_empty(), "{clean:?}: {found:?}");
    }
    for blame in ["Our warehouse team packed the wrong size.", "The supplier backlog held your order up."] {
        assert!(lint_str(&rules, blame).iter().any(|f| &*f.rule == "blame-shift"), "{blame:?}");
    }
}
