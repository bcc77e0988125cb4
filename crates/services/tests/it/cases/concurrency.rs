//! Clerks acting at once and submissions racing for case numbers.

use std::collections::BTreeSet;

use tokio::task::JoinSet;
use tongban_domain::case::{Action, CaseStatus};
use tongban_domain::ids::{CaseNumber, InputMode};
use tongban_services::cases::{self, CaseError, StepDetails};
use tongban_testkit::each_backend;

use super::support::{
    ENERGY_DEPARTMENT, applicant, clerk, energy_clerks, energy_draft, event_count, node,
    submitted_energy_case,
};

#[tokio::test]
async fn concurrent_clerks_one_wins() {
    for database in each_backend().await {
        let node = node(&database).await;
        let backend = node.backend;
        let person = applicant(30);
        let first = clerk("intake-a", &["intake"], Some(ENERGY_DEPARTMENT));
        let second = clerk("intake-b", &["intake"], Some(ENERGY_DEPARTMENT));
        let case = submitted_energy_case(&node, "2025-11-03", &person).await;
        let events = event_count(&node, &case.id).await;

        // Both decided on the version they saw.
        let seen = StepDetails {
            expected_version: Some(case.version),
            ..StepDetails::default()
        };
        let correction = StepDetails {
            correction_items: vec!["补充节能报告".to_owned()],
            ..seen.clone()
        };
        let context = node.on("2025-11-04");
        let (accepted, requested) = tokio::join!(
            cases::act(&context, &case.id, &first, Action::Accept, None, seen),
            cases::act(
                &context,
                &case.id,
                &second,
                Action::RequestCorrection,
                Some("材料不齐"),
                correction
            ),
        );
        let outcomes = [accepted.is_ok(), requested.is_ok()];
        assert_eq!(
            outcomes.iter().filter(|ok| **ok).count(),
            1,
            "{backend}: {accepted:?} / {requested:?}"
        );
        let loser = match (accepted, requested) {
            (Ok(_), Err(error)) | (Err(error), Ok(_)) => error,
            other => panic!("{backend}: expected one success: {other:?}"),
        };
        assert!(matches!(loser, CaseError::Changed), "{backend}: {loser:?}");
        let message = loser.message().render(tongban_i18n::Lang::En);
        assert!(
            message.contains("changed the case meanwhile"),
            "{backend}: {message}"
        );
        assert_eq!(event_count(&node, &case.id).await, events + 1, "{backend}");

        // Without a version, the one that comes second finds the case changed or no longer
        // submitted, and writes nothing either way.
        let clerks = energy_clerks();
        let other = submitted_energy_case(&node, "2025-11-03", &person).await;
        let (a, b) = tokio::join!(
            cases::act(
                &context,
                &other.id,
                &first,
                Action::Accept,
                None,
                StepDetails::default()
            ),
            cases::act(
                &context,
                &other.id,
                &clerks.admin,
                Action::Reject,
                Some("不属于本机关职权"),
                StepDetails::default()
            ),
        );
        assert_eq!(
            [a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count(),
            1,
            "{backend}: {a:?} / {b:?}"
        );
        let stored = cases::find_clerk_case(node.store(), &clerks.admin, &other.id)
            .await
            .unwrap();
        assert!(
            matches!(
                stored.status,
                CaseStatus::Accepted | CaseStatus::RejectedAtIntake
            ),
            "{backend}"
        );
        assert_eq!(stored.version, other.version + 1, "{backend}");
    }
}

#[tokio::test]
async fn eight_submissions_get_distinct_numbers() {
    for database in each_backend().await {
        let node = node(&database).await;
        let backend = node.backend;
        let mut drafts = Vec::new();
        for sequence in 0..8 {
            let person = applicant(40 + sequence);
            let draft = energy_draft(&node, "2025-11-03", &person).await;
            drafts.push((person, draft));
        }

        let mut tasks = JoinSet::new();
        for (person, draft) in drafts {
            let context = node.on("2025-11-03");
            tasks.spawn(async move { cases::submit(&context, &draft.id, &person).await });
        }
        let mut numbers = BTreeSet::new();
        let mut sequences = BTreeSet::new();
        while let Some(result) = tasks.join_next().await {
            let case = result
                .unwrap()
                .unwrap_or_else(|error| panic!("{backend}: {error:?}"));
            let number = case.case_number.unwrap();
            sequences.insert(
                CaseNumber::parse(&number, InputMode::Strict)
                    .unwrap()
                    .sequence(),
            );
            numbers.insert(number);
        }
        assert_eq!(numbers.len(), 8, "{backend}: {numbers:?}");
        assert_eq!(sequences, (1..=8).collect(), "{backend}");
    }
}
