//! The situations mend diagnoses, with the ordered steps the method prescribes for each.
//!
//! They live in `talk-tracks/situations.toml` rather than in Rust so that a coach can reword a
//! step or add a situation without a release; a team library may add or replace situations too.

use super::origin::Source;
use crate::diagnostic::Diagnostic;
use serde::{Deserialize, Serialize};

/// File name of the situations table inside a library layer.
pub const FILE: &str = "situations.toml";

/// One step of a situation, in the order the rep should take them.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub title: String,
    pub detail: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tracks: Vec<String>,
    /// The step fits only the paths where this holds on the interview's answers (the incumbent's
    /// record only for a client): elsewhere the sheet shows it ruled out, never hedged ("if you
    /// are the incumbent"). Same form as a question's `when`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<crate::interview::script::Condition>,
    /// Steps (1-based) whose being done puts this one behind the rep even if it was never done:
    /// finding the sponsor's reason is what the honest ask does, so once the honest ask is made
    /// a reason still unknown is not a rung to be sent back to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub passed_with: Vec<usize>,
    /// Only taken when the account's go-around view allows it (the ladder's top rung).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub last_resort: bool,
    /// A dated sequence for taking this step, shown when it is the step to take now (the
    /// gatekeeper's top rung): each action by a number of working days from today.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plan: Vec<PlanAction>,
    /// What never to say while taking this step, shown with its plan.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub never_say: Vec<String>,
}

/// One action of a step's dated plan. Data, so a coach can change the order or the days
/// without a release; the sheet turns `day` into a date from today.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PlanAction {
    /// Working days (Monday to Friday) from today; 0 is today.
    pub day: u32,
    pub action: String,
}

/// What is really going on in a stuck relationship.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Situation {
    pub id: String,
    pub title: String,
    pub description: String,
    /// Steps are rungs: climb one at a time, never skip (the gatekeeper ladder).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ladder: bool,
    #[serde(default, rename = "step")]
    pub steps: Vec<Step>,
    /// The one question to put to the client that would confirm this situation against its
    /// neighbours (content format v2, section 5). `mend check` requires it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ask: Option<String>,
    /// A sharper question against one specific other situation: `other-id = "question"`.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub versus: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SituationsFile {
    #[serde(default)]
    situation: Vec<Situation>,
}

/// Parses one `situations.toml`.
pub fn parse(source: &Source) -> Result<Vec<Situation>, Diagnostic> {
    let file: SituationsFile = toml::from_str(&source.text)
        .map_err(|e| Diagnostic::from_toml(&e, &source.origin.to_string(), &source.text, 1))?;
    Ok(file.situation)
}

/// Merges layers: a later layer replaces a situation with the same id and appends new ones.
pub fn merge(layers: Vec<Vec<Situation>>) -> Vec<Situation> {
    let mut all: Vec<Situation> = Vec::new();
    for layer in layers {
        for s in layer {
            match all.iter_mut().find(|e| e.id == s.id) {
                Some(existing) => *existing = s,
                None => all.push(s),
            }
        }
    }
    all
}
