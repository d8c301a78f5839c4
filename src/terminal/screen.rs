//! The smallest prompt mend needs, on `console`: a choice list (one, several, yes/no) and a line
//! of text, with one back rule and no garbling.
//!
//! Why not dialoguer: its widgets could not keep the promises of a prompt a rep can trust. A prompt
//! longer than the terminal wrapped mid-word and left a copy of itself at every redraw (it counts
//! lines before the terminal wraps them); its multi-select showed no cursor without colour; a back
//! entry had to be a tickable item; a refused empty answer said nothing. Here every line is
//! wrapped at word boundaries to the terminal width *before* it is written, so the number of lines
//! to clear is always the number written, and redraws never leave a stale line.
//!
//! The rules every prompt follows:
//! - `<` alone goes back one question, on every prompt that has a previous question, and is never
//!   stored as an answer; the help line says so. On the first prompt `<` is refused with a reason.
//! - A refused answer gets a one-line reason under the prompt.
//! - The cursor is `>` and a ticked box `[x]`: visible without colour.
//! - With `TERM=dumb` nothing moves the cursor: choices are numbered and read as a line.
//! - Every text shown (questions, help, choices, frames, reasons, answers) comes from a library, an
//!   account file or the rep, and is written through [`inert::line`]: a control character in it is
//!   shown escaped, never sent to the terminal.

use crate::format::inert;
use crate::format::wrap::{display_width, fill};
use console::{Key, Style, Term};
use std::io;

/// What the rep did at a prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply<T> {
    Answer(T),
    Back,
}

impl<T> Reply<T> {
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Reply<U> {
        match self {
            Reply::Answer(t) => Reply::Answer(f(t)),
            Reply::Back => Reply::Back,
        }
    }
}

/// The terminal prompts write to (stderr), and how.
pub struct Screen {
    term: Term,
    color: bool,
    /// Cursor movement allowed (a real terminal whose TERM is not `dumb`).
    moves: bool,
    width: usize,
}

/// How [`Screen::say`] paints a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    Strong,
    Dim,
    Good,
    Warn,
}

/// A choice prompt.
pub struct Choice<'a> {
    pub question: &'a str,
    pub help: Option<&'a str>,
    pub items: &'a [String],
    pub multiple: bool,
    /// Ticked (multiple) or under the cursor (one) when the prompt opens: the previous answer.
    pub selected: &'a [usize],
    /// No item is under the cursor until the rep moves or presses a key (a yes/no whose answer
    /// changes the advice has no default).
    pub no_default: bool,
    pub can_go_back: bool,
}

/// What a text check said about a typed line.
pub enum TextCheck {
    Refused(String),
    /// Left a visible blank (`values::LEAVE_BLANK`), on a prompt that allows it.
    Blank,
    /// Accepted; findings (one line each) for the rep to keep or retype.
    Accepted(String, Vec<String>),
}

/// A text prompt.
pub struct TextPrompt<'a> {
    pub question: &'a str,
    /// Lines shown under the question (the sentence frame, an example).
    pub context: &'a [String],
    pub initial: Option<&'a str>,
    pub can_go_back: bool,
    /// Whether `-` alone leaves the value a visible blank (talk-track values only).
    pub can_leave_blank: bool,
}

const NO_BACK: &str = "this is the first question; there is nothing to go back to";

impl Screen {
    /// The stderr terminal; `color` from `--color` and `NO_COLOR`; `dumb` when TERM is `dumb`.
    pub fn new(color: bool, dumb: bool) -> Screen {
        let term = Term::stderr();
        let width = term.size_checked().map_or(80, |(_, w)| usize::from(w)).max(20);
        Screen { moves: term.is_term() && !dumb, term, color, width }
    }

    fn paint(&self, style: Style, text: &str) -> String {
        if self.color {
            style.force_styling(true).apply_to(text).to_string()
        } else {
            text.to_string()
        }
    }

    /// `text` wrapped at word boundaries one column short of the width, so the terminal itself
    /// never wraps a line and every line written is one line on screen.
    fn lines(&self, text: &str, first: &str, rest: &str) -> Vec<String> {
        fill(text, self.width.saturating_sub(1).max(10), first, rest).split('\n').map(str::to_string).collect()
    }

    fn write(&self, lines: &[String]) -> io::Result<usize> {
        for l in lines {
            self.term.write_line(l)?;
        }
        Ok(lines.len())
    }

    /// Erases the last `n` lines written (nothing without cursor movement).
    pub fn erase(&self, n: usize) -> io::Result<()> {
        if self.moves && n > 0 {
            self.term.clear_last_lines(n)?;
        }
        Ok(())
    }

    /// Writes `text` wrapped after `lead` (continuation lines indented to match) in `tone`; returns
    /// the lines it took. For what is not a prompt: a scripted client's line, a finding.
    pub fn say(&self, text: &str, lead: &str, tone: Tone) -> io::Result<usize> {
        let style = match tone {
            Tone::Plain => Style::new(),
            Tone::Strong => Style::new().bold(),
            Tone::Dim => Style::new().dim(),
            Tone::Good => Style::new().green(),
            Tone::Warn => Style::new().yellow(),
        };
        let rest = " ".repeat(display_width(lead));
        let lines: Vec<String> =
            self.lines(&inert::line(text), lead, &rest).into_iter().map(|l| self.paint(style.clone(), &l)).collect();
        self.write(&lines)
    }

    /// True when lines can be erased (a terminal that takes cursor control).
    pub fn moves_cursor(&self) -> bool {
        self.moves
    }

    /// Writes the settled answer of a question; returns the lines it took, so going back can
    /// erase it.
    fn settled(&self, question: &str, answer: &str) -> io::Result<usize> {
        let (question, answer) = (inert::line(question), inert::line(answer));
        let text = format!("{question} {}", self.paint(Style::new().dim(), &format!("· {answer}")));
        let lines = self.lines(&text, &self.paint(Style::new().green(), "✔ "), "  ");
        self.write(&lines)
    }

    /// Writes an answer given elsewhere (`✔ stage: client (from account northwind)`); returns the
    /// lines it took.
    pub fn given(&self, text: &str, from: &str) -> io::Result<usize> {
        let (text, from) = (inert::line(text), inert::line(from));
        let text = format!("{text} {}", self.paint(Style::new().dim(), &from));
        let lines = self.lines(&text, &self.paint(Style::new().green(), "✔ "), "  ");
        self.write(&lines)
    }

    fn question_lines(&self, question: &str, help: Option<&str>, keys: Option<&str>) -> Vec<String> {
        let mut lines = self.lines(&inert::line(question), &self.paint(Style::new().cyan().bold(), "? "), "  ");
        for extra in [help, keys].into_iter().flatten() {
            lines.extend(
                self.lines(&inert::line(extra), "  ", "  ").into_iter().map(|l| self.paint(Style::new().dim(), &l)),
            );
        }
        lines
    }

    fn reason_lines(&self, reason: &str) -> Vec<String> {
        self.lines(&inert::line(reason), &self.paint(Style::new().red(), "  ✗ "), "    ")
    }

    /// Asks a choice; returns the chosen indexes (one for a single choice) and the lines the
    /// settled answer took.
    pub fn choose(&self, c: &Choice<'_>) -> io::Result<(Reply<Vec<usize>>, usize)> {
        if !self.moves {
            return self.choose_by_number(c);
        }
        let back = if c.can_go_back { " · < back" } else { "" };
        let keys = if c.multiple {
            format!("↑/↓ move · space ticks · enter when done{back}")
        } else if c.no_default {
            format!("↑/↓ move or y/n · enter chooses{back}")
        } else {
            format!("↑/↓ move · enter chooses{back}")
        };
        // Keys go below the choices, so the last line drawn says what to do next.
        let head = self.question_lines(c.question, c.help, None);
        let keys: Vec<String> =
            self.lines(&keys, "  ", "  ").into_iter().map(|l| self.paint(Style::new().dim(), &l)).collect();
        let mut ticked: Vec<bool> = (0..c.items.len()).map(|i| c.multiple && c.selected.contains(&i)).collect();
        let mut cursor: Option<usize> = match (c.multiple, c.selected.first()) {
            (false, Some(&i)) => Some(i),
            _ if c.no_default => None,
            _ => Some(0),
        };
        let mut reason: Option<String> = None;
        let _ = self.term.hide_cursor();
        let mut drawn = 0;
        let result = loop {
            self.erase(drawn)?;
            let mut lines = head.clone();
            for (i, item) in c.items.iter().enumerate() {
                let here = cursor == Some(i);
                let pointer = if here { "> " } else { "  " };
                let mark = match (c.multiple, ticked[i]) {
                    (false, _) => "",
                    (true, true) => "[x] ",
                    (true, false) => "[ ] ",
                };
                let first = format!("{pointer}{mark}");
                let rest = " ".repeat(display_width(&first));
                let item_lines = self.lines(&inert::line(item), &first, &rest);
                let style = if here { Style::new().cyan().bold() } else { Style::new() };
                lines.extend(item_lines.into_iter().map(|l| self.paint(style.clone(), &l)));
            }
            lines.extend(keys.iter().cloned());
            if let Some(r) = &reason {
                lines.extend(self.reason_lines(r));
            }
            drawn = self.write(&lines)?;
            reason = None;
            match self.term.read_key()? {
                Key::ArrowUp | Key::Char('k') => {
                    cursor = Some(cursor.map_or(c.items.len() - 1, |i| (i + c.items.len() - 1) % c.items.len()));
                }
                Key::ArrowDown | Key::Char('j') | Key::Tab => {
                    cursor = Some(cursor.map_or(0, |i| (i + 1) % c.items.len()));
                }
                Key::Char(' ') if c.multiple => match cursor {
                    Some(i) => ticked[i] = !ticked[i],
                    None => reason = Some("move to a choice first".into()),
                },
                Key::Char(ch @ ('y' | 'Y' | 'n' | 'N')) if c.no_default && c.items.len() == 2 => {
                    break Reply::Answer(vec![usize::from(ch.eq_ignore_ascii_case(&'n'))]);
                }
                Key::Char('<') if c.can_go_back => break Reply::Back,
                Key::Char('<') => reason = Some(NO_BACK.into()),
                Key::Enter if c.multiple => {
                    break Reply::Answer((0..c.items.len()).filter(|i| ticked[*i]).collect());
                }
                Key::Enter => match cursor {
                    Some(i) => break Reply::Answer(vec![i]),
                    None => reason = Some("choose one: move with ↑/↓, or press y or n".into()),
                },
                Key::CtrlC => return Err(io::Error::new(io::ErrorKind::Interrupted, "interrupted")),
                Key::Char(other) if !other.is_control() => {
                    reason = Some(if c.multiple {
                        format!("`{other}` does nothing here: space ticks, enter is done")
                    } else {
                        format!("`{other}` does nothing here: move with ↑/↓ and press enter")
                    });
                }
                _ => {}
            }
        };
        self.erase(drawn)?;
        let _ = self.term.show_cursor();
        let used = match &result {
            Reply::Answer(picks) => {
                let answer: Vec<&str> = picks.iter().filter_map(|i| c.items.get(*i)).map(String::as_str).collect();
                self.settled(c.question, &if answer.is_empty() { "none".to_string() } else { answer.join(", ") })?
            }
            Reply::Back => 0,
        };
        Ok((result, used))
    }

    /// The same choice for a terminal without cursor movement: numbered items, read as a line.
    fn choose_by_number(&self, c: &Choice<'_>) -> io::Result<(Reply<Vec<usize>>, usize)> {
        let back = if c.can_go_back { ", or < to go back" } else { "" };
        let keys = if c.multiple {
            format!("type the numbers, separated by spaces (nothing for none){back}")
        } else {
            format!("type a number{back}")
        };
        let mut lines = self.question_lines(c.question, c.help, Some(&keys));
        for (i, item) in c.items.iter().enumerate() {
            let first = format!("{:>3}. ", i + 1);
            lines.extend(self.lines(&inert::line(item), &first, "     "));
        }
        self.write(&lines)?;
        loop {
            self.term.write_str("> ")?;
            let line = self.term.read_line()?;
            let line = line.trim();
            if line == "<" {
                if c.can_go_back {
                    return Ok((Reply::Back, 0));
                }
                self.write(&self.reason_lines(NO_BACK))?;
                continue;
            }
            if c.no_default && c.items.len() == 2 {
                match line.to_ascii_lowercase().as_str() {
                    "y" | "yes" => return Ok((Reply::Answer(vec![0]), 0)),
                    "n" | "no" => return Ok((Reply::Answer(vec![1]), 0)),
                    _ => {}
                }
            }
            let picks: Result<Vec<usize>, String> = line
                .split([' ', ','])
                .filter(|w| !w.is_empty())
                .map(|w| match w.parse::<usize>() {
                    Ok(n) if (1..=c.items.len()).contains(&n) => Ok(n - 1),
                    _ => Err(format!("`{w}` is not a number from 1 to {}", c.items.len())),
                })
                .collect();
            match picks {
                Err(reason) => {
                    self.write(&self.reason_lines(&reason))?;
                }
                Ok(p) if !c.multiple && p.len() != 1 => {
                    self.write(&self.reason_lines("type exactly one number"))?;
                }
                Ok(p) => return Ok((Reply::Answer(p), 0)),
            }
        }
    }

    /// Asks for a line of text, checked by `check` on every enter: a refusal is shown under the
    /// prompt with its reason; findings are shown with their fix and the rep keeps the line or edits it.
    pub fn text(&self, p: &TextPrompt<'_>, check: &dyn Fn(&str) -> TextCheck) -> io::Result<(Reply<String>, usize)> {
        let blank = if p.can_leave_blank { " · - alone leaves a blank" } else { "" };
        let back = if p.can_go_back { " · < alone goes back" } else { "" };
        let keys = format!("type and press enter{blank}{back}");
        let mut head = self.question_lines(p.question, None, Some(&keys));
        for line in p.context {
            head.extend(self.lines(&inert::line(line), "  ", "    "));
        }
        let mut typed = p.initial.unwrap_or_default().to_string();
        let mut notes: Vec<String> = Vec::new();
        let mut drawn = 0;
        loop {
            if self.moves {
                self.erase(drawn)?;
                drawn = self.write(&head)?;
                drawn += self.write(&notes)?;
            } else if drawn == 0 {
                drawn = self.write(&head)?;
            } else {
                self.write(&notes)?;
            }
            notes.clear();
            let line = self.read_line(&typed)?;
            drawn += 1;
            if line.trim() == "<" {
                if p.can_go_back {
                    self.erase(drawn)?;
                    return Ok((Reply::Back, 0));
                }
                notes = self.reason_lines(NO_BACK);
                typed.clear();
                continue;
            }
            match check(&line) {
                TextCheck::Refused(reason) => {
                    notes = self.reason_lines(&reason);
                    typed = line;
                }
                TextCheck::Blank => {
                    self.erase(drawn)?;
                    let used = self.settled(p.question, "left blank, to fill in during the call")?;
                    return Ok((Reply::Answer(line.trim().to_string()), used));
                }
                TextCheck::Accepted(value, findings) if findings.is_empty() => {
                    self.erase(drawn)?;
                    let used = self.settled(p.question, &value)?;
                    return Ok((Reply::Answer(value), used));
                }
                TextCheck::Accepted(value, findings) => {
                    let mut lines = Vec::new();
                    for f in &findings {
                        lines.extend(self.lines(&inert::line(f), &self.paint(Style::new().yellow(), "  ! "), "    "));
                    }
                    lines.extend(self.lines(
                        "keep it as typed? y keeps it, n lets you edit it (ctrl-u clears the line)",
                        "  ",
                        "  ",
                    ));
                    drawn += self.write(&lines)?;
                    if self.yes_no()? {
                        self.erase(drawn)?;
                        let used = self.settled(p.question, &value)?;
                        return Ok((Reply::Answer(value), used));
                    }
                    typed = line;
                }
            }
        }
    }

    /// Reads y or n (a line without cursor movement).
    fn yes_no(&self) -> io::Result<bool> {
        loop {
            if self.moves {
                match self.term.read_key()? {
                    Key::Char('y' | 'Y') => return Ok(true),
                    Key::Char('n' | 'N') => return Ok(false),
                    Key::CtrlC => return Err(io::Error::new(io::ErrorKind::Interrupted, "interrupted")),
                    _ => {}
                }
            } else {
                self.term.write_str("y/n> ")?;
                match self.term.read_line()?.trim().to_ascii_lowercase().as_str() {
                    "y" | "yes" => return Ok(true),
                    "n" | "no" => return Ok(false),
                    _ => {}
                }
            }
        }
    }

    /// One line of input after `> `, starting from `initial` (editable). Line-mode without cursor
    /// movement; otherwise a small editor that redraws its own line (wrapped lines included).
    fn read_line(&self, initial: &str) -> io::Result<String> {
        if !self.moves {
            self.term.write_str("> ")?;
            let line = self.term.read_line()?;
            return Ok(if line.trim().is_empty() { initial.to_string() } else { line });
        }
        // No control character reaches the line: none can be typed (below), and one in the initial
        // text is dropped, as `values::clean` drops it from a value.
        let mut buffer: Vec<char> = initial.chars().filter(|c| !c.is_control()).collect();
        let prompt = self.paint(Style::new().cyan(), "> ");
        let mut shown = 0usize;
        loop {
            let text: String = buffer.iter().collect();
            // Erase what the last draw took, including lines the terminal wrapped.
            if shown > 0 {
                self.term.clear_line()?;
                for _ in 1..shown {
                    self.term.move_cursor_up(1)?;
                    self.term.clear_line()?;
                }
            }
            self.term.write_str(&format!("{prompt}{text}"))?;
            let columns = 2 + display_width(&text);
            // A line exactly as wide as the terminal leaves the cursor on it (the wrap is pending),
            // so it is one line, not two.
            shown = (columns - 1) / self.width + 1;
            self.term.flush()?;
            match self.term.read_key()? {
                Key::Enter => {
                    // Leave exactly one line: the input, cut to the width.
                    self.term.clear_line()?;
                    for _ in 1..shown {
                        self.term.move_cursor_up(1)?;
                        self.term.clear_line()?;
                    }
                    let room = self.width.saturating_sub(4);
                    let cut: String = if display_width(&text) > room {
                        let mut kept = String::new();
                        for ch in text.chars() {
                            if display_width(&kept) + 2 > room {
                                break;
                            }
                            kept.push(ch);
                        }
                        format!("{kept}…")
                    } else {
                        text.clone()
                    };
                    self.term.write_line(&format!("{prompt}{cut}"))?;
                    return Ok(text);
                }
                Key::Backspace => {
                    buffer.pop();
                }
                // Ctrl-U clears the line and Ctrl-W the last word, as in a shell: what a rep
                // reaches for when editing a line the lint flagged.
                Key::Char('\u{15}') => buffer.clear(),
                Key::Char('\u{17}') => {
                    while buffer.last().is_some_and(|c| c.is_whitespace()) {
                        buffer.pop();
                    }
                    while buffer.last().is_some_and(|c| !c.is_whitespace()) {
                        buffer.pop();
                    }
                }
                Key::Char(c) if !c.is_control() => buffer.push(c),
                Key::CtrlC => return Err(io::Error::new(io::ErrorKind::Interrupted, "interrupted")),
                _ => {}
            }
        }
    }
}
