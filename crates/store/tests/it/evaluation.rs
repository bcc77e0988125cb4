//! Ratings, rectifications and supervision facts: one rating per channel, versioned updates,
//! the period filter and the append-only history, on both backends.

use chrono::NaiveDate;
use tongban_store::evaluation::{
    RatingRecord, RectificationEvent, RectificationRecord, SupervisionCase,
    append_rectification_event, find_rectification, insert_rating, insert_rectification,
    list_case_ratings, list_rectification_events, list_rectifications, list_supervision_cases,
    update_rectification, upsert_rectification_copy, upsert_supervision_case,
};
use tongban_testkit::each_backend;

use crate::support::{at_millis, connect};

const START: i64 = 1_772_416_800_000;

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a YYYY-MM-DD date")
}

fn facts(number: &str, received: &str, version: i64) -> SupervisionCase {
    SupervisionCase {
        reporter: "zj".to_owned(),
        case_number: number.to_owned(),
        department: "浙江省发展和改革委员会".to_owned(),
        department_code: None,
        item_code: "11450721MB155808114000104002000".to_owned(),
        item_name: "固定资产投资项目节能审查".to_owned(),
        status: "closed".to_owned(),
        received_on: Some(date(received)),
        accepted_on: Some(date(received)),
        decided_on: Some(date(received)),
        closed_on: Some(date(received)),
        due_on: Some(date("2026-03-09")),
        on_time: Some(true),
        handling_days: Some(0),
        case_version: version,
        changed_at: at_millis(START + version),
    }
}

fn rating(id: &str, channel: &str) -> RatingRecord {
    RatingRecord {
        id: id.to_owned(),
        reporter: "zj".to_owned(),
        case_number: "330000202603020000001T".to_owned(),
        channel: channel.to_owned(),
        portal: "zj".to_owned(),
        follow_up: false,
        satisfaction: 5,
        sub_ratings: "{\"efficiency\":5}".to_owned(),
        comment: Some("窗口多次要求补充材料".to_owned()),
        rater_subject: "acc-1".to_owned(),
        rater_name: "申请人".to_owned(),
        rated_at: at_millis(START),
    }
}

fn rectification(version: i64, status: &str) -> RectificationRecord {
    RectificationRecord {
        id: "rect-1".to_owned(),
        reporter: "zj".to_owned(),
        case_number: "330000202603020000001T".to_owned(),
        rating_id: "rating-1".to_owned(),
        department: "浙江省发展和改革委员会".to_owned(),
        status: status.to_owned(),
        status_before_appeal: status.to_owned(),
        opened_on: date("2026-04-30"),
        working_days: 15,
        due_on: date("2026-05-25"),
        finished_on: None,
        version,
        updated_at: at_millis(START + version),
    }
}

#[tokio::test]
async fn one_rating_per_case_and_channel() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        assert!(
            insert_rating(store.pool(), &rating("rating-1", "pc"))
                .await
                .expect("the store call succeeds"),
            "{backend}"
        );
        let again = insert_rating(store.pool(), &rating("rating-2", "pc"))
            .await
            .expect("the store call succeeds");
        assert!(
            !again,
            "{backend}: a second rating of the channel was stored"
        );
        let other = insert_rating(store.pool(), &rating("rating-3", "phone"))
            .await
            .expect("the store call succeeds");
        assert!(other, "{backend}: another channel was refused");
        let listed = list_case_ratings(store.pool(), "zj", "330000202603020000001T")
            .await
            .expect("the store call succeeds");
        let ids: Vec<&str> = listed.iter().map(|rating| rating.id.as_str()).collect();
        assert_eq!(ids, ["rating-1", "rating-3"], "{backend}");
        assert_eq!(listed[0], rating("rating-1", "pc"), "{backend}");
    }
}

#[tokio::test]
async fn supervision_facts_filter_by_period() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        for (number, day) in [
            ("A", "2026-03-02"),
            ("B", "2026-03-10"),
            ("C", "2026-04-01"),
        ] {
            assert!(
                upsert_supervision_case(store.pool(), &facts(number, day, 5))
                    .await
                    .expect("the store call succeeds")
            );
        }
        let stale = upsert_supervision_case(store.pool(), &facts("A", "2026-03-02", 4))
            .await
            .expect("the store call succeeds");
        assert!(!stale, "{backend}: an older version was written");

        let numbers = |cases: Vec<SupervisionCase>| -> Vec<String> {
            cases.into_iter().map(|case| case.case_number).collect()
        };
        let all = list_supervision_cases(store.pool(), None, None)
            .await
            .expect("the store call succeeds");
        assert_eq!(numbers(all), ["A", "B", "C"], "{backend}");
        let march = list_supervision_cases(
            store.pool(),
            Some(date("2026-03-02")),
            Some(date("2026-03-31")),
        )
        .await
        .expect("the store call succeeds");
        assert_eq!(numbers(march.clone()), ["A", "B"], "{backend}");
        assert_eq!(march[0], facts("A", "2026-03-02", 5), "{backend}");
        let later = list_supervision_cases(store.pool(), Some(date("2026-03-03")), None)
            .await
            .expect("the store call succeeds");
        assert_eq!(numbers(later), ["B", "C"], "{backend}");
    }
}

#[tokio::test]
async fn rectification_updates_need_its_version() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        insert_rectification(store.pool(), &rectification(1, "open"))
            .await
            .expect("the store call succeeds");
        let verified = rectification(2, "verified");
        assert!(
            update_rectification(store.pool(), &verified, 1)
                .await
                .expect("the store call succeeds"),
            "{backend}"
        );
        let lost = update_rectification(store.pool(), &rectification(2, "appealed"), 1)
            .await
            .expect("the store call succeeds");
        assert!(!lost, "{backend}: a step on an old version was written");
        let stored = find_rectification(store.pool(), "zj", "rect-1")
            .await
            .expect("the store call succeeds");
        assert_eq!(stored, Some(verified.clone()), "{backend}");

        // The hub's copy keeps the newest version it was sent.
        let copy = rectification(3, "rectified");
        assert!(
            upsert_rectification_copy(store.pool(), &copy)
                .await
                .expect("the store call succeeds"),
            "{backend}"
        );
        let older = upsert_rectification_copy(store.pool(), &verified)
            .await
            .expect("the store call succeeds");
        assert!(!older, "{backend}: an older copy was written");
        let listed = list_rectifications(store.pool(), Some("zj"))
            .await
            .expect("the store call succeeds");
        assert_eq!(listed, vec![copy], "{backend}");
        assert!(
            list_rectifications(store.pool(), Some("gd"))
                .await
                .expect("the store call succeeds")
                .is_empty()
        );
    }
}

#[tokio::test]
async fn rectification_events_are_append_only() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        let event = RectificationEvent {
            rectification_id: "rect-1".to_owned(),
            version: 2,
            step: "verify".to_owned(),
            from_status: "open".to_owned(),
            to_status: "verified".to_owned(),
            actor_kind: "clerk".to_owned(),
            actor: "zj-clerk".to_owned(),
            reason: "电话回访评价人".to_owned(),
            at: at_millis(START),
        };
        append_rectification_event(store.pool(), &event)
            .await
            .expect("the store call succeeds");
        let listed = list_rectification_events(store.pool(), "rect-1")
            .await
            .expect("the store call succeeds");
        assert_eq!(listed, vec![event], "{backend}");
        let update = sqlx::query("UPDATE rectification_events SET reason = 'x'")
            .execute(store.pool())
            .await;
        assert!(update.is_err(), "{backend}: an event was changed");
        let delete = sqlx::query("DELETE FROM rectification_events")
            .execute(store.pool())
            .await;
        assert!(delete.is_err(), "{backend}: an event was deleted");
    }
}
