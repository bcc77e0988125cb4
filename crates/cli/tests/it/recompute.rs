//! `calendar replace` recomputes the due dates of the open cases in the database.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{NaiveDate, TimeZone};
use tongban_domain::case::Action;
use tongban_domain::ids::NodeCode;
use tongban_refdata::ReferenceData;
use tongban_services::cases::{self, Applicant, CaseContext, Clerk, StepDetails};
use tongban_services::catalog_import::import_catalog;
use tongban_services::implementations::import_list;
use tongban_store::Store;

use crate::{json_of, tongban};

const DEMO_ZJ: &str = include_str!("../../../../config/demo/implementations-zj.toml");

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// Accepts a complete energy review on 2026-09-24 in the database at `url` and returns its id.
async fn accepted_case(url: &str, folder: &std::path::Path) -> String {
    let store = Store::connect(url).await.unwrap();
    let data = ReferenceData::locate(None).unwrap();
    let divisions = data.divisions().unwrap();
    let load = data.service_items(&divisions).unwrap();
    import_catalog(&store, &load, "test", |_| {}).await.unwrap();
    import_list(&store, DEMO_ZJ, "test").await.unwrap();
    let at = tongban_domain::time::CHINA_STANDARD_TIME
        .with_ymd_and_hms(2026, 9, 24, 10, 0, 0)
        .single()
        .unwrap();
    let context = CaseContext::new(
        store.clone(),
        Arc::new(data.calendar().unwrap()),
        Arc::new(divisions),
        cases::local_object_store(folder).unwrap(),
        NodeCode::parse("330000").unwrap(),
    )
    .at(at.to_utc());
    let applicant = Applicant {
        subject: "person-1".to_owned(),
        name: "王五".to_owned(),
        id_number: "11010519900101001X".to_owned(),
        acting_for: None,
    };

    let draft = cases::create_draft(&context, &applicant, "zj-energy-review")
        .await
        .unwrap();
    let values = BTreeMap::from([
        ("project_name".to_owned(), "年产5万吨再生铝项目".to_owned()),
        ("annual_energy_tce".to_owned(), "6200.5".to_owned()),
    ]);
    cases::save_draft(&context, &draft.id, &applicant, &values)
        .await
        .unwrap();
    for material in ["申请书", "节能报告"] {
        let content = format!("%PDF-1.7\n% {material}\n%%EOF\n");
        cases::attach_material(
            &context,
            &draft.id,
            &applicant,
            cases::HandedInFile::new(material, "scan.pdf", content.into_bytes().into()),
        )
        .await
        .unwrap();
    }
    cases::submit(&context, &draft.id, &applicant)
        .await
        .unwrap();
    let clerk = Clerk {
        id: "clerk-1".to_owned(),
        login_name: "clerk-1".to_owned(),
        name: "办事员".to_owned(),
        roles: vec!["intake".to_owned()],
        department: None,
    };
    let accepted = cases::act(
        &context,
        &draft.id,
        &clerk,
        Action::Accept,
        None,
        StepDetails::default(),
    )
    .await
    .unwrap();
    // Mid-Autumn (09-25 to 09-27) and National Day (10-01 to 10-07) are off.
    assert_eq!(accepted.promised_due, Some(date("2026-10-09")));
    store.pool().close().await;
    accepted.id
}

#[tokio::test]
async fn replacing_a_schedule_recomputes_open_cases() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("node.sqlite").display());
    let case_id = accepted_case(&url, dir.path()).await;

    // A revision that keeps only the National Day block of 2026, so 09-25 becomes a working day.
    let file = dir.path().join("2026.csv");
    let rows: String = (1..=7).map(|day| format!("2026-10-0{day},off\n")).collect();
    std::fs::write(&file, format!("date,kind\n{rows}2026-10-10,work\n")).unwrap();
    let output = tongban(&[
        "calendar",
        "replace",
        "--year",
        "2026",
        "--file",
        file.to_str().unwrap(),
        "--reason",
        "revised notice",
        "--database-url",
        &url,
        "--json",
    ]);

    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json = json_of(&output);
    assert_eq!(json["recomputed"]["checked"], 1);
    assert_eq!(json["recomputed"]["updated"][0], case_id.as_str());
    assert_eq!(
        json["recomputed"]["skipped"].as_array().map(Vec::len),
        Some(0)
    );
    let store = Store::connect(&url).await.unwrap();
    let case = tongban_store::cases::find_case(store.pool(), &case_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(case.promised_due, Some(date("2026-10-08")));
    let events = tongban_store::cases::list_case_events(store.pool(), &case_id)
        .await
        .unwrap();
    assert_eq!(
        events.last().map(|event| event.event.action.as_str()),
        Some("recompute_deadlines")
    );
}
