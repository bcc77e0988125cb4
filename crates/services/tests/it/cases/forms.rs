//! Form values checked on the server: drafts keep what was typed, submissions must be
//! complete, and every message names the field in the reader's language.

use tongban_i18n::Lang;
use tongban_services::cases::{self, CaseError};
use tongban_testkit::each_backend;

use super::support::{DEMO_ZJ, RELIGIOUS, applicant, error_keys, node_with_list, pdf, values};
use crate::support::resident_id;

/// Returns the demo list plus an entry whose form has a field of every kind.
fn list_with_every_kind() -> String {
    format!(
        "{DEMO_ZJ}
[[implementation]]
id = \"zj-every-kind\"
source = \"guangxi-api-payload\"
record_id = \"GX-450721-001033002000\"
department = \"浙江省体育局（演示）\"

[[implementation.form]]
name = \"title\"
label_zh = \"标题\"
label_en = \"Title\"
kind = \"text\"
required = true
max_length = 5

[[implementation.form]]
name = \"area\"
label_zh = \"面积\"
label_en = \"Area\"
kind = \"number\"

[[implementation.form]]
name = \"start\"
label_zh = \"开工日期\"
label_en = \"Start date\"
kind = \"date\"

[[implementation.form]]
name = \"change_kind\"
label_zh = \"申请事项\"
label_en = \"What is requested\"
kind = \"select\"
options = [\"拆迁\", \"改变用途\"]

[[implementation.form]]
name = \"contact_phone\"
label_zh = \"联系电话\"
label_en = \"Contact phone\"
kind = \"phone\"
required = true

[[implementation.form]]
name = \"owner_id\"
label_zh = \"负责人身份证号码\"
label_en = \"Manager's resident ID number\"
kind = \"resident_id\"

[[implementation.form]]
name = \"owner_code\"
label_zh = \"单位统一社会信用代码\"
label_en = \"Unit's unified social credit code\"
kind = \"credit_code\"
"
    )
}

#[tokio::test]
async fn every_kind_of_field_is_checked() {
    for database in each_backend().await {
        let node = node_with_list(&database, &list_with_every_kind()).await;
        let backend = node.backend;
        let person = applicant(60);
        let context = node.on("2025-11-03");
        let draft = cases::create_draft(&context, &person, "zj-every-kind")
            .await
            .unwrap();
        let mut wrong_check = resident_id(8);
        let last = if wrong_check.ends_with('0') { "1" } else { "0" };
        wrong_check.replace_range(17.., last);

        let typed = values(&[
            ("title", "全民健身中心改建"),
            ("area", "12a"),
            ("start", "2025-1-9"),
            ("change_kind", "新建"),
            ("contact_phone", "12345"),
            ("owner_id", wrong_check.as_str()),
            ("owner_code", "9136020068H899240X"),
            ("nickname", "小王"),
        ]);
        let errors = cases::save_draft(&context, &draft.id, &person, &typed)
            .await
            .unwrap();
        let keys: Vec<(&str, &str)> = errors
            .iter()
            .map(|error| (error.field, error.message.key()))
            .collect();
        assert_eq!(
            keys,
            [
                ("title", "case-field-too-long"),
                ("area", "case-field-number"),
                ("start", "case-field-date"),
                ("change_kind", "case-field-option"),
                ("contact_phone", "case-field-phone"),
                ("owner_id", "case-field-identifier"),
                ("owner_code", "case-field-identifier"),
                ("form", "case-field-unknown"),
            ],
            "{backend}"
        );
        let owner = errors.get("owner_code").unwrap();
        assert!(
            owner
                .render(Lang::ZhCn)
                .starts_with("“单位统一社会信用代码”有误"),
            "{backend}: {}",
            owner.render(Lang::ZhCn)
        );
        assert!(
            owner
                .render(Lang::En)
                .starts_with("\"Unit's unified social credit code\" is invalid"),
            "{backend}: {}",
            owner.render(Lang::En)
        );
        assert!(
            errors
                .get("title")
                .unwrap()
                .render(Lang::En)
                .contains("maximum is 5"),
            "{backend}"
        );

        // The draft keeps what was typed, except the field the form does not have.
        let kept = cases::find_applicant_case(node.store(), &person, &draft.id)
            .await
            .unwrap();
        assert_eq!(kept.form_data["area"], "12a", "{backend}");
        assert!(!kept.form_data.contains_key("nickname"), "{backend}");

        cases::attach_material(
            &context,
            &draft.id,
            &person,
            cases::HandedInFile::new("申请表", "form.pdf", pdf("form")),
        )
        .await
        .unwrap();
        let refused = cases::submit(&context, &draft.id, &person)
            .await
            .unwrap_err();
        assert_eq!(
            error_keys(refused).len(),
            7,
            "{backend}: every invalid field"
        );

        let fixed = values(&[
            ("title", "健身中心"),
            ("area", "350.5"),
            ("start", "2026-03-01"),
            ("change_kind", "改变用途"),
            ("contact_phone", "+86 138-0013-8000"),
            ("owner_id", &resident_id(7).to_lowercase()),
            ("owner_code", " 9136020068h899240k "),
        ]);
        let errors = cases::save_draft(&context, &draft.id, &person, &fixed)
            .await
            .unwrap();
        assert!(errors.is_empty(), "{backend}: {errors}");
        let submitted = cases::submit(&context, &draft.id, &person).await.unwrap();
        assert_eq!(
            submitted.form_data["contact_phone"], "13800138000",
            "{backend}"
        );
        assert_eq!(
            submitted.form_data["owner_code"], "9136020068H899240K",
            "{backend}"
        );
        assert_eq!(submitted.form_data["owner_id"], resident_id(7), "{backend}");
    }
}

#[tokio::test]
async fn submission_lists_everything_missing() {
    for database in each_backend().await {
        let node = node_with_list(&database, DEMO_ZJ).await;
        let backend = node.backend;
        let person = applicant(61);
        let context = node.on("2025-11-03");
        let draft = cases::create_draft(&context, &person, RELIGIOUS)
            .await
            .unwrap();
        cases::save_draft(
            &context,
            &draft.id,
            &person,
            &values(&[("floor_area_m2", "120")]),
        )
        .await
        .unwrap();

        let error = cases::submit(&context, &draft.id, &person)
            .await
            .unwrap_err();
        let CaseError::Invalid(errors) = error else {
            panic!("{backend}: expected field errors, got {error:?}");
        };
        let fields: Vec<&str> = errors.iter().map(|error| error.field).collect();
        assert_eq!(fields[0], "venue_name", "{backend}: {fields:?}");
        assert!(
            fields[1..]
                .iter()
                .all(|field| field.starts_with("material-")),
            "{backend}: {fields:?}"
        );
        assert!(
            fields.len() >= 4,
            "{backend}: the guide requires several materials: {fields:?}"
        );
        let first_material = errors.get(fields[1]).unwrap().render(Lang::ZhCn);
        assert!(
            first_material.starts_with("请上传材料“申请书"),
            "{backend}: {first_material}"
        );
        let still = cases::find_applicant_case(node.store(), &person, &draft.id)
            .await
            .unwrap();
        assert_eq!(
            still.case_number, None,
            "{backend}: no number for a refused submission"
        );
    }
}
