use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::ids::division::{DivisionLevel, DivisionRecord, DivisionStatus};

fn record(code: &str, name: &str, start: i32, end: Option<i32>) -> DivisionRecord {
    DivisionRecord {
        code: DivisionCode::parse(code).unwrap(),
        name: name.to_owned(),
        province_name: "北京市".to_owned(),
        prefecture_name: None,
        level: DivisionLevel::County,
        status: if end.is_some() {
            DivisionStatus::Abolished
        } else {
            DivisionStatus::Active
        },
        start_year: start,
        end_year: end,
        successors: Vec::new(),
    }
}

fn divisions() -> Divisions {
    Divisions::new(
        vec![
            record("110105", "朝阳区", 1981, None),
            record("110111", "房山区", 1986, None),
            record("210724", "锦县", 1981, Some(1993)),
            record("440524", "潮阳县", 1981, Some(1993)),
            record("810000", "香港特别行政区", 1997, None),
        ],
        1981,
        2024,
    )
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()
}

fn parse(input: &str, mode: InputMode) -> Result<ResidentId, ResidentIdError> {
    ResidentId::parse(input, mode, &divisions(), today(), RegionPolicy::default())
}

#[test]
fn standard_samples_parse() {
    let id = parse("11010519491231002X", InputMode::Strict).unwrap();
    assert_eq!(
        id.birth_date(),
        NaiveDate::from_ymd_opt(1949, 12, 31).unwrap()
    );
    assert_eq!(id.sex(), Sex::Female);
    assert_eq!(id.region().to_string(), "110105");
    let id = parse("440524188001010014", InputMode::Strict).unwrap();
    assert_eq!(id.sex(), Sex::Male);
}

#[test]
fn wrong_check_character_names_both() {
    let error = parse("110101197608056896", InputMode::Strict).unwrap_err();
    assert!(matches!(error, ResidentIdError::CheckCharacter { .. }));
    let error = parse("110105194912310020", InputMode::Strict).unwrap_err();
    assert_eq!(
        error,
        ResidentIdError::CheckCharacter {
            expected: 'X',
            found: '0'
        }
    );
}

#[test]
fn form_mode_normalises_and_strict_does_not() {
    let typed = "１１０１０５ 19491231 002ｘ";
    assert_eq!(
        parse(typed, InputMode::Form).unwrap().as_str(),
        "11010519491231002X"
    );
    let error = parse("11010519491231002x", InputMode::Strict).unwrap_err();
    assert_eq!(error.rule(), "resident-character");
}

#[test]
fn legacy_number_converts_in_form_mode_only() {
    let id = parse("110105491231002", InputMode::Form).unwrap();
    assert_eq!(id.as_str(), "11010519491231002X");
    assert_eq!(id.legacy_number(), Some("110105491231002"));
    assert_eq!(
        parse("110105491231002", InputMode::Strict).unwrap_err(),
        ResidentIdError::LegacyInStrictMode
    );
}

#[test]
fn birth_date_must_be_real_and_not_future() {
    let body = "11010520010229123";
    let number = format!(
        "{body}{}",
        char::from(iso7064::mod_11_2_check(body.as_bytes()).unwrap())
    );
    assert_eq!(
        parse(&number, InputMode::Strict).unwrap_err().rule(),
        "resident-birth-date"
    );

    let body = "11010520261205123";
    let number = format!(
        "{body}{}",
        char::from(iso7064::mod_11_2_check(body.as_bytes()).unwrap())
    );
    assert_eq!(
        parse(&number, InputMode::Strict).unwrap_err().rule(),
        "resident-birth-future"
    );

    let body = "11010520261204123";
    let number = format!(
        "{body}{}",
        char::from(iso7064::mod_11_2_check(body.as_bytes()).unwrap())
    );
    assert!(
        parse(&number, InputMode::Strict).is_ok(),
        "born today is valid"
    );
}

#[test]
fn region_rules_follow_birth_year() {
    let with_check = |body: &str| {
        format!(
            "{body}{}",
            char::from(iso7064::mod_11_2_check(body.as_bytes()).unwrap())
        )
    };
    // Created 1986: not in use for a 1980 birth.
    let error = parse(&with_check("11011119800101007"), InputMode::Strict).unwrap_err();
    assert_eq!(error.rule(), "resident-region-not-in-use");
    // Abolished 1993: valid for a 1990 birth, not for 2000.
    assert!(parse(&with_check("21072419900101007"), InputMode::Strict).is_ok());
    assert!(parse(&with_check("21072420000101007"), InputMode::Strict).is_err());
    // The lenient policy takes both.
    let lenient = |number: &str| {
        ResidentId::parse(
            number,
            InputMode::Strict,
            &divisions(),
            today(),
            RegionPolicy::InUseAnyYear,
        )
    };
    assert!(lenient(&with_check("11011119800101007")).is_ok());
    assert!(lenient(&with_check("21072420000101007")).is_ok());
    // Never used.
    let error = parse(&with_check("99999919900101007"), InputMode::Strict).unwrap_err();
    assert_eq!(error.rule(), "resident-region-unknown");
}

#[test]
fn residence_permit_regions_pass_for_any_birth_year() {
    let with_check = |body: &str| {
        format!(
            "{body}{}",
            char::from(iso7064::mod_11_2_check(body.as_bytes()).unwrap())
        )
    };
    for body in [
        "81000019740419592",
        "83000019760124261",
        "82000020010731309",
    ] {
        let id = parse(&with_check(body), InputMode::Strict).unwrap();
        assert!(id.is_residence_permit());
    }
}

#[test]
fn length_and_empty_are_named() {
    assert_eq!(
        parse("", InputMode::Form).unwrap_err(),
        ResidentIdError::Empty
    );
    assert_eq!(
        parse("1101051949", InputMode::Form).unwrap_err(),
        ResidentIdError::Length { found: 10 }
    );
}

fn valid_number() -> impl Strategy<Value = String> {
    let regions = prop::sample::select(vec!["110105", "210724", "810000"]);
    (regions, 1981i32..1993, 1u32..=12, 1u32..=28, 0u32..1000).prop_map(
        |(region, year, month, day, sequence)| {
            let body = format!("{region}{year:04}{month:02}{day:02}{sequence:03}");
            let check = iso7064::mod_11_2_check(body.as_bytes()).unwrap();
            format!("{body}{}", char::from(check))
        },
    )
}

proptest! {
    #[test]
    fn valid_numbers_round_trip(number in valid_number()) {
        let id = parse(&number, InputMode::Strict).unwrap();
        prop_assert_eq!(id.as_str(), number.as_str());
        let again = parse(&id.to_string(), InputMode::Strict).unwrap();
        prop_assert_eq!(again, id);
    }

    #[test]
    fn every_single_character_change_is_detected(
        number in valid_number(),
        position in 0usize..18,
        replacement in prop::sample::select(b"0123456789X".to_vec()),
    ) {
        prop_assume!(number.as_bytes()[position] != replacement);
        let mut changed = number.into_bytes();
        changed[position] = replacement;
        let changed = String::from_utf8(changed).unwrap();
        prop_assert!(parse(&changed, InputMode::Strict).is_err(), "{} passed", changed);
        prop_assert!(parse(&changed, InputMode::Form).is_err(), "{} passed", changed);
    }
}
