//! The JSON shapes of cases, with their OpenAPI schemas. Dates are `YYYY-MM-DD` in
//! Asia/Shanghai, instants RFC 3339 with the offset `+08:00`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use tongban_domain::case::{CaseStatus, DeadlineFlag};
use tongban_domain::implementation::Implementation;
use tongban_domain::time::CHINA_STANDARD_TIME;
use tongban_i18n::{Lang, Message};
use tongban_services::cases::{CaseRecord, Deadline, Deadlines};
use tongban_web::openapi::LocalizedText;
use utoipa::ToSchema;

use crate::cases::views::mask_id_number;

mod records;

pub use records::{CaseFileJson, EventJson, SuspensionJson};

/// Returns `message` in both languages.
pub(crate) fn localized(message: &Message) -> LocalizedText {
    LocalizedText {
        zh_cn: message.render(Lang::ZhCn),
        en: message.render(Lang::En),
    }
}

fn date(day: Option<NaiveDate>) -> Option<String> {
    day.map(|day| day.to_string())
}

/// Returns `at` as RFC 3339 in Asia/Shanghai.
fn instant(at: DateTime<Utc>) -> String {
    at.with_timezone(&CHINA_STANDARD_TIME).to_rfc3339()
}

/// The state of a case.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatusJson {
    /// `draft`, `submitted`, `correction_requested`, `rejected_at_intake`, `accepted`,
    /// `under_review`, `special_procedure`, `approved`, `denied`, `closed` or `withdrawn`.
    #[schema(example = "submitted")]
    pub code: String,
    /// Its name for people.
    pub name: LocalizedText,
}

impl StatusJson {
    fn new(status: CaseStatus) -> StatusJson {
        StatusJson {
            code: status.as_str().to_owned(),
            name: localized(&Message::new(status.label_key())),
        }
    }
}

/// One time limit of a case.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeadlineJson {
    /// The limit in working days, counted from acceptance.
    pub working_days: u32,
    /// The last day; `null` before acceptance and while a special procedure stops the clock.
    pub due: Option<String>,
    /// `green`, `yellow` (the warning margin reached) or `red` (the due date passed).
    pub flag: String,
}

/// The time limits of a case on the day asked.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeadlinesJson {
    /// The statutory limit (法定时限), if the service has one.
    pub statutory: Option<DeadlineJson>,
    /// The promised limit (承诺时限), if the node promises one.
    pub promised: Option<DeadlineJson>,
    /// The worse flag of the two.
    pub flag: String,
    /// Its name for people.
    pub flag_name: LocalizedText,
    /// Whether a special procedure stops the clock.
    pub clock_stopped: bool,
    /// The year whose holiday schedule is missing, when the due dates are pending because
    /// they reach it.
    pub pending_schedule_year: Option<i32>,
}

fn flag_code(flag: DeadlineFlag) -> String {
    serde_json::to_value(flag)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default()
}

impl DeadlinesJson {
    /// Returns the shape of `deadlines`.
    pub(crate) fn new(deadlines: &Deadlines) -> DeadlinesJson {
        let limit = |deadline: &Deadline| DeadlineJson {
            working_days: deadline.working_days,
            due: date(deadline.due),
            flag: flag_code(deadline.flag),
        };
        DeadlinesJson {
            statutory: deadlines.statutory.as_ref().map(limit),
            promised: deadlines.promised.as_ref().map(limit),
            flag: flag_code(deadlines.flag),
            flag_name: localized(&Message::new(deadlines.flag.label_key())),
            clock_stopped: deadlines.clock_stopped,
            pending_schedule_year: deadlines.pending_schedule_year,
        }
    }
}

/// The legal person an agent applies for.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActingForJson {
    /// Unified social credit code.
    pub credit_code: String,
    /// Name.
    pub name: String,
}

/// Who applies.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicantJson {
    /// The person's name.
    pub name: String,
    /// GA/T 2000.156 document type code; `111` is the resident identity card.
    pub id_type: String,
    /// The document number: in full for clerks, with all but the last four characters hidden
    /// for the applicant.
    pub id_number: String,
    /// The legal person, when the person applies as its agent.
    pub acting_for: Option<ActingForJson>,
}

impl ApplicantJson {
    /// Returns who applies for `case`, with the document number masked unless `full`.
    pub(crate) fn new(case: &CaseRecord, full: bool) -> ApplicantJson {
        let applicant = &case.applicant;
        ApplicantJson {
            name: applicant.name.clone(),
            id_type: applicant.id_type.clone(),
            id_number: if full {
                applicant.id_number.clone()
            } else {
                mask_id_number(&applicant.id_number)
            },
            acting_for: applicant
                .acting_for_credit_code
                .clone()
                .zip(applicant.acting_for_name.clone())
                .map(|(credit_code, name)| ActingForJson { credit_code, name }),
        }
    }
}

/// A case as lists show it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseJson {
    /// The case's id, in every path of the case.
    pub id: String,
    /// 办件编号, given at submission.
    pub case_number: Option<String>,
    /// The implementation applied for.
    pub implementation_id: String,
    /// The service's name.
    pub service_name: String,
    /// The handling department.
    pub department: String,
    /// The state.
    pub status: StatusJson,
    /// Raised by one on every change; clerks send it back as `expected_version`.
    pub version: i64,
    /// Who applies.
    pub applicant: ApplicantJson,
    /// Day of submission.
    pub received_on: Option<String>,
    /// Day of acceptance, from which the time limits run.
    pub accepted_on: Option<String>,
    /// Day of the decision or of the rejection at intake.
    pub decided_on: Option<String>,
    /// Day the case ended.
    pub closed_on: Option<String>,
    /// Node id of the receiving place (收件地), which took the application in; `null` for a
    /// case recorded before places were kept, which this node received itself.
    pub receiving_place: Option<String>,
    /// Node id of the handling place (办理地), which decides the case; `null` under the same
    /// rule.
    pub handling_place: Option<String>,
    /// The time limits today.
    pub deadlines: DeadlinesJson,
}

impl CaseJson {
    /// Returns the shape of `case` for `service_name`, with the applicant's document number in
    /// full for a clerk (`full_id_number`).
    pub(crate) fn new(
        case: &CaseRecord,
        service_name: String,
        deadlines: &Deadlines,
        full_id_number: bool,
    ) -> CaseJson {
        CaseJson {
            id: case.id.clone(),
            case_number: case.case_number.clone(),
            implementation_id: case.implementation_id.clone(),
            service_name,
            department: case.department.clone(),
            status: StatusJson::new(case.status),
            version: case.version,
            applicant: ApplicantJson::new(case, full_id_number),
            received_on: date(case.received_on),
            accepted_on: date(case.accepted_on),
            decided_on: date(case.decided_on),
            closed_on: date(case.closed_on),
            receiving_place: case.receiving_place.clone(),
            handling_place: case.handling_place.clone(),
            deadlines: DeadlinesJson::new(deadlines),
        }
    }
}

/// A form value with its field's labels.
#[derive(Debug, Serialize, ToSchema)]
pub struct FormValueJson {
    /// The field's name.
    pub name: String,
    /// Its label in Simplified Chinese, or `null` when the form no longer has the field.
    pub label_zh: Option<String>,
    /// Its label in English, or `null` when the form no longer has the field.
    pub label_en: Option<String>,
    /// The value as stored.
    pub value: String,
}

/// Returns the form values of `case` with their labels.
pub(crate) fn form_values(
    case: &CaseRecord,
    implementation: Option<&Implementation>,
) -> Vec<FormValueJson> {
    case.form_data
        .iter()
        .map(|(name, value)| {
            let field = implementation
                .and_then(|implementation| implementation.form.iter().find(|f| f.name == *name));
            FormValueJson {
                name: name.clone(),
                label_zh: field.map(|field| field.label_zh.clone()),
                label_en: field.map(|field| field.label_en.clone()),
                value: value.clone(),
            }
        })
        .collect()
}

/// A case with everything its page shows.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseDetailJson {
    /// The case.
    pub case: CaseJson,
    /// The form values.
    pub form: Vec<FormValueJson>,
    /// The files handed in, in upload order.
    pub materials: Vec<CaseFileJson>,
    /// The history, oldest first.
    pub history: Vec<EventJson>,
    /// Correction requests and special procedures, oldest first.
    pub suspensions: Vec<SuspensionJson>,
    /// E-certificates lent in place of materials, with the outcome of their check.
    pub certificates: Vec<super::lend::LoanJson>,
}

/// A list of cases.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseListJson {
    /// The cases.
    pub cases: Vec<CaseJson>,
}
