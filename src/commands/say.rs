//! `mend say TRACK`: render one talk-track with the client's names filled in.

use crate::config::SayConfig;
use crate::error::{Error, Outcome};
use crate::library::Library;
use crate::sheet::track::render_track;
use crate::terminal::prompt::TerminalAsker;
use crate::values::Asker;
use crate::{format, interview, output, terminal};

pub fn run(config: SayConfig, library: &Library) -> Result<Outcome, Error> {
    let index = library.track_index()?;
    let track = library.track(&index, &config.track)?;
    let script = library.script()?;
    let flags = if config.answers.is_empty() { Vec::new() } else { interview::given_flags(&script, &config.answers)? };
    let mut terminal = TerminalAsker::new(config.prompts);
    let asker = config.interactive.then_some(&mut terminal as &mut dyn Asker);
    let rendered = render_track(&track, &config.values, asker, &flags)?;
    if !config.interactive {
        terminal::warn_values(&rendered.warnings, &[]);
    }
    terminal::note_unanswered(&interview::unanswered_conditions(&script, &track.flags, &config.answers));
    let text = format::render(&rendered, config.output.format, config.output.text)?;
    output::emit(config.output.path.as_deref(), config.output.force, &text)?;
    Ok(Outcome::Clean)
}
