use proptest::prelude::*;

use super::*;
use crate::ids::division::{DivisionCode, DivisionLevel, DivisionRecord, DivisionStatus};

fn divisions() -> Divisions {
    let record = |code: &str, name: &str| DivisionRecord {
        code: DivisionCode::parse(code).unwrap(),
        name: name.to_owned(),
        province_name: "福建省".to_owned(),
        prefecture_name: Some("厦门市".to_owned()),
        level: DivisionLevel::Prefecture,
        status: DivisionStatus::Active,
        start_year: 1981,
        end_year: None,
        successors: Vec::new(),
    };
    Divisions::new(
        vec![record("350200", "厦门市"), record("350203", "思明区")],
        1981,
        2024,
    )
}

fn parse(input: &str, mode: InputMode) -> Result<CreditCode, CreditCodeError> {
    CreditCode::parse(input, mode, &divisions())
}

#[test]
fn standard_samples_parse_with_parts() {
    let code = parse("91350200776049653A", InputMode::Strict).unwrap();
    assert_eq!(code.registration_authority().code, '9');
    assert_eq!(code.entity_category().zh, "企业");
    assert_eq!(code.division().to_string(), "350200");
    assert_eq!(code.org_code().as_str(), "776049653");
    assert!(parse("913502000728319549", InputMode::Strict).is_ok());
    let national = parse("11100000000013338W", InputMode::Strict).unwrap();
    assert_eq!(national.division(), DivisionCode::NATIONAL);
    assert_eq!(national.entity_category().zh, "机关");
}

#[test]
fn remainder_zero_gives_check_zero() {
    // 913502000728319549 would need 31; its check character is written 0 only if the sum is a
    // multiple of 31, so search the generated space for such a body.
    let body = (0..100_000u32)
        .map(|n| format!("91350200{:08}", n))
        .map(|prefix| {
            let org_check =
                crate::ids::org_code::check_character(&prefix.as_bytes()[8..16]).unwrap();
            format!("{prefix}{org_check}")
        })
        .find(|body| check_character(body.as_bytes()) == Some(b'0'))
        .unwrap();
    assert!(parse(&format!("{body}0"), InputMode::Strict).is_ok());
}

#[test]
fn forbidden_letters_are_named() {
    for letter in ['I', 'O', 'S', 'V', 'Z'] {
        let code = format!("9135020077604965{letter}A");
        let error = parse(&code, InputMode::Strict).unwrap_err();
        assert_eq!(
            error,
            CreditCodeError::Character {
                position: 17,
                found: letter
            }
        );
    }
}

#[test]
fn resident_id_is_not_a_credit_code() {
    let error = parse("11010519491231002X", InputMode::Strict).unwrap_err();
    assert_eq!(error, CreditCodeError::ResidentIdGiven);
}

#[test]
fn form_mode_uppercases_and_strips_spaces() {
    assert!(parse("91 350200 776049653a", InputMode::Form).is_ok());
    assert!(parse("91350200776049653a", InputMode::Strict).is_err());
}

#[test]
fn unknown_category_and_division_are_named() {
    let with_check = |body: &str| {
        format!(
            "{body}{}",
            char::from(check_character(body.as_bytes()).unwrap())
        )
    };
    let error = parse(&with_check("94350200776049653"), InputMode::Strict).unwrap_err();
    assert_eq!(
        error,
        CreditCodeError::UnknownCategory {
            authority: '9',
            found: '4'
        }
    );
    let error = parse(&with_check("91999999776049653"), InputMode::Strict).unwrap_err();
    assert_eq!(error.rule(), "uscc-division-unknown");
    let error = parse(&with_check("91350200776049654"), InputMode::Strict).unwrap_err();
    assert_eq!(error.rule(), "uscc-org-code-check");
}

fn valid_code() -> impl Strategy<Value = String> {
    let prefixes = prop::sample::select(vec![
        "91", "92", "93", "11", "12", "51", "52", "53", "N2", "Y1",
    ]);
    let divisions = prop::sample::select(vec!["350200", "350203", "100000"]);
    let body_char = prop::sample::select(b"0123456789ABCDEFGHJKLMNPQRTUWXY".to_vec());
    (prefixes, divisions, prop::collection::vec(body_char, 8)).prop_map(
        |(prefix, division, body)| {
            let body = String::from_utf8(body).unwrap();
            let org_check = crate::ids::org_code::check_character(body.as_bytes()).unwrap();
            let first17 = format!("{prefix}{division}{body}{org_check}");
            let check = check_character(first17.as_bytes()).unwrap();
            format!("{first17}{}", char::from(check))
        },
    )
}

proptest! {
    #[test]
    fn valid_codes_round_trip(code in valid_code()) {
        let parsed = parse(&code, InputMode::Strict).unwrap();
        prop_assert_eq!(parsed.as_str(), code.as_str());
        prop_assert_eq!(parse(&parsed.to_string(), InputMode::Strict).unwrap(), parsed);
    }

    #[test]
    fn every_single_character_change_is_detected(
        code in valid_code(),
        position in 0usize..18,
        replacement in prop::sample::select(b"0123456789ABCDEFGHJKLMNPQRTUWXY".to_vec()),
    ) {
        prop_assume!(code.as_bytes()[position] != replacement);
        let mut changed = code.into_bytes();
        changed[position] = replacement;
        let changed = String::from_utf8(changed).unwrap();
        prop_assert!(parse(&changed, InputMode::Strict).is_err(), "{} passed", changed);
    }
}
