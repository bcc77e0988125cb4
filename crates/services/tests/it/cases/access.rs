//! Who may see and do what: forbidden steps, roles, departments and other applicants, and
//! the history that cannot be rewritten.

use tongban_domain::case::{Action, CaseStatus, TransitionError};
use tongban_services::cases::{self, ActingFor, CaseError, ClerkQueue, StepDetails, Viewer};
use tongban_testkit::each_backend;

use super::support::{
    ENERGY_DEPARTMENT, FITNESS_DEPARTMENT, applicant, calendar, clerk, date, energy_clerks,
    energy_draft, event_count, node, step, submitted_energy_case,
};

#[tokio::test]
async fn forbidden_steps_change_nothing() {
    for database in each_backend().await {
        let node = node(&database).await;
        let backend = node.backend;
        let person = applicant(10);
        let clerks = energy_clerks();
        let case = submitted_energy_case(&node, "2025-11-03", &person).await;
        let events = event_count(&node, &case.id).await;

        let attempts = [
            (&clerks.approver, Action::Approve),
            (&clerks.approver, Action::Close),
            (&clerks.admin, Action::EndSpecialProcedure),
            (&clerks.reviewer, Action::StartReview),
        ];
        for (clerk, action) in attempts {
            let error = cases::act(
                &node.on("2025-11-04"),
                &case.id,
                clerk,
                action,
                Some("试一试"),
                StepDetails::default(),
            )
            .await
            .unwrap_err();
            assert!(
                matches!(
                    error,
                    CaseError::Transition(TransitionError::NotAllowed { .. })
                ),
                "{backend}: {action:?}: {error:?}"
            );
        }
        let applicant_step = cases::act(
            &node.on("2025-11-04"),
            &case.id,
            &clerks.admin,
            Action::Withdraw,
            None,
            StepDetails::default(),
        )
        .await
        .unwrap_err();
        assert!(
            matches!(
                applicant_step,
                CaseError::Transition(TransitionError::WrongActor { .. })
            ),
            "{backend}: {applicant_step:?}"
        );
        let resubmit = cases::submit(&node.on("2025-11-04"), &case.id, &person)
            .await
            .unwrap_err();
        assert!(
            matches!(resubmit, CaseError::Transition(_)),
            "{backend}: {resubmit:?}"
        );
        let edit = cases::save_draft(
            &node.on("2025-11-04"),
            &case.id,
            &person,
            &Default::default(),
        )
        .await
        .unwrap_err();
        assert!(
            matches!(
                edit,
                CaseError::NotEditable {
                    status: CaseStatus::Submitted
                }
            ),
            "{backend}: {edit:?}"
        );

        let after = cases::find_clerk_case(node.store(), &clerks.admin, &case.id)
            .await
            .unwrap();
        assert_eq!(after, case, "{backend}: nothing changed");
        assert_eq!(event_count(&node, &case.id).await, events, "{backend}");
    }
}

#[tokio::test]
async fn roles_and_departments_are_enforced() {
    for database in each_backend().await {
        let node = node(&database).await;
        let backend = node.backend;
        let person = applicant(11);
        let clerks = energy_clerks();
        let case = submitted_energy_case(&node, "2025-11-03", &person).await;
        let version = case.version;

        let wrong_role = cases::act(
            &node.on("2025-11-04"),
            &case.id,
            &clerks.reviewer,
            Action::Accept,
            None,
            StepDetails::default(),
        )
        .await
        .unwrap_err();
        assert!(
            matches!(wrong_role, CaseError::RoleMissing { role: "intake", .. }),
            "{backend}: {wrong_role:?}"
        );
        let message = wrong_role.message().render(tongban_i18n::Lang::ZhCn);
        assert!(message.contains("受理"), "{backend}: {message}");

        let other_department = clerk("intake-sport", &["intake"], Some(FITNESS_DEPARTMENT));
        let hidden = cases::act(
            &node.on("2025-11-04"),
            &case.id,
            &other_department,
            Action::Accept,
            None,
            StepDetails::default(),
        )
        .await
        .unwrap_err();
        assert!(
            matches!(hidden, CaseError::NotFound),
            "{backend}: {hidden:?}"
        );
        let lookup = cases::find_clerk_case(node.store(), &other_department, &case.id)
            .await
            .unwrap_err();
        assert!(
            matches!(lookup, CaseError::NotFound),
            "{backend}: {lookup:?}"
        );
        let history = cases::case_history(node.store(), Viewer::Clerk(&other_department), &case.id)
            .await
            .unwrap_err();
        assert!(
            matches!(history, CaseError::NotFound),
            "{backend}: {history:?}"
        );

        let unchanged = cases::find_clerk_case(node.store(), &clerks.intake, &case.id)
            .await
            .unwrap();
        assert_eq!(unchanged.version, version, "{backend}");

        // An intake clerk of the whole node may accept any department's case.
        let node_wide = clerk("intake-node", &["intake"], None);
        let accepted = step(&node, "2025-11-04", &case, &node_wide, Action::Accept, None).await;
        assert_eq!(accepted.status, CaseStatus::Accepted, "{backend}");
        // An admin may take every clerk step.
        let reviewed = step(
            &node,
            "2025-11-05",
            &accepted,
            &clerks.admin,
            Action::StartReview,
            None,
        )
        .await;
        assert_eq!(reviewed.status, CaseStatus::UnderReview, "{backend}");
    }
}

#[tokio::test]
async fn cases_stay_with_their_applicant() {
    for database in each_backend().await {
        let node = node(&database).await;
        let backend = node.backend;
        let person = applicant(12);
        let stranger = applicant(13);
        let clerks = energy_clerks();
        let draft = energy_draft(&node, "2025-11-03", &person).await;

        // Drafts are the applicant's alone.
        let by_clerk = cases::find_clerk_case(node.store(), &clerks.admin, &draft.id)
            .await
            .unwrap_err();
        assert!(
            matches!(by_clerk, CaseError::NotFound),
            "{backend}: {by_clerk:?}"
        );
        let queue = ClerkQueue {
            statuses: Vec::new(),
            flag: None,
            limit: 50,
        };
        let listed = cases::list_clerk_queue(
            node.store(),
            &calendar(),
            &clerks.admin,
            &queue,
            date("2025-11-03"),
        )
        .await
        .unwrap();
        assert!(listed.is_empty(), "{backend}: drafts are not queued");

        for attempt in [
            cases::find_applicant_case(node.store(), &stranger, &draft.id)
                .await
                .map(|_| ()),
            cases::submit(&node.on("2025-11-03"), &draft.id, &stranger)
                .await
                .map(|_| ()),
            cases::withdraw(&node.on("2025-11-03"), &draft.id, &stranger, None)
                .await
                .map(|_| ()),
            cases::case_history(node.store(), Viewer::Applicant(&stranger), &draft.id)
                .await
                .map(|_| ()),
            cases::case_materials(node.store(), Viewer::Applicant(&stranger), &draft.id)
                .await
                .map(|_| ()),
        ] {
            assert!(
                matches!(attempt, Err(CaseError::NotFound)),
                "{backend}: {attempt:?}"
            );
        }
        let missing = cases::find_applicant_case(node.store(), &person, "case-no-such-case")
            .await
            .unwrap_err();
        assert!(matches!(missing, CaseError::NotFound), "{backend}");

        // Acting for a company shows only the company's cases, and the other way round.
        let agent = tongban_services::cases::Applicant {
            acting_for: Some(ActingFor {
                credit_code: "9136020068H899240K".to_owned(),
                name: "景德镇某某有限公司".to_owned(),
            }),
            ..person.clone()
        };
        let company_case = energy_draft(&node, "2025-11-03", &agent).await;
        assert_eq!(
            company_case.applicant.acting_for_credit_code.as_deref(),
            Some("9136020068H899240K"),
            "{backend}"
        );
        let own: Vec<String> = cases::list_applicant_cases(node.store(), &person, 50)
            .await
            .unwrap()
            .into_iter()
            .map(|case| case.id)
            .collect();
        assert_eq!(own, [draft.id.as_str()], "{backend}");
        let company: Vec<String> = cases::list_applicant_cases(node.store(), &agent, 50)
            .await
            .unwrap()
            .into_iter()
            .map(|case| case.id)
            .collect();
        assert_eq!(company, [company_case.id.as_str()], "{backend}");
        let crossed = cases::find_applicant_case(node.store(), &agent, &draft.id)
            .await
            .unwrap_err();
        assert!(matches!(crossed, CaseError::NotFound), "{backend}");
        assert!(
            cases::list_applicant_cases(node.store(), &stranger, 50)
                .await
                .unwrap()
                .is_empty(),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn queues_sort_by_due_date_within_department() {
    for database in each_backend().await {
        let node = node(&database).await;
        let backend = node.backend;
        let person = applicant(14);
        let clerks = energy_clerks();
        let later = submitted_energy_case(&node, "2025-11-03", &person).await;
        let later = step(
            &node,
            "2025-11-10",
            &later,
            &clerks.intake,
            Action::Accept,
            None,
        )
        .await;
        let sooner = submitted_energy_case(&node, "2025-11-03", &person).await;
        let sooner = step(
            &node,
            "2025-11-04",
            &sooner,
            &clerks.intake,
            Action::Accept,
            None,
        )
        .await;
        let waiting = submitted_energy_case(&node, "2025-11-05", &person).await;

        let all = ClerkQueue {
            statuses: Vec::new(),
            flag: None,
            limit: 10,
        };
        let order: Vec<String> = cases::list_clerk_queue(
            node.store(),
            &calendar(),
            &clerks.intake,
            &all,
            date("2025-11-10"),
        )
        .await
        .unwrap()
        .into_iter()
        .map(|entry| entry.case.id)
        .collect();
        assert_eq!(
            order,
            [sooner.id.clone(), later.id.clone(), waiting.id.clone()],
            "{backend}"
        );

        // On 11-10 the promised date of `sooner` (11-11) is within its 3 yellow days.
        let yellow = ClerkQueue {
            flag: Some(tongban_domain::case::DeadlineFlag::Yellow),
            ..all.clone()
        };
        let flagged = cases::list_clerk_queue(
            node.store(),
            &calendar(),
            &clerks.intake,
            &yellow,
            date("2025-11-10"),
        )
        .await
        .unwrap();
        let flagged: Vec<&str> = flagged.iter().map(|entry| entry.case.id.as_str()).collect();
        assert_eq!(
            flagged,
            [sooner.id.as_str()],
            "{backend}: 11-17 is five working days away"
        );

        let submitted_only = ClerkQueue {
            statuses: vec![CaseStatus::Submitted],
            ..all.clone()
        };
        let intake: Vec<String> = cases::list_clerk_queue(
            node.store(),
            &calendar(),
            &clerks.intake,
            &submitted_only,
            date("2025-11-10"),
        )
        .await
        .unwrap()
        .into_iter()
        .map(|entry| entry.case.id)
        .collect();
        assert_eq!(intake, [waiting.id.as_str()], "{backend}");

        let sport = clerk("intake-sport", &["intake"], Some(FITNESS_DEPARTMENT));
        let none =
            cases::list_clerk_queue(node.store(), &calendar(), &sport, &all, date("2025-11-10"))
                .await
                .unwrap();
        assert!(
            none.is_empty(),
            "{backend}: {ENERGY_DEPARTMENT} cases stay out of other queues"
        );
    }
}

#[tokio::test]
async fn case_events_reject_update_and_delete() {
    for database in each_backend().await {
        let node = node(&database).await;
        let backend = node.backend;
        let case = submitted_energy_case(&node, "2025-11-03", &applicant(15)).await;
        let pool = node.store().pool();

        let update = sqlx::query("UPDATE case_events SET reason = 'rewritten' WHERE case_id = $1")
            .bind(case.id.as_str())
            .execute(pool)
            .await;
        let error = update.expect_err("UPDATE must fail").to_string();
        assert!(error.contains("append-only"), "{backend}: {error}");
        let delete = sqlx::query("DELETE FROM case_events WHERE case_id = $1")
            .bind(case.id.as_str())
            .execute(pool)
            .await;
        assert!(delete.is_err(), "{backend}: DELETE must fail");
        assert_eq!(event_count(&node, &case.id).await, 5, "{backend}");
    }
}
