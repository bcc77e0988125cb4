//! Time limits of a case as a table of due dates with their flags, named in words so the flag
//! never rests on colour alone.

use chrono::NaiveDate;
use tongban_domain::calendar::WorkCalendar;
use tongban_domain::case::{CaseStatus, DeadlineFlag};
use tongban_i18n::{Lang, Message};
use tongban_services::cases::{self, CaseRecord, Deadline, Deadlines};

/// Returns the time limits of `case` on `today`. When counting the days left reaches a year
/// the calendar does not cover, the stored due dates are shown without a flag and the gap is
/// logged, so one case does not take a whole list down.
pub(crate) fn case_deadlines(
    case: &CaseRecord,
    calendar: &WorkCalendar,
    today: NaiveDate,
) -> Deadlines {
    match cases::deadlines(case, calendar, today) {
        Ok(deadlines) => deadlines,
        Err(error) => {
            tracing::warn!(case = %case.id, %error, "deadline flags not computed");
            let unflagged = |days: Option<u32>, due| {
                days.map(|working_days| Deadline {
                    working_days,
                    due,
                    flag: DeadlineFlag::Green,
                })
            };
            Deadlines {
                statutory: unflagged(case.statutory_days, case.statutory_due),
                promised: unflagged(case.promised_days, case.promised_due),
                flag: DeadlineFlag::Green,
                clock_stopped: case.status == CaseStatus::SpecialProcedure,
                pending_schedule_year: None,
            }
        }
    }
}

/// A deadline flag: its CSS class and its name.
#[derive(Debug, Clone)]
pub(crate) struct FlagView {
    /// `flag flag-green`, `flag flag-yellow` or `flag flag-red`.
    pub class: &'static str,
    /// The flag's name in the page's language, such as "overdue (red)".
    pub label: String,
}

impl FlagView {
    /// Returns the view of `flag`.
    pub(crate) fn new(flag: DeadlineFlag, lang: Lang) -> FlagView {
        FlagView {
            class: match flag {
                DeadlineFlag::Green => "flag flag-green",
                DeadlineFlag::Yellow => "flag flag-yellow",
                DeadlineFlag::Red => "flag flag-red",
            },
            label: Message::new(flag.label_key()).render(lang),
        }
    }
}

/// One time limit of a case.
#[derive(Debug, Clone)]
pub(crate) struct DeadlineRow {
    /// Statutory or promised.
    pub label: String,
    /// The limit, such as "20 working days".
    pub limit: String,
    /// The due date, or why there is none yet.
    pub due: String,
    /// Its flag.
    pub flag: FlagView,
}

/// The time limits of a case.
#[derive(Debug, Clone)]
pub(crate) struct DeadlinesView {
    /// One row per limit the case has.
    pub rows: Vec<DeadlineRow>,
    /// The worse flag of the limits.
    pub flag: FlagView,
    /// The reason the clock is stopped, while it is.
    pub note: Option<String>,
}

impl DeadlinesView {
    /// Returns the view of `deadlines`, the time limits of `case`.
    pub(crate) fn new(case: &CaseRecord, deadlines: &Deadlines, lang: Lang) -> DeadlinesView {
        let mut rows = Vec::new();
        for (key, deadline) in [
            ("case-page-limit-statutory", deadlines.statutory),
            ("case-page-limit-promised", deadlines.promised),
        ] {
            if let Some(deadline) = deadline {
                rows.push(row(
                    key,
                    &deadline,
                    case,
                    deadlines.pending_schedule_year,
                    lang,
                ));
            }
        }
        let note = match case.status {
            CaseStatus::CorrectionRequested => Some("case-page-clock-correction"),
            CaseStatus::SpecialProcedure => Some("case-page-clock-special-procedure"),
            _ => None,
        };
        DeadlinesView {
            rows,
            flag: FlagView::new(deadlines.flag, lang),
            note: note.map(|key| Message::new(key).render(lang)),
        }
    }
}

fn row(
    key: &'static str,
    deadline: &Deadline,
    case: &CaseRecord,
    pending_year: Option<i32>,
    lang: Lang,
) -> DeadlineRow {
    let due = match deadline.due {
        Some(day) => day.to_string(),
        None if pending_year.is_some() => Message::new("case-page-due-pending-schedule")
            .arg(
                "year",
                pending_year
                    .map(|year| year.to_string())
                    .unwrap_or_default(),
            )
            .render(lang),
        None if case.status.suspends_clock() => {
            Message::new("case-page-due-clock-stopped").render(lang)
        }
        None if case.accepted_on.is_none() => {
            Message::new("case-page-due-after-acceptance").render(lang)
        }
        None => "—".to_owned(),
    };
    DeadlineRow {
        label: Message::new(key).render(lang),
        limit: Message::new("case-page-working-days")
            .arg("days", deadline.working_days)
            .render(lang),
        due,
        flag: FlagView::new(deadline.flag, lang),
    }
}
