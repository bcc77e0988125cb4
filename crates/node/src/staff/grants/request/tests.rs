use chrono::{Datelike, Utc};
use tongban_i18n::Lang;

use super::{RequestInput, check, end_of_day};

fn complete() -> RequestInput {
    RequestInput {
        service_id: "population.identity".to_owned(),
        provider_node: "mps".to_owned(),
        purpose: "办件审查".to_owned(),
        legal_basis: "国务院令第716号".to_owned(),
        fields: vec!["identity_match".to_owned()],
        other_fields: "sex, identity_match，birth_date".to_owned(),
        valid_until: (Utc::now() + chrono::Duration::days(2))
            .format("%Y-%m-%d")
            .to_string(),
        rate_limit: "30".to_owned(),
        ..RequestInput::default()
    }
}

fn error_texts(input: &RequestInput, lang: Lang) -> Vec<String> {
    check(input, "staff:test".to_owned(), lang)
        .unwrap_err()
        .iter()
        .map(|message| message.render(lang))
        .collect()
}

#[test]
fn complete_form_accepted() {
    let request = check(&complete(), "staff:test".to_owned(), Lang::En).unwrap();

    assert_eq!(
        request.fields,
        ["identity_match", "sex", "birth_date"],
        "typed fields are added once each"
    );
    assert_eq!(request.rate_limit_per_minute, 30);
    assert_eq!(request.requested_by, "staff:test");
}

#[test]
fn blank_purpose_names_field() {
    let input = RequestInput {
        purpose: "  ".to_owned(),
        ..complete()
    };

    assert_eq!(
        error_texts(&input, Lang::En),
        ["Purpose is missing. Fill it in."]
    );
    assert_eq!(
        error_texts(&input, Lang::ZhCn),
        ["请填写“用途”，此项为必填项。"]
    );
}

#[test]
fn broken_rules_all_reported() {
    let input = RequestInput {
        fields: Vec::new(),
        other_fields: String::new(),
        valid_until: "2020-01-01".to_owned(),
        rate_limit: "0".to_owned(),
        ..complete()
    };

    let errors = error_texts(&input, Lang::En);

    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors[0].starts_with("Data fields"), "{errors:?}");
    assert!(errors[1].contains("today or later"), "{errors:?}");
    assert!(errors[2].starts_with("Rate limit"), "{errors:?}");
}

#[test]
fn date_ends_at_china_midnight() {
    let end = end_of_day("2026-03-02").unwrap();

    assert_eq!(end.to_rfc3339(), "2026-03-02T16:00:00+00:00");
    assert_eq!(end.day(), 2);
    assert!(end_of_day("2026-02-30").is_none());
    assert!(end_of_day("02/03/2026").is_none());
}
