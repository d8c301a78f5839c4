//! The answers file of `mend diagnose --answers FILE.toml`: answers to the interview's questions
//! (`id = "value"`, `id = true`, `id = ["a", "b"]`), plus an optional `[values]` table of
//! talk-track values that becomes the answers-file layer of the [`ValueStore`](super::ValueStore).

use super::string_table;
use crate::content::origin::Source;
use crate::diagnostic::{Diagnostic, Locator};
use crate::error::Error;

/// Answers as (question id, values), in file order.
pub type GivenAnswers = Vec<(String, Vec<String>)>;

/// A parsed answers file.
#[derive(Debug, Clone, Default)]
pub struct AnswersFile {
    /// The file, as named in messages.
    pub via: String,
    pub answers: GivenAnswers,
    /// The `[values]` table, in key order.
    pub values: Vec<(String, String)>,
}

impl AnswersFile {
    pub fn parse(source: &Source) -> Result<AnswersFile, Error> {
        let file = source.origin.to_string();
        let table: toml::Table = toml::from_str(&source.text)
            .map_err(|e| Error::Invalid(vec![Diagnostic::from_toml(&e, &file, &source.text, 1)]))?;
        let locator = Locator::new(&file, &source.text);
        let mut parsed = AnswersFile { via: file.clone(), ..AnswersFile::default() };
        let mut problems = Vec::new();
        for (key, value) in table {
            match value {
                toml::Value::String(s) => parsed.answers.push((key, vec![s])),
                toml::Value::Boolean(b) => parsed.answers.push((key, vec![if b { "yes" } else { "no" }.to_string()])),
                toml::Value::Array(items) if items.iter().all(|i| i.is_str()) => {
                    parsed.answers.push((key, items.iter().filter_map(|i| i.as_str().map(str::to_string)).collect()))
                }
                toml::Value::Table(t) if key == "values" => {
                    parsed.values = string_table(t, &locator, "values.", &mut problems);
                }
                other => problems.push(locator.error_at_mention(
                    &key,
                    format!("`{key}` must be a string or a list of strings, found {}", other.type_str()),
                )),
            }
        }
        if problems.is_empty() {
            Ok(parsed)
        } else {
            Err(Error::Invalid(problems))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::origin::Origin;

    fn parse(text: &str) -> Result<AnswersFile, Error> {
        AnswersFile::parse(&Source { origin: Origin::File("a.toml".into()), text: text.to_string().into() })
    }

    #[test]
    fn answers_and_values() {
        let a = parse("symptom = \"gone-dark\"\nasked = true\ntried = [\"a\", \"b\"]\n[values]\ngoal = \"calm\"\n")
            .expect("parses");
        assert_eq!(a.answers[0], ("asked".to_string(), vec!["yes".to_string()]));
        assert_eq!(a.answers.len(), 3);
        assert_eq!(a.values, [("goal".to_string(), "calm".to_string())]);
    }

    #[test]
    fn wrong_types_are_located() {
        let err = parse("symptom = 3\n[values]\ngoal = 1\n").expect_err("wrong types");
        let text = err.to_string();
        assert!(text.contains("a.toml:1:1: `symptom` must be a string or a list of strings"), "{text}");
        assert!(text.contains("a.toml:3:1: `values.goal` must be a string, found integer"), "{text}");
    }
}
