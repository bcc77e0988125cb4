//! Deemed acceptance and due dates that follow a revised holiday schedule.

use chrono::Datelike;
use tongban_domain::calendar::{DayKind, YearSchedule};
use tongban_domain::case::{Action, CaseStatus};
use tongban_services::cases::{self, ActorKind, StepDetails, Viewer};
use tongban_testkit::each_backend;

use super::support::{applicant, calendar, date, energy_clerks, node, step, submitted_energy_case};

#[tokio::test]
async fn silence_for_five_working_days_accepts() {
    for database in each_backend().await {
        let node = node(&database).await;
        let backend = node.backend;
        let person = applicant(20);
        let clerks = energy_clerks();
        // Friday before the National Day holiday: the window runs over 09-28 (an adjusted
        // Sunday), 09-29, 09-30, 10-09 and ends on 10-10.
        let silent = submitted_energy_case(&node, "2025-09-26", &person).await;
        let corrected = submitted_energy_case(&node, "2025-09-26", &person).await;
        let details = StepDetails {
            correction_items: vec!["节能报告未盖章".to_owned()],
            ..StepDetails::default()
        };
        cases::act(
            &node.on("2025-09-29"),
            &corrected.id,
            &clerks.intake,
            Action::RequestCorrection,
            Some("材料不齐"),
            details,
        )
        .await
        .unwrap();
        let recent = submitted_energy_case(&node, "2025-10-09", &person).await;

        let calendar = calendar();
        let early =
            cases::accept_overdue_applications(node.store(), &calendar, date("2025-10-10"), None)
                .await
                .unwrap();
        assert!(
            early.is_empty(),
            "{backend}: the window ends on 10-10: {early:?}"
        );

        let accepted =
            cases::accept_overdue_applications(node.store(), &calendar, date("2025-10-11"), None)
                .await
                .unwrap();
        assert_eq!(accepted, [silent.id.as_str()], "{backend}");
        let case = cases::find_applicant_case(node.store(), &person, &silent.id)
            .await
            .unwrap();
        assert_eq!(case.status, CaseStatus::Accepted, "{backend}");
        assert_eq!(
            case.accepted_on,
            Some(date("2025-09-26")),
            "{backend}: accepted from receipt"
        );
        assert_eq!(case.statutory_due, Some(date("2025-10-30")), "{backend}");

        let history = cases::case_history(node.store(), Viewer::Applicant(&person), &silent.id)
            .await
            .unwrap();
        let event = &history.last().unwrap().event;
        assert_eq!(event.actor_kind, ActorKind::System, "{backend}");
        assert_eq!(event.action, "accept", "{backend}");
        assert!(
            event.reason.as_deref().unwrap().contains("第三十二条"),
            "{backend}"
        );
        assert_eq!(
            event.details.as_ref().unwrap()["correction_notice_due"],
            "2025-10-10",
            "{backend}"
        );

        let still = cases::find_applicant_case(node.store(), &person, &recent.id)
            .await
            .unwrap();
        assert_eq!(still.status, CaseStatus::Submitted, "{backend}");
        let again =
            cases::accept_overdue_applications(node.store(), &calendar, date("2025-10-11"), None)
                .await
                .unwrap();
        assert!(again.is_empty(), "{backend}: {again:?}");
    }
}

#[tokio::test]
async fn revised_schedule_moves_stored_due_dates() {
    for database in each_backend().await {
        let node = node(&database).await;
        let backend = node.backend;
        let person = applicant(21);
        let clerks = energy_clerks();
        let case = submitted_energy_case(&node, "2025-11-03", &person).await;
        let case = step(
            &node,
            "2025-11-03",
            &case,
            &clerks.intake,
            Action::Accept,
            None,
        )
        .await;
        assert_eq!(case.statutory_due, Some(date("2025-12-01")), "{backend}");
        assert_eq!(case.promised_due, Some(date("2025-11-10")), "{backend}");
        let untouched = submitted_energy_case(&node, "2025-11-03", &person).await;

        // A revision that gives Monday 11-17 off.
        let published = calendar();
        let current = published.schedule(2025).unwrap();
        let mut days: Vec<(chrono::NaiveDate, DayKind)> = current.days().collect();
        days.push((date("2025-11-17"), DayKind::Off));
        let revised = YearSchedule::new(2025, days, "test revision").unwrap();
        assert_eq!(date("2025-11-17").weekday(), chrono::Weekday::Mon);

        let (revision, report) = cases::replace_schedule_and_recompute(
            node.store(),
            (*published).clone(),
            &revised,
            "operator:test",
            "国务院办公厅调整安排",
        )
        .await
        .unwrap();
        assert_eq!(revision, 1, "{backend}");
        assert_eq!(
            report.checked, 1,
            "{backend}: only accepted cases have due dates"
        );
        assert_eq!(report.updated, [case.id.as_str()], "{backend}");

        let moved = cases::find_applicant_case(node.store(), &person, &case.id)
            .await
            .unwrap();
        assert_eq!(moved.statutory_due, Some(date("2025-12-02")), "{backend}");
        assert_eq!(
            moved.promised_due,
            Some(date("2025-11-10")),
            "{backend}: before 11-17"
        );
        assert_eq!(moved.version, case.version + 1, "{backend}");
        let history = cases::case_history(node.store(), Viewer::Applicant(&person), &case.id)
            .await
            .unwrap();
        let event = &history.last().unwrap().event;
        assert_eq!(event.action, "recompute_deadlines", "{backend}");
        assert_eq!(event.actor_kind, ActorKind::System, "{backend}");
        assert_eq!(
            event.details.as_ref().unwrap()["statutory_due"]["to"],
            "2025-12-02",
            "{backend}"
        );

        let waiting = cases::find_applicant_case(node.store(), &person, &untouched.id)
            .await
            .unwrap();
        assert_eq!(waiting.version, untouched.version, "{backend}");

        // Recomputing on the same calendar changes nothing more.
        let effective =
            tongban_services::calendar::effective_calendar(node.store(), (*published).clone())
                .await
                .unwrap();
        let report = cases::recompute_deadlines(node.store(), &effective)
            .await
            .unwrap();
        assert!(report.updated.is_empty(), "{backend}: {report:?}");
    }
}

#[tokio::test]
async fn due_dates_wait_for_a_missing_year_schedule() {
    for database in each_backend().await {
        let node = node(&database).await;
        let backend = node.backend;
        let person = applicant(22);
        let clerks = energy_clerks();
        // Accepted on 2026-12-14: 20 working days reach into 2027, which has no schedule.
        let case = submitted_energy_case(&node, "2026-12-14", &person).await;
        let case = step(
            &node,
            "2026-12-14",
            &case,
            &clerks.intake,
            Action::Accept,
            None,
        )
        .await;
        assert_eq!(
            case.status,
            CaseStatus::Accepted,
            "{backend}: acceptance is not blocked"
        );
        assert_eq!(case.statutory_due, None, "{backend}: no guessed date");
        assert_eq!(
            case.promised_due,
            Some(date("2026-12-21")),
            "{backend}: 5 days stay in 2026"
        );
        let published = calendar();
        let deadlines = cases::deadlines(&case, &published, date("2026-12-15")).unwrap();
        assert_eq!(deadlines.pending_schedule_year, Some(2027), "{backend}");

        // Once the 2027 schedule is loaded, recomputing fills the date in.
        let schedule_2027 =
            YearSchedule::new(2027, [(date("2027-01-01"), DayKind::Off)], "test 2027").unwrap();
        let (_, report) = cases::replace_schedule_and_recompute(
            node.store(),
            (*published).clone(),
            &schedule_2027,
            "operator:test",
            "2027 notice",
        )
        .await
        .unwrap();
        assert_eq!(report.updated, [case.id.as_str()], "{backend}");
        let filled = cases::find_applicant_case(node.store(), &person, &case.id)
            .await
            .unwrap();
        // From 12-14: 12-15..12-31 give 13 working days, then 01-04..01-12 the other 7.
        assert_eq!(filled.statutory_due, Some(date("2027-01-12")), "{backend}");
    }
}
