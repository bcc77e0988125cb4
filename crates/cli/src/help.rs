//! Help texts in the reader's language.
//!
//! Each command's `about` and each argument's `help` is looked up in the Fluent catalogs under
//! `cli-<command path>` and `cli-<command path>-<argument id>`, such as `cli-ids-check` and
//! `cli-ids-check-strict`; the English doc comments in `args.rs` stay as the fallback.

use clap::{Command, CommandFactory};
use tongban_i18n::Lang;

use crate::args::Cli;

/// Returns the command tree with help texts in `lang`.
pub fn localized_command(lang: Lang) -> Command {
    localize(Cli::command(), "cli", lang)
}

fn localize(command: Command, key: &str, lang: Lang) -> Command {
    let mut command = command;
    if let Some(about) = lookup(key, lang) {
        command = command.about(about);
    }
    let argument_ids: Vec<String> = command
        .get_arguments()
        .map(|argument| argument.get_id().to_string())
        .collect();
    for id in argument_ids {
        if let Some(help) = lookup(&format!("{key}-{}", id.replace('_', "-")), lang) {
            command = command.mut_arg(id, |argument| argument.help(help));
        }
    }
    let subcommand_names: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_owned())
        .collect();
    for name in subcommand_names {
        let sub_key = format!("{key}-{name}");
        command = command.mut_subcommand(name, |sub| localize(sub, &sub_key, lang));
    }
    command
}

fn lookup(key: &str, lang: Lang) -> Option<String> {
    tongban_i18n::lookup(lang, key)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command and argument of the tree, as the keys `localize` looks up.
    fn keys(command: &Command, key: &str, out: &mut Vec<String>) {
        out.push(key.to_owned());
        for argument in command.get_arguments() {
            out.push(format!(
                "{key}-{}",
                argument.get_id().as_str().replace('_', "-")
            ));
        }
        for sub in command.get_subcommands() {
            keys(sub, &format!("{key}-{}", sub.get_name()), out);
        }
    }

    #[test]
    fn every_command_and_argument_has_help_in_both_languages() {
        let mut all = Vec::new();
        keys(&Cli::command(), "cli", &mut all);
        assert!(all.len() > 20);
        for lang in Lang::ALL {
            let missing: Vec<&String> = all
                .iter()
                .filter(|key| lookup(key, lang).is_none())
                .collect();
            assert!(missing.is_empty(), "help missing in {lang}: {missing:?}");
        }
    }

    #[test]
    fn help_follows_language() {
        let zh = localized_command(Lang::ZhCn).render_help().to_string();
        let en = localized_command(Lang::En).render_help().to_string();
        assert!(zh.contains("一体化在线政务服务平台"), "{zh}");
        assert!(
            en.contains("integrated online government service platform"),
            "{en}"
        );
    }
}
