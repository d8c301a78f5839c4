//! A rehearsal script: the client's lines of one call, and where each reply sends the client.
//!
//! A coach writes it as TOML (`scripts/rehearsals/ID.toml`, documented in `scripts/README.md`).
//! The types mirror that file one to one, so an error in it is reported with its key; ids and
//! branch targets keep their spans, so `mend check` can point at a branch to nowhere with
//! `file:line:column`.

use crate::content::origin::Source;
use crate::content::talk_track::Variable;
use crate::diagnostic::Diagnostic;
use serde::Deserialize;
use toml::Spanned;

/// The folder of a library layer that holds rehearsals, below its `scripts/`.
pub const DIR: &str = "scripts/rehearsals";

/// More lines than any call has: a hostile file fails fast instead of flooding the checks.
const MAX_LINES: usize = 200;

/// One rehearsal, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rehearsal {
    /// The file stem; set by [`Rehearsal::parse`], never written in the file.
    #[serde(skip)]
    pub id: String,
    /// The text it was parsed from, so every check can point at `file:line:column`.
    #[serde(skip)]
    pub source: Option<Source>,
    pub title: String,
    /// The situation id this call belongs to (`broken-commitment`).
    pub situation: Spanned<String>,
    /// The situation's talk-track that the debrief quotes the better wording from.
    pub track: Spanned<String>,
    /// What the rep is about to do, shown before the client speaks; may use the variables.
    pub brief: String,
    /// The id of the client's first line.
    pub start: Spanned<String>,
    /// The variable naming the person on the other end (`sponsor`), shown before their lines.
    #[serde(default)]
    pub speaker: Option<Spanned<String>>,
    /// The names the client's lines use (`{{client}}`), filled like a talk-track's.
    #[serde(default)]
    pub variables: Vec<Variable>,
    /// What to do on the real call, said to the rep after every rehearsal of this script.
    #[serde(default)]
    pub real_call: Vec<String>,
    #[serde(default, rename = "line")]
    pub lines: Vec<Line>,
}

/// One thing the client says, and what the rep's reply to it needs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Line {
    pub id: Spanned<String>,
    /// The client's words; may use the variables.
    pub client: Spanned<String>,
    /// What this point of the call is about, in a few words for the debrief.
    #[serde(default)]
    pub point: Option<String>,
    /// The moves the reply needs here (see [`super::moves::Move`]). No "but" and no blame are
    /// always checked.
    #[serde(default)]
    pub needs: Vec<Spanned<String>>,
    /// True once the fault is on the table at this line (the client named it, or the rep did
    /// before): an apology before that is one too early.
    #[serde(default)]
    pub fault_named: bool,
    /// Words of the client's line that an acknowledgement may echo (`["twice", "board"]`).
    #[serde(default)]
    pub heard: Vec<String>,
    /// Phrases that give in here, for `hold-firm` (default: cutting the price).
    #[serde(default)]
    pub yields: Vec<String>,
    /// A line of the talk-track that says it better: words that appear in one line of its
    /// rendered "what to say".
    #[serde(default)]
    pub better: Option<Spanned<String>>,
    /// Where each kind of reply takes the client.
    #[serde(default)]
    pub next: Option<Next>,
    /// This line closes the call, on this note (`warm`, `cool`, `cold`).
    #[serde(default)]
    pub end: Option<Spanned<String>>,
}

/// Where the client goes after a reply, by what the reply did.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Next {
    /// Every move this point needs, no finding.
    pub accountable: Spanned<String>,
    /// No finding, and a move missing; when absent, the client goes where `defensive` leads
    /// (the client does not warm up until the rep makes the moves).
    #[serde(default)]
    pub partial: Option<Spanned<String>>,
    /// A "but", blame, an excuse, or giving in where the stance is to hold firm.
    pub defensive: Spanned<String>,
}

/// The tones an ending may have.
pub const ENDINGS: &[&str] = &["warm", "cool", "cold"];

impl Next {
    /// Every branch with its key, in file order of keys.
    pub fn branches(&self) -> Vec<(&'static str, &Spanned<String>)> {
        let mut out = vec![("accountable", &self.accountable)];
        if let Some(p) = &self.partial {
            out.push(("partial", p));
        }
        out.push(("defensive", &self.defensive));
        out
    }
}

impl Rehearsal {
    /// Parses the text of `ID.toml`; `id` is the file stem.
    pub fn parse(id: &str, source: &Source) -> Result<Rehearsal, Diagnostic> {
        let file = source.origin.to_string();
        let mut parsed: Rehearsal =
            toml::from_str(&source.text).map_err(|e| Diagnostic::from_toml(&e, &file, &source.text, 1))?;
        if parsed.lines.len() > MAX_LINES {
            return Err(Diagnostic::new(
                file,
                format!("{} lines; a rehearsal may have at most {MAX_LINES}", parsed.lines.len()),
            ));
        }
        parsed.id = id.to_string();
        parsed.source = Some(source.clone());
        Ok(parsed)
    }

    /// The index of the line `id`.
    pub fn line_index(&self, id: &str) -> Option<usize> {
        self.lines.iter().position(|l| l.id.get_ref() == id)
    }

    pub fn situation(&self) -> &str {
        self.situation.get_ref()
    }

    pub fn track(&self) -> &str {
        self.track.get_ref()
    }
}

impl Line {
    pub fn id(&self) -> &str {
        self.id.get_ref()
    }

    pub fn is_end(&self) -> bool {
        self.end.is_some()
    }
}

/// The id a rehearsal file of this name has: `broken-commitment.toml` -> `broken-commitment`.
pub fn id_of_file(file_name: &str) -> Option<&str> {
    file_name.strip_suffix(".toml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minimal_script_parses_with_spans() {
        let text = "title = \"T\"\nsituation = \"pushaway\"\ntrack = \"just-ask\"\nbrief = \"b\"\nstart = \"a\"\n\n\
                    [[line]]\nid = \"a\"\nclient = \"Hello.\"\nneeds = [\"ask\"]\nnext = { accountable = \"z\", defensive = \"z\" }\n\n\
                    [[line]]\nid = \"z\"\nclient = \"Bye.\"\nend = \"warm\"\n";
        let r = Rehearsal::parse("x", &Source::embedded("x.toml", Box::leak(text.to_string().into_boxed_str())))
            .expect("parses");
        assert_eq!(r.id, "x");
        assert_eq!(r.lines.len(), 2);
        assert_eq!(r.line_index("z"), Some(1));
        let next = r.lines[0].next.as_ref().expect("next");
        assert_eq!(next.branches().len(), 2);
        assert!(r.lines[1].is_end());
    }

    #[test]
    fn an_unknown_key_names_the_closest() {
        let text = "title = \"T\"\nsituation = \"pushaway\"\ntrack = \"just-ask\"\nbrief = \"b\"\nstrat = \"a\"\n";
        let err = Rehearsal::parse("x", &Source::embedded("x.toml", Box::leak(text.to_string().into_boxed_str())))
            .expect_err("typo");
        assert_eq!(err.line, Some(5));
        assert_eq!(err.hint.as_deref(), Some("did you mean `start`?"));
    }
}
