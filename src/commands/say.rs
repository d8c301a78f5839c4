//! `mend say TRACK`: render one talk-track with the client's names filled in.

use crate::config::{Output, SayConfig};
use crate::error::{Error, Outcome};
use crate::format::{self, Format};
use crate::library::Library;
use crate::rendered_track::RenderedTrack;
use crate::talk_track::{is_valid_name, TalkTrack};
use crate::values::ValueSource;
use crate::{output, prompt};

pub fn run(config: SayConfig, library: &Library) -> Result<Outcome, Error> {
    let index = library.track_index()?;
    if !is_valid_name(&config.track) {
        return Err(crate::library::unknown_track(&config.track, &index));
    }
    let track = library.track(&index, &config.track)?;
    let declared: Vec<(&str, Option<&str>)> =
        track.front.variables.iter().map(|v| (v.name.as_str(), v.default.as_deref())).collect();
    let mut resolved = config.values.resolve(&declared, &format!("track `{}`", track.name))?;
    // Defaults count as given when nobody can be asked; on a terminal they are offered instead.
    if config.interactive {
        let asked: Vec<String> = track
            .front
            .variables
            .iter()
            .filter(|v| {
                resolved.missing.contains(&v.name) || resolved.sources.get(&v.name) == Some(&ValueSource::Default)
            })
            .map(|v| v.name.clone())
            .collect();
        for name in asked {
            if let Some(var) = track.variable(&name) {
                let value = prompt::ask_variable(var)?;
                resolved.values.insert(name.clone(), value);
                resolved.sources.insert(name, ValueSource::Prompt);
            }
        }
        resolved.missing.clear();
    }
    if !resolved.missing.is_empty() {
        return Err(missing_values(&track, &resolved.missing));
    }
    let rendered = RenderedTrack::render(&track, &resolved.values, resolved.sources)?;
    let text = render_output(&rendered, &config.output)?;
    output::emit(config.output.path.as_deref(), config.output.force, &text)?;
    Ok(Outcome::Clean)
}

/// Formats a rendered track in the chosen format.
pub fn render_output(rendered: &RenderedTrack, output: &Output) -> Result<String, Error> {
    Ok(match output.format {
        Format::Text => format::text::render(&rendered.document(), output.text),
        Format::Markdown => format::markdown::render(&rendered.document()),
        Format::Html => format::html::render(&rendered.document()),
        Format::Json => to_json(rendered)?,
    })
}

pub fn to_json<T: serde::Serialize>(value: &T) -> Result<String, Error> {
    // Sized for a prep sheet up front: growing by doubling copied it four times.
    let mut out = Vec::with_capacity(16 * 1024);
    serde_json::to_writer_pretty(&mut out, value).map_err(|e| Error::usage(format!("cannot encode JSON: {e}")))?;
    out.push(b'\n');
    String::from_utf8(out).map(crate::printable::json).map_err(|e| Error::usage(format!("cannot encode JSON: {e}")))
}

/// The exit-2 message naming every missing variable and how to supply it.
fn missing_values(track: &TalkTrack, missing: &[String]) -> Error {
    let mut message = format!("track `{}` needs values that were not given:", track.name);
    for name in missing {
        let prompt = track.variable(name).map(|v| v.prompt.as_str()).unwrap_or_default();
        let example = track.variable(name).and_then(|v| v.example.as_deref()).unwrap_or("...");
        message.push_str(&format!(
            "\n  `{name}`: {prompt}  (--set {name}={example:?} or MEND_VAR_{}=...)",
            name.to_ascii_uppercase()
        ));
    }
    Error::Missing(format!("{message}\nrun on a terminal without `--no-input` to be asked for them"))
}
