//! Export of cases, steps and ratings under the field names of GB/T 39046 (tables 6 to 9),
//! as CSV or JSON, the form provinces report upward in. Dates are 日期型 `YYYYMMDD` and times
//! 日期时间型 `YYYYMMDDhhmmss` in Asia/Shanghai.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Map, Value};
use tongban_domain::evaluation::{Channel, Satisfaction};
use tongban_store::Store;
use tongban_store::cases as stored_cases;
use tongban_store::evaluation as stored;

use super::{EvaluationError, Filter};

/// The content of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// One row per case (事项受理 and 事项办结).
    Cases,
    /// One row per handling step (事项办理); only a handling node keeps steps.
    Steps,
    /// One row per rating (绩效评价).
    Ratings,
}

impl ExportKind {
    /// Returns the kind of a name as query strings spell it.
    pub fn parse(name: &str) -> Option<ExportKind> {
        match name {
            "cases" => Some(ExportKind::Cases),
            "steps" => Some(ExportKind::Steps),
            "ratings" => Some(ExportKind::Ratings),
            _ => None,
        }
    }

    /// Returns the name query strings and file names use.
    pub fn name(self) -> &'static str {
        match self {
            ExportKind::Cases => "cases",
            ExportKind::Steps => "steps",
            ExportKind::Ratings => "ratings",
        }
    }

    /// Returns the field names of the kind's rows, in column order.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            ExportKind::Cases => &CASE_FIELDS,
            ExportKind::Steps => &STEP_FIELDS,
            ExportKind::Ratings => &RATING_FIELDS,
        }
    }
}

/// The columns of a case row. 办理地 and 是否按时办结, 办理用时 are not fields of the standard;
/// they carry the handling node's id and what supervision counts.
pub const CASE_FIELDS: [&str; 13] = [
    "办件编号",
    "实施编码",
    "事项名称",
    "受理单位名称",
    "受理单位统一社会信用代码",
    "办件状态",
    "申请时间",
    "受理时间",
    "承诺办结时间",
    "办结时间",
    "是否按时办结",
    "办理用时",
    "办理地",
];

/// The columns of a step row.
pub const STEP_FIELDS: [&str; 10] = [
    "办件编号",
    "环节名称",
    "业务动作",
    "环节处理人",
    "环节处理意见",
    "环节开始时间",
    "环节结束时间",
    "处理单位名称",
    "处理单位统一社会信用代码",
    "环节办理状态代码",
];

/// The columns of a rating row. 办理地 is the handling node's id.
pub const RATING_FIELDS: [&str; 10] = [
    "办件编号",
    "评价渠道",
    "评价人",
    "评价时间",
    "评价次数",
    "满意度",
    "满意度代码",
    "文字评价",
    "是否整改评价",
    "办理地",
];

/// One exported row: a value for each field of its kind, in column order.
pub type ExportRow = Vec<String>;

/// The file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Json,
}

fn day(date: Option<NaiveDate>) -> String {
    date.map(|date| date.format("%Y%m%d").to_string())
        .unwrap_or_default()
}

fn time(at: DateTime<Utc>) -> String {
    at.with_timezone(&tongban_domain::time::CHINA_STANDARD_TIME)
        .format("%Y%m%d%H%M%S")
        .to_string()
}

/// Returns the rows of `kind` for the cases `filter` selects, ordered by handling node and
/// case number, and within a case by time.
///
/// # Errors
/// [`EvaluationError::Store`] when the database fails.
pub async fn export_rows(
    store: &Store,
    kind: ExportKind,
    filter: &Filter,
) -> Result<Vec<ExportRow>, EvaluationError> {
    let cases: Vec<stored::SupervisionCase> =
        stored::list_supervision_cases(store.pool(), filter.from, filter.to)
            .await?
            .into_iter()
            .filter(|case| {
                filter
                    .reporter
                    .as_ref()
                    .is_none_or(|node| *node == case.reporter)
            })
            .collect();
    match kind {
        ExportKind::Cases => Ok(cases.iter().map(case_row).collect()),
        ExportKind::Steps => step_rows(store, &cases).await,
        ExportKind::Ratings => rating_rows(store, &cases).await,
    }
}

fn case_row(case: &stored::SupervisionCase) -> ExportRow {
    vec![
        case.case_number.clone(),
        case.item_code.clone(),
        case.item_name.clone(),
        case.department.clone(),
        case.department_code.clone().unwrap_or_default(),
        case.status.clone(),
        day(case.received_on),
        day(case.accepted_on),
        day(case.due_on),
        day(case.closed_on),
        case.on_time
            .map(|on_time| if on_time { "1" } else { "0" }.to_owned())
            .unwrap_or_default(),
        case.handling_days
            .map(|days| days.to_string())
            .unwrap_or_default(),
        case.reporter.clone(),
    ]
}

async fn step_rows(
    store: &Store,
    cases: &[stored::SupervisionCase],
) -> Result<Vec<ExportRow>, EvaluationError> {
    let mut rows = Vec::new();
    for case in cases {
        // The hub keeps no steps, so only the cases this store has itself have any.
        let Some(id) =
            stored_cases::find_case_id_by_number(store.pool(), &case.case_number).await?
        else {
            continue;
        };
        for event in stored_cases::list_case_events(store.pool(), &id).await? {
            let event = event.event;
            let Some(step) = event.step else {
                continue;
            };
            let at = time(event.occurred_at);
            rows.push(vec![
                case.case_number.clone(),
                step.name,
                step.action.name_zh().to_owned(),
                event.actor_name,
                event.reason.unwrap_or_default(),
                at.clone(),
                at,
                step.handling_unit.unwrap_or_default(),
                step.handling_unit_code.unwrap_or_default(),
                step.status.code().to_string(),
            ]);
        }
    }
    Ok(rows)
}

async fn rating_rows(
    store: &Store,
    cases: &[stored::SupervisionCase],
) -> Result<Vec<ExportRow>, EvaluationError> {
    let selected: HashMap<(&str, &str), ()> = cases
        .iter()
        .map(|case| ((case.reporter.as_str(), case.case_number.as_str()), ()))
        .collect();
    let mut times: HashMap<(String, String), u32> = HashMap::new();
    let mut rows = Vec::new();
    for rating in stored::list_ratings(store.pool()).await? {
        if !selected.contains_key(&(rating.reporter.as_str(), rating.case_number.as_str())) {
            continue;
        }
        let count = times
            .entry((rating.reporter.clone(), rating.case_number.clone()))
            .or_default();
        *count += 1;
        let level = Satisfaction::from_code(rating.satisfaction);
        rows.push(vec![
            rating.case_number.clone(),
            Channel::parse(&rating.channel).map_or_else(
                || rating.channel.clone(),
                |channel| channel.name_zh().to_owned(),
            ),
            rating.rater_name.clone(),
            time(rating.rated_at),
            count.to_string(),
            level
                .map(Satisfaction::name_zh)
                .unwrap_or_default()
                .to_owned(),
            rating.satisfaction.to_string(),
            rating.comment.clone().unwrap_or_default(),
            if rating.follow_up { "1" } else { "0" }.to_owned(),
            rating.reporter.clone(),
        ]);
    }
    Ok(rows)
}

/// Renders `rows` of `kind` as a file of `format`: CSV with a header line of the field
/// names, or a JSON array of objects keyed by them.
pub fn render_export(kind: ExportKind, rows: &[ExportRow], format: ExportFormat) -> String {
    match format {
        ExportFormat::Csv => {
            let mut writer = csv::Writer::from_writer(Vec::new());
            // Writing to a Vec fails only on a row whose length differs from the header's, and
            // every row builder above fills each field of its kind.
            let _ = writer.write_record(kind.fields());
            for row in rows {
                let _ = writer.write_record(row);
            }
            let bytes = writer.into_inner().unwrap_or_default();
            String::from_utf8(bytes).unwrap_or_default()
        }
        ExportFormat::Json => {
            let objects: Vec<Value> = rows
                .iter()
                .map(|row| {
                    let object: Map<String, Value> = kind
                        .fields()
                        .iter()
                        .zip(row)
                        .map(|(field, value)| ((*field).to_owned(), Value::String(value.clone())))
                        .collect();
                    Value::Object(object)
                })
                .collect();
            Value::Array(objects).to_string()
        }
    }
}
