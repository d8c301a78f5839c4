//! `mend book`: the team playbook, the whole library (or some situations) as one printable
//! document in HTML or Markdown.

use crate::config::BookConfig;
use crate::error::{Error, Outcome};
use crate::format;
use crate::library::Library;
use crate::{diagnostic, output, playbook};

pub fn run(config: BookConfig, library: &Library) -> Result<Outcome, Error> {
    let all = library.situations()?;
    for id in &config.situations {
        if !all.iter().any(|s| &s.id == id) {
            return Err(Error::usage_hint(
                format!("there is no situation `{id}`"),
                diagnostic::did_you_mean(id, all.iter().map(|s| s.id.as_str())).or_else(|| {
                    Some(format!("situations: {}", all.iter().map(|s| s.id.as_str()).collect::<Vec<_>>().join(", ")))
                }),
            ));
        }
    }
    // Library order, whatever order the flags came in; each situation once.
    let chosen: Vec<_> =
        all.iter().filter(|s| config.situations.is_empty() || config.situations.contains(&s.id)).collect();
    let (script, _) = crate::commands::diagnose::load_script(library)?;
    let index = library.track_index()?;
    let mut tracks = Vec::new();
    for name in index.names() {
        let track = library.track(&index, name)?;
        if config.situations.is_empty() || config.situations.contains(&track.front.situation) {
            tracks.push(track);
        }
    }
    let doc = playbook::build(&chosen, &script, &tracks, config.situations.is_empty())?;
    let text = match config.format {
        crate::cli::BookFormat::Html => format::html::render(&doc),
        crate::cli::BookFormat::Markdown => format::markdown::render(&doc),
    };
    output::emit(config.out.as_deref(), config.force, &text)?;
    Ok(Outcome::Clean)
}
