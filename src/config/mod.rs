//! The checked configuration: what the rest of mend sees instead of raw flags.
//!
//! Everything that can be wrong about the invocation (a library directory that is not there, a
//! malformed `--set`, an unreadable `--vars` file) is caught here, before any command runs, and the
//! environment is read once into [`Environment`] (by [`crate::terminal::environment`]) so
//! commands never consult it directly. Input files (`--vars`, `--answers`) are read and parsed
//! here, in one place, into the layers of the [`ValueStore`].

pub mod account;
pub mod rehearse;

use crate::cli::{self, BookFormat, Cli, ColorChoice, CommandArgs, GraphFormat, LintFormat, ListFormat};
use crate::content::origin::Source;
use crate::error::Error;
use crate::format::{Format, TextStyle};
use crate::library::{self, Layer, LayerSource, Library};
use crate::values::answers::{AnswersFile, GivenAnswers};
use crate::values::{self, ValueSource, ValueStore};
use std::path::PathBuf;

/// What mend needs to know about the process it runs in.
#[derive(Debug, Clone, Default)]
pub struct Environment {
    pub vars: Vec<(String, String)>,
    pub stdin_tty: bool,
    pub stdout_tty: bool,
    pub stderr_tty: bool,
    pub terminal_width: Option<usize>,
}

impl Environment {
    /// The variables outside `MEND_*` that mend reads.
    pub const READ: &'static [&'static str] =
        &["NO_COLOR", "TERM", "XDG_CONFIG_HOME", "HOME", "XDG_DATA_HOME", "VISUAL", "EDITOR"];

    pub fn var(&self, name: &str) -> Option<&str> {
        self.vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty())
    }

    /// True when a person can answer prompts: stdin and stderr are terminals.
    pub fn interactive(&self) -> bool {
        self.stdin_tty && self.stderr_tty
    }
}

/// Where a command's output goes, and how it is laid out.
#[derive(Debug, Clone)]
pub struct Output {
    pub path: Option<PathBuf>,
    pub force: bool,
    pub format: Format,
    pub text: TextStyle,
}

/// How prompts look: they write to stderr, so their colour follows `--color`, `NO_COLOR` and
/// whether stderr is a terminal; with `TERM=dumb` they never move the cursor.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PromptStyle {
    pub color: bool,
    pub dumb: bool,
}

#[derive(Debug)]
pub struct SayConfig {
    pub track: String,
    pub values: ValueStore,
    /// `--answer` pairs for the track's conditional words, repeated ids accumulated.
    pub answers: GivenAnswers,
    pub interactive: bool,
    pub prompts: PromptStyle,
    pub output: Output,
}

#[derive(Debug)]
pub struct DiagnoseConfig {
    /// The answers file's answers, then `--answer` flags (a flag replaces the file's answer;
    /// repeated flags add values).
    pub answers: GivenAnswers,
    /// The answers file's `[values]`.
    pub values: ValueStore,
    pub interactive: bool,
    /// `--no-input`: a missing before-call value is an error, not a blank.
    pub strict: bool,
    pub prompts: PromptStyle,
    /// `--account`: what the interview need not ask, and where the verdict is recorded.
    pub account: Option<account::AccountLink>,
    pub list_questions: bool,
    pub verbose: bool,
    pub output: Output,
    /// Today, for the sheet's dated plan (`MEND_TODAY` or the machine's date).
    pub today: account::Today,
}

#[derive(Debug)]
pub struct BookConfig {
    /// Situation ids to include; empty means the whole library.
    pub situations: Vec<String>,
    /// HTML or Markdown (`BookFormat` allows no other), and where it goes.
    pub output: Output,
}

#[derive(Debug)]
pub struct LintConfig {
    pub files: Vec<PathBuf>,
    pub format: LintFormat,
    pub fix: bool,
    pub diff: bool,
    pub allow: Vec<String>,
    pub lossy: bool,
    pub color: bool,
}

/// A checked command. Built once per run and moved into its command, so the size of its largest
/// variant (the diagnose request, with its account and values) costs nothing worth a box.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum Command {
    Diagnose(DiagnoseConfig),
    Say(SayConfig),
    Book(BookConfig),
    List {
        situation: Option<String>,
        format: ListFormat,
    },
    Check {
        dirs: Vec<PathBuf>,
    },
    Lint(LintConfig),
    Graph {
        format: GraphFormat,
    },
    Account(account::Place, account::AccountConfig),
    Log(account::Place, account::LogConfig),
    Promise(account::Place, account::PromiseConfig),
    Next(account::Place, account::NextConfig),
    Rehearse(rehearse::RehearseConfig),
    Paths,
    Completions {
        shell: clap_complete::Shell,
    },
    Man,
    /// `mend` with no command and no terminal: print short help, exit 2.
    ShortHelp,
}

/// The whole checked configuration.
#[derive(Debug)]
pub struct Config {
    pub library: Library,
    pub command: Command,
    /// Whether stdout gets ANSI styling.
    pub color: bool,
    /// The accounts directory, when HOME or a flag or `MEND_ACCOUNTS` names one.
    pub accounts: Option<crate::account::Store>,
}

impl Config {
    pub fn from_cli(cli: Cli, env: &Environment) -> Result<Config, Error> {
        let color = match cli.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => env.stdout_tty && env.var("NO_COLOR").is_none() && env.var("TERM") != Some("dumb"),
        };
        let dumb = env.var("TERM") == Some("dumb");
        let prompts = PromptStyle {
            color: match cli.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => env.stderr_tty && env.var("NO_COLOR").is_none() && !dumb,
            },
            dumb,
        };
        // `mend paths` must show a missing directory, not fail on it.
        let library = if matches!(cli.command, Some(CommandArgs::Paths)) {
            Library::new(layers_for_display(&cli.library, env))
        } else {
            Library::new(layers(&cli.library, env)?)
        };
        let output = |o: cli::OutputArgs, format: Format| -> Result<Output, Error> {
            let width = match o.width {
                Some(0) => return Err(Error::usage("`--width` must be at least 1")),
                Some(w) => w,
                None => env.terminal_width.map_or(80, |w| w.clamp(20, 100)),
            };
            Ok(Output {
                // `-` is standard output, as for every input.
                path: o.out.filter(|p| p.as_os_str() != "-"),
                force: o.force,
                format,
                text: TextStyle { width, color: color && format == Format::Text },
            })
        };
        let accounts = account::store(cli.accounts, env);
        let place = || account::place(accounts.clone(), env);
        let command = match cli.command {
            None if env.interactive() => Command::Diagnose(DiagnoseConfig {
                answers: Vec::new(),
                values: ValueStore::counting_from(account::today(env)?),
                interactive: true,
                strict: false,
                prompts,
                account: None,
                list_questions: false,
                verbose: false,
                output: output(cli::OutputArgs::default(), Format::Text)?,
                today: account::today(env)?,
            }),
            None => Command::ShortHelp,
            Some(CommandArgs::Say(a)) => {
                let mut given = ValueStore::counting_from(account::today(env)?);
                given.add(ValueSource::Env, "environment", values::from_env(env.vars.iter().cloned()));
                if let Some(name) = a.account {
                    account::AccountLink::load(name, accounts.clone(), env, false)?.fill(&mut given);
                }
                if let Some(path) = a.vars {
                    let source = read_input(path, "--vars")?;
                    given.add(ValueSource::VarsFile, source.origin.to_string(), values::parse_vars_file(&source)?);
                }
                let flags = a
                    .set
                    .iter()
                    .map(|s| values::parse_pair(s, "--set", "KEY", "write it as `--set client=Dana`"))
                    .collect::<Result<_, _>>()?;
                given.add(ValueSource::Flag, "--set", flags);
                Command::Say(SayConfig {
                    track: a.track,
                    values: given,
                    answers: answer_flags(&a.answer, Vec::new())?,
                    interactive: !a.no_input && env.interactive(),
                    prompts,
                    output: output(a.output, a.format)?,
                })
            }
            Some(CommandArgs::Diagnose(a)) => {
                let file = match a.answers {
                    Some(path) => AnswersFile::parse(&read_input(path, "--answers")?)?,
                    None => AnswersFile::default(),
                };
                let answers = answer_flags(&a.answer, file.answers)?;
                let mut values = ValueStore::counting_from(account::today(env)?);
                if !file.values.is_empty() {
                    values.add(ValueSource::AnswersFile, file.via, file.values);
                }
                let account = match a.account {
                    Some(name) => Some(account::AccountLink::load(name, accounts.clone(), env, !a.no_record)?),
                    None => None,
                };
                if let Some(link) = &account {
                    link.fill(&mut values);
                }
                Command::Diagnose(DiagnoseConfig {
                    answers,
                    values,
                    interactive: !a.no_input && env.interactive(),
                    strict: a.no_input,
                    prompts,
                    account,
                    list_questions: a.questions,
                    verbose: a.verbose,
                    output: output(a.output, a.format)?,
                    today: account::today(env)?,
                })
            }
            Some(CommandArgs::Book(a)) => {
                let mut situations: Vec<String> = Vec::new();
                for id in a.situation {
                    if !situations.contains(&id) {
                        situations.push(id);
                    }
                }
                let format = match a.format {
                    BookFormat::Html => Format::Html,
                    BookFormat::Markdown => Format::Markdown,
                };
                let args = cli::OutputArgs { out: a.out, force: a.force, width: None };
                Command::Book(BookConfig { situations, output: output(args, format)? })
            }
            Some(CommandArgs::List(a)) => Command::List { situation: a.situation, format: a.format },
            Some(CommandArgs::Check(a)) => {
                for dir in &a.dirs {
                    check_dir(dir, "mend check")?;
                }
                Command::Check { dirs: a.dirs }
            }
            Some(CommandArgs::Lint(a)) => Command::Lint(LintConfig {
                files: a.files,
                format: a.format,
                fix: a.fix,
                diff: a.diff,
                allow: a.allow,
                lossy: a.lossy,
                color,
            }),
            Some(CommandArgs::Graph(a)) => Command::Graph { format: a.format },
            Some(CommandArgs::Account(a)) => Command::Account(place()?, account::account(a, env, color, prompts)?),
            Some(CommandArgs::Log(a)) => Command::Log(place()?, account::log(a)?),
            Some(CommandArgs::Promise(a)) => {
                let place = place()?;
                let promise = account::promise(a, &place)?;
                Command::Promise(place, promise)
            }
            Some(CommandArgs::Next(a)) => Command::Next(place()?, account::next(a)),
            Some(CommandArgs::Rehearse(a)) => {
                Command::Rehearse(rehearse::config(a, env, accounts.clone(), prompts, color)?)
            }
            Some(CommandArgs::Paths) => Command::Paths,
            Some(CommandArgs::Completions { shell }) => Command::Completions { shell },
            Some(CommandArgs::Man) => Command::Man,
        };
        Ok(Config { library, command, color, accounts })
    }
}

/// Reads a file named by a flag, naming the flag when it fails.
/// Adds `--answer ID=VALUE` flags to the answers of a file: a flag replaces the file's answer to
/// the same question, and a repeated flag adds a value (several ticks of a multiple choice; a
/// single choice given twice is refused when the answers are checked).
fn answer_flags(args: &[String], mut answers: GivenAnswers) -> Result<GivenAnswers, Error> {
    let mut from_flags: Vec<String> = Vec::new();
    for arg in args {
        let (id, value) = values::parse_pair(
            arg,
            "--answer",
            "ID",
            "write it as `--answer symptom=gone-dark`; `mend diagnose --questions` lists them",
        )?;
        if from_flags.contains(&id) {
            if let Some((_, values)) = answers.iter_mut().find(|(k, _)| *k == id) {
                values.push(value);
            }
        } else {
            answers.retain(|(k, _)| *k != id);
            answers.push((id.clone(), vec![value]));
            from_flags.push(id);
        }
    }
    Ok(answers)
}

pub(crate) fn read_input(path: PathBuf, flag: &str) -> Result<Source, Error> {
    if path.is_dir() {
        return Err(Error::usage(format!("{flag} `{}` is a directory, not a file", path.display())));
    }
    Source::read(path)
}

/// `ELOOP`: too many levels of symbolic links.
const ELOOP: i32 = if cfg!(any(target_os = "linux", target_os = "android")) { 40 } else { 62 };

/// A library directory named explicitly must exist and be a directory.
fn check_dir(dir: &std::path::Path, via: &str) -> Result<(), Error> {
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => std::fs::read_dir(dir)
            .map(|_| ())
            .map_err(|e| Error::io(format!("cannot read library directory `{}` (from {via})", dir.display()), e)),
        Ok(_) => Err(Error::usage(format!("library `{}` (from {via}) is a file, not a directory", dir.display()))),
        Err(e) if e.raw_os_error() == Some(ELOOP) => Err(Error::usage_hint(
            format!("library directory `{}` (from {via}) is a symlink loop", dir.display()),
            Some("point the symlink at a real directory".into()),
        )),
        Err(_) if dir.is_symlink() => Err(Error::usage_hint(
            format!("library directory `{}` (from {via}) is a broken symlink", dir.display()),
            Some("point the symlink at a real directory".into()),
        )),
        Err(_) => Err(Error::usage_hint(
            format!("library directory `{}` (from {via}) does not exist", dir.display()),
            Some("check the path, or run `mend paths` to see every layer".into()),
        )),
    }
}

/// The library layers in priority order: built-in, user, `MEND_LIBRARY`, `--library`. A directory
/// named explicitly (env or flag) must exist; the user's default one may be missing.
fn layers(flags: &[PathBuf], env: &Environment) -> Result<Vec<Layer>, Error> {
    let layers = layers_for_display(flags, env);
    for layer in &layers {
        let via = match layer.source {
            LayerSource::Env => "MEND_LIBRARY",
            LayerSource::Flag => "--library",
            LayerSource::Builtin | LayerSource::UserConfig { .. } => continue,
        };
        if let Some(dir) = &layer.root {
            check_dir(dir, via)?;
        }
    }
    Ok(layers)
}

/// The layers to show in `mend paths`, without failing on missing directories.
pub fn layers_for_display(flags: &[PathBuf], env: &Environment) -> Vec<Layer> {
    let mut layers = vec![Layer::builtin()];
    if let Some(user) =
        library::user_layer(env.var("XDG_CONFIG_HOME").map(PathBuf::from), env.var("HOME").map(PathBuf::from))
    {
        layers.push(user);
    }
    if let Some(list) = env.var("MEND_LIBRARY") {
        layers.extend(
            std::env::split_paths(list)
                .filter(|p| !p.as_os_str().is_empty())
                .map(|d| Layer { source: LayerSource::Env, root: Some(d) }),
        );
    }
    layers.extend(flags.iter().map(|d| Layer { source: LayerSource::Flag, root: Some(d.clone()) }));
    layers
}
