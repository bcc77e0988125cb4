use chrono::{NaiveDate, Utc};

use super::*;

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn case(
    node: &str,
    number: &str,
    department: &str,
    on_time: Option<bool>,
    days: Option<u32>,
) -> SupervisionCase {
    SupervisionCase {
        reporter: node.to_owned(),
        case_number: number.to_owned(),
        department: department.to_owned(),
        department_code: None,
        item_code: "item-1".to_owned(),
        item_name: "节能审查".to_owned(),
        status: if on_time.is_some() {
            "closed"
        } else {
            "under_review"
        }
        .to_owned(),
        received_on: Some(date("2026-03-02")),
        accepted_on: Some(date("2026-03-02")),
        decided_on: on_time.map(|_| date("2026-03-10")),
        closed_on: on_time.map(|_| date("2026-03-10")),
        due_on: Some(date("2026-03-09")),
        on_time,
        handling_days: days,
        case_version: 5,
        changed_at: Utc::now(),
    }
}

fn rating(node: &str, number: &str, id: &str, code: u8, follow_up: bool) -> RatingRecord {
    RatingRecord {
        id: id.to_owned(),
        reporter: node.to_owned(),
        case_number: number.to_owned(),
        channel: "pc".to_owned(),
        portal: node.to_owned(),
        follow_up,
        satisfaction: code,
        sub_ratings: "{}".to_owned(),
        comment: None,
        rater_subject: "acc-1".to_owned(),
        rater_name: "林晓华".to_owned(),
        rated_at: Utc::now(),
    }
}

fn rectification(node: &str, number: &str, rating_id: &str, status: &str) -> RectificationRecord {
    RectificationRecord {
        id: format!("rect-{rating_id}"),
        reporter: node.to_owned(),
        case_number: number.to_owned(),
        rating_id: rating_id.to_owned(),
        department: "发改委".to_owned(),
        status: status.to_owned(),
        status_before_appeal: status.to_owned(),
        opened_on: date("2026-03-11"),
        working_days: 15,
        due_on: date("2026-04-01"),
        finished_on: None,
        version: 1,
        updated_at: Utc::now(),
    }
}

#[test]
fn counts_cases_ratings_and_rectifications() {
    let cases = [
        case("gd", "A", "发改委", Some(true), Some(4)),
        case("gd", "B", "发改委", Some(false), Some(7)),
        case("zj", "C", "经信厅", None, None),
    ];
    let ratings = [
        rating("gd", "A", "r1", 1, false),
        rating("gd", "B", "r2", 5, false),
        rating("gd", "B", "r3", 2, true),
    ];
    let rectifications = [rectification("gd", "B", "r2", "reported")];
    let statistics = compute(&cases, &ratings, &rectifications, date("2026-03-20"));

    let total = &statistics.total;
    assert_eq!(total.received, 3);
    assert_eq!(total.closed, 2);
    assert_eq!(total.on_time, 1);
    // C is undecided and its due date passed.
    assert_eq!(total.overdue, 2);
    assert_eq!(total.decided_late, 1);
    assert_eq!(total.on_time_rate(), Some(50.0));
    assert_eq!(total.average_handling_days, Some(5.5));
    assert_eq!(total.ratings, [1, 0, 0, 0, 1]);
    assert_eq!(total.rectifications, 1);
    assert_eq!(total.rectification_rate(), Some(100.0));
    assert_eq!(statistics.by_node.len(), 2);
    assert_eq!(statistics.by_node[0].key, "gd");
    assert_eq!(statistics.by_node[0].received, 2);
    assert_eq!(statistics.by_department[1].key, "经信厅");
}

#[test]
fn upheld_appeal_drops_rating() {
    let cases = [case("gd", "B", "发改委", Some(true), Some(3))];
    let ratings = [rating("gd", "B", "r2", 5, false)];
    let rectifications = [rectification("gd", "B", "r2", "excluded")];
    let statistics = compute(&cases, &ratings, &rectifications, date("2026-03-20"));
    assert_eq!(statistics.total.ratings, [0, 0, 0, 0, 0]);
    assert_eq!(statistics.total.rectifications, 0);
    assert_eq!(statistics.total.rectification_rate(), None);
}

#[test]
fn running_rectification_past_due_is_overdue() {
    let cases = [case("gd", "B", "发改委", Some(true), Some(3))];
    let ratings = [rating("gd", "B", "r2", 4, false)];
    let rectifications = [rectification("gd", "B", "r2", "verified")];
    let before = compute(&cases, &ratings, &rectifications, date("2026-04-01"));
    assert_eq!(before.total.rectifications_overdue, 0);
    let after = compute(&cases, &ratings, &rectifications, date("2026-04-02"));
    assert_eq!(after.total.rectifications_overdue, 1);
    assert_eq!(after.total.rectification_rate(), Some(0.0));
}
