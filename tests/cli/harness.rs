//! Runs the real `mend` binary in a temp dir with the user's environment cleared.
//!
//! HOME and XDG dirs point into the temp dir, and NO_COLOR, TERM and every MEND_* variable are
//! removed, so nothing from the developer's own setup can leak into a test.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub struct Mend {
    pub dir: tempfile::TempDir,
    args: Vec<String>,
    env: Vec<(String, String)>,
    stdin: Option<String>,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    #[track_caller]
    pub fn success(self) -> Self {
        assert_eq!(self.code, 0, "expected success\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }

    #[track_caller]
    pub fn code(self, code: i32) -> Self {
        assert_eq!(self.code, code, "expected exit {code}\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }

    #[track_caller]
    pub fn stderr_has(self, needle: &str) -> Self {
        assert!(self.stderr.contains(needle), "stderr lacks {needle:?}:\n{}", self.stderr);
        self
    }

    #[track_caller]
    pub fn stdout_has(self, needle: &str) -> Self {
        assert!(self.stdout.contains(needle), "stdout lacks {needle:?}:\n{}", self.stdout);
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", self.stdout))
    }
}

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_mend"))
}

/// A clean command for `bin` with HOME/XDG in `home`.
pub fn clean_command(home: &Path) -> Command {
    let mut cmd = Command::new(bin());
    cmd.current_dir(home);
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy().to_string();
        if key.starts_with("MEND_")
            || key.starts_with("XDG_")
            || ["NO_COLOR", "TERM", "CLICOLOR", "CLICOLOR_FORCE", "COLUMNS"].contains(&key.as_str())
        {
            cmd.env_remove(&key);
        }
    }
    cmd.env("HOME", home).env("XDG_CONFIG_HOME", home.join(".config"));
    cmd
}

impl Default for Mend {
    fn default() -> Self {
        Self::new()
    }
}

impl Mend {
    pub fn new() -> Self {
        Mend {
            dir: tempfile::tempdir().expect("tempdir"),
            args: Vec::new(),
            env: Vec::new(),
            stdin: Some(String::new()),
        }
    }

    pub fn args<I: IntoIterator<Item = S>, S: Into<String>>(mut self, args: I) -> Self {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.into(), value.into()));
        self
    }

    pub fn stdin(mut self, text: &str) -> Self {
        self.stdin = Some(text.into());
        self
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes a file under the temp dir, creating parents.
    pub fn file(self, rel: &str, content: &str) -> Self {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(path, content).expect("write");
        self
    }

    /// Runs with these arguments instead of the stored ones, keeping the temp dir.
    pub fn run_with(&self, args: &[&str]) -> Run {
        self.run_args(args.iter().map(|a| a.to_string()).collect())
    }

    /// Runs with these arguments and these extra variables, keeping the temp dir.
    pub fn run_with_env(&self, env: &[(&str, &str)], args: &[&str]) -> Run {
        self.run_full(args.iter().map(|a| a.to_string()).collect(), env)
    }

    pub fn run(&self) -> Run {
        self.run_args(self.args.clone())
    }

    fn run_args(&self, args: Vec<String>) -> Run {
        self.run_full(args, &[])
    }

    fn run_full(&self, args: Vec<String>, extra: &[(&str, &str)]) -> Run {
        let mut cmd = clean_command(self.dir.path());
        cmd.args(&args);
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        for (k, v) in extra {
            cmd.env(k, v);
        }
        cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("spawn mend");
        if let Some(input) = &self.stdin {
            use std::io::Write;
            let mut stdin = child.stdin.take().expect("stdin");
            let _ = stdin.write_all(input.as_bytes());
        }
        let out = child.wait_with_output().expect("wait");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// `mend ARGS...` in a fresh temp dir.
pub fn mend<I: IntoIterator<Item = S>, S: Into<String>>(args: I) -> Run {
    Mend::new().args(args).run()
}

/// A readable line diff for golden-file failures.
pub fn diff(expected: &str, actual: &str) -> String {
    let mut out = String::new();
    let (e, a): (Vec<_>, Vec<_>) = (expected.lines().collect(), actual.lines().collect());
    for i in 0..e.len().max(a.len()) {
        match (e.get(i), a.get(i)) {
            (Some(x), Some(y)) if x == y => {}
            (x, y) => out.push_str(&format!(
                "line {}:\n  - {}\n  + {}\n",
                i + 1,
                x.unwrap_or(&"<none>"),
                y.unwrap_or(&"<none>")
            )),
        }
    }
    out
}
