//! A bad rating opens a rectification at the department, due in working days on the holiday
//! calendar. The department verifies, rectifies and reports back, or appeals. Every step is
//! recorded, and a late rectification is flagged.

use reqwest::StatusCode;

use super::ratings::zj_values;
use super::{close_case, count, rate, supervision_numbers};
use crate::cases::index::api_apply;
use crate::cases::support::{Browser, Person, hidden_value, href_of_link, text_of, zj_clerk};
use crate::cases::{clock_lock, demo};

/// Closes a 浙江 case of a new person, who rates it `satisfaction` on `day`. Returns the person,
/// the case number and the URL of the rectification page, taken from the clerk's list.
async fn rated_case(
    clock: &crate::cases::ClockGuard,
    zj: &Browser,
    name: &str,
    day: &str,
    satisfaction: &str,
) -> (Person, String, String) {
    let demo = demo();
    let person = Person::register(name, "en").await;
    let case = api_apply(&person, &demo.zj, "zj-energy-review", zj_values()).await;
    close_case(zj, &demo.zj, &case).await;
    clock.set(day);
    let url = format!("{}/cases/{}/rating", demo.zj, case["id"].as_str().unwrap());
    let rated = rate(
        &person.browser,
        &url,
        false,
        satisfaction,
        "材料清单与窗口要求不一致",
    )
    .await;
    assert_eq!(rated.first, StatusCode::SEE_OTHER, "{}", rated.body);

    let number = case["case_number"].as_str().unwrap().to_owned();
    let list = zj.open(&format!("{}/staff/rectifications", demo.zj)).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let href = href_of_link(&list.body, &number);
    (person, number, format!("{}{href}", demo.zj))
}

/// Takes `step` with `reason` on the rectification at `url`; returns the visit.
async fn take(zj: &Browser, url: &str, step: &str, reason: &str) -> crate::cases::support::Visit {
    let page = zj.open(url).await;
    let csrf = hidden_value(&page.body, "csrf").unwrap();
    let version = hidden_value(&page.body, "version").unwrap();
    zj.post(
        url,
        &[
            ("csrf", &csrf),
            ("version", &version),
            ("step", step),
            ("reason", reason),
        ],
    )
    .await
}

#[tokio::test]
async fn rectification_deadline_crosses_may_day() {
    let clock = clock_lock().await;
    let demo = demo();
    let zj = zj_clerk().await;
    let (person, number, url) = rated_case(&clock, &zj, "申请人戊", "2026-04-30", "4").await;

    // Fifteen working days from Thursday 30 April 2026: 1 to 5 May are off and Saturday
    // 9 May is worked, so the limit ends on Monday 25 May rather than Thursday 21 May.
    let page = zj.open(&url).await;
    assert_eq!(
        text_of(&page.body, "fact-case").as_deref(),
        Some(number.as_str())
    );
    assert_eq!(
        text_of(&page.body, "fact-opened").as_deref(),
        Some("2026-04-30")
    );
    assert_eq!(text_of(&page.body, "fact-limit").as_deref(), Some("15"));
    assert_eq!(
        text_of(&page.body, "fact-due").as_deref(),
        Some("2026-05-25")
    );
    assert_eq!(text_of(&page.body, "fact-status").as_deref(), Some("Open"));
    assert_eq!(
        text_of(&page.body, "fact-flag").as_deref(),
        Some("On track")
    );

    // Three working days before the due date the rectification is near its deadline.
    clock.set("2026-05-20");
    let alerts = zj.open(&format!("{}/staff/alerts", demo.zj)).await;
    let line = alerts
        .body
        .split("<li")
        .find(|line| line.contains(&number))
        .unwrap_or("");
    assert!(line.contains("deadline is near"), "{}", alerts.body);

    // The day after the due date it is overdue, on its page, in the alerts and in the
    // statistics.
    clock.set("2026-05-26");
    let page = zj.open(&url).await;
    assert_eq!(text_of(&page.body, "fact-flag").as_deref(), Some("Overdue"));
    let alerts = zj.open(&format!("{}/staff/alerts", demo.zj)).await;
    let line = alerts
        .body
        .split("<li")
        .find(|line| line.contains(&number))
        .unwrap_or("");
    assert!(line.contains("flag-red"), "{}", alerts.body);
    assert!(line.contains("has passed"), "{}", alerts.body);
    let numbers = supervision_numbers(&zj, &format!("{}/staff/supervision", demo.zj)).await;
    assert!(
        count(&numbers, "total-rectifications-overdue") >= 1,
        "{numbers:?}"
    );

    // A step needs a reason, and reporting back cannot come before verifying.
    let blank = take(&zj, &url, "verify", " ").await;
    assert_eq!(
        blank.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        blank.body
    );
    let early = take(&zj, &url, "report", "已反馈").await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.body);

    for (step, reason) in [
        ("verify", "电话回访评价人，核实窗口告知材料有误"),
        ("rectify", "更新办事指南材料清单并培训窗口人员"),
        ("report", "已向评价人反馈整改结果"),
    ] {
        let done = take(&zj, &url, step, reason).await;
        assert_eq!(done.first, StatusCode::SEE_OTHER, "{step}: {}", done.body);
    }
    let page = zj.open(&url).await;
    assert_eq!(
        text_of(&page.body, "fact-status").as_deref(),
        Some("Reported back")
    );
    assert_eq!(
        text_of(&page.body, "fact-flag").as_deref(),
        Some("On track")
    );
    let history = &page.body[page.body.find("id=\"history\"").unwrap()..];
    for reason in [
        "核实窗口告知材料有误",
        "更新办事指南材料清单",
        "已向评价人反馈整改结果",
    ] {
        assert!(history.contains(reason), "{history}");
    }
    assert_eq!(history.matches("zj-clerk").count(), 3, "{history}");

    // The rater reads the result and rates the follow-up once.
    let rating_url = format!("{}/cases/", demo.zj);
    let case_page = person.browser.open(&format!("{}/cases", demo.zj)).await;
    assert!(case_page.body.contains(&number), "{}", case_page.body);
    let own = person
        .browser
        .open(&format!("{}/cases/by-number/{number}", demo.zj))
        .await;
    let rating_page = format!("{}/rating", own.url.split('?').next().unwrap());
    assert!(rating_page.starts_with(&rating_url), "{rating_page}");
    let rating = person.browser.open(&rating_page).await;
    assert_eq!(
        text_of(&rating.body, "rectification-status").as_deref(),
        Some("Reported back")
    );
    let follow_up = rate(&person.browser, &rating_page, true, "2", "整改及时").await;
    assert_eq!(follow_up.first, StatusCode::SEE_OTHER, "{}", follow_up.body);
    assert!(
        follow_up.body.contains("The follow-up of a bad rating"),
        "{}",
        follow_up.body
    );
    assert!(
        !follow_up.body.contains("id=\"rating-form\""),
        "{}",
        follow_up.body
    );
}

#[tokio::test]
async fn upheld_appeal_excludes_rating() {
    let clock = clock_lock().await;
    let demo = demo();
    let zj = zj_clerk().await;
    let statistics = format!("{}/staff/supervision", demo.zj);
    let before = supervision_numbers(&zj, &statistics).await;
    let (_person, _number, url) = rated_case(&clock, &zj, "申请人己", "2026-03-02", "5").await;
    let rated = supervision_numbers(&zj, &statistics).await;
    assert_eq!(count(&rated, "rating-5"), count(&before, "rating-5") + 1);

    let appealed = take(&zj, &url, "appeal", "评价内容与本办件无关，系误评").await;
    assert_eq!(appealed.first, StatusCode::SEE_OTHER, "{}", appealed.body);
    let page = zj.open(&url).await;
    assert_eq!(
        text_of(&page.body, "fact-status").as_deref(),
        Some("Appeal under review")
    );
    let upheld = take(&zj, &url, "uphold_appeal", "经复核，评价人确认误评").await;
    assert_eq!(upheld.first, StatusCode::SEE_OTHER, "{}", upheld.body);
    let page = zj.open(&url).await;
    assert_eq!(
        text_of(&page.body, "fact-status").as_deref(),
        Some("Rating excluded on appeal")
    );
    assert!(
        page.body.contains("经复核，评价人确认误评"),
        "{}",
        page.body
    );

    // The excluded rating and its rectification no longer count.
    let after = supervision_numbers(&zj, &statistics).await;
    assert_eq!(count(&after, "rating-5"), count(&before, "rating-5"));
    assert_eq!(
        count(&after, "total-rectifications"),
        count(&before, "total-rectifications")
    );
}
