//! A node with the real catalog, the demo list of 浙江省 and the real holiday calendar.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use chrono::{NaiveDate, TimeZone};
use tempfile::TempDir;
use tongban_domain::calendar::WorkCalendar;
use tongban_domain::case::Action;
use tongban_domain::ids::NodeCode;
use tongban_refdata::ReferenceData;
use tongban_services::cases::{
    self, Applicant, CaseContext, CaseError, CaseRecord, Clerk, StepDetails,
};
use tongban_services::catalog_import::import_catalog;
use tongban_services::implementations::import_list;
use tongban_store::Store;
use tongban_testkit::TestDatabase;

use crate::support::{divisions, resident_id};

pub const DEMO_ZJ: &str = include_str!("../../../../../config/demo/implementations-zj.toml");
pub const ENERGY: &str = "zj-energy-review";
pub const ENERGY_DEPARTMENT: &str = "浙江省发展和改革委员会（演示）";
pub const FITNESS_DEPARTMENT: &str = "浙江省体育局（演示）";
pub const RELIGIOUS: &str = "zj-religious-building";

/// Returns the real calendar of the reference data, loaded once per test binary.
pub fn calendar() -> Arc<WorkCalendar> {
    static CALENDAR: OnceLock<Arc<WorkCalendar>> = OnceLock::new();
    CALENDAR
        .get_or_init(|| {
            Arc::new(
                ReferenceData::locate(None)
                    .expect("reference data directory")
                    .calendar()
                    .expect("holiday calendar"),
            )
        })
        .clone()
}

pub fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a YYYY-MM-DD date")
}

/// A node of one test: its database, context and material folder.
pub struct Node {
    pub backend: &'static str,
    pub context: CaseContext,
    pub objects: TempDir,
}

impl Node {
    /// Returns the context on `day` at 10:00 in Asia/Shanghai.
    pub fn on(&self, day: &str) -> CaseContext {
        let at = tongban_domain::time::CHINA_STANDARD_TIME
            .from_local_datetime(&date(day).and_hms_opt(10, 0, 0).expect("10:00"))
            .single()
            .expect("one instant");
        self.context.at(at.to_utc())
    }

    pub fn store(&self) -> &Store {
        &self.context.store
    }

    /// Counts the files under the material folder.
    pub fn object_files(&self) -> usize {
        fn count(dir: &std::path::Path) -> usize {
            std::fs::read_dir(dir)
                .map(|entries| {
                    entries
                        .flatten()
                        .map(|entry| {
                            let path = entry.path();
                            if path.is_dir() { count(&path) } else { 1 }
                        })
                        .sum()
                })
                .unwrap_or(0)
        }
        count(&self.objects.path().join("objects"))
    }
}

/// Opens `database` with the catalog and the implementation list `list` imported.
pub async fn node_with_list(database: &TestDatabase, list: &str) -> Node {
    let store = Store::connect(database.url()).await.unwrap();
    let data = ReferenceData::locate(None).unwrap();
    let load = data.service_items(divisions()).unwrap();
    import_catalog(&store, &load, "test", |_| {}).await.unwrap();
    import_list(&store, list, "test").await.unwrap();

    let objects = tempfile::tempdir().unwrap();
    let context = CaseContext::new(
        store,
        calendar(),
        Arc::new(divisions().clone()),
        cases::local_object_store(objects.path()).unwrap(),
        NodeCode::parse("330000").unwrap(),
    );
    Node {
        backend: database.backend_name(),
        context,
        objects,
    }
}

/// Opens `database` with the catalog and the demo list of 浙江省.
pub async fn node(database: &TestDatabase) -> Node {
    node_with_list(database, DEMO_ZJ).await
}

pub fn applicant(sequence: u32) -> Applicant {
    Applicant {
        subject: format!("person-{sequence}"),
        name: "王五".to_owned(),
        id_number: resident_id(sequence),
        acting_for: None,
    }
}

pub fn clerk(id: &str, roles: &[&str], department: Option<&str>) -> Clerk {
    Clerk {
        id: id.to_owned(),
        login_name: id.to_owned(),
        name: format!("办事员{id}"),
        roles: roles.iter().map(|role| (*role).to_owned()).collect(),
        department: department.map(str::to_owned),
    }
}

/// Clerks of the energy department, one per role, and an admin of the whole node.
pub struct Clerks {
    pub intake: Clerk,
    pub reviewer: Clerk,
    pub approver: Clerk,
    pub admin: Clerk,
}

pub fn energy_clerks() -> Clerks {
    Clerks {
        intake: clerk("intake-1", &["intake"], Some(ENERGY_DEPARTMENT)),
        reviewer: clerk("reviewer-1", &["reviewer"], Some(ENERGY_DEPARTMENT)),
        approver: clerk("approver-1", &["approver"], Some(ENERGY_DEPARTMENT)),
        admin: clerk("admin-1", &["admin"], None),
    }
}

/// Returns a small valid PDF file.
pub fn pdf(title: &str) -> Bytes {
    Bytes::from(format!(
        "%PDF-1.7\n% {title}\n1 0 obj << >> endobj\n%%EOF\n"
    ))
}

pub fn values(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect()
}

/// Creates, fills in and equips a draft of the energy review, ready to submit on `day`.
pub async fn energy_draft(node: &Node, day: &str, applicant: &Applicant) -> CaseRecord {
    let context = node.on(day);
    let case = cases::create_draft(&context, applicant, ENERGY)
        .await
        .unwrap();
    let errors = cases::save_draft(
        &context,
        &case.id,
        applicant,
        &values(&[
            ("project_name", "年产5万吨再生铝项目"),
            ("annual_energy_tce", "6200.5"),
        ]),
    )
    .await
    .unwrap();
    assert!(errors.is_empty(), "{}: {errors}", node.backend);
    for material in ["申请书", "节能报告"] {
        cases::attach_material(
            &context,
            &case.id,
            applicant,
            cases::HandedInFile::new(material, "scan.pdf", pdf(material)),
        )
        .await
        .unwrap();
    }
    cases::find_applicant_case(node.store(), applicant, &case.id)
        .await
        .unwrap()
}

/// Submits a complete energy review on `day`.
pub async fn submitted_energy_case(node: &Node, day: &str, applicant: &Applicant) -> CaseRecord {
    let draft = energy_draft(node, day, applicant).await;
    cases::submit(&node.on(day), &draft.id, applicant)
        .await
        .unwrap()
}

/// Takes `action` on `day` as `clerk`, expecting success.
pub async fn step(
    node: &Node,
    day: &str,
    case: &CaseRecord,
    clerk: &Clerk,
    action: Action,
    reason: Option<&str>,
) -> CaseRecord {
    cases::act(
        &node.on(day),
        &case.id,
        clerk,
        action,
        reason,
        StepDetails::default(),
    )
    .await
    .unwrap_or_else(|error| panic!("{}: {action:?} failed: {error:?}", node.backend))
}

/// Returns the Fluent keys of field errors, by field.
pub fn error_keys(error: CaseError) -> Vec<(&'static str, &'static str)> {
    match error {
        CaseError::Invalid(errors) => errors
            .iter()
            .map(|error| (error.field, error.message.key()))
            .collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

/// Returns the number of events of case `id`.
pub async fn event_count(node: &Node, id: &str) -> usize {
    tongban_store::cases::list_case_events(node.store().pool(), id)
        .await
        .unwrap()
        .len()
}
