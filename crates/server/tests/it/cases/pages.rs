//! Whole cases through the pages, as a browser sends them: form posts with multipart uploads
//! for the applicant, the workbench forms for the clerk.

use reqwest::StatusCode;

use super::flows::{ENERGY_VALUES, apply, apply_for_energy_review, clerk_step, open_form, zj_step};
use super::support::{
    Multipart, Person, between, case_id_of, hidden_value, href_of_link, material_input, pdf, png,
    text_of, zj_clerk,
};
use super::{clock_lock, demo};

/// Returns the due dates of the deadline table in `html`, statutory first.
fn due_dates(html: &str) -> Vec<String> {
    let table = between(html, "id=\"deadlines\"", "</table>");
    table
        .split("<td class=\"due\">")
        .skip(1)
        .map(|cell| cell.split('<').next().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn approval_walk_through_pages() {
    let clock = clock_lock().await;
    let zj = &demo().zj;
    let person = Person::register("王小明", "zh-CN").await;

    // The form shows who applies, with the ID number masked but for its last four characters.
    let (form, csrf, case_id) = open_form(&person, "zj-energy-review").await;
    let last_four = &person.resident_id[14..];
    assert_eq!(
        text_of(&form.body, "identity-number").unwrap(),
        format!("**************{last_four}")
    );
    assert!(
        form.body
            .contains("PDF、JPEG、PNG 或 OFD 文件，每个文件不超过 20 MiB")
    );
    assert!(form.body.contains("enctype=\"multipart/form-data\""));

    // A draft saved with an invalid number keeps the upload and names the field.
    let application = material_input(&form.body, "申请书");
    let saved = person
        .browser
        .post_multipart(
            &format!("{zj}/services/zj-energy-review/apply"),
            Multipart::new()
                .text("csrf", &csrf)
                .text("case_id", &case_id)
                .text("field-project_name", "年产5万吨再生铝项目")
                .text("field-annual_energy_tce", "六千二")
                .file(
                    &application,
                    "申请书.pdf",
                    "application/pdf",
                    &pdf("申请书"),
                )
                .empty_file(&material_input(&form.body, "节能报告"))
                .text("intent", "save"),
        )
        .await;
    assert_eq!(saved.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        saved.body.contains(
            "<a href=\"#field-annual_energy_tce\">“年综合能源消费量（吨标准煤）”应为数字"
        ),
        "{}",
        saved.body
    );
    assert!(saved.body.contains("aria-invalid=\"true\""));
    assert!(
        saved.body.contains("value=\"六千二\""),
        "the value typed is shown again"
    );
    assert!(
        saved.body.contains(">申请书.pdf</a>"),
        "the valid file was kept"
    );

    // Submitting with a PNG for the second material gives the case its number.
    let submitted = person
        .browser
        .post_multipart(
            &format!("{zj}/services/zj-energy-review/apply"),
            Multipart::new()
                .text("csrf", &csrf)
                .text("case_id", &case_id)
                .text(ENERGY_VALUES[0].0, ENERGY_VALUES[0].1)
                .text(ENERGY_VALUES[1].0, ENERGY_VALUES[1].1)
                .file(
                    &material_input(&form.body, "节能报告"),
                    "节能报告.png",
                    "image/png",
                    &png(),
                )
                .text("intent", "submit"),
        )
        .await;
    assert_eq!(submitted.first, StatusCode::SEE_OTHER, "{}", submitted.body);
    assert_eq!(case_id_of(&submitted.url), case_id);
    let number = text_of(&submitted.body, "fact-number").unwrap();
    assert!(number.starts_with("33000020260302"), "{number}");
    assert!(
        text_of(&submitted.body, "notice")
            .unwrap()
            .contains(&number),
        "the case page names the case number"
    );
    assert_eq!(text_of(&submitted.body, "fact-status").unwrap(), "已申请");
    let mine = person.browser.open(&format!("{zj}/cases")).await;
    assert!(mine.body.contains(&number), "my cases lists it");

    // The clerk finds it in the intake queue and reads it in full.
    let clerk = zj_clerk().await;
    let queue = clerk
        .open(&format!("{zj}/staff/cases?status=submitted"))
        .await;
    assert!(queue.body.contains(&number), "{}", queue.body);
    let page = clerk.open(&format!("{zj}/staff/cases/{case_id}")).await;
    assert_eq!(
        text_of(&page.body, "fact-id-number").unwrap(),
        person.resident_id
    );
    assert!(
        page.body.contains("Annual energy consumption") || page.body.contains("年综合能源消费量")
    );
    assert!(page.body.contains("id=\"act-accept\""));
    assert!(
        !page.body.contains("id=\"act-approve\""),
        "no decision before review"
    );
    let file_href = href_of_link(&page.body, "申请书.pdf");
    assert!(file_href.starts_with(&format!("/staff/cases/{case_id}/materials/")));
    let file = clerk
        .client()
        .get(format!("{zj}{file_href}"))
        .send()
        .await
        .unwrap();
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(file.headers()["content-type"], "application/pdf");
    assert_eq!(
        file.bytes().await.unwrap().as_ref(),
        pdf("申请书").as_slice()
    );

    // Accepted on Monday 2026-03-02: five working days promised, twenty by law.
    let accepted = zj_step(&clerk, &case_id, "accept", &[("reason", "材料齐全")]).await;
    assert_eq!(due_dates(&accepted.body), ["2026-03-30", "2026-03-09"]);

    // Three working days before the promised date the case turns yellow, after it red.
    clock.set("2026-03-04");
    let yellow = clerk
        .open(&format!("{zj}/staff/cases?status=open&flag=yellow"))
        .await;
    assert!(between(&yellow.body, &number, "</tr>").contains("deadline near (yellow)"));
    clock.set("2026-03-10");
    let red = clerk
        .open(&format!("{zj}/staff/cases?status=open&flag=red"))
        .await;
    assert!(between(&red.body, &number, "</tr>").contains("overdue (red)"));
    clock.set("2026-03-05");

    zj_step(&clerk, &case_id, "start_review", &[]).await;
    zj_step(
        &clerk,
        &case_id,
        "approve",
        &[("reason", "符合节能审查要求")],
    )
    .await;
    let closed = zj_step(&clerk, &case_id, "close", &[]).await;
    assert!(
        closed.body.contains("id=\"no-steps\""),
        "nothing follows the close"
    );

    // The applicant sees every step with its time, actor and reason, and gets the file back.
    let case = person.browser.open(&format!("{zj}/cases/{case_id}")).await;
    assert_eq!(text_of(&case.body, "fact-status").unwrap(), "已办结");
    let history = between(&case.body, "id=\"history\"", "</table>");
    for step in ["提交申请", "受理", "开始审查", "准予许可", "办结"] {
        assert!(
            history.contains(&format!(">{step}</th>")),
            "{step}: {history}"
        );
    }
    assert!(history.contains("2026-03-02 10:00"));
    assert!(history.contains("2026-03-05 10:00"));
    assert!(history.contains("浙江政务服务网窗口工作人员"));
    assert!(
        history.contains(&format!("<td>{}</td>", person.name)),
        "the applicant's steps"
    );
    assert!(history.contains("符合节能审查要求"));
    assert!(
        !case.body.contains("id=\"withdraw-form\""),
        "a closed case cannot be withdrawn"
    );
    let own_href = href_of_link(&case.body, "节能报告.png");
    assert!(own_href.starts_with(&format!("/cases/{case_id}/materials/")));
    let own = person
        .browser
        .client()
        .get(format!("{zj}{own_href}"))
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), StatusCode::OK);
    assert_eq!(own.headers()["content-type"], "image/png");
    assert!(
        own.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    assert_eq!(own.bytes().await.unwrap().as_ref(), png().as_slice());
    drop(clock);
}

#[tokio::test]
async fn denial_and_refused_steps_through_pages() {
    let _clock = clock_lock().await;
    let zj = &demo().zj;
    let person = Person::register("李芳", "zh-CN").await;
    let landed = apply(
        &person,
        "zj-fitness-facility",
        &[
            ("field-facility_name", "西湖区全民健身中心"),
            ("field-change_kind", "改变用途"),
            ("field-reason", "城市更新需要改建为社区文化中心"),
        ],
        &["申请表"],
        &[],
    )
    .await;
    let case_id = case_id_of(&landed.url);
    let clerk = zj_clerk().await;

    // A step the state does not allow is refused with the reason, and nothing changes.
    let before = clerk.open(&format!("{zj}/staff/cases/{case_id}")).await;
    let version = hidden_value(&before.body, "version").unwrap();
    let approve = clerk_step(&clerk, zj, &case_id, "approve", &[]).await;
    assert_eq!(approve.status, StatusCode::CONFLICT);
    assert!(
        text_of(&approve.body, "alert").unwrap().contains("approve"),
        "{}",
        approve.body
    );
    assert_eq!(hidden_value(&approve.body, "version").unwrap(), version);

    // A page shown before someone else acted gets "changed meanwhile".
    let csrf = hidden_value(&before.body, "csrf").unwrap();
    zj_step(&clerk, &case_id, "accept", &[]).await;
    let stale = clerk
        .post(
            &format!("{zj}/staff/cases/{case_id}/act"),
            &[
                ("csrf", &csrf),
                ("action", "reject"),
                ("version", &version),
                ("reason", "重复申请"),
            ],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(
        text_of(&stale.body, "alert")
            .unwrap()
            .contains("changed the case meanwhile")
    );
    assert_eq!(text_of(&stale.body, "fact-status").unwrap(), "accepted");

    // A denial needs its reason, named at its field.
    zj_step(&clerk, &case_id, "start_review", &[]).await;
    let unexplained = clerk_step(&clerk, zj, &case_id, "deny", &[("reason", "  ")]).await;
    assert_eq!(unexplained.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unexplained
            .body
            .contains("<a href=\"#deny-reason\">Give a reason to deny.")
    );
    assert!(unexplained.body.contains("id=\"deny-reason-error\""));
    let denied = zj_step(&clerk, &case_id, "deny", &[("reason", "未组织专家论证")]).await;
    assert_eq!(text_of(&denied.body, "fact-status").unwrap(), "denied");

    let case = person.browser.open(&format!("{zj}/cases/{case_id}")).await;
    assert_eq!(text_of(&case.body, "fact-status").unwrap(), "不予许可");
    assert!(between(&case.body, "id=\"history\"", "</table>").contains("未组织专家论证"));
}

#[tokio::test]
async fn correction_restarts_the_clock_at_acceptance() {
    let clock = clock_lock().await;
    let zj = &demo().zj;
    let person = Person::register("赵磊", "zh-CN").await;
    let case_id = apply_for_energy_review(&person).await;
    let clerk = zj_clerk().await;

    let requested = zj_step(
        &clerk,
        &case_id,
        "request_correction",
        &[
            ("reason", "材料不齐全"),
            (
                "correction_items",
                "节能报告缺少能源消费测算表\n申请书未签字盖章",
            ),
        ],
    )
    .await;
    assert_eq!(
        text_of(&requested.body, "fact-status").unwrap(),
        "correction requested"
    );
    let waiting = clerk
        .open(&format!("{zj}/staff/cases?status=correction_requested"))
        .await;
    assert!(waiting.body.contains(&format!("/staff/cases/{case_id}")));

    // The applicant reads every item of the one notice; the clock stands still.
    let case = person.browser.open(&format!("{zj}/cases/{case_id}")).await;
    let items = between(&case.body, "id=\"correction-items\"", "</ul>");
    assert!(items.contains("<li>节能报告缺少能源消费测算表</li>"));
    assert!(items.contains("<li>申请书未签字盖章</li>"));
    assert!(case.body.contains("id=\"clock-note\""));
    assert_eq!(due_dates(&case.body), ["暂停计时", "暂停计时"]);

    // Two days later the applicant answers with a changed field and a new file.
    clock.set("2026-03-04");
    let csrf = hidden_value(&case.body, "csrf").unwrap();
    let report = material_input(
        between(&case.body, "id=\"correction-form\"", "</form>"),
        "节能报告",
    );
    let answered = person
        .browser
        .post_multipart(
            &format!("{zj}/cases/{case_id}/correction"),
            Multipart::new()
                .text("csrf", &csrf)
                .text("field-project_name", "年产5万吨再生铝项目（二期）")
                .text("field-annual_energy_tce", "6200.5")
                .file(
                    &report,
                    "节能报告（修订）.pdf",
                    "application/pdf",
                    &pdf("节能报告修订"),
                )
                .text("intent", "answer"),
        )
        .await;
    assert_eq!(answered.first, StatusCode::SEE_OTHER, "{}", answered.body);
    assert_eq!(text_of(&answered.body, "fact-status").unwrap(), "已申请");
    assert_eq!(
        text_of(&answered.body, "fact-received").unwrap(),
        "2026-03-02"
    );
    assert!(answered.body.contains("年产5万吨再生铝项目（二期）"));
    assert!(between(&answered.body, "id=\"history\"", "</table>").contains("提交补正材料"));

    // Accepted on 03-04 the limits count from then: the promised date moved from 03-09 to
    // 03-11.
    let accepted = zj_step(&clerk, &case_id, "accept", &[]).await;
    assert_eq!(due_dates(&accepted.body), ["2026-04-01", "2026-03-11"]);
    let case = person.browser.open(&format!("{zj}/cases/{case_id}")).await;
    assert_eq!(due_dates(&case.body), ["2026-04-01", "2026-03-11"]);
    drop(clock);
}

#[tokio::test]
async fn special_procedure_stops_the_clock() {
    let clock = clock_lock().await;
    let zj = &demo().zj;
    let person = Person::register("孙悦", "en").await;
    let case_id = apply_for_energy_review(&person).await;
    let clerk = zj_clerk().await;
    let accepted = zj_step(&clerk, &case_id, "accept", &[]).await;
    assert_eq!(due_dates(&accepted.body), ["2026-03-30", "2026-03-09"]);
    zj_step(&clerk, &case_id, "start_review", &[]).await;

    // The type of procedure is required, and named at its radio group.
    clock.set("2026-03-03");
    let untyped = clerk_step(
        &clerk,
        zj,
        &case_id,
        "start_special_procedure",
        &[
            ("procedure_name", "专家评审"),
            ("reason", "委托评审机构评审节能报告"),
        ],
    )
    .await;
    assert_eq!(untyped.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        untyped
            .body
            .contains("href=\"#start_special_procedure-procedure_kind\"")
    );
    assert!(untyped.body.contains("value=\"专家评审\""));

    let started = zj_step(
        &clerk,
        &case_id,
        "start_special_procedure",
        &[
            ("procedure_kind", "2"),
            ("procedure_name", "专家评审"),
            ("reason", "委托评审机构评审节能报告"),
        ],
    )
    .await;
    assert_eq!(due_dates(&started.body), ["clock stopped", "clock stopped"]);
    let procedures = between(&started.body, "id=\"suspensions\"", "</table>");
    assert!(procedures.contains("专家评审"));
    assert!(procedures.contains("still running"));
    let waiting = person.browser.open(&format!("{zj}/cases/{case_id}")).await;
    assert!(
        text_of(&waiting.body, "clock-note")
            .unwrap()
            .contains("special procedure")
    );

    // Ended a day later: both working days of the procedure are added to each limit.
    clock.set("2026-03-04");
    let ended = zj_step(
        &clerk,
        &case_id,
        "end_special_procedure",
        &[("reason", "评审意见已出具")],
    )
    .await;
    assert_eq!(due_dates(&ended.body), ["2026-04-01", "2026-03-11"]);
    let case = person.browser.open(&format!("{zj}/cases/{case_id}")).await;
    assert_eq!(due_dates(&case.body), ["2026-04-01", "2026-03-11"]);
    assert_eq!(text_of(&case.body, "fact-status").unwrap(), "under review");
    drop(clock);
}

#[tokio::test]
async fn withdrawal_through_pages() {
    let _clock = clock_lock().await;
    let zj = &demo().zj;
    let person = Person::register("周敏", "zh-CN").await;
    let case_id = apply_for_energy_review(&person).await;

    let case = person.browser.open(&format!("{zj}/cases/{case_id}")).await;
    assert!(case.body.contains("id=\"withdraw-form\""));
    let csrf = hidden_value(&case.body, "csrf").unwrap();
    let withdrawn = person
        .browser
        .post(
            &format!("{zj}/cases/{case_id}/withdraw"),
            &[("csrf", &csrf), ("reason", "项目取消")],
        )
        .await;
    assert_eq!(withdrawn.first, StatusCode::SEE_OTHER);
    assert_eq!(text_of(&withdrawn.body, "fact-status").unwrap(), "已撤回");
    assert_eq!(
        text_of(&withdrawn.body, "fact-closed").unwrap(),
        "2026-03-02"
    );
    assert!(!withdrawn.body.contains("id=\"withdraw-form\""));
    assert!(between(&withdrawn.body, "id=\"history\"", "</table>").contains("项目取消"));

    // Withdrawing again is refused with the reason; the clerk has no step left.
    let again = person
        .browser
        .post(
            &format!("{zj}/cases/{case_id}/withdraw"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("已撤回"), "{}", again.body);
    let clerk = zj_clerk().await;
    let page = clerk.open(&format!("{zj}/staff/cases/{case_id}")).await;
    assert!(page.body.contains("id=\"no-steps\""));
}

#[tokio::test]
async fn pages_speak_both_languages() {
    let zj = &demo().zj;
    let person = Person::register("吴桐", "zh-CN").await;

    let chinese = person.browser.open(&format!("{zj}/cases?lang=zh-CN")).await;
    let english = person.browser.open(&format!("{zj}/cases?lang=en")).await;

    assert!(chinese.body.contains("<html lang=\"zh-CN\">"));
    assert!(chinese.body.contains("<h1>我的办件</h1>"));
    assert!(english.body.contains("<html lang=\"en\">"));
    assert!(english.body.contains("<h1>My cases</h1>"));
}
