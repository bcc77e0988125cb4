//! Checks that every message a template looks up with `chrome.t("…")` exists in both
//! languages. The i18n crate's own test finds keys in Rust code only, and a missing key would
//! show its name on the page.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Returns the `crates` folder of the workspace.
fn crates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Message ids defined in the `.ftl` files of `tag`: lines of the form `id = …`.
fn defined_keys(tag: &str) -> BTreeSet<String> {
    let dir = crates_dir().join("i18n/locales").join(tag);
    let mut keys = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines() {
            if let Some((id, _)) = line.split_once(" =")
                && id.starts_with(|c: char| c.is_ascii_lowercase())
                && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            {
                keys.insert(id.to_owned());
            }
        }
    }
    keys
}

/// Keys looked up as `t("…")` in the templates of every crate.
fn template_keys() -> BTreeSet<(String, String)> {
    let mut keys = BTreeSet::new();
    for crate_entry in std::fs::read_dir(crates_dir()).unwrap() {
        let templates = crate_entry.unwrap().path().join("templates");
        let Ok(files) = std::fs::read_dir(&templates) else {
            continue;
        };
        for file in files {
            let path = file.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            for (index, _) in text.match_indices(".t(\"") {
                let rest = &text[index + 4..];
                if let Some(end) = rest.find('"') {
                    keys.insert((rest[..end].to_owned(), path.display().to_string()));
                }
            }
        }
    }
    keys
}

#[test]
fn template_keys_exist_in_both_languages() {
    let used = template_keys();
    assert!(used.len() > 20, "found only {} keys", used.len());
    for tag in ["zh-CN", "en"] {
        let defined = defined_keys(tag);
        let missing: Vec<_> = used
            .iter()
            .filter(|(key, _)| !defined.contains(key))
            .collect();
        assert!(missing.is_empty(), "keys missing in {tag}: {missing:?}");
    }
}
