use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::*;

fn locales_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("locales")
}

/// Message ids defined in the `.ftl` files of one language: lines of the form `id = …`.
fn keys_of(lang: Lang) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    let dir = locales_dir().join(lang.tag());
    for entry in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines() {
            let Some((id, _)) = line.split_once(" =") else {
                continue;
            };
            let is_id = id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
            if is_id {
                keys.insert(id.to_owned());
            }
        }
    }
    keys
}

/// String literals between `start` and `end` in `text`.
fn literals_between(text: &str, start: &str, end: &str) -> Vec<String> {
    let mut literals = Vec::new();
    for (index, _) in text.match_indices(start) {
        let block = &text[index..];
        let block = &block[..block.find(end).unwrap_or(block.len())];
        let mut parts = block.split('"');
        parts.next();
        while let (Some(literal), Some(_)) = (parts.next(), parts.next()) {
            literals.push(literal.to_owned());
        }
    }
    literals
}

/// Keys used in code in any crate of the workspace but this one: `Message::new("…")`, the rule
/// codes that `RuleViolation::rule` returns and the keys `label_key` functions return.
fn keys_in_code() -> BTreeSet<String> {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut keys = BTreeSet::new();
    let mut stack = vec![crates];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if path
                    .file_name()
                    .is_some_and(|name| name != "target" && name != "i18n")
                {
                    stack.push(path);
                }
                continue;
            }
            if path.extension().is_none_or(|extension| extension != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (index, _) in text.match_indices("Message::new(\"") {
                let rest = &text[index + "Message::new(\"".len()..];
                if let Some(end) = rest.find('"') {
                    keys.insert(rest[..end].to_owned());
                }
            }
            keys.extend(literals_between(
                &text,
                "fn rule(&self)",
                "fn message(&self)",
            ));
        }
    }
    keys
}

#[test]
fn both_languages_define_the_same_keys() {
    let zh = keys_of(Lang::ZhCn);
    let en = keys_of(Lang::En);
    let only_zh: Vec<_> = zh.difference(&en).collect();
    let only_en: Vec<_> = en.difference(&zh).collect();
    assert!(only_zh.is_empty(), "missing in en: {only_zh:?}");
    assert!(only_en.is_empty(), "missing in zh-CN: {only_en:?}");
    assert!(zh.len() > 10);
}

#[test]
fn every_key_used_in_code_exists_in_both() {
    let used = keys_in_code();
    assert!(!used.is_empty());
    for lang in Lang::ALL {
        let defined = keys_of(lang);
        let missing: Vec<_> = used.iter().filter(|key| !defined.contains(*key)).collect();
        assert!(missing.is_empty(), "keys missing in {lang}: {missing:?}");
    }
}

#[test]
fn rendering_fills_arguments_without_isolation_marks() {
    let message = Message::new("division-format").arg("input", "12a");
    let zh = message.render(Lang::ZhCn);
    let en = message.render(Lang::En);
    assert!(zh.contains("“12a”"), "{zh}");
    assert!(en.contains("\"12a\""), "{en}");
    assert!(!zh.contains('\u{2068}') && !en.contains('\u{2068}'));
}

#[test]
fn nested_message_renders_in_same_language() {
    let inner = Message::new("division-format").arg("input", "x");
    let outer = Message::new("catalog-reject-region").arg("reason", inner);
    assert!(
        outer
            .render(Lang::ZhCn)
            .contains("行政区划代码应为 6 位数字")
    );
    assert!(
        outer
            .render(Lang::En)
            .contains("A division code has 6 digits")
    );
}

#[test]
fn tags_pick_language() {
    assert_eq!(Lang::from_tag("en-US"), Some(Lang::En));
    assert_eq!(Lang::from_tag("zh_CN.UTF-8"), Some(Lang::ZhCn));
    assert_eq!(Lang::from_tag("zh-Hans"), Some(Lang::ZhCn));
    assert_eq!(Lang::from_tag("fr"), None);
    assert_eq!(Lang::default(), Lang::ZhCn);
}

#[test]
fn unknown_key_renders_as_key() {
    assert_eq!(Message::new("no-such-key").render(Lang::En), "no-such-key");
}
