use crate::{json_of, tongban};

#[test]
fn exit_codes_follow_validity() {
    let cases = [
        (vec!["resident", "11010519491231002X"], 0),
        (vec!["resident", "110105194912310021"], 1),
        (vec!["uscc", "91350200776049653A"], 0),
        (vec!["uscc", "91350200776049653B"], 1),
        (vec!["orgcode", "77604965-3"], 0),
        (vec!["orgcode", "776049654"], 1),
        (vec!["division", "440305"], 0),
        (vec!["division", "999999"], 1),
        (
            vec![
                "cert-id",
                "1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0",
            ],
            0,
        ),
        (
            vec![
                "cert-id",
                "1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.1",
            ],
            1,
        ),
        (
            vec!["implementation-code", "11420000011043372A2422023073W00"],
            0,
        ),
        (
            vec!["implementation-code", "11420000011043372A8422023073W00"],
            1,
        ),
    ];
    for (args, expected) in cases {
        let mut all = vec!["ids", "check"];
        all.extend(&args);
        let output = tongban(&all);
        assert_eq!(
            output.status.code(),
            Some(expected),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stdout)
        );
    }
}

#[test]
fn unknown_kind_is_a_usage_error() {
    let output = tongban(&["ids", "check", "passport", "E12345678"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn json_of_valid_resident_lists_parts() {
    let output = tongban(&[
        "ids",
        "check",
        "resident",
        "１１０１０５１９４９１２３１００２ｘ",
        "--json",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let json = json_of(&output);
    assert_eq!(json["kind"], "resident");
    assert_eq!(json["mode"], "form");
    assert_eq!(json["valid"], true);
    assert_eq!(json["details"]["canonical"], "11010519491231002X");
    assert_eq!(json["details"]["birth_date"], "1949-12-31");
    assert_eq!(json["details"]["sex"], "female");
    assert_eq!(json["details"]["region"], "110105");
}

#[test]
fn json_of_invalid_names_rule_in_both_languages() {
    let output = tongban(&[
        "ids",
        "check",
        "resident",
        "11010519491231002x",
        "--strict",
        "--json",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let json = json_of(&output);
    assert_eq!(json["valid"], false);
    assert_eq!(json["mode"], "strict");
    assert_eq!(json["error"]["rule"], "resident-character");
    assert!(
        json["error"]["message"]["zh-CN"]
            .as_str()
            .unwrap()
            .contains("第 18 位")
    );
    assert!(
        json["error"]["message"]["en"]
            .as_str()
            .unwrap()
            .contains("position 18")
    );
}

#[test]
fn legacy_number_converts() {
    let output = tongban(&["ids", "check", "resident", "332222300907249", "--json"]);
    assert_eq!(output.status.code(), Some(0));
    let json = json_of(&output);
    assert_eq!(json["details"]["canonical"], "332222193009072491");
    assert_eq!(json["details"]["legacy_number"], "332222300907249");
}

#[test]
fn resident_id_given_as_credit_code_is_named() {
    let output = tongban(&["ids", "check", "uscc", "11010519491231002X", "--json"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(json_of(&output)["error"]["rule"], "uscc-resident-id-given");
}

#[test]
fn region_any_year_accepts_younger_code() {
    let strict = tongban(&["ids", "check", "resident", "210724200009092250"]);
    assert_eq!(strict.status.code(), Some(1));
    let lenient = tongban(&[
        "ids",
        "check",
        "resident",
        "210724200009092250",
        "--region-any-year",
    ]);
    assert_eq!(lenient.status.code(), Some(0));
}

#[test]
fn credit_code_parts_are_reported() {
    let output = tongban(&["ids", "check", "uscc", "91350200776049653A", "--json"]);
    let json = json_of(&output);
    assert_eq!(json["details"]["registration_authority"]["code"], "9");
    assert_eq!(json["details"]["entity_category"]["zh"], "企业");
    assert_eq!(json["details"]["division"], "350200");
    assert_eq!(json["details"]["org_code"], "776049653");
}

#[test]
fn division_history_is_listed() {
    let output = tongban(&["ids", "check", "division", "120110", "--json"]);
    let json = json_of(&output);
    let records = json["details"]["records"].as_array().unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["name"], "东郊区");
    assert_eq!(records[0]["end_year"], 1992);
    assert_eq!(records[1]["name"], "东丽区");
}

#[test]
fn parts_are_labelled_in_each_language() {
    let english = tongban(&["ids", "check", "resident", "11010519491231002X"]);
    let english = String::from_utf8_lossy(&english.stdout);
    assert!(english.contains("  Date of birth: 1949-12-31"), "{english}");
    assert!(english.contains("  Sex: female"), "{english}");
    assert!(
        english.contains("  Residence permit number: no"),
        "{english}"
    );

    let chinese = tongban(&[
        "--lang",
        "zh-CN",
        "ids",
        "check",
        "resident",
        "11010519491231002X",
    ]);
    let chinese = String::from_utf8_lossy(&chinese.stdout);
    assert!(chinese.contains("  出生日期：1949-12-31"), "{chinese}");
    assert!(chinese.contains("  性别：女"), "{chinese}");
    assert!(chinese.contains("  地区：北京市朝阳区"), "{chinese}");
    assert!(!chinese.contains("birth_date"), "{chinese}");
}
