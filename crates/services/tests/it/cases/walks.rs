//! Whole cases from draft to end: approval, denial, correction, special procedure and
//! withdrawal.

use tongban_domain::case::{Action, CaseStatus, DeadlineFlag, StepAction, TransitionError};
use tongban_domain::ids::{CaseNumber, InputMode};
use tongban_services::cases::{
    self, ActorKind, CaseError, SpecialProcedure, SpecialProcedureKind, StepDetails, StepStatus,
    SuspensionKind, Viewer,
};
use tongban_testkit::each_backend;

use super::support::{
    ENERGY_DEPARTMENT, applicant, calendar, date, energy_clerks, error_keys, event_count, node,
    pdf, step, submitted_energy_case, values,
};

#[tokio::test]
async fn approval_walk_crosses_national_day() {
    for database in each_backend().await {
        let node = node(&database).await;
        let backend = node.backend;
        let person = applicant(1);
        let clerks = energy_clerks();

        // Friday before the 2025 National Day and Mid-Autumn holiday (10-01 to 10-08).
        let case = submitted_energy_case(&node, "2025-09-26", &person).await;
        let number =
            CaseNumber::parse(case.case_number.as_deref().unwrap(), InputMode::Strict).unwrap();
        assert_eq!(number.node().as_str(), "330000", "{backend}");
        assert_eq!(number.date(), date("2025-09-26"), "{backend}");
        assert_eq!(number.sequence(), 1, "{backend}");
        assert_eq!(case.status, CaseStatus::Submitted, "{backend}");
        assert_eq!(case.received_on, Some(date("2025-09-26")), "{backend}");
        assert_eq!(case.statutory_days, Some(20), "{backend}");
        assert_eq!(case.promised_days, Some(5), "{backend}");
        assert_eq!(case.case_type.as_deref(), Some("2"), "{backend}: 承诺件");
        assert_eq!(
            case.statutory_due, None,
            "{backend}: no due date before acceptance"
        );

        let accepted = step(
            &node,
            "2025-09-26",
            &case,
            &clerks.intake,
            Action::Accept,
            None,
        )
        .await;
        assert_eq!(accepted.accepted_on, Some(date("2025-09-26")), "{backend}");
        // Working days: Sunday 09-28 (adjusted), 09-29, 09-30, then 10-09, 10-10, Saturday
        // 10-11 (adjusted), and on to the 20th on 10-30.
        assert_eq!(accepted.promised_due, Some(date("2025-10-10")), "{backend}");
        assert_eq!(
            accepted.statutory_due,
            Some(date("2025-10-30")),
            "{backend}"
        );
        assert_eq!(
            accepted.due_calendar_revision,
            Some(calendar().revision()),
            "{backend}"
        );

        let on_holiday = cases::deadlines(&accepted, &calendar(), date("2025-10-08")).unwrap();
        assert_eq!(
            on_holiday.promised.unwrap().flag,
            DeadlineFlag::Yellow,
            "{backend}"
        );
        assert_eq!(
            on_holiday.statutory.unwrap().flag,
            DeadlineFlag::Green,
            "{backend}"
        );
        assert_eq!(on_holiday.flag, DeadlineFlag::Yellow, "{backend}");
        let late = cases::deadlines(&accepted, &calendar(), date("2025-10-13")).unwrap();
        assert_eq!(
            late.flag,
            DeadlineFlag::Red,
            "{backend}: promised date passed"
        );

        let reviewed = step(
            &node,
            "2025-10-09",
            &accepted,
            &clerks.reviewer,
            Action::StartReview,
            None,
        )
        .await;
        let approved = step(
            &node,
            "2025-10-20",
            &reviewed,
            &clerks.approver,
            Action::Approve,
            None,
        )
        .await;
        assert_eq!(approved.decided_on, Some(date("2025-10-20")), "{backend}");
        let decided = cases::deadlines(&approved, &calendar(), date("2025-11-30")).unwrap();
        assert_eq!(
            decided.flag,
            DeadlineFlag::Green,
            "{backend}: decided cases stop flagging"
        );
        let closed = step(
            &node,
            "2025-10-21",
            &approved,
            &clerks.approver,
            Action::Close,
            None,
        )
        .await;
        assert_eq!(closed.status, CaseStatus::Closed, "{backend}");
        assert_eq!(closed.closed_on, Some(date("2025-10-21")), "{backend}");

        let history = cases::case_history(node.store(), Viewer::Applicant(&person), &case.id)
            .await
            .unwrap();
        let actions: Vec<&str> = history
            .iter()
            .map(|event| event.event.action.as_str())
            .collect();
        assert_eq!(
            actions,
            [
                "create_draft",
                "save_draft",
                "attach_material",
                "attach_material",
                "submit",
                "accept",
                "start_review",
                "approve",
                "close"
            ],
            "{backend}"
        );
        let seqs: Vec<i64> = history.iter().map(|event| event.seq).collect();
        assert_eq!(seqs, (1..=9).collect::<Vec<_>>(), "{backend}");
        let accept = &history[5].event;
        assert_eq!(accept.actor_kind, ActorKind::Clerk, "{backend}");
        assert_eq!(accept.actor_id, "intake-1", "{backend}");
        assert_eq!(accept.from_status, Some(CaseStatus::Submitted), "{backend}");
        assert_eq!(accept.to_status, CaseStatus::Accepted, "{backend}");
        let record = accept.step.as_ref().unwrap();
        assert_eq!(record.name, "受理", "{backend}");
        assert_eq!(record.action, StepAction::Pass, "{backend}");
        assert_eq!(record.status, StepStatus::Done, "{backend}");
        assert_eq!(
            record.handling_unit.as_deref(),
            Some(ENERGY_DEPARTMENT),
            "{backend}"
        );
        assert!(
            history[1].event.step.is_none(),
            "{backend}: a draft edit is no step"
        );
    }
}

#[tokio::test]
async fn denial_needs_a_reason() {
    for database in each_backend().await {
        let node = node(&database).await;
        let backend = node.backend;
        let person = applicant(2);
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
        let case = step(
            &node,
            "2025-11-04",
            &case,
            &clerks.reviewer,
            Action::StartReview,
            None,
        )
        .await;

        let events = event_count(&node, &case.id).await;
        let error = cases::act(
            &node.on("2025-11-10"),
            &case.id,
            &clerks.approver,
            Action::Deny,
            Some("  "),
            StepDetails::default(),
        )
        .await
        .unwrap_err();
        assert_eq!(
            error_keys(error),
            [("reason", "case-reason-required")],
            "{backend}"
        );
        assert_eq!(event_count(&node, &case.id).await, events, "{backend}");

        let denied = step(
            &node,
            "2025-11-10",
            &case,
            &clerks.approver,
            Action::Deny,
            Some("能耗指标不足"),
        )
        .await;
        assert_eq!(denied.status, CaseStatus::Denied, "{backend}");
        assert_eq!(denied.decided_on, Some(date("2025-11-10")), "{backend}");
        let history = cases::case_history(node.store(), Viewer::Clerk(&clerks.approver), &case.id)
            .await
            .unwrap();
        let deny = &history.last().unwrap().event;
        assert_eq!(deny.reason.as_deref(), Some("能耗指标不足"), "{backend}");
        assert_eq!(
            deny.step.as_ref().unwrap().action,
            StepAction::Return,
            "{backend}"
        );

        let closed = step(
            &node,
            "2025-11-11",
            &denied,
            &clerks.approver,
            Action::Close,
            None,
        )
        .await;
        assert_eq!(closed.status, CaseStatus::Closed, "{backend}");
    }
}

#[tokio::test]
async fn correction_delays_acceptance() {
    for database in each_backend().await {
        let node = node(&database).await;
        let backend = node.backend;
        let person = applicant(3);
        let clerks = energy_clerks();
        // Monday.
        let case = submitted_energy_case(&node, "2025-11-03", &person).await;

        let no_items = cases::act(
            &node.on("2025-11-04"),
            &case.id,
            &clerks.intake,
            Action::RequestCorrection,
            Some("材料不齐"),
            StepDetails::default(),
        )
        .await
        .unwrap_err();
        assert_eq!(
            error_keys(no_items),
            [("correction_items", "case-correction-items-required")],
            "{backend}"
        );

        let details = StepDetails {
            correction_items: vec![
                "申请书缺少法定代表人签章".to_owned(),
                "节能报告缺少第 3 章".to_owned(),
            ],
            ..StepDetails::default()
        };
        let requested = cases::act(
            &node.on("2025-11-04"),
            &case.id,
            &clerks.intake,
            Action::RequestCorrection,
            Some("材料不齐"),
            details,
        )
        .await
        .unwrap();
        assert_eq!(
            requested.status,
            CaseStatus::CorrectionRequested,
            "{backend}"
        );
        let suspensions =
            cases::case_suspensions(node.store(), Viewer::Applicant(&person), &case.id)
                .await
                .unwrap();
        assert_eq!(suspensions.len(), 1, "{backend}");
        assert_eq!(
            suspensions[0].opened.kind,
            SuspensionKind::Correction,
            "{backend}"
        );
        assert_eq!(suspensions[0].opened.items.len(), 2, "{backend}");
        assert_eq!(suspensions[0].ended_on, None, "{backend}");

        // The applicant uploads a signed application and replies on Friday.
        let context = node.on("2025-11-07");
        cases::attach_material(
            &context,
            &case.id,
            &person,
            cases::HandedInFile::new("申请书", "signed.pdf", pdf("signed")),
        )
        .await
        .unwrap();
        let answered = cases::answer_correction(
            &context,
            &case.id,
            &person,
            &values(&[("project_name", "年产5万吨再生铝项目（二期）")]),
        )
        .await
        .unwrap();
        assert_eq!(answered.status, CaseStatus::Submitted, "{backend}");
        assert_eq!(
            answered.form_data["project_name"], "年产5万吨再生铝项目（二期）",
            "{backend}"
        );
        assert_eq!(answered.case_number, case.case_number, "{backend}");
        let suspensions =
            cases::case_suspensions(node.store(), Viewer::Applicant(&person), &case.id)
                .await
                .unwrap();
        assert_eq!(
            suspensions[0].ended_on,
            Some(date("2025-11-07")),
            "{backend}"
        );

        // A case that had a correction request is never deemed accepted.
        let deemed =
            cases::accept_overdue_applications(node.store(), &calendar(), date("2025-11-28"), None)
                .await
                .unwrap();
        assert!(deemed.is_empty(), "{backend}: {deemed:?}");

        let accepted = step(
            &node,
            "2025-11-07",
            &answered,
            &clerks.intake,
            Action::Accept,
            None,
        )
        .await;
        // Accepting on the day of the request would have given 20 working days from 11-04;
        // the correction took the three working days to 11-07.
        let calendar = calendar();
        assert_eq!(
            accepted.statutory_due,
            Some(calendar.add_working_days(date("2025-11-04"), 23).unwrap()),
            "{backend}"
        );
        assert_eq!(
            accepted.statutory_due,
            Some(date("2025-12-05")),
            "{backend}"
        );

        let history = cases::case_history(node.store(), Viewer::Clerk(&clerks.intake), &case.id)
            .await
            .unwrap();
        let request = history
            .iter()
            .find(|event| event.event.action == "request_correction")
            .unwrap();
        let record = request.event.step.as_ref().unwrap();
        assert_eq!(
            record.status,
            StepStatus::Pending,
            "{backend}: 待办 until answered"
        );
        assert_eq!(record.action, StepAction::Return, "{backend}");
        assert_eq!(
            request.event.details.as_ref().unwrap()["items"]
                .as_array()
                .unwrap()
                .len(),
            2,
            "{backend}"
        );
        let answer = history
            .iter()
            .find(|event| event.event.action == "answer_correction")
            .unwrap();
        assert_eq!(
            answer.event.details.as_ref().unwrap()["materials_added"]
                .as_array()
                .unwrap()
                .len(),
            1,
            "{backend}"
        );
    }
}

#[tokio::test]
async fn special_procedure_stops_the_clock() {
    for database in each_backend().await {
        let node = node(&database).await;
        let backend = node.backend;
        let person = applicant(4);
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
        let case = step(
            &node,
            "2025-11-04",
            &case,
            &clerks.reviewer,
            Action::StartReview,
            None,
        )
        .await;

        let missing = cases::act(
            &node.on("2025-11-05"),
            &case.id,
            &clerks.reviewer,
            Action::StartSpecialProcedure,
            Some("委托机构评审"),
            StepDetails::default(),
        )
        .await
        .unwrap_err();
        assert_eq!(
            error_keys(missing),
            [("special_procedure", "case-special-procedure-required")],
            "{backend}"
        );

        let details = StepDetails {
            special_procedure: Some(SpecialProcedure {
                kind: SpecialProcedureKind::Other,
                name: "专家评审".to_owned(),
            }),
            ..StepDetails::default()
        };
        let stopped = cases::act(
            &node.on("2025-11-05"),
            &case.id,
            &clerks.reviewer,
            Action::StartSpecialProcedure,
            Some("委托机构评审"),
            details,
        )
        .await
        .unwrap();
        assert_eq!(stopped.status, CaseStatus::SpecialProcedure, "{backend}");
        assert_eq!(stopped.statutory_due, None, "{backend}: the clock stops");
        let during = cases::deadlines(&stopped, &calendar(), date("2025-12-10")).unwrap();
        assert!(during.clock_stopped, "{backend}");
        assert_eq!(during.flag, DeadlineFlag::Green, "{backend}");

        // Wednesday to Friday: three working days not counted.
        let resumed = step(
            &node,
            "2025-11-07",
            &stopped,
            &clerks.reviewer,
            Action::EndSpecialProcedure,
            None,
        )
        .await;
        assert_eq!(resumed.status, CaseStatus::UnderReview, "{backend}");
        let calendar = calendar();
        assert_eq!(
            resumed.statutory_due,
            Some(calendar.add_working_days(date("2025-12-01"), 3).unwrap()),
            "{backend}"
        );
        assert_eq!(resumed.statutory_due, Some(date("2025-12-04")), "{backend}");
        assert_eq!(resumed.promised_due, Some(date("2025-11-13")), "{backend}");

        let suspensions =
            cases::case_suspensions(node.store(), Viewer::Clerk(&clerks.reviewer), &case.id)
                .await
                .unwrap();
        assert_eq!(suspensions.len(), 1, "{backend}");
        assert_eq!(
            suspensions[0].opened.special_procedure_code.as_deref(),
            Some("2"),
            "{backend}"
        );
        assert_eq!(
            suspensions[0].opened.special_procedure_name.as_deref(),
            Some("专家评审"),
            "{backend}"
        );
        assert_eq!(
            suspensions[0].ended_on,
            Some(date("2025-11-07")),
            "{backend}"
        );

        let approved = step(
            &node,
            "2025-11-20",
            &resumed,
            &clerks.approver,
            Action::Approve,
            None,
        )
        .await;
        assert_eq!(approved.status, CaseStatus::Approved, "{backend}");
    }
}

#[tokio::test]
async fn withdrawal_ends_before_the_decision_only() {
    for database in each_backend().await {
        let node = node(&database).await;
        let backend = node.backend;
        let person = applicant(5);
        let clerks = energy_clerks();

        let case = submitted_energy_case(&node, "2025-11-03", &person).await;
        let case = step(
            &node,
            "2025-11-04",
            &case,
            &clerks.intake,
            Action::Accept,
            None,
        )
        .await;
        let withdrawn =
            cases::withdraw(&node.on("2025-11-05"), &case.id, &person, Some("项目取消"))
                .await
                .unwrap();
        assert_eq!(withdrawn.status, CaseStatus::Withdrawn, "{backend}");
        assert_eq!(withdrawn.closed_on, Some(date("2025-11-05")), "{backend}");
        let again = cases::withdraw(&node.on("2025-11-05"), &case.id, &person, None)
            .await
            .unwrap_err();
        assert!(
            matches!(
                again,
                CaseError::Transition(TransitionError::NotAllowed { .. })
            ),
            "{backend}: {again:?}"
        );

        let decided = submitted_energy_case(&node, "2025-11-03", &person).await;
        let decided = step(
            &node,
            "2025-11-03",
            &decided,
            &clerks.intake,
            Action::Accept,
            None,
        )
        .await;
        let decided = step(
            &node,
            "2025-11-04",
            &decided,
            &clerks.reviewer,
            Action::StartReview,
            None,
        )
        .await;
        let decided = step(
            &node,
            "2025-11-05",
            &decided,
            &clerks.approver,
            Action::Approve,
            None,
        )
        .await;
        let late = cases::withdraw(&node.on("2025-11-06"), &decided.id, &person, None)
            .await
            .unwrap_err();
        assert!(
            matches!(
                late,
                CaseError::Transition(TransitionError::NotAllowed { .. })
            ),
            "{backend}: {late:?}"
        );
        let message = late.message().render(tongban_i18n::Lang::ZhCn);
        assert!(message.contains("准予许可"), "{backend}: {message}");
    }
}
