//! First-fit line wrapping for terminal text, by display width.
//!
//! Spoken sentences want the plainest layout: break at spaces, fill each line as far as it goes,
//! never hyphenate. That is a few dozen lines, and doing it here instead of through a general
//! wrapping library cut the layout of `mend say honest-ask` from about 255,000 instructions to
//! 80,000; start-up time is a feature for a tool that runs in shell loops.
//!
//! Widths are display columns (`unicode-width`), and ANSI escape sequences count as zero, so a word
//! made bold by the Markdown layout wraps like the plain word.

use unicode_width::UnicodeWidthChar;

/// A shell command laid out in lines of at most `width` columns, broken only between shell words
/// and continued with ` \`, so it can be copied whole and pasted into bash, zsh or fish at any
/// terminal width. A single word (a quoted value) longer than a line stays whole: breaking it
/// would change what the shell reads. Continuation lines are indented by `more`.
pub fn shell_lines(command: &str, width: usize, more: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    // A flag stays on the line of its value (`--set client=Tom`), where a reader looks for it.
    let words = shell_words(command);
    let mut units: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        match words.get(i + 1) {
            Some(value) if words[i].starts_with("--") && !value.starts_with('-') => {
                units.push(format!("{} {value}", words[i]));
                i += 2;
            }
            _ => {
                units.push(words[i].to_string());
                i += 1;
            }
        }
    }
    for word in &units {
        let indent = if lines.is_empty() { 0 } else { display_width(more) };
        // Room for the word, and for " \" if another line follows.
        if !line.is_empty() && indent + display_width(&line) + 1 + display_width(word) + 2 > width {
            line.push_str(" \\");
            lines.push(std::mem::take(&mut line));
        }
        if line.is_empty() {
            if !lines.is_empty() {
                line.push_str(more);
            }
        } else {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The words of a command as a POSIX shell splits them: at spaces outside single quotes (the only
/// quoting mend writes; see `sheet::shell_word`).
fn shell_words(command: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let (mut start, mut quoted) = (None, false);
    for (i, c) in command.char_indices() {
        match c {
            '\'' => {
                quoted = !quoted;
                start.get_or_insert(i);
            }
            ' ' if !quoted => {
                if let Some(s) = start.take() {
                    words.push(&command[s..i]);
                }
            }
            _ => {
                start.get_or_insert(i);
            }
        }
    }
    if let Some(s) = start {
        words.push(&command[s..]);
    }
    words
}

/// Display width of `text`, skipping ANSI escape sequences.
pub fn display_width(text: &str) -> usize {
    if text.is_ascii() && !text.contains('\u{1b}') {
        return text.len();
    }
    let mut width = 0;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            skip_escape(&mut chars);
        } else {
            width += c.width().unwrap_or(0);
        }
    }
    width
}

/// Skips the rest of an escape sequence after its ESC: `ESC [ params final` (CSI) or a
/// two-character `ESC x`.
fn skip_escape(chars: &mut std::str::Chars<'_>) {
    if chars.next() == Some('[') {
        for c in chars.by_ref() {
            if ('\u{40}'..='\u{7e}').contains(&c) {
                break;
            }
        }
    }
}

/// Wraps `text` to `width` columns. The first line starts with `first`, every later line with
/// `rest`; a `\n` in the text always starts a new line. A word wider than a whole line is split
/// between characters rather than overflowing. Lines carry no trailing spaces.
pub fn fill(text: &str, width: usize, first: &str, rest: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8 + first.len());
    let mut indent = first;
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        fill_line(line, width, &mut indent, rest, &mut out);
    }
    out
}

/// Wraps one `\n`-free line into `out`, updating `indent` to `rest` once a line has been started.
fn fill_line<'a>(line: &str, width: usize, indent: &mut &'a str, rest: &'a str, out: &mut String) {
    let mut used = start_line(out, indent, rest);
    let mut room = width.saturating_sub(used);
    // Spaces after the last word placed: counted only if another word follows on the same line.
    let mut pending = 0;
    let mut line_empty = true;
    for word in line.split(' ') {
        if word.is_empty() {
            pending += 1;
            continue;
        }
        for (i, fragment) in hyphen_fragments(word).enumerate() {
            // Fragments of one word sit together; the word itself follows the spaces before it.
            let mut gap = if line_empty || i > 0 { 0 } else { pending };
            let w = display_width(fragment);
            if !line_empty && used + gap + w > width {
                out.push('\n');
                used = start_line(out, indent, rest);
                room = width.saturating_sub(used);
                line_empty = true;
                gap = 0;
            }
            if line_empty && w > room && room > 0 {
                used = split_word(fragment, width, room, indent, rest, out);
            } else {
                push_spaces(out, gap);
                out.push_str(fragment);
                used += gap + w;
            }
            line_empty = false;
        }
        pending = 1;
    }
    if line_empty {
        // A line with no words is just its indent; keep it free of trailing spaces.
        let kept = out.trim_end_matches(' ').len();
        out.truncate(kept);
    }
}

/// A word cut after each hyphen that joins two letters or digits (`O'Brien-von-Hohenzollern` ->
/// `O'Brien-`, `von-`, `Hohenzollern`): the natural places to break a compound, tried before
/// cutting between characters.
fn hyphen_fragments(word: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let mut cuts = word.match_indices('-').filter_map(|(i, _)| {
        let joins = word[..i].chars().next_back().is_some_and(char::is_alphanumeric)
            && word[i + 1..].chars().next().is_some_and(char::is_alphanumeric);
        joins.then_some(i + 1)
    });
    std::iter::from_fn(move || {
        if start >= word.len() {
            return None;
        }
        let end = cuts.next().unwrap_or(word.len());
        let fragment = &word[start..end];
        start = end;
        Some(fragment)
    })
}

/// Writes the indent of a new line and returns its width; every line after the first uses `rest`.
fn start_line<'a>(out: &mut String, indent: &mut &'a str, rest: &'a str) -> usize {
    out.push_str(indent);
    let used = display_width(indent);
    *indent = rest;
    used
}

/// Places a word wider than a line in pieces, each filling the room left; returns the columns used
/// on the last line.
fn split_word<'a>(
    word: &str,
    width: usize,
    mut room: usize,
    indent: &mut &'a str,
    rest: &'a str,
    out: &mut String,
) -> usize {
    let mut used = width - room;
    let mut taken = 0;
    let mut chars = word.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // Keep an escape sequence whole and zero-width.
            let before = chars.as_str();
            skip_escape(&mut chars);
            let len = before.len() - chars.as_str().len();
            out.push(c);
            out.push_str(&before[..len]);
            continue;
        }
        let w = c.width().unwrap_or(0);
        if taken > 0 && w > room {
            out.push('\n');
            used = start_line(out, indent, rest);
            room = width.saturating_sub(used).max(1);
            taken = 0;
        }
        out.push(c);
        room = room.saturating_sub(w);
        used += w;
        taken += 1;
    }
    used
}

fn push_spaces(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 25.8: a command is broken only between shell words, every line but the last ends
    /// with a continuation, no line is wider than asked (but for one word longer than a line),
    /// and joined up again it is the same command.
    #[test]
    fn commands_break_between_shell_words_at_any_width() {
        let command = "mend say honest-ask --answer stage=client --set client=Dana \
                       --set 'goal=a calmer peak season, with the '\\''new'\\'' team' --account northwind";
        for width in 10..=120 {
            let lines = shell_lines(command, width, "    ");
            for (i, line) in lines.iter().enumerate() {
                let last = i + 1 == lines.len();
                assert_eq!(line.ends_with(" \\"), !last, "{width}: {lines:#?}");
                let words = shell_words(line.trim_end_matches(" \\"));
                let one_word = words.len() == 1 || (words.len() == 2 && words[0].starts_with("--"));
                assert!(display_width(line) <= width || one_word, "{width}: {line:?}");
            }
            let joined = lines.iter().map(|l| l.trim_end_matches(" \\").trim_start()).collect::<Vec<_>>().join(" ");
            assert_eq!(joined, command, "{width}");
        }
        assert_eq!(shell_lines("mend say x", 80, "  "), ["mend say x"]);
    }

    fn widths(text: &str) -> Vec<usize> {
        text.lines().map(display_width).collect()
    }

    #[test]
    fn fills_first_fit_with_indents() {
        let text = fill("the quick brown fox jumps over the lazy dog", 16, "  ", "    ");
        assert_eq!(text, "  the quick\n    brown fox\n    jumps over\n    the lazy dog");
    }

    #[test]
    fn a_word_that_fits_exactly_stays() {
        assert_eq!(fill("abcd efgh", 9, "", ""), "abcd efgh");
        assert_eq!(fill("abcd efgh", 8, "", ""), "abcd\nefgh");
    }

    #[test]
    fn long_words_are_split_and_never_overflow() {
        let text = fill("a supercalifragilistic word", 8, "- ", "  ");
        assert!(widths(&text).iter().all(|&w| w <= 8), "{text}");
        assert_eq!(text.replace(['\n', ' ', '-'], ""), "asupercalifragilisticword");
    }

    #[test]
    fn escapes_have_no_width_and_survive() {
        let bold = "\u{1b}[1mbold\u{1b}[22m";
        assert_eq!(display_width(bold), 4);
        let text = fill(&format!("{bold} text here"), 9, "", "");
        assert_eq!(text, format!("{bold} text\nhere"));
        let dim_bullet = "  \u{1b}[2m•\u{1b}[0m ";
        assert_eq!(display_width(dim_bullet), 4);
    }

    #[test]
    fn compounds_break_after_their_hyphens() {
        assert_eq!(
            hyphen_fragments("O'Brien-von-Hohenzollern").collect::<Vec<_>>(),
            ["O'Brien-", "von-", "Hohenzollern"]
        );
        assert_eq!(hyphen_fragments("--flag").collect::<Vec<_>>(), ["--flag"]);
        assert_eq!(hyphen_fragments("x-").collect::<Vec<_>>(), ["x-"]);
        assert_eq!(fill("meet O'Brien-von-Hohenzollern today", 16, "", ""), "meet O'Brien-\nvon-Hohenzollern\ntoday");
    }

    #[test]
    fn wide_characters_count_two_columns() {
        assert_eq!(display_width("日本語"), 6);
        let text = fill("日本語 日本語 日本語", 13, "", "");
        assert_eq!(text, "日本語 日本語\n日本語");
    }

    #[test]
    fn newlines_start_lines_and_spaces_collapse_at_breaks() {
        assert_eq!(fill("one\ntwo three", 7, "> ", ". "), "> one\n. two\n. three");
        assert_eq!(fill("a  b", 10, "", ""), "a  b");
        assert_eq!(fill("aaaa   bbbb", 6, "", ""), "aaaa\nbbbb");
        assert_eq!(fill("", 10, "  ", "  "), "");
        assert_eq!(fill("a\n\nb", 10, "  ", "  "), "  a\n\n  b");
    }

    #[test]
    fn tiny_widths_still_terminate() {
        let text = fill("hello world", 1, "", "");
        assert_eq!(text.lines().count(), 10);
        let text = fill("hello", 3, "    ", "    ");
        assert!(text.contains('h') && text.contains('o'), "{text}");
    }
}
