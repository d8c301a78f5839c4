//! Golden files: `honest-ask` rendered in every format, read by a human when they change.
//! Regenerate with `UPDATE_GOLDEN=1 cargo test golden` and read the diff before committing.

use crate::harness::{diff, mend};

const VALUES: [&str; 8] = [
    "--set",
    "sponsor=Priya",
    "--set",
    "stakeholder=Marcus O'Brien",
    "--set",
    "company=AT&T",
    "--set",
    "result=rolling this out across all six warehouses",
];

#[test]
fn honest_ask_matches_its_golden_files() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    for (format, ext) in [("text", "txt"), ("markdown", "md"), ("html", "html"), ("json", "json")] {
        let mut args = vec!["say", "honest-ask", "--format", format, "--width", "80"];
        args.extend(VALUES);
        let actual = mend(args).success().stdout;
        let path = dir.join(format!("honest-ask.{ext}"));
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&path, &actual).expect("write golden");
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(expected == actual, "{} differs:\n{}", path.display(), diff(&expected, &actual));
    }
}
