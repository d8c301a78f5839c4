//! The streaming scanner: reads big chunks of whole lines, runs the anchor filter once per chunk,
//! and only then looks for the lines that have hits.
//!
//! Calling the filter once per line costs a fixed overhead per line, which dominates on short
//! lines; so a chunk (about 1 MiB of complete lines) is validated as UTF-8 and searched in one
//! call. Line numbers come from counting newlines (`memchr`) between hits, and a hit's line is
//! found by searching back and forward from it for `\n`. Memory is one chunk plus the longest
//! line, whatever the input size.
//!
//! A chunk of [`PARALLEL_MIN`] bytes or more is cut at a line end near its middle, and the two
//! halves are searched at once on two threads ([`Work::search`], one set of buffers per thread)
//! when the machine has a second core. Each half counts line numbers from its own first line; the
//! numbers are fixed up and the lines handed to the [`Sink`] in input order afterwards, so every
//! output is the same as with one thread.
//!
//! This is the one module allowed the `memchr` crate (see `clippy.toml`): it scans megabytes, so
//! the crate's one-time CPU feature detection pays for itself here.
#![allow(clippy::disallowed_methods)]

use std::io::{self, BufRead};

use memchr::{memchr, memchr_iter, memrchr};

use super::frame;
use super::rules::Rules;
use super::sense::{self, PrevLine};
use super::{Finding, LintError, Summary};

/// How many bytes of whole lines the scanner tries to search at once. Each chunk starts and
/// joins a thread for its second half: at 256 KiB those hand-overs took about a quarter of the
/// time on 200 MB; at 4 MiB a half no longer fits a core's 2 MiB second-level cache, and the
/// candidate lines are read back from memory after the filter pass.
const CHUNK: usize = 1024 * 1024;
/// A line longer than this is searched in pieces of about this size, cut after a space, so memory
/// stays flat whatever the line length. A phrase that spans a cut is not found (a cut lands in a
/// sentence only on lines of a megabyte, which no draft has).
const LONG_LINE: usize = 1024 * 1024;

/// One line that has findings, as handed to a [`Sink`].
pub(crate) struct LineHit<'a> {
    /// The whole chunk the line is part of.
    pub chunk: &'a str,
    /// Byte offset of the line in `chunk`.
    pub start: usize,
    /// The line, without its `\n` or `\r\n`.
    pub text: &'a str,
    pub findings: &'a [Finding],
}

/// Receives what the scanner finds. The text between lines with findings is only seen by
/// [`Sink::chunk`], so a sink that copies input to output (the fixer) stays cheap.
pub(crate) trait Sink {
    /// Text to pass through before the first chunk (a byte-order mark).
    fn preamble(&mut self, text: &str) -> io::Result<()>;
    /// A line with findings, in order.
    fn line(&mut self, hit: LineHit<'_>) -> io::Result<()>;
    /// The end of a chunk; every line of it has been reported.
    fn chunk(&mut self, chunk: &str) -> io::Result<()>;
}

/// Scanning state carried from one chunk to the next.
pub(crate) struct Scanner<'r> {
    rules: &'r Rules,
    /// Lines wholly before the current chunk.
    lines_before: usize,
    /// How the line before the current chunk ended (or, when the chunk continues a long line, how
    /// the previous piece of it ended).
    prev: PrevLine,
    /// Characters of the current line in earlier pieces, when a long line is cut into pieces.
    col_offset: usize,
    /// One search state per thread (see [`Scanner::scan`]).
    work: [Work; 2],
    /// Whether a big chunk may be searched as two halves on two threads.
    parallel: bool,
    pub summary: Summary,
}

/// A chunk at least this long is cut in two at a line end near its middle, and the halves are
/// searched on two threads (when the machine has two or more cores).
const PARALLEL_MIN: usize = 64 * 1024;

/// Whether the machine has a second core to search with.
fn two_cores() -> bool {
    static TWO: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *TWO.get_or_init(|| std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2))
}

/// The search state of one thread: buffers reused from chunk to chunk, and what the last
/// [`Work::search`] found.
#[derive(Default)]
struct Work {
    /// Candidate positions.
    candidates: Vec<usize>,
    /// Buffers of `Rules::phrase_matches_into`, reused from line to line.
    scratch: Vec<(usize, usize, usize)>,
    matches: Vec<(std::ops::Range<usize>, usize)>,
    /// The findings, their line numbers counted from 1 at the first line of the part searched.
    findings: Vec<Finding>,
    /// Each line with findings: its start and end in the part, and how many of `findings` are its.
    lines: Vec<(usize, usize, usize)>,
    /// Newlines in the part.
    newlines: usize,
    /// Buffers of `Frames::find`, reused from line to line.
    words: frame::Words,
    frame_hits: Vec<frame::FrameHit>,
}

impl Work {
    /// Searches `part` (whole lines; the last may lack its `\n`). `prev` is how the line before
    /// it ended; `col_offset` the characters of its first line that came in earlier pieces.
    fn search(&mut self, rules: &Rules, part: &str, prev: PrevLine, col_offset: usize) {
        self.findings.clear();
        self.lines.clear();
        let bytes = part.as_bytes();
        match rules.anchors() {
            Some(anchors) => anchors.candidates(bytes, &mut self.candidates),
            None => every_line(bytes, &mut self.candidates),
        }
        let mut counted = 0; // newlines before this offset are counted into `line_no`
        let mut line_no = 1;
        let mut line_end = 0; // end of the last line looked at ('\n' offset or part end)
        let mut looked = false;
        for &pos in &self.candidates {
            if looked && pos <= line_end {
                continue;
            }
            looked = true;
            let start = memrchr(b'\n', &bytes[..pos]).map_or(0, |i| i + 1);
            line_end = memchr(b'\n', &bytes[pos..]).map_or(bytes.len(), |i| pos + i);
            line_no += memchr_iter(b'\n', &bytes[counted..start]).count();
            counted = start;
            let prev = if start == 0 { prev } else { prev_line_tail(part, start) };
            let line = strip_cr(&part[start..line_end]);
            // The line holds an anchor, so it may hold a finding: search all of it.
            let mut columns = sense::Columns::default();
            let offset = if start == 0 { col_offset } else { 0 };
            let before = self.findings.len();
            rules.phrase_matches_into(line, &mut self.scratch, &mut self.matches);
            for &(ref range, pattern) in &self.matches {
                let info = rules.patterns[pattern];
                let rule = &rules.rules[info.rule];
                let trigger = &rule.triggers[info.trigger];
                if let Some(mut f) = sense::judge(rule, trigger, line, line_no, range.clone(), prev, &mut columns) {
                    f.column += offset;
                    f.end_column += offset;
                    self.findings.push(f);
                }
            }
            if !rules.frames.is_empty() {
                let buffers = (&mut self.words, &mut self.frame_hits);
                frame_findings(rules, line, line_no, offset, &mut self.findings, before, buffers, &mut columns);
            }
            if self.findings.len() > before {
                self.lines.push((start, line_end, self.findings.len() - before));
            }
        }
        self.newlines = line_no - 1 + memchr_iter(b'\n', &bytes[counted..]).count();
    }
}

/// Adds the frame matches of `line` that no phrase finding of the line (`findings` from `before`
/// on) overlaps, keeping the line's findings in column order.
#[allow(clippy::too_many_arguments)]
fn frame_findings(
    rules: &Rules,
    line: &str,
    line_no: usize,
    offset: usize,
    findings: &mut Vec<Finding>,
    before: usize,
    (words, hits): (&mut frame::Words, &mut Vec<frame::FrameHit>),
    columns: &mut sense::Columns,
) {
    rules.frames.find(line, words, hits);
    let phrase_end = findings.len();
    for hit in hits.iter() {
        let overlaps = |f: &Finding| f.byte_range.start < hit.range.end && hit.range.start < f.byte_range.end;
        if findings[before..].iter().any(overlaps) || sense::is_mentioned(line, &hit.range) {
            continue;
        }
        let rule = &rules.rules[hit.rule];
        let matched = &line[hit.range.clone()];
        let column = columns.at(line, hit.range.start) + offset;
        findings.push(Finding {
            line: line_no,
            column,
            end_column: column + matched.chars().count(),
            byte_range: hit.range.clone(),
            rule: rule.id.clone(),
            matched: matched.to_string(),
            message: rule.message.clone(),
            suggestion: rule.suggestion.clone(),
            fix: None,
        });
    }
    if findings.len() > phrase_end {
        findings[before..].sort_by_key(|f| f.byte_range.start);
    }
}

/// The last non-blank character of `line`, or `None` for a blank line.
fn tail(line: &str) -> PrevLine {
    match line.trim_end().chars().next_back() {
        Some(c) => PrevLine::Tail(c),
        None => PrevLine::None,
    }
}

/// The line ending just before byte `line_start` of `chunk` (which must be > 0).
fn prev_line_tail(chunk: &str, line_start: usize) -> PrevLine {
    let end = line_start - 1; // the '\n'
    let start = memrchr(b'\n', &chunk.as_bytes()[..end]).map_or(0, |i| i + 1);
    tail(&chunk[start..end])
}

impl<'r> Scanner<'r> {
    pub(crate) fn new(rules: &'r Rules) -> Self {
        Scanner {
            rules,
            lines_before: 0,
            prev: PrevLine::None,
            col_offset: 0,
            work: Default::default(),
            parallel: true,
            summary: Summary::default(),
        }
    }

    /// Scans `chunk`, which holds whole lines (the last may lack its `\n` at the end of input, or,
    /// when `continues`, because the rest of that long line comes in the next chunk).
    pub(crate) fn scan(&mut self, chunk: &str, continues: bool, sink: &mut impl Sink) -> io::Result<()> {
        let bytes = chunk.as_bytes();
        let mid = if self.parallel && bytes.len() >= PARALLEL_MIN && (two_cores() || cfg!(test)) {
            let half = bytes.len() / 2;
            memchr(b'\n', &bytes[half..]).map(|i| half + i + 1).filter(|&m| m < bytes.len())
        } else {
            None
        };
        let (rules, prev, col_offset) = (self.rules, self.prev, self.col_offset);
        let [first, second] = &mut self.work;
        match mid {
            Some(mid) => {
                let prev_mid = prev_line_tail(chunk, mid);
                std::thread::scope(|s| {
                    let other = s.spawn(|| second.search(rules, &chunk[mid..], prev_mid, 0));
                    first.search(rules, &chunk[..mid], prev, col_offset);
                    if let Err(panic) = other.join() {
                        std::panic::resume_unwind(panic);
                    }
                });
            }
            None => first.search(rules, chunk, prev, col_offset),
        }
        // Report the lines in input order: the first part's, then the second's.
        let mut newlines = 0;
        for (k, offset) in [(0, 0), (1, mid.unwrap_or(0))] {
            if k == 1 && mid.is_none() {
                break;
            }
            let base = self.lines_before + newlines;
            let work = &mut self.work[k];
            let mut at = 0;
            for &(start, end, n) in &work.lines {
                let findings = &mut work.findings[at..at + n];
                at += n;
                for f in findings.iter_mut() {
                    f.line += base;
                    self.summary.findings += 1;
                    if f.fix.is_some() {
                        self.summary.fixable += 1;
                    }
                    match self.summary.per_rule.get_mut(&*f.rule) {
                        Some(count) => *count += 1,
                        None => {
                            self.summary.per_rule.insert(f.rule.to_string(), 1);
                        }
                    }
                }
                let (start, end) = (offset + start, offset + end);
                sink.line(LineHit { chunk, start, text: strip_cr(&chunk[start..end]), findings })?;
            }
            newlines += work.newlines;
        }
        self.lines_before += newlines;
        self.summary.lines += newlines;
        if !continues && !bytes.is_empty() && bytes[bytes.len() - 1] != b'\n' {
            self.summary.lines += 1;
        }
        self.summary.bytes += bytes.len() as u64;
        if continues {
            let start = memrchr(b'\n', bytes).map_or(0, |i| i + 1);
            let before = if start == 0 { self.col_offset } else { 0 };
            self.col_offset = before + chunk[start..].chars().count();
            if let PrevLine::Tail(c) = tail(&chunk[start..]) {
                self.prev = PrevLine::Tail(c);
            }
        } else {
            self.col_offset = 0;
            if let Some(last) = bytes.len().checked_sub(1) {
                if bytes[last] == b'\n' {
                    let start = memrchr(b'\n', &bytes[..last]).map_or(0, |i| i + 1);
                    self.prev = tail(&chunk[start..last]);
                }
            }
        }
        sink.chunk(chunk)
    }
}

/// Marks every line of `hay` as a candidate: the scan without a prefilter.
fn every_line(hay: &[u8], out: &mut Vec<usize>) {
    out.clear();
    out.extend(memchr_iter(b'\n', hay));
    out.push(hay.len().saturating_sub(1));
}

/// Where to cut a line too long to hold: after the last space or tab in the second half of
/// `piece`, else at the last character boundary (so the piece stays valid UTF-8 if it was).
fn cut_long_line(piece: &[u8]) -> usize {
    let half = piece.len() / 2;
    if let Some(i) = piece[half..].iter().rposition(|&b| b == b' ' || b == b'\t') {
        return half + i + 1;
    }
    (1..piece.len()).rev().find(|&i| piece[i] & 0xC0 != 0x80).unwrap_or(piece.len())
}

fn strip_cr(line: &str) -> &str {
    line.strip_suffix('\r').unwrap_or(line)
}

/// Reads `reader` in chunks of whole lines, checks UTF-8, and scans each chunk into `sink`.
pub(crate) fn drive<R: BufRead>(
    rules: &Rules,
    mut reader: R,
    lossy: bool,
    sink: &mut impl Sink,
) -> Result<Summary, LintError> {
    let mut scanner = Scanner::new(rules);
    let mut buf = vec![0u8; CHUNK * 2];
    let mut filled = 0; // bytes of `buf` holding input
    let mut searched = 0; // bytes of `buf` known to hold no '\n'
    let mut offset: u64 = 0; // input offset of buf[0]
    let mut first = true;
    loop {
        // Fill to at least CHUNK bytes ending at a line end, or to the end of input; a line longer
        // than LONG_LINE is cut into pieces.
        let mut eof = false;
        let mut continues = false;
        let take = loop {
            if filled >= CHUNK {
                if let Some(i) = memrchr(b'\n', &buf[searched..filled]) {
                    break searched + i + 1;
                }
                searched = filled;
                if filled >= LONG_LINE {
                    continues = true;
                    break cut_long_line(&buf[..filled]);
                }
            }
            if filled == buf.len() {
                buf.resize(buf.len() * 2, 0);
            }
            match reader.read(&mut buf[filled..]) {
                Ok(0) => {
                    eof = true;
                    break filled;
                }
                Ok(n) => {
                    // A NUL byte means binary input (as ripgrep and grep decide): stop before the
                    // search runs away on something that is not text, such as /dev/zero.
                    if let Some(i) = memchr(0, &buf[filled..filled + n]) {
                        let at = filled + i;
                        let line = scanner.lines_before + 1 + memchr_iter(b'\n', &buf[..at]).count();
                        return Err(LintError::Binary { offset: offset + at as u64, line });
                    }
                    filled += n;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(LintError::Io(e)),
            }
        };
        if take > 0 {
            let piece = &buf[..take];
            let owned;
            let text: &str = match std::str::from_utf8(piece) {
                Ok(t) => t,
                Err(e) if !lossy => {
                    let at = e.valid_up_to();
                    let line = scanner.lines_before + 1 + memchr_iter(b'\n', &piece[..at]).count();
                    return Err(LintError::InvalidUtf8 { offset: offset + at as u64, line });
                }
                Err(e) => {
                    let at = offset + e.valid_up_to() as u64;
                    scanner.summary.first_invalid_offset.get_or_insert(at);
                    scanner.summary.lossy_replacements +=
                        piece.utf8_chunks().filter(|c| !c.invalid().is_empty()).count();
                    owned = String::from_utf8_lossy(piece).into_owned();
                    &owned
                }
            };
            let text = if first {
                first = false;
                match text.strip_prefix('\u{FEFF}') {
                    Some(rest) => {
                        sink.preamble("\u{FEFF}")?;
                        scanner.summary.bytes += 3;
                        rest
                    }
                    None => text,
                }
            } else {
                text
            };
            scanner.scan(text, continues, sink)?;
        }
        buf.copy_within(take..filled, 0);
        filled -= take;
        searched = 0;
        offset += take as u64;
        if eof && filled == 0 {
            break;
        }
    }
    Ok(scanner.summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{builtin_rules, Rules};

    /// Collects every finding with its line text, and the chunks seen.
    #[derive(Default)]
    struct Record(Vec<(String, Finding)>, usize);

    impl Sink for Record {
        fn preamble(&mut self, _: &str) -> io::Result<()> {
            Ok(())
        }
        fn line(&mut self, hit: LineHit<'_>) -> io::Result<()> {
            assert_eq!(hit.text, strip_cr(&hit.chunk[hit.start..hit.start + hit.text.len()]));
            self.0.extend(hit.findings.iter().map(|f| (hit.text.to_string(), f.clone())));
            Ok(())
        }
        fn chunk(&mut self, _: &str) -> io::Result<()> {
            self.1 += 1;
            Ok(())
        }
    }

    /// Searching big chunks as two halves on two threads reports exactly what one thread does:
    /// the same findings, lines, line numbers, columns, order and counts.
    #[test]
    fn two_threads_report_what_one_does() {
        let rules = Rules::compile(&[builtin_rules()], &[]).expect("rules");
        let pieces = [
            "but ",
            "However, ",
            "yet ",
            "the carrier was late",
            ". ",
            "Unfortunately, ",
            "é ",
            "we ",
            "the plan ",
            "\n",
            "\n",
            "\r\n",
            "\n\n",
            "as I said ",
            "x",
            "button ",
            ", ",
            "; ",
        ];
        let mut seed = 5u64;
        for size in [70_000, 200_000, 600_000] {
            let mut text = String::new();
            while text.len() < size {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            let run = |parallel: bool| {
                let mut sink = Record::default();
                let mut scanner = Scanner::new(&rules);
                scanner.parallel = parallel;
                // Two chunks, the second continuing a line of the first, like `drive` cuts a long line.
                let cut = text.len() / 3;
                let cut = (cut..text.len()).find(|&i| text.is_char_boundary(i) && text.as_bytes()[i - 1] == b' ');
                let cut = cut.unwrap_or(text.len());
                scanner.scan(&text[..cut], true, &mut sink).unwrap();
                scanner.scan(&text[cut..], false, &mut sink).unwrap();
                (sink.0, scanner.summary)
            };
            let (one, one_summary) = run(false);
            let (two, two_summary) = run(true);
            assert!(one.len() > 100, "the text has findings");
            assert_eq!(one_summary, two_summary);
            assert_eq!(one.len(), two.len());
            for (a, b) in one.iter().zip(&two) {
                assert_eq!(a.0, b.0);
                assert_eq!(format!("{:?}", a.1), format!("{:?}", b.1));
            }
        }
    }
}
