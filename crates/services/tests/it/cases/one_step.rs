//! Applying in one step: the form and the files at once, stored in one transaction or not at
//! all.

use std::time::Duration;

use bytes::Bytes;
use sqlx::Connection;
use tongban_domain::case::{Action, CaseStatus, StepAction};
use tongban_domain::ids::{CaseNumber, InputMode};
use tongban_services::cases::{self, Application, HandedInFile, Viewer};
use tongban_testkit::{TestDatabase, each_backend};

use super::support::{
    ENERGY, ENERGY_DEPARTMENT, Node, applicant, date, energy_clerks, error_keys, node, pdf, step,
    submitted_energy_case, values,
};

fn file(material: &str, content: Bytes) -> HandedInFile {
    HandedInFile::new(material, &format!("{material}.pdf"), content)
}

fn complete_application() -> Application {
    Application {
        implementation_id: ENERGY.to_owned(),
        values: values(&[
            ("project_name", "年产5万吨再生铝项目"),
            ("annual_energy_tce", "6200.5"),
        ]),
        files: vec![
            file("申请书", pdf("申请书")),
            file("节能报告", pdf("节能报告")),
        ],
    }
}

#[tokio::test]
async fn one_step_application_is_numbered_after_drafted_ones() {
    for database in each_backend().await {
        let node = node(&database).await;
        let backend = node.backend;
        let person = applicant(1);
        let drafted = submitted_energy_case(&node, "2025-09-26", &person).await;
        let context = node.on("2025-09-26");

        let case = cases::apply(&context, &person, complete_application())
            .await
            .unwrap();

        let number =
            CaseNumber::parse(case.case_number.as_deref().unwrap(), InputMode::Strict).unwrap();
        let drafted_number =
            CaseNumber::parse(drafted.case_number.as_deref().unwrap(), InputMode::Strict).unwrap();
        assert_eq!(number.date(), date("2025-09-26"), "{backend}");
        assert_eq!(
            number.sequence(),
            drafted_number.sequence() + 1,
            "{backend}"
        );
        assert_eq!(case.status, CaseStatus::Submitted, "{backend}");
        assert_eq!(case.received_on, Some(date("2025-09-26")), "{backend}");
        assert_eq!(case.promised_days, Some(5), "{backend}");
        assert_eq!(case.department, ENERGY_DEPARTMENT, "{backend}");
        assert_eq!(case.form_data.get("annual_energy_tce").unwrap(), "6200.5");

        let history = cases::case_history(node.store(), Viewer::Applicant(&person), &case.id)
            .await
            .unwrap();
        assert_eq!(history.len(), 1, "{backend}: one event, the submission");
        let event = &history[0].event;
        assert_eq!(event.action, "submit", "{backend}");
        assert_eq!(event.from_status, None, "{backend}");
        assert_eq!(event.to_status, CaseStatus::Submitted, "{backend}");
        let recorded_step = event.step.as_ref().unwrap();
        assert_eq!(recorded_step.name, "申请", "{backend}");
        assert_eq!(recorded_step.action, StepAction::Pass, "{backend}");

        let materials = cases::case_materials(node.store(), Viewer::Applicant(&person), &case.id)
            .await
            .unwrap();
        let mut names: Vec<&str> = materials
            .iter()
            .map(|material| material.material_name.as_str())
            .collect();
        names.sort_unstable();
        assert_eq!(names, ["申请书", "节能报告"], "{backend}");
        assert_eq!(
            node.object_files(),
            4,
            "{backend}: two files per application"
        );
        let content = cases::read_material(
            &context,
            Viewer::Applicant(&person),
            &case.id,
            &materials[0].id,
        )
        .await
        .unwrap()
        .1;
        assert!(content.starts_with(b"%PDF-"), "{backend}");

        let clerks = energy_clerks();
        let accepted = step(
            &node,
            "2025-09-26",
            &case,
            &clerks.intake,
            Action::Accept,
            None,
        )
        .await;
        assert_eq!(
            accepted.promised_due,
            Some(date("2025-10-10")),
            "{backend}: the working days cross the National Day holiday"
        );
    }
}

#[tokio::test]
async fn rejected_one_step_application_stores_nothing() {
    for database in each_backend().await {
        let node = node(&database).await;
        let backend = node.backend;
        let person = applicant(2);
        let context = node.on("2025-11-03");
        let mut application = complete_application();
        application
            .values
            .insert("annual_energy_tce".to_owned(), "很多".to_owned());
        application.values.remove("project_name");
        application.files = vec![
            file("申请书", Bytes::from_static(b"GIF89a\x01\0\x01\0")),
            file("营业执照", pdf("营业执照")),
        ];

        let error = cases::apply(&context, &person, application)
            .await
            .unwrap_err();

        let mut keys = error_keys(error);
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                ("annual_energy_tce", "case-field-number"),
                ("material-1", "case-material-type"),
                ("material-2", "case-material-missing"),
                ("materials", "case-material-unknown"),
                ("project_name", "case-field-required"),
            ],
            "{backend}"
        );
        let listed = cases::list_applicant_cases(node.store(), &person, 10)
            .await
            .unwrap();
        assert!(listed.is_empty(), "{backend}: no case was stored");
        assert_eq!(node.object_files(), 0, "{backend}: no file was stored");

        let case = cases::apply(&context, &person, complete_application())
            .await
            .unwrap();
        let number =
            CaseNumber::parse(case.case_number.as_deref().unwrap(), InputMode::Strict).unwrap();
        assert_eq!(
            number.sequence(),
            1,
            "{backend}: the rejected application took no number"
        );
    }
}

#[tokio::test]
async fn one_step_unknown_item() {
    for database in each_backend().await {
        let node = node(&database).await;
        let backend = node.backend;
        let mut application = complete_application();
        application.implementation_id = "zj-no-such-item".to_owned();

        let error = cases::apply(&node.on("2025-11-03"), &applicant(3), application)
            .await
            .unwrap_err();

        assert!(
            matches!(
                error,
                cases::CaseError::ImplementationUnavailable { ref id } if id == "zj-no-such-item"
            ),
            "{backend}: {error:?}"
        );
        assert_eq!(node.object_files(), 0, "{backend}");
    }
}

#[tokio::test]
async fn one_step_many_files_all_stored() {
    for database in each_backend().await {
        let node = node(&database).await;
        let backend = node.backend;
        let person = applicant(1);
        let context = node.on("2025-09-26");
        let mut application = complete_application();
        for page in 1..=9 {
            let name = format!("附页{page}");
            application.files.push(file("节能报告", pdf(&name)));
        }

        let case = cases::apply(&context, &person, application).await.unwrap();

        let materials = cases::case_materials(node.store(), Viewer::Applicant(&person), &case.id)
            .await
            .unwrap();
        assert_eq!(materials.len(), 11, "{backend}");
        assert_eq!(node.object_files(), 11, "{backend}");
        for material in &materials {
            let content =
                cases::read_material(&context, Viewer::Applicant(&person), &case.id, &material.id)
                    .await
                    .unwrap()
                    .1;
            assert!(content.starts_with(b"%PDF-"), "{backend}");
        }
    }
}

/// Holds the lock that the case number of a submission waits for, in a connection of its own,
/// until the returned connection's transaction rolls back.
async fn hold_number_lock(database: &TestDatabase) -> sqlx::AnyConnection {
    let mut connection = sqlx::AnyConnection::connect(database.url()).await.unwrap();
    let statements: &[&str] = match database.backend_name() {
        "sqlite" => &["BEGIN IMMEDIATE"],
        _ => &["BEGIN", "LOCK TABLE case_number_counters IN EXCLUSIVE MODE"],
    };
    for statement in statements {
        sqlx::raw_sql(sqlx::AssertSqlSafe(*statement))
            .execute(&mut connection)
            .await
            .unwrap();
    }
    connection
}

/// Waits up to 10 seconds for the node's folder to contain `expected` files, and returns the
/// number of files it contains then.
async fn wait_for_files(node: &Node, expected: usize) -> usize {
    for _ in 0..200 {
        if node.object_files() == expected {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    node.object_files()
}

#[tokio::test]
async fn dropped_application_removes_its_files() {
    for database in each_backend().await {
        let node = node(&database).await;
        let backend = node.backend;
        let person = applicant(4);
        let mut lock = hold_number_lock(&database).await;

        let context = node.on("2025-11-03");
        let request = tokio::spawn({
            let person = person.clone();
            async move { cases::apply(&context, &person, complete_application()).await }
        });
        assert_eq!(
            wait_for_files(&node, 2).await,
            2,
            "{backend}: both files were written before the case number"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(!request.is_finished(), "{backend}: the request waits");
        request.abort();
        assert!(
            request.await.unwrap_err().is_cancelled(),
            "{backend}: the request was dropped"
        );
        sqlx::raw_sql("ROLLBACK").execute(&mut lock).await.unwrap();

        assert_eq!(
            wait_for_files(&node, 0).await,
            0,
            "{backend}: the files of the dropped request are removed"
        );
        let listed = cases::list_applicant_cases(node.store(), &person, 10)
            .await
            .unwrap();
        assert!(listed.is_empty(), "{backend}: no case was stored");
        let case = cases::apply(&node.on("2025-11-03"), &person, complete_application())
            .await
            .unwrap();
        assert_eq!(case.status, CaseStatus::Submitted, "{backend}");
        assert_eq!(node.object_files(), 2, "{backend}: the next files stay");
    }
}
