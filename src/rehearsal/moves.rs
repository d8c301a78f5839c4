//! The moves a reply can make, and how mend hears them in typed words.
//!
//! Each move is one thing the method asks of the rep at a point of the call (COACHING.md 2.2,
//! 2.3, 6.3): ask before assuming, acknowledge what the client said, own the fault, apologise
//! (only once the fault is named), name a concrete next step with a date, hold firm. The lint
//! (the same one typed values get) covers the rest: no "but", no blame, no excuse.
//!
//! Hearing a move in free text is a judgement made from words, and it is kept plain on purpose:
//! phrase lists a coach can read, over the reply lowercased with its apostrophes made straight.
//! A rep who says it another way is told which move mend did not hear, and the debrief quotes
//! the track's wording, so a miss costs a re-read, never a wrong lesson.

use serde::Serialize;

/// One move of the method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Move {
    /// Asked an open question before assuming the cause.
    Ask,
    /// Showed the client they were heard.
    Acknowledge,
    /// Owned the fault in the first person.
    Own,
    /// Said sorry, once the fault was named.
    Apologise,
    /// No "but" (and no "however", "although").
    NoBut,
    /// No blame, excuse, hedge or point-scoring: every other lint family.
    NoBlame,
    /// A concrete next step with a day or date.
    NextStep,
    /// Did not give in (price, scope, or what the line names).
    HoldFirm,
}

impl Move {
    /// The moves a script may list in `needs`, by their names there.
    pub const NEEDED: [Move; 6] =
        [Move::Ask, Move::Acknowledge, Move::Own, Move::Apologise, Move::NextStep, Move::HoldFirm];

    /// The name in a script and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Move::Ask => "ask",
            Move::Acknowledge => "acknowledge",
            Move::Own => "own",
            Move::Apologise => "apologise",
            Move::NoBut => "no-but",
            Move::NoBlame => "no-blame",
            Move::NextStep => "next-step",
            Move::HoldFirm => "hold-firm",
        }
    }

    pub fn parse(name: &str) -> Option<Move> {
        Move::NEEDED.into_iter().chain([Move::NoBut, Move::NoBlame]).find(|m| m.name() == name)
    }

    /// What the move is, in a few words for a list.
    pub fn label(self) -> &'static str {
        match self {
            Move::Ask => "asked before assuming",
            Move::Acknowledge => "acknowledged what they said",
            Move::Own => "owned the fault",
            Move::Apologise => "apologised",
            Move::NoBut => "no \"but\"",
            Move::NoBlame => "no blame or excuse",
            Move::NextStep => "a next step with a date",
            Move::HoldFirm => "held firm",
        }
    }

    /// What to do on the real call when this move was missed.
    pub fn advice(self) -> &'static str {
        match self {
            Move::Ask => "Ask one open question (what, how) before you explain anything, and let them answer in full.",
            Move::Acknowledge => "Before your point, say back what you heard in their words, so they know it landed.",
            Move::Own => "Say \"that's on me\" in the first person, whoever else was involved.",
            Move::Apologise => {
                "Say sorry once, plainly, after the fault is named, and not before: an early apology sounds like a script."
            }
            Move::NoBut => "Join the two halves with \"and\": a \"but\" cancels what came before it.",
            Move::NoBlame => {
                "Drop hedges, reasons that point elsewhere and reproaches: no \"to be honest\", no supplier, no \"I've emailed you three times\"."
            }
            Move::NextStep => "End each answer on what you will do and by when: a day, not \"soon\".",
            Move::HoldFirm => {
                "Decide before the call what you will not give; keep it, and change the shape instead of the price."
            }
        }
    }
}

/// The reply made plain for matching: lowercase, straight apostrophes, single spaces, padded with
/// a space at each end so a phrase can be matched as whole words (`" on me "`).
pub fn normalise(reply: &str) -> String {
    let lower = reply.to_lowercase().replace(['\u{2019}', '\u{2018}', '`'], "'");
    let mut spaced = String::with_capacity(lower.len() + 2);
    for c in lower.chars() {
        match c {
            '%' => spaced.push_str(" % "),
            c if c.is_alphanumeric() || c == '\'' => spaced.push(c),
            _ => spaced.push(' '),
        }
    }
    format!(" {} ", spaced.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// True when `plain` (from [`normalise`]) holds `phrase` as whole words.
fn has(plain: &str, phrase: &str) -> bool {
    plain.contains(&format!(" {} ", normalise(phrase).trim()))
}

fn any(plain: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|p| has(plain, p))
}

/// Words that open or carry an open question.
const OPEN: &[&str] = &["what", "what's", "how", "why", "which", "who", "where", "when", "anything", "more to it"];
/// Asking without a question mark.
const ASKING: &[&str] = &[
    "tell me",
    "help me understand",
    "walk me through",
    "i'd like to hear",
    "i want to hear",
    "i'd like to understand",
    "i want to understand",
    "i'd like to know",
    "i want to know",
];
/// Telling the client what they think instead of asking.
const ASSUMING: &[&str] = &[
    "i know why",
    "i know what you",
    "i'm sure you",
    "i assume",
    "i guess you",
    "obviously you",
    "you must be",
    "clearly you",
];

/// Whether the reply asks an open question and does not presume the answer.
pub fn asks(reply: &str) -> Result<(), &'static str> {
    let plain = normalise(reply);
    if any(&plain, ASSUMING) {
        return Err("it tells them what they think before asking");
    }
    let question = reply.split_inclusive(['.', '!', '?']).filter(|s| s.trim_end().ends_with('?')).any(|s| {
        let s = normalise(s);
        OPEN.iter().any(|w| has(&s, w))
    });
    if question || any(&plain, ASKING) {
        Ok(())
    } else {
        Err("no open question (what, how, tell me) to hear their side first")
    }
}

const ACKNOWLEDGING: &[&str] = &[
    "i hear",
    "i heard",
    "i understand",
    "i get it",
    "i get that",
    "i can see",
    "i see why",
    "i see that",
    "you're right",
    "you are right",
    "that's fair",
    "fair enough",
    "fair point",
    "that makes sense",
    "makes sense",
    "understood",
    "thank you for telling",
    "thanks for telling",
    "thank you for being",
    "thanks for being",
    "thank you for saying",
    "thanks for saying",
    "thank you for raising",
    "thanks for raising",
    "i'm glad you told",
    "i'm glad you said",
    "glad you raised",
    "i appreciate you",
    "you've been clear",
    "that's a lot",
    "that sounds",
    "it sounds like",
    "sounds like",
    "i know this",
    "i know that",
    "i know you",
    "noted",
];

/// Whether the reply shows the client was heard: a phrase that says so, or one of the words of
/// their line it echoes (`heard`).
pub fn acknowledges(reply: &str, heard: &[String]) -> Result<(), &'static str> {
    let plain = normalise(reply);
    if any(&plain, ACKNOWLEDGING) || heard.iter().any(|w| has(&plain, w)) {
        Ok(())
    } else {
        Err("nothing in it shows you heard what they said")
    }
}

const OWNING: &[&str] = &[
    "my fault",
    "our fault",
    "on me",
    "on us",
    "i should have",
    "we should have",
    "i shouldn't have",
    "we shouldn't have",
    "i got it wrong",
    "we got it wrong",
    "i got that wrong",
    "we got that wrong",
    "i let you down",
    "we let you down",
    "i take responsibility",
    "we take responsibility",
    "i take full responsibility",
    "i'm responsible",
    "we're responsible",
    "my responsibility",
    "our responsibility",
    "that's mine",
    "i own",
    "we own",
    "my mistake",
    "our mistake",
    "i missed",
    "we missed",
    "i failed",
    "we failed",
    "i didn't",
    "we didn't",
    "i made a promise",
    "i promised",
    "we promised",
    "my promise",
    "i was wrong",
    "we were wrong",
    "i messed up",
    "we messed up",
    "i dropped",
    "we dropped",
    "we fell short",
    "i fell short",
    "we did a poor job",
    "we did a bad job",
    "we haven't",
    "i haven't",
    "we broke",
    "i broke",
    "we weren't good enough",
    "it wasn't good enough",
];

/// Pushing the fault away in words the lint leaves to context: in a reply to a client who just
/// named a fault, they can only mean "not us".
const DISOWNING: &[&str] = &[
    "not my fault",
    "not our fault",
    "not really my fault",
    "not really our fault",
    "wasn't my fault",
    "wasn't our fault",
    "not on me",
    "not on us",
    "wasn't on us",
    "wasn't us",
    "wasn't me",
    "not down to us",
    "nothing to do with us",
    "nothing to do with me",
    "out of our hands",
    "out of my hands",
    "beyond our control",
    "beyond my control",
    "technically",
    "in our defence",
    "in my defence",
    "to be fair to us",
    "nobody could have",
    "no one could have",
    "couldn't have known",
    "could not have known",
    "couldn't have seen",
    "could not have seen",
];
/// Holding the client's silence or slowness against them: a grievance the rep brings to a call
/// that is meant to find out what went wrong (COACHING.md 6.6).
const REPROACHING: &[&str] = &[
    "i've emailed you",
    "i emailed you",
    "i've called you",
    "i called you several",
    "i've been trying to reach you",
    "been trying to reach you",
    "been chasing",
    "you haven't replied",
    "you haven't answered",
    "you never replied",
    "you never got back",
    "you didn't reply",
    "you didn't get back",
    "heard nothing back",
    "heard nothing from you",
    "no reply from you",
    "you've been ignoring",
    "you went quiet on us",
    "left me hanging",
];
/// Who "it was" when a rep says it was someone else.
const OTHERS: &[&str] = &[
    "courier",
    "supplier",
    "vendor",
    "carrier",
    "system",
    "partner",
    "warehouse",
    "factory",
    "contractor",
    "subcontractor",
    "freelancer",
    "developer",
    "developers",
    "tool",
    "software",
    "weather",
    "strike",
];

/// What a reply that pushes the fault away says, and why it costs trust.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disowned {
    /// The phrase as a person writes it ("I've emailed you").
    pub phrase: String,
    /// It holds the client's silence against them (else: it pushes the fault away).
    pub reproach: bool,
}

impl Disowned {
    pub fn why(&self) -> String {
        if self.reproach {
            format!("“{}” holds their silence against them", self.phrase)
        } else {
            format!("“{}” pushes the fault away from you", self.phrase)
        }
    }
}

/// A phrase of the lists, written as a person would: `I` in capitals, the first letter too.
fn written(phrase: &str) -> String {
    let words: Vec<String> = phrase
        .split(' ')
        .map(|w| if w == "i" || w.starts_with("i'") { format!("I{}", &w[1..]) } else { w.to_string() })
        .collect();
    let text = words.join(" ");
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// The disowning or reproaching phrase in the reply, if any.
pub fn disowns(reply: &str) -> Option<Disowned> {
    let plain = normalise(reply);
    if let Some(p) = REPROACHING.iter().find(|p| has(&plain, p)) {
        return Some(Disowned { phrase: written(p), reproach: true });
    }
    if let Some(p) = DISOWNING.iter().find(|p| has(&plain, p)) {
        return Some(Disowned { phrase: written(p), reproach: false });
    }
    for lead in
        ["it was the", "it was your", "it was our", "that was the", "that was your", "blame the", "fault of the"]
    {
        for other in OTHERS {
            let phrase = format!("{lead} {other}");
            if has(&plain, &phrase) {
                return Some(Disowned { phrase: written(&phrase), reproach: false });
            }
        }
    }
    None
}

/// Whether the reply owns the fault in the first person (and does not push it away too).
pub fn owns(reply: &str) -> Result<(), &'static str> {
    if disowns(reply).is_some() {
        return Err("it pushes the fault away");
    }
    if any(&normalise(reply), OWNING) {
        Ok(())
    } else {
        Err("no first-person ownership (\"that's on me\", \"I should have\")")
    }
}

const APOLOGY: &[&str] = &["sorry", "apologise", "apologize", "apologies", "i apologise", "i apologize"];

/// Whether the reply says sorry (a non-apology, "sorry you feel", is the lint's to catch).
pub fn apologises(reply: &str) -> bool {
    any(&normalise(reply), APOLOGY)
}

pub fn apology(reply: &str) -> Result<(), &'static str> {
    if apologises(reply) {
        Ok(())
    } else {
        Err("no apology for the fault they named")
    }
}

const DAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "tomorrow",
    "today",
    "tonight",
    "this afternoon",
    "this morning",
    "this evening",
    "end of day",
    "end of the day",
    "end of today",
    "next week",
    "this week",
    "next month",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "noon",
    "midday",
    "lunchtime",
];
const COUNTS: &[&str] = &["a", "one", "two", "three", "four", "five", "six", "seven", "48", "24"];
const SPANS: &[&str] = &["day", "days", "week", "weeks", "hours", "working days", "business days"];
const COMMITTING: &[&str] = &[
    "i'll",
    "i will",
    "we'll",
    "we will",
    "let's",
    "let us",
    "can we",
    "could we",
    "shall we",
    "i can",
    "we can",
    "i'm going to",
    "we're going to",
    "i am going to",
    "would you",
    "i'd like to",
    "how about",
    "i'll have",
    "you'll have",
    "you will have",
    "i propose",
    "i suggest",
    "are you free",
    "does",
    "do you have",
    "i'm booking",
    "i've booked",
    "book",
    "send",
    "call you",
    "meet",
    "we'd",
    "you'd",
    "we could",
    "i could",
    "you'll",
    "can i",
    "put in a call",
    "pencil in",
    "what if",
    "shall i",
    "should we",
    "why don't we",
];

/// Whether `plain` (from [`normalise`]) names a day, a date or a time.
fn has_date(plain: &str) -> bool {
    if any(plain, DAYS) {
        return true;
    }
    let words: Vec<&str> = plain.split_whitespace().collect();
    let timed = words.iter().any(|w| {
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &w[digits.len()..];
        !digits.is_empty()
            && digits.chars().all(|c| c.is_ascii_digit())
            && (["st", "nd", "rd", "th", "am", "pm", "h"].contains(&suffix)
                || (suffix.is_empty() && digits.parse::<u32>().is_ok_and(|n| (1..=31).contains(&n) || n >= 2020)))
    });
    let within = words.windows(3).any(|w| {
        ["in", "within"].contains(&w[0])
            && COUNTS.contains(&w[1])
            && SPANS.iter().any(|s| s.split(' ').next() == Some(w[2]))
    });
    timed || within
}

/// Whether the reply ends on something the rep will do, with a day or date.
pub fn next_step(reply: &str) -> Result<(), &'static str> {
    let plain = normalise(reply);
    match (has_date(&plain), any(&plain, COMMITTING)) {
        (true, true) => Ok(()),
        (false, _) => Err("no day or date to hold you to"),
        (true, false) => Err("a date, and nothing you will do by it"),
    }
}

/// Giving in on price, the default of `hold-firm`.
pub const PRICE_YIELDS: &[&str] = &[
    "discount",
    "lower the price",
    "lower our price",
    "lower my price",
    "cut the price",
    "cut our price",
    "drop the price",
    "drop our price",
    "reduce the price",
    "reduce our price",
    "bring the price down",
    "knock",
    "match their",
    "match that",
    "match the price",
    "% off",
    "percent off",
    "per cent off",
    "for free",
    "free of charge",
    "at no charge",
    "no charge",
    "waive",
    "cheaper",
    "meet you on price",
    "meet you halfway",
    "split the difference",
];

/// Whether the reply holds firm: none of `yields` (the line's own, else [`PRICE_YIELDS`]).
pub fn holds_firm(reply: &str, yields: &[String]) -> Result<(), &'static str> {
    let plain = normalise(reply);
    let gave = if yields.is_empty() { any(&plain, PRICE_YIELDS) } else { yields.iter().any(|y| has(&plain, y)) };
    if gave {
        Err("it gives in where the stance is to hold firm")
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_open_question_asks_and_a_presumption_does_not() {
        assert!(asks("Can you tell me what went wrong from your side?").is_ok());
        assert!(asks("Help me understand where it started.").is_ok());
        assert!(asks("Does Thursday work?").is_err(), "a closed question is not asking their side");
        assert!(asks("I know why you're upset. What can I do?").is_err());
        assert!(asks("We'll fix it.").is_err());
    }

    #[test]
    fn acknowledging_by_phrase_or_by_their_words() {
        assert!(acknowledges("You're right, it was late.", &[]).is_ok());
        assert!(acknowledges("Twice in a month is too much.", &["twice".into()]).is_ok());
        assert!(acknowledges("Let me explain the process.", &["twice".into()]).is_err());
        assert!(acknowledges("That's on me.", &["twice".into()]).is_err(), "`twice` is a whole word, not `that`");
    }

    #[test]
    fn owning_is_first_person() {
        assert!(owns("That’s on me.").is_ok(), "a curly apostrophe counts");
        assert!(owns("I should have called you sooner.").is_ok());
        assert!(owns("The courier lost it.").is_err());
        assert!(owns("Someone on my team missed it.").is_err());
        assert!(owns("That's not on me.").is_err(), "a denial is not ownership");
        assert_eq!(disowns("Well, it was the courier.").map(|d| d.phrase), Some("It was the courier".into()));
        assert_eq!(disowns("It's not really our fault.").map(|d| d.reproach), Some(false));
        assert_eq!(disowns("That's on me."), None);
        let reproach = disowns("I've emailed you three times and heard nothing back.").expect("a reproach");
        assert_eq!(reproach.why(), "“I've emailed you” holds their silence against them");
    }

    #[test]
    fn a_next_step_needs_a_date_and_a_commitment() {
        assert!(next_step("I'll send the new plan by Thursday.").is_ok());
        assert!(next_step("Can we meet on the 14th at 10am?").is_ok());
        assert!(next_step("I'll have it to you within two days.").is_ok());
        assert!(next_step("I'll sort it soon.").is_err());
        assert!(next_step("It slipped to March.").is_err());
    }

    #[test]
    fn holding_firm_by_default_is_on_price() {
        assert!(holds_firm("We can give you a 10% discount.", &[]).is_err());
        assert!(holds_firm("The rate stays; we can phase the work.", &[]).is_ok());
        assert!(holds_firm("I'll go to Marcus myself.", &["go to marcus".into()]).is_err());
        assert!(holds_firm("I'll ask you first.", &["go to marcus".into()]).is_ok());
    }

    #[test]
    fn every_needed_move_parses_by_name() {
        for m in Move::NEEDED {
            assert_eq!(Move::parse(m.name()), Some(m));
        }
        assert_eq!(Move::parse("grovel"), None);
    }
}
