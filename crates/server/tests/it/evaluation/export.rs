//! The export of a scripted set of cases, their steps and ratings carries the expected rows
//! under GB/T 39046 field names, in CSV and in JSON alike.

use reqwest::StatusCode;
use serde_json::Value;

use super::ratings::zj_values;
use super::{close_case, rate};
use crate::cases::index::api_apply;
use crate::cases::support::{Browser, Person, zj_clerk};
use crate::cases::{clock_lock, demo};

/// 实施编码 and 事项名称 of the 浙江 energy review in the reference catalog.
const ITEM_CODE: &str = "11450721MB155808114000104002000";
const ITEM_NAME: &str = "固定资产投资项目节能审查";
const DEPARTMENT: &str = "浙江省发展和改革委员会（演示）";

/// Returns the rows of the export at `url` in both formats, keyed by field name, after
/// checking that CSV and JSON hold the same rows.
async fn export(clerk: &Browser, url: &str) -> Vec<Vec<(String, String)>> {
    let csv_text = fetch(clerk, &format!("{url}&format=csv"), "text/csv").await;
    let json_text = fetch(clerk, &format!("{url}&format=json"), "application/json").await;

    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let from_csv: Vec<Vec<(String, String)>> = reader
        .records()
        .map(|record| {
            header
                .iter()
                .cloned()
                .zip(record.unwrap().iter().map(str::to_owned))
                .collect()
        })
        .collect();
    let json: Value = serde_json::from_str(&json_text).unwrap();
    let from_json: Vec<Vec<(String, String)>> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|object| {
            header
                .iter()
                .map(|field| (field.clone(), object[field].as_str().unwrap().to_owned()))
                .collect()
        })
        .collect();
    assert_eq!(from_csv, from_json);
    from_csv
}

async fn fetch(clerk: &Browser, url: &str, content_type: &str) -> String {
    let response = clerk.client().get(url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{url}");
    let header = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(header.starts_with(content_type), "{url}: {header}");
    response.text().await.unwrap()
}

/// Returns the rows whose 办件编号 is one of `numbers`, in the order of `numbers`.
fn rows_of(rows: &[Vec<(String, String)>], numbers: &[&str]) -> Vec<Vec<(String, String)>> {
    numbers
        .iter()
        .flat_map(|number| rows.iter().filter(move |row| row[0].1 == *number).cloned())
        .collect()
}

fn expected(fields: &[&str], values: &[&str]) -> Vec<(String, String)> {
    assert_eq!(fields.len(), values.len());
    fields
        .iter()
        .zip(values)
        .map(|(field, value)| ((*field).to_owned(), (*value).to_owned()))
        .collect()
}

#[tokio::test]
async fn export_matches_scripted_cases() {
    let _clock = clock_lock().await;
    let demo = demo();
    let zj = zj_clerk().await;
    let person = Person::register("申请人庚", "en").await;

    // On Monday 2 March 2026: one case closed and rated 2, one left waiting for intake.
    let closed = api_apply(&person, &demo.zj, "zj-energy-review", zj_values()).await;
    let waiting = api_apply(&person, &demo.zj, "zj-energy-review", zj_values()).await;
    close_case(&zj, &demo.zj, &closed).await;
    let url = format!(
        "{}/cases/{}/rating",
        demo.zj,
        closed["id"].as_str().unwrap()
    );
    let rated = rate(&person.browser, &url, false, "2", "指引清楚").await;
    assert_eq!(rated.first, StatusCode::SEE_OTHER, "{}", rated.body);
    let closed_number = closed["case_number"].as_str().unwrap();
    let waiting_number = waiting["case_number"].as_str().unwrap();
    let base = format!(
        "{}/staff/supervision/export?from=2026-03-02&to=2026-03-02",
        demo.zj
    );

    let case_fields = [
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
    let cases = export(&zj, &format!("{base}&kind=cases")).await;
    let found = rows_of(&cases, &[closed_number, waiting_number]);
    // Accepted, decided and closed the day it was received: promised within five working
    // days, so due on Monday 9 March, decided on time after zero working days.
    let want = vec![
        expected(
            &case_fields,
            &[
                closed_number,
                ITEM_CODE,
                ITEM_NAME,
                DEPARTMENT,
                "",
                "closed",
                "20260302",
                "20260302",
                "20260309",
                "20260302",
                "1",
                "0",
                "zj",
            ],
        ),
        expected(
            &case_fields,
            &[
                waiting_number,
                ITEM_CODE,
                ITEM_NAME,
                DEPARTMENT,
                "",
                "submitted",
                "20260302",
                "",
                "",
                "",
                "",
                "",
                "zj",
            ],
        ),
    ];
    assert_eq!(found, want);

    let rating_fields = [
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
    let ratings = export(&zj, &format!("{base}&kind=ratings")).await;
    let found = rows_of(&ratings, &[closed_number, waiting_number]);
    let want = vec![expected(
        &rating_fields,
        &[
            closed_number,
            "PC端",
            "申请人庚",
            "20260302100000",
            "1",
            "满意",
            "2",
            "指引清楚",
            "0",
            "zj",
        ],
    )];
    assert_eq!(found, want);

    // Steps: 申请, 受理, 审查, 决定 and 办结, each done (code 2) by the department.
    let steps = export(&zj, &format!("{base}&kind=steps")).await;
    let found = rows_of(&steps, &[closed_number]);
    let picked: Vec<Vec<&str>> = found
        .iter()
        .map(|row| {
            [
                "环节名称",
                "业务动作",
                "环节处理意见",
                "处理单位名称",
                "环节办理状态代码",
            ]
            .iter()
            .map(|field| {
                row.iter()
                    .find(|(name, _)| name == field)
                    .unwrap()
                    .1
                    .as_str()
            })
            .collect()
        })
        .collect();
    assert_eq!(
        picked,
        vec![
            vec!["申请", "通过", "", DEPARTMENT, "2"],
            vec!["受理", "通过", "", DEPARTMENT, "2"],
            vec!["审查", "其他", "", DEPARTMENT, "2"],
            vec!["决定", "通过", "同意", DEPARTMENT, "2"],
            vec!["办结", "其他", "", DEPARTMENT, "2"],
        ]
    );
}

#[tokio::test]
async fn export_rejects_unknown_kind() {
    let zj = zj_clerk().await;
    let url = format!(
        "{}/staff/supervision/export?kind=people&format=csv",
        demo().zj
    );
    let response = zj.client().get(&url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let anonymous = Browser::new();
    let hub = format!("{}/supervision/export?kind=cases&format=csv", demo().hub);
    let response = anonymous.client().get(&hub).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}
