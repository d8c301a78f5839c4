//! `mend book`: the team playbook, the whole library (or some situations) as one printable
//! document in HTML or Markdown.

use crate::config::BookConfig;
use crate::error::{Error, Outcome};
use crate::library::Library;
use crate::sheet::playbook;
use crate::{diagnostic, format, output};

pub fn run(config: BookConfig, library: &Library) -> Result<Outcome, Error> {
    let all = library.situations()?;
    for id in &config.situations {
        if !all.iter().any(|s| &s.id == id) {
            let ids: Vec<&str> = all.iter().map(|s| s.id.as_str()).collect();
            return Err(Error::usage_hint(
                format!("there is no situation `{id}`"),
                Some(diagnostic::did_you_mean_or_list(id, &ids)),
            ));
        }
    }
    // Library order, whatever order the flags came in; each situation once.
    let chosen: Vec<_> =
        all.iter().filter(|s| config.situations.is_empty() || config.situations.contains(&s.id)).collect();
    let script = library.script()?;
    let index = library.track_index()?;
    let mut tracks = Vec::new();
    for name in index.names() {
        let track = library.track(&index, name)?;
        if config.situations.is_empty() || config.situations.contains(&track.front.situation) {
            tracks.push(track);
        }
    }
    let book = playbook::build(&all, &chosen, &script, &tracks, config.situations.is_empty())?;
    let text = format::render(&book, config.output.format, config.output.text)?;
    output::emit(config.output.path.as_deref(), config.output.force, &text)?;
    Ok(Outcome::Clean)
}
