//! `tongban registry seed` fills the population registry of a ministry node with generated
//! people, and `tongban registry list` shows some of them.

use serde_json::json;
use tongban_i18n::{Lang, Message};
use tongban_services::data_sharing::population;
use tongban_store::data_sharing::population as population_store;

use super::passage::{connect, load_config};
use crate::args::{GlobalArgs, RegistryCommand, RegistryListArgs, RegistrySeedArgs};
use crate::output::{self, Outcome};

pub fn run(global: &GlobalArgs, lang: Lang, command: RegistryCommand) -> Outcome {
    match command {
        RegistryCommand::Seed(args) => seed(global, lang, &args),
        RegistryCommand::List(args) => list(lang, &args),
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

fn list(lang: Lang, args: &RegistryListArgs) -> Outcome {
    let config = match load_config(&args.config, lang, args.json) {
        Ok(config) => config,
        Err(outcome) => return outcome,
    };
    let people = super::block_on(lang, args.json, async {
        let store = connect(&config).await?;
        let people = population_store::list_people(store.pool(), i64::from(args.limit)).await;
        store.pool().close().await;
        Ok(people?)
    });
    let people = match people {
        Ok(people) => people,
        Err(outcome) => return outcome,
    };

    if args.json {
        let rows: Vec<_> = people
            .iter()
            .map(|person| {
                json!({
                    "resident_id": person.resident_id,
                    "name": person.name,
                    "birth_date": person.birth_date,
                    "sex": person.sex,
                    "household_division": person.household_division,
                })
            })
            .collect();
        output::print_json(&json!({ "people": rows }));
        return Outcome::Valid;
    }
    if people.is_empty() {
        println!("{}", Message::new("cli-out-registry-empty").render(lang));
    }
    for person in &people {
        println!(
            "{}  {}  {}  {}",
            person.resident_id, person.name, person.birth_date, person.household_division
        );
    }
    Outcome::Valid
}
