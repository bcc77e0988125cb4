//! `tongban calendar`: working days and time limits.

use serde_json::json;
use tongban_domain::calendar::WorkCalendar;
use tongban_i18n::{Lang, Message};
use tongban_refdata::read_schedule_file;
use tongban_services::calendar as calendar_service;
use tongban_services::cases::replace_schedule_and_recompute;
use tongban_store::Store;

use crate::args::{CalendarCommand, DaysArgs, DeadlineArgs, GlobalArgs, ReplaceArgs};
use crate::output::{self, Outcome};

pub fn run(global: &GlobalArgs, lang: Lang, command: CalendarCommand) -> Outcome {
    match command {
        CalendarCommand::Deadline(args) => deadline(global, lang, &args),
        CalendarCommand::Days(args) => days(global, lang, &args),
        CalendarCommand::Replace(args) => replace(global, lang, &args),
    }
}

/// The published calendar, with the schedules replaced in `database_url` applied when given.
fn load_calendar(
    global: &GlobalArgs,
    lang: Lang,
    database_url: Option<&str>,
    json: bool,
) -> Result<WorkCalendar, Outcome> {
    let data = super::reference_data(global, lang, json)?;
    let published = data
        .calendar()
        .map_err(|error| output::data_error(&error, lang, json))?;
    let Some(url) = database_url else {
        return Ok(published);
    };
    super::block_on(lang, json, async {
        let store = Store::connect(url).await?;
        Ok(calendar_service::effective_calendar(&store, published).await?)
    })
}

fn deadline(global: &GlobalArgs, lang: Lang, args: &DeadlineArgs) -> Outcome {
    let calendar = match load_calendar(global, lang, args.database_url.as_deref(), args.json) {
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
    let calendar = match load_calendar(global, lang, args.database_url.as_deref(), args.json) {
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

/// Stores the schedule, then recomputes the due dates of every open case in the database on
/// the calendar that results, so stored deadlines follow the revision.
fn replace(global: &GlobalArgs, lang: Lang, args: &ReplaceArgs) -> Outcome {
    if args.reason.trim().is_empty() {
        eprintln!("{}", Message::new("cli-out-reason-required").render(lang));
        return Outcome::UsageOrDataError;
    }
    let schedule = match read_schedule_file(&args.file, args.year) {
        Ok(schedule) => schedule,
        Err(error) => return output::data_error(&error, lang, args.json),
    };
    let published = match super::reference_data(global, lang, args.json).and_then(|data| {
        data.calendar()
            .map_err(|error| output::data_error(&error, lang, args.json))
    }) {
        Ok(calendar) => calendar,
        Err(outcome) => return outcome,
    };
    let actor = args.actor.clone().unwrap_or_else(super::default_actor);

    let replaced = super::block_on(lang, args.json, async {
        super::prepare_sqlite_folder(&args.database_url);
        let store = Store::connect(&args.database_url).await?;
        let replaced = replace_schedule_and_recompute(
            &store,
            published,
            &schedule,
            &actor,
            args.reason.trim(),
        )
        .await?;
        store.pool().close().await;
        Ok(replaced)
    });
    let (revision, report) = match replaced {
        Ok(replaced) => replaced,
        Err(outcome) => return outcome,
    };

    if args.json {
        output::print_json(&json!({
            "year": args.year,
            "revision": revision,
            "days": schedule.days().count(),
            "actor": actor,
            "recomputed": {
                "checked": report.checked,
                "updated": report.updated,
                "skipped": report.skipped,
            },
        }));
    } else {
        let replaced = Message::new("cli-out-schedule-replaced")
            .arg("year", args.year.to_string())
            .arg("revision", revision);
        let recomputed = Message::new("cli-out-deadlines-recomputed")
            .arg("checked", report.checked)
            .arg("updated", report.updated.len())
            .arg("skipped", report.skipped.len());
        println!("{}", replaced.render(lang));
        println!("{}", recomputed.render(lang));
    }
    Outcome::Valid
}
