//! Every change mend makes to an account file, as an edit of the parsed document.
//!
//! Edits go through [`toml_edit`] so that whatever the rep wrote by hand (comments, blank lines,
//! key order, an inline table instead of a section) is left exactly as it was; a replaced value
//! keeps the comment that followed it on its line. The callers in [`super::store`] hold the lock
//! and check the result before writing.

use super::{Cadence, Kind, Stage, StepRef};
use jiff::civil::Date;
use jiff::Timestamp;
use toml_edit::{value, Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, TableLike, Value};

/// Fields a rep sets with flags or answers (`mend account new` / `set`); `None` leaves a field as
/// it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields {
    pub company: Option<String>,
    pub stage: Option<Stage>,
    pub kind: Option<Kind>,
    pub check_in_every: Option<Cadence>,
    /// (role, name), in the order given.
    pub people: Vec<(String, String)>,
}

impl Fields {
    /// True when no field is set.
    pub fn is_empty(&self) -> bool {
        *self == Fields::default()
    }

    /// True when the field `key` (a [`FieldPrompt::key`]) has a value.
    pub fn has(&self, key: &str) -> bool {
        match key {
            "company" => self.company.is_some(),
            "stage" => self.stage.is_some(),
            "kind" => self.kind.is_some(),
            "check-in-every" => self.check_in_every.is_some(),
            "people" => !self.people.is_empty(),
            _ => false,
        }
    }

    /// Sets field `key` from text, the one check for a flag and a prompt answer alike. People are
    /// `ROLE=NAME`, several separated by commas.
    pub fn apply(&mut self, key: &str, text: &str) -> Result<(), String> {
        match key {
            "company" => {
                let company = crate::values::clean(text);
                if company.is_empty() {
                    return Err("the company name is empty".into());
                }
                // The same check a typed `company` value gets: "n/a" is not a name to say aloud.
                let company = crate::values::kind::check(Some("organisation"), &company)?;
                self.company = Some(company);
            }
            "stage" => self.stage = Some(Stage::parse(text)?),
            "kind" => self.kind = Some(Kind::parse(text)?),
            "check-in-every" => self.check_in_every = Some(Cadence::parse(text)?),
            "people" => {
                for person in text.split(',').filter(|p| !p.trim().is_empty()) {
                    let (role, name) = super::parse_person(person.trim())?;
                    self.people.retain(|(r, _)| *r != role);
                    self.people.push((role, name));
                }
            }
            other => return Err(format!("no account field `{other}`")),
        }
        Ok(())
    }
}

/// A field `mend account new` asks for on a terminal when its flag was not given. Prompts are data
/// so the front end stays generic and every answer goes through [`Fields::apply`].
#[derive(Debug, Clone)]
pub struct FieldPrompt {
    pub key: &'static str,
    /// The flag that gives the same value without a prompt.
    pub flag: &'static str,
    pub text: &'static str,
    /// (value, label) for a pick from a list; empty for free text.
    pub choices: Vec<(&'static str, &'static str)>,
    /// A blank answer leaves the field unset.
    pub optional: bool,
    pub example: Option<&'static str>,
}

/// The fields of a new account, in the order they are asked.
pub fn prompts() -> Vec<FieldPrompt> {
    let prompt = |key, flag, text| FieldPrompt { key, flag, text, choices: Vec::new(), optional: false, example: None };
    vec![
        FieldPrompt { example: Some("Northwind Traders"), ..prompt("company", "--company", "Company") },
        FieldPrompt {
            choices: Stage::ALL.iter().map(|s| (s.as_str(), s.label())).collect(),
            ..prompt("stage", "--stage", "Where does the relationship stand?")
        },
        FieldPrompt {
            choices: Kind::ALL.iter().map(|k| (k.as_str(), k.label())).collect(),
            ..prompt("kind", "--kind", "Is this a long-term account or a one-off deal?")
        },
        FieldPrompt {
            optional: true,
            example: Some("sponsor=Dana, stakeholder=Jim"),
            ..prompt("people", "--person", "People by role, ROLE=NAME separated by commas (blank to skip)")
        },
        FieldPrompt {
            optional: true,
            example: Some("3 weeks"),
            ..prompt("check-in-every", "--check-in-every", "Check in how often? (blank for no reminder)")
        },
    ]
}

/// A history entry to append.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    pub date: Date,
    pub note: Option<String>,
    pub done: Option<StepRef>,
    pub diagnosis: Option<(String, Option<usize>)>,
}

impl NewEvent {
    pub fn diagnosis(date: Date, situation: &str, next_step: Option<usize>) -> Self {
        NewEvent { date, note: None, done: None, diagnosis: Some((situation.to_string(), next_step)) }
    }
}

/// Fills an empty document for a new account, with the choices written beside `stage` and `kind`
/// so a rep editing by hand sees them.
pub fn new_account(doc: &mut DocumentMut, fields: &Fields, today: Date) {
    doc.decor_mut()
        .set_prefix("# A mend account: edit freely, mend keeps your comments. Format: `mend account --help`.\n");
    set_fields(doc, fields);
    set_value(doc.as_table_mut(), "created", toml_date(today));
}

/// Sets the given fields, keeping everything else.
pub fn set_fields(doc: &mut DocumentMut, fields: &Fields) {
    let root = doc.as_table_mut();
    if let Some(company) = &fields.company {
        set_value(root, "company", company.as_str().into());
    }
    if let Some(stage) = fields.stage {
        set_commented(root, "stage", stage.as_str(), "prospect | open-deal | client | lost");
    }
    if let Some(kind) = fields.kind {
        set_commented(root, "kind", kind.as_str(), "ongoing | one-off");
    }
    if let Some(cadence) = &fields.check_in_every {
        set_value(root, "check-in-every", cadence.as_str().into());
    }
    for (role, name) in &fields.people {
        set_person(doc, role, name);
    }
}

/// Names the person in `role`, creating `[people]` when the file has none.
pub fn set_person(doc: &mut DocumentMut, role: &str, name: &str) {
    let root = doc.as_table_mut();
    if !root.contains_key("people") {
        let mut people = Table::new();
        people.set_implicit(false);
        // Before the promise and history sections, where a reader expects it.
        if let Some(position) = first_array_position(root) {
            people.set_position(position.saturating_sub(1));
        }
        root.insert("people", Item::Table(people));
    }
    if let Some(people) = root.get_mut("people").and_then(Item::as_table_like_mut) {
        match people.get_mut(role) {
            Some(item) => replace_item(item, name.into()),
            None => {
                people.insert(role, value(name));
            }
        }
    }
}

/// Stores the answer of a `stable` question under `[facts]`, creating the table (after
/// `[people]`, before the promise and history sections) when the file has none.
pub fn set_fact(doc: &mut DocumentMut, id: &str, values: &[String]) {
    let root = doc.as_table_mut();
    if !root.contains_key("facts") {
        let mut facts = Table::new();
        facts.set_implicit(false);
        if let Some(position) = first_array_position(root) {
            facts.set_position(position.saturating_sub(1));
        }
        root.insert("facts", Item::Table(facts));
    }
    let new: Value = match values {
        [one] => one.as_str().into(),
        many => many.iter().map(String::as_str).collect::<Array>().into(),
    };
    if let Some(facts) = root.get_mut("facts").and_then(Item::as_table_like_mut) {
        match facts.get_mut(id) {
            Some(item) => replace_item(item, new),
            None => {
                facts.insert(id, value(new));
            }
        }
    }
}

/// Appends a dated history entry.
pub fn add_event(doc: &mut DocumentMut, event: &NewEvent) {
    let mut entry = InlineTable::new();
    entry.insert("date", toml_date(event.date));
    if let Some((situation, next_step)) = &event.diagnosis {
        entry.insert("diagnosis", situation.as_str().into());
        if let Some(step) = next_step {
            entry.insert("next-step", (*step as i64).into());
        }
    }
    if let Some(done) = &event.done {
        entry.insert("done", done.to_string().into());
    }
    if let Some(note) = &event.note {
        entry.insert("note", note.as_str().into());
    }
    push_entry(doc, "history", entry);
}

/// Appends a promise, not yet kept, with the next free id and a new UID; returns the id. The file's
/// promises must have their ids written ([`stamp_promises`]).
pub fn add_promise(doc: &mut DocumentMut, what: &str, due: Date, now: Timestamp) -> u32 {
    let id = promise_tables(doc).iter().filter_map(|t| promise_id(&**t)).max().unwrap_or(0) + 1;
    let mut entry = InlineTable::new();
    entry.insert("id", i64::from(id).into());
    entry.insert("what", what.into());
    entry.insert("due", toml_date(due));
    entry.insert("kept", false.into());
    entry.insert("uid", super::new_uid().into());
    entry.insert("modified", toml_instant(now));
    push_entry(doc, "promise", entry);
    id
}

/// Writes the `id` and `uid` that `account` (the file as read) gave each promise that has none
/// written, so an old file keeps the numbers `mend account show` printed for it and the UIDs its
/// calendar already has. The id goes first in its promise, where a reader looks for it; the
/// UID last; the rest keeps its layout.
pub fn stamp_promises(doc: &mut DocumentMut, account: &super::Account) {
    for (table, promise) in promise_tables(doc).into_iter().zip(&account.promises) {
        if !table.contains_key("id") {
            put_first(table, "id", value(i64::from(promise.id)));
        }
        if !table.contains_key("uid") {
            table.insert("uid", value(promise.uid.as_str()));
        }
    }
}

/// How a promise is closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Close {
    Kept,
    Dropped,
}

/// Marks the promise with id `id` kept or dropped, as a new revision (SEQUENCE and LAST-MODIFIED
/// rise). False when there is no such promise.
pub fn close_promise(doc: &mut DocumentMut, id: u32, how: Close, now: Timestamp) -> bool {
    let mut tables = promise_tables(doc);
    match tables.iter_mut().find(|t| promise_id(&***t) == Some(id)) {
        Some(table) => {
            let key = match how {
                Close::Kept => "kept",
                Close::Dropped => "dropped",
            };
            set_in(&mut **table, key, true.into());
            revise(&mut **table, now);
            true
        }
        None => false,
    }
}

/// After a hand edit (`mend account edit`): each promise whose words, date or state the rep
/// changed is a new revision, so a calendar replaces the event it has. `before` is the file as it
/// was, `after` the edited one, whose promises are in the order of `doc`'s.
pub fn revise_edited(doc: &mut DocumentMut, before: &super::Account, after: &super::Account, now: Timestamp) {
    for (table, new) in promise_tables(doc).into_iter().zip(&after.promises) {
        let Some(old) = before.promises.iter().find(|p| p.uid == new.uid) else { continue };
        let changed = (&old.what, old.due, old.kept, old.dropped) != (&new.what, new.due, new.kept, new.dropped);
        if changed && new.sequence <= old.sequence {
            set_in(table, "sequence", i64::from(old.sequence).into());
            revise(table, now);
        }
    }
}

/// One more revision of a promise: `sequence` up by one, `modified` now.
fn revise(table: &mut dyn TableLike, now: Timestamp) {
    let sequence = table.get("sequence").and_then(Item::as_integer).unwrap_or(0);
    set_in(table, "sequence", (sequence + 1).into());
    set_in(table, "modified", toml_instant(now));
}

/// Every promise of the file, in file order, as a table to edit, whether the rep wrote
/// `[[promise]]` sections or an inline array.
fn promise_tables(doc: &mut DocumentMut) -> Vec<&mut dyn TableLike> {
    match doc.get_mut("promise") {
        Some(Item::ArrayOfTables(list)) => list.iter_mut().map(|t| t as &mut dyn TableLike).collect(),
        Some(Item::Value(Value::Array(list))) => {
            list.iter_mut().filter_map(Value::as_inline_table_mut).map(|t| t as &mut dyn TableLike).collect()
        }
        _ => Vec::new(),
    }
}

fn promise_id(table: &dyn TableLike) -> Option<u32> {
    table.get("id").and_then(Item::as_integer).and_then(|id| u32::try_from(id).ok())
}

/// Sets `key` in a promise, keeping the comment and spacing around an existing value.
fn set_in(table: &mut dyn TableLike, key: &str, new: Value) {
    match table.get_mut(key) {
        Some(item) => replace_item(item, new),
        None => {
            table.insert(key, Item::Value(new));
        }
    }
}

/// Inserts `key` before the table's other keys, which keep their order and formatting.
fn put_first(table: &mut dyn TableLike, key: &str, item: Item) {
    let keys: Vec<toml_edit::Key> =
        table.iter().map(|(k, _)| k.to_string()).filter_map(|k| table.key(&k).cloned()).collect();
    let rest: Vec<(toml_edit::Key, Item)> =
        keys.into_iter().filter_map(|k| table.remove(k.get()).map(|item| (k, item))).collect();
    table.insert(key, item);
    for (k, item) in rest {
        table.entry_format(&k).or_insert(item);
    }
}

/// Appends `entry` to the array of tables `key` (`[[history]]`), or to an inline array if the rep
/// wrote one (`history = [ ... ]`).
fn push_entry(doc: &mut DocumentMut, key: &str, entry: InlineTable) {
    let root = doc.as_table_mut();
    if !root.contains_key(key) {
        root.insert(key, Item::ArrayOfTables(ArrayOfTables::new()));
    }
    match root.get_mut(key) {
        Some(Item::ArrayOfTables(list)) => list.push(entry.into_table()),
        Some(Item::Value(Value::Array(list))) => push_inline(list, entry),
        // The schema check before the edit allows nothing else here.
        _ => {}
    }
}

/// Appends to an inline array on a line of its own when the array is laid out one entry a line.
fn push_inline(list: &mut Array, entry: InlineTable) {
    let multiline = list
        .iter()
        .last()
        .is_some_and(|v| v.decor().prefix().is_some_and(|p| p.as_str().is_some_and(|p| p.contains('\n'))));
    list.push(entry);
    if multiline {
        if let Some(last) = list.iter_mut().last() {
            last.decor_mut().set_prefix("\n  ");
        }
        list.set_trailing_comma(true);
        list.set_trailing("\n");
    }
}

/// Position of the first `[[...]]` section, to put a new `[people]` before it.
fn first_array_position(root: &Table) -> Option<isize> {
    root.iter()
        .filter_map(|(_, item)| match item {
            Item::ArrayOfTables(list) => list.iter().filter_map(Table::position).min(),
            _ => None,
        })
        .min()
}

fn set_commented(root: &mut Table, key: &str, new: &str, choices: &str) {
    if root.contains_key(key) {
        set_value(root, key, new.into());
    } else {
        let mut v: Value = new.into();
        v.decor_mut().set_suffix(format!("  # {choices}"));
        root.insert(key, Item::Value(v));
    }
}

/// Sets `key`, keeping the comment and spacing around an existing value.
fn set_value(table: &mut Table, key: &str, new: Value) {
    match table.get_mut(key) {
        Some(item) => replace_item(item, new),
        None => {
            table.insert(key, Item::Value(new));
        }
    }
}

fn replace_item(item: &mut Item, new: Value) {
    match item {
        Item::Value(old) => replace_value(old, new),
        other => *other = Item::Value(new),
    }
}

fn replace_value(old: &mut Value, mut new: Value) {
    *new.decor_mut() = old.decor().clone();
    *old = new;
}

/// An instant as a TOML offset date-time in UTC, to the second: `2026-12-08T09:30:00Z`.
fn toml_instant(at: Timestamp) -> Value {
    let text = at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
    match text.parse::<toml_edit::Datetime>() {
        Ok(datetime) => Value::from(datetime),
        // The format above is always a TOML date-time.
        Err(_) => Value::from(text),
    }
}

fn toml_date(date: Date) -> Value {
    Value::from(toml_edit::Datetime {
        date: Some(toml_edit::Date { year: date.year() as u16, month: date.month() as u8, day: date.day() as u8 }),
        time: None,
        offset: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const HAND_WRITTEN: &str = r#"# Northwind: keep Dana close.
company = "Northwind"   # the parent company
stage = "open-deal"     # moves to client when they sign

[people]
sponsor = "Dana"        # prefers mornings

[[history]]
date = 2026-11-02
note = "first call"     # went well
"#;

    fn now() -> Timestamp {
        "2026-12-08T09:30:00Z".parse().expect("time")
    }

    fn edited(change: impl FnOnce(&mut DocumentMut)) -> String {
        let mut doc: DocumentMut = HAND_WRITTEN.parse().expect("parse");
        change(&mut doc);
        doc.to_string()
    }

    #[test]
    fn set_fields_keeps_comments_and_order() {
        let fields = Fields {
            stage: Some(Stage::Client),
            kind: Some(Kind::Ongoing),
            people: vec![("sponsor".into(), "Dana W".into()), ("stakeholder".into(), "Jim".into())],
            ..Default::default()
        };
        let text = edited(|doc| set_fields(doc, &fields));
        assert!(text.contains("stage = \"client\"     # moves to client when they sign\n"), "{text}");
        assert!(text.contains("sponsor = \"Dana W\"        # prefers mornings\n"), "{text}");
        assert!(text.contains("kind = \"ongoing\"  # ongoing | one-off\n"), "{text}");
        assert!(text.starts_with("# Northwind: keep Dana close.\ncompany = \"Northwind\"   # the parent company\n"));
        let people = text.find("[people]").expect("people");
        assert!(text.find("stakeholder").expect("stakeholder") > people);
        assert!(text.find("[[history]]").expect("history") > text.find("stakeholder").expect("stakeholder"));
    }

    #[test]
    fn events_and_promises_append_as_sections() {
        let text = edited(|doc| {
            add_event(
                doc,
                &NewEvent {
                    date: date(2026, 11, 26),
                    note: Some("made the ask".into()),
                    done: Some(StepRef { situation: "gatekeeper".into(), step: 2 }),
                    diagnosis: None,
                },
            );
            assert_eq!(add_promise(doc, "Send the plan", date(2026, 12, 15), now()), 1);
        });
        assert!(text.starts_with(HAND_WRITTEN), "{text}");
        assert!(
            text.contains("[[history]]\ndate = 2026-11-26\ndone = \"gatekeeper:2\"\nnote = \"made the ask\"\n"),
            "{text}"
        );
        assert!(
            text.contains("[[promise]]\nid = 1\nwhat = \"Send the plan\"\ndue = 2026-12-15\nkept = false\nuid = \""),
            "{text}"
        );
        assert!(text.contains("@mend\"\nmodified = 2026-12-08T09:30:00Z\n"), "{text}");
        let mut doc: DocumentMut = text.parse().expect("reparse");
        let later: Timestamp = "2026-12-09T10:00:00Z".parse().expect("time");
        assert!(close_promise(&mut doc, 1, Close::Kept, later));
        assert!(!close_promise(&mut doc, 2, Close::Kept, later));
        assert!(doc.to_string().contains("kept = true\n"));
        assert!(doc.to_string().ends_with("modified = 2026-12-09T10:00:00Z\nsequence = 1\n"), "{doc}");
        let account = crate::account::schema::parse("x", &doc.to_string(), "x.toml").expect("parses");
        assert_eq!((account.promises[0].sequence, account.promises[0].modified), (1, Some(later)));
    }

    /// A file from before ids: the next write numbers its promises in file order, above any id a
    /// hand-added promise already has, and loses nothing else.
    #[test]
    fn old_promises_get_ids_on_the_next_write() {
        let old = "[[promise]]   # the big one\nwhat = \"Plan\"   # by email\ndue = 2026-12-01\n\n\
                   [[promise]]\nid = 4\nwhat = \"Deck\"\ndue = 2026-12-02\nkept = true\n\n\
                   [[promise]]\nwhat = \"Call\"\ndue = 2026-12-03\n";
        let before = crate::account::schema::parse("x", old, "x.toml").expect("old file reads");
        assert_eq!(before.promises.iter().map(|p| p.id).collect::<Vec<_>>(), [5, 4, 6]);
        let mut doc: DocumentMut = old.parse().expect("parse");
        stamp_promises(&mut doc, &before);
        let text = doc.to_string();
        assert!(text.starts_with("[[promise]]   # the big one\nid = 5\nwhat = \"Plan\"   # by email\n"), "{text}");
        assert!(text.contains("[[promise]]\nid = 6\nwhat = \"Call\""), "{text}");
        let after = crate::account::schema::parse("x", &text, "x.toml").expect("reads");
        assert_eq!(after.promises, before.promises, "the same promises, the same ids and UIDs");
        assert!(close_promise(&mut doc, 6, Close::Dropped, now()));
        assert_eq!(add_promise(&mut doc, "More", date(2026, 12, 4), now()), 7);

        let mut inline: DocumentMut = "promise = [{ what = \"A\", due = 2026-12-01 }]\n".parse().expect("parse");
        let account = crate::account::schema::parse("x", &inline.to_string(), "x.toml").expect("parses");
        stamp_promises(&mut inline, &account);
        assert!(inline
            .to_string()
            .starts_with("promise = [{ id = 1, what = \"A\", due = 2026-12-01 , uid = \"promise-"));
    }

    #[test]
    fn inline_arrays_stay_inline() {
        let mut doc: DocumentMut = "history = [\n  { date = 2026-11-02, note = \"a\" },\n]\n".parse().expect("parse");
        add_event(&mut doc, &NewEvent { date: date(2026, 11, 3), note: Some("b".into()), done: None, diagnosis: None });
        let text = doc.to_string();
        assert!(text.starts_with("history = [\n  { date = 2026-11-02, note = \"a\" },\n  {"), "{text}");
        assert!(crate::account::schema::parse("x", &text, "x.toml").is_ok(), "{text}");
    }
}
