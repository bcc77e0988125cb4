//! `tongban registry seed`: fills the population registry of a ministry node with generated
//! people.

use serde_json::json;
use tongban_i18n::{Lang, Message};
use tongban_services::data_sharing::population;

use super::passage::{connect, load_config};
use crate::args::{GlobalArgs, RegistryCommand, RegistrySeedArgs};
use crate::output::{self, Outcome};

pub fn run(global: &GlobalArgs, lang: Lang, command: RegistryCommand) -> Outcome {
    match command {
        RegistryCommand::Seed(args) => seed(global, lang, &args),
    }
}

fn seed(global: &GlobalArgs, lang: Lang, args: &RegistrySeedArgs) -> Outcome {
    let config = match load_config(&args.config, lang, args.json) {
        Ok(config) => config,
        Err(outcome) => return outcome,
    };
    let data = match super::reference_data(global, lang, args.json) {
        Ok(data) => data,
        Err(outcome) => return outcome,
    };
    let divisions = match data.divisions() {
        Ok(divisions) => divisions,
        Err(error) => return output::data_error(&error, lang, args.json),
    };
    let added = super::block_on(lang, args.json, async {
        let people = population::generate_people(&divisions, args.count, args.seed)?;
        let store = connect(&config).await?;
        let added = population::seed_registry(&store, &people).await;
        store.pool().close().await;
        Ok((added?, people.len()))
    });
    let (added, generated) = match added {
        Ok(counts) => counts,
        Err(outcome) => return outcome,
    };
    if args.json {
        output::print_json(&json!({ "generated": generated, "added": added }));
    } else {
        let message = Message::new("cli-out-registry-seeded")
            .arg("added", added.to_string())
            .arg("generated", generated.to_string());
        println!("{}", message.render(lang));
    }
    Outcome::Valid
}
