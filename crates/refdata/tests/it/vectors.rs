//! Every row of the identifier vector files, with the product's answer for the rows whose
//! answer is a policy decision:
//!
//! - A resident ID number's region code must have been in use when the number was assigned: in
//!   the birth year, or for people born before 1985 at some time from the birth year to 1985,
//!   when numbers were first assigned. Codes abolished before that and codes created after it
//!   are invalid by default and valid under `RegionPolicy::InUseAnyYear`.
//! - Spaces inside a number are normalised in form mode and rejected in strict mode.
//! - A credit code whose embedded organization code fails GB 11714, whose entity category is
//!   not defined for its registration authority, or whose division never existed is invalid.

use tongban_domain::RuleViolation;
use tongban_domain::ids::{CreditCode, Divisions, InputMode, RegionPolicy, ResidentId};
use tongban_domain::time::today_in_china;
use tongban_refdata::vectors::{Expected, IdVector, RESIDENT_FILE, USCC_FILE};

use crate::data;

fn resident(
    vector: &IdVector,
    mode: InputMode,
    divisions: &Divisions,
    policy: RegionPolicy,
) -> Result<ResidentId, String> {
    ResidentId::parse(&vector.value, mode, divisions, today_in_china(), policy)
        .map_err(|error| error.rule().to_owned())
}

#[test]
fn resident_vectors_give_expected_answers() {
    let data = data();
    let divisions = data.divisions().unwrap();
    let vectors = data.id_vectors(RESIDENT_FILE).unwrap();
    assert_eq!(vectors.len(), 127);
    let default = RegionPolicy::InUseWhenAssigned;

    for vector in &vectors {
        let row = format!("{} ({}, {})", vector.value, vector.category, vector.note);
        let form = resident(vector, InputMode::Form, &divisions, default);
        let strict = resident(vector, InputMode::Strict, &divisions, default);
        match vector.expected {
            Expected::Valid if vector.value.len() == 15 => {
                let id = form.unwrap_or_else(|rule| panic!("{row}: {rule}"));
                let upgrade = vector.note.split("= ").nth(1).map(|text| text.trim());
                if let Some(upgrade) = upgrade {
                    assert_eq!(id.as_str(), upgrade, "{row}");
                }
                assert_eq!(strict.unwrap_err(), "resident-legacy-strict", "{row}");
            }
            Expected::Valid => {
                form.unwrap_or_else(|rule| panic!("{row}: form mode says {rule}"));
                strict.unwrap_or_else(|rule| panic!("{row}: strict mode says {rule}"));
            }
            Expected::ValidAfterNormalisation => {
                form.unwrap_or_else(|rule| panic!("{row}: {rule}"));
                assert!(strict.is_err(), "{row}: strict mode must reject");
            }
            Expected::Invalid => {
                assert!(form.is_err(), "{row}: form mode accepted");
                assert!(strict.is_err(), "{row}: strict mode accepted");
            }
            Expected::PolicyDependent => match vector.category.as_str() {
                "whitespace" => {
                    form.unwrap_or_else(|rule| panic!("{row}: {rule}"));
                    assert_eq!(strict.unwrap_err(), "resident-character", "{row}");
                }
                "code_abolished_before_birth"
                | "code_created_after_birth"
                | "library_test_vector" => {
                    // The note's claim is about one name of the code; the code may have been in
                    // use under another name when the number was assigned.
                    if in_use_when_assigned(&vector.value, &divisions) {
                        form.unwrap_or_else(|rule| panic!("{row}: {rule}"));
                    } else {
                        assert_eq!(form.unwrap_err(), "resident-region-not-in-use", "{row}");
                    }
                    let lenient = resident(
                        vector,
                        InputMode::Strict,
                        &divisions,
                        RegionPolicy::InUseAnyYear,
                    );
                    lenient.unwrap_or_else(|rule| panic!("{row}: lenient policy says {rule}"));
                }
                other => panic!("{row}: no documented policy for category {other}"),
            },
        }
    }
}

/// Whether any record of the number's region code covers a year from the birth year to 1985
/// (or the birth year alone for later births), read straight from the history.
fn in_use_when_assigned(number: &str, divisions: &Divisions) -> bool {
    let code = tongban_domain::ids::DivisionCode::parse(&number[..6]).unwrap();
    let birth_year: i32 = number[6..10].parse().unwrap();
    divisions.history_of(code).iter().any(|record| {
        let first = if record.start_year == divisions.first_year() {
            i32::MIN
        } else {
            record.start_year
        };
        let last = record.end_year.map_or(i32::MAX, |end| end - 1);
        first <= birth_year.max(1985) && birth_year <= last
    })
}

#[test]
fn resident_vector_details_match_notes() {
    let data = data();
    let divisions = data.divisions().unwrap();
    let parse = |number: &str| {
        ResidentId::parse(
            number,
            InputMode::Strict,
            &divisions,
            today_in_china(),
            RegionPolicy::default(),
        )
        .unwrap()
    };
    let historic = parse("120110198012010073");
    assert_eq!(historic.region_name(), Some("天津市东郊区"));
    let renamed = parse("120110199212010072");
    assert_eq!(renamed.region_name(), Some("天津市东丽区"));
    let female = parse("540423201803073004");
    assert_eq!(female.sex(), tongban_domain::ids::Sex::Female);
    assert!(parse("810000199408230021").is_residence_permit());
}

#[test]
fn uscc_vectors_give_expected_answers() {
    let data = data();
    let divisions = data.divisions().unwrap();
    let vectors = data.id_vectors(USCC_FILE).unwrap();
    assert_eq!(vectors.len(), 247);

    for vector in &vectors {
        let row = format!("{} ({}, {})", vector.value, vector.category, vector.note);
        let form = CreditCode::parse(&vector.value, InputMode::Form, &divisions)
            .map_err(|error| error.rule());
        let strict = CreditCode::parse(&vector.value, InputMode::Strict, &divisions)
            .map_err(|error| error.rule());
        match vector.expected {
            Expected::Valid => {
                form.unwrap_or_else(|rule| panic!("{row}: form mode says {rule}"));
                strict.unwrap_or_else(|rule| panic!("{row}: strict mode says {rule}"));
            }
            Expected::ValidAfterNormalisation => {
                form.unwrap_or_else(|rule| panic!("{row}: {rule}"));
                assert!(strict.is_err(), "{row}: strict mode must reject");
            }
            Expected::Invalid => {
                assert!(form.is_err(), "{row}: form mode accepted");
                assert!(strict.is_err(), "{row}: strict mode accepted");
            }
            Expected::PolicyDependent => {
                let rule = match vector.category.as_str() {
                    "bad_inner_org_code_check" => "uscc-org-code-check",
                    "unknown_category" => "uscc-unknown-category",
                    "unknown_area" => "uscc-division-unknown",
                    other => panic!("{row}: no documented policy for category {other}"),
                };
                assert_eq!(form.unwrap_err(), rule, "{row}");
                assert_eq!(strict.unwrap_err(), rule, "{row}");
            }
        }
    }
}
