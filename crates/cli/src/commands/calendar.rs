//! `tongban calendar`: working days and time limits.

use serde_json::json;
use tongban_domain::calendar::WorkCalendar;
use tongban_i18n::{Lang, Message};

use crate::args::{CalendarCommand, DaysArgs, DeadlineArgs, GlobalArgs};
use crate::output::{self, Outcome};

pub fn run(global: &GlobalArgs, lang: Lang, command: CalendarCommand) -> Outcome {
    match command {
        CalendarCommand::Deadline(args) => deadline(global, lang, &args),
        CalendarCommand::Days(args) => days(global, lang, &args),
    }
}

fn load_calendar(global: &GlobalArgs, lang: Lang, json: bool) -> Result<WorkCalendar, Outcome> {
    let data = super::reference_data(global, lang, json)?;
    data.calendar()
        .map_err(|error| output::data_error(&error, lang, json))
}

fn deadline(global: &GlobalArgs, lang: Lang, args: &DeadlineArgs) -> Outcome {
    let calendar = match load_calendar(global, lang, args.json) {
        Ok(calendar) => calendar,
        Err(outcome) => return outcome,
    };

    let due = match calendar.add_working_days(args.from, args.working_days) {
        Ok(due) => due,
        Err(error) => return output::data_error(&error, lang, args.json),
    };

    if args.json {
        output::print_json(&json!({
            "from": args.from.to_string(),
            "working_days": args.working_days,
            "deadline": due.to_string(),
            "calendar_revision": calendar.revision(),
        }));
    } else {
        let message = Message::new("cli-out-deadline")
            .arg("from", args.from.to_string())
            .arg("days", args.working_days)
            .arg("deadline", due.to_string());
        println!("{}", message.render(lang));
    }
    Outcome::Valid
}

fn days(global: &GlobalArgs, lang: Lang, args: &DaysArgs) -> Outcome {
    let calendar = match load_calendar(global, lang, args.json) {
        Ok(calendar) => calendar,
        Err(outcome) => return outcome,
    };

    let count = match calendar.working_days_in_year(args.year) {
        Ok(count) => count,
        Err(error) => return output::data_error(&error, lang, args.json),
    };

    if args.json {
        output::print_json(&json!({ "year": args.year, "working_days": count }));
    } else {
        let message = Message::new("cli-out-days")
            .arg("year", args.year.to_string())
            .arg("count", count);
        println!("{}", message.render(lang));
    }
    Outcome::Valid
}
