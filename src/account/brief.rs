//! One account on one page (`mend account show`) and the table of accounts (`mend account list`).
//!
//! The brief is a [`Document`], so it prints as text, Markdown or HTML through the same formatters
//! as a talk-track; JSON is the [`Brief`] itself.

use super::agenda::{self, Item, Rung};
use super::dates::show;
use super::{Account, Promise};
use crate::content::situation::Situation;
use crate::format::document::{Content, Document, Section};
use jiff::civil::Date;
use serde::Serialize;

/// Everything `mend account show` says about one account.
#[derive(Debug, Serialize)]
pub struct Brief<'a> {
    pub account: &'a Account,
    pub last_contact: Option<Date>,
    pub ladders: Vec<Rung>,
    /// Everything due on the account, whatever its date.
    pub coming_up: Vec<Item>,
}

impl<'a> Brief<'a> {
    pub fn new(account: &'a Account, situations: &[Situation], today: Date) -> Self {
        let mut coming_up = agenda::items_for(account, situations, today);
        coming_up.sort_by_key(|i| i.due);
        Brief {
            account,
            last_contact: account.last_contact(),
            ladders: agenda::ladders(account, situations),
            coming_up,
        }
    }

    /// The printable brief. `situations` turns step numbers into step titles.
    pub fn document(&self, situations: &[Situation]) -> Document {
        let a = self.account;
        let mut facts = Vec::new();
        if let Some(stage) = a.stage {
            facts.push(format!("stage: {stage}"));
        }
        if let Some(kind) = a.kind {
            facts.push(kind.label().to_lowercase());
        }
        if let Some(cadence) = &a.check_in_every {
            facts.push(format!("check in every {cadence}"));
        }
        facts.push(match self.last_contact {
            Some(d) => format!("last contact {}", show(d)),
            None => "no contact logged".into(),
        });
        let mut sections = Vec::new();
        let people: Vec<String> = a.people.iter().map(|(role, name)| format!("{role}: {name}")).collect();
        sections.push(Section::new(
            "People",
            list_or(people, "No names yet: `mend account set NAME --person sponsor=...`"),
        ));
        let open: Vec<&Promise> = a.promises.iter().filter(|p| p.is_open()).collect();
        sections.push(Section::new(
            "Open promises",
            match open.is_empty() {
                true => Content::Paragraph("None.".into()),
                // With their ids: `mend promise ACCOUNT --kept N` takes them, and they never change.
                false => Content::List(open.iter().map(|p| format!("#{} {}: {}", p.id, show(p.due), p.what)).collect()),
            },
        ));
        if !self.ladders.is_empty() {
            let rungs = self
                .ladders
                .iter()
                .map(|r| format!("{}: next is rung {} of {}, {}", r.situation_title, r.step, r.of, r.step_title))
                .collect();
            sections.push(Section::new("Ladder progress", Content::List(rungs)));
        }
        sections.push(Section::new(
            "Coming up",
            list_or(
                self.coming_up.iter().map(|i| format!("{}: {}. {}", show(i.due), i.title, i.action)).collect(),
                "Nothing due.",
            ),
        ));
        let history =
            a.history.iter().rev().map(|e| format!("{}: {}", show(e.date), describe(e, situations))).collect();
        sections.push(Section::new("History, newest first", list_or(history, "Nothing logged yet.")));
        Document {
            title: match &a.company {
                Some(c) => format!("{c} ({})", a.name),
                None => a.name.clone(),
            },
            intro: Some(facts.join(" · ")),
            sections,
        }
    }
}

fn list_or(items: Vec<String>, empty: &str) -> Content {
    if items.is_empty() {
        Content::Paragraph(empty.into())
    } else {
        Content::List(items)
    }
}

/// One history entry in words: "done: gatekeeper step 2 (Make the honest ask). Note."
pub fn describe(event: &super::Event, situations: &[Situation]) -> String {
    let step_title = |situation: &str, step: usize| {
        situations
            .iter()
            .find(|s| s.id == situation)
            .and_then(|s| s.steps.get(step.wrapping_sub(1)))
            .map(|s| format!(" ({})", s.title))
            .unwrap_or_default()
    };
    let mut parts = Vec::new();
    if let Some(d) = &event.diagnosis {
        let next = d.next_step.map(|n| format!(", next step {n}{}", step_title(&d.situation, n))).unwrap_or_default();
        parts.push(format!("diagnosed {}{next}", d.situation));
    }
    if let Some(done) = &event.done {
        parts.push(format!("done {} step {}{}", done.situation, done.step, step_title(&done.situation, done.step)));
    }
    if let Some(note) = &event.note {
        parts.push(note.clone());
    }
    parts.join("; ")
}

/// One row of `mend account list`.
#[derive(Debug, Serialize)]
pub struct Row<'a> {
    pub name: &'a str,
    pub company: Option<&'a str>,
    pub stage: Option<super::Stage>,
    pub last_contact: Option<Date>,
    /// The soonest item due, whatever its date.
    pub next: Option<Item>,
}

impl<'a> Row<'a> {
    pub fn new(account: &'a Account, situations: &[Situation], today: Date) -> Self {
        let next = agenda::items_for(account, situations, today).into_iter().min_by_key(|i| i.due);
        Row {
            name: &account.name,
            company: account.company.as_deref(),
            stage: account.stage,
            last_contact: account.last_contact(),
            next,
        }
    }
}

/// The rows as an aligned table.
pub fn table(rows: &[Row]) -> String {
    // Cells come from hand-edited account files: made inert before their widths are measured.
    let cell = |text: String| crate::format::inert::line(&text).into_owned();
    let cells: Vec<[String; 5]> = rows
        .iter()
        .map(|r| {
            [
                r.name.to_string(),
                r.company.unwrap_or("-").to_string(),
                r.stage.map_or("-".into(), |s| s.to_string()),
                r.last_contact.map_or("-".into(), |d| d.to_string()),
                r.next.as_ref().map_or("-".into(), |i| format!("{} {}", i.due, i.title)),
            ]
            .map(cell)
        })
        .collect();
    let header = ["ACCOUNT", "COMPANY", "STAGE", "LAST CONTACT", "NEXT"].map(String::from);
    let mut widths = [0; 4];
    for row in std::iter::once(&header).chain(&cells) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(crate::format::wrap::display_width(cell));
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&cells) {
        for (cell, w) in row.iter().zip(widths) {
            out.push_str(cell);
            out.push_str(&" ".repeat(w - crate::format::wrap::display_width(cell) + 2));
        }
        out.push_str(&row[4]);
        out.push('\n');
    }
    out
}
