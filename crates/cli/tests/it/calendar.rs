use crate::{json_of, tongban};

#[test]
fn deadline_acceptance_cases() {
    let cases = [
        ("2025-09-26", "20", "2025-10-30"),
        ("2025-09-30", "5", "2025-10-14"),
        ("2026-02-13", "3", "2026-02-25"),
        ("2025-12-31", "20", "2026-01-29"),
    ];
    for (from, days, expected) in cases {
        let output = tongban(&[
            "calendar",
            "deadline",
            "--from",
            from,
            "--working-days",
            days,
            "--json",
        ]);
        assert_eq!(output.status.code(), Some(0), "{from} + {days}");
        let json = json_of(&output);
        assert_eq!(json["deadline"], expected, "{from} + {days}");
        assert_eq!(json["from"], from);
        assert_eq!(json["working_days"], days.parse::<u32>().unwrap());
    }
}

#[test]
fn days_per_year() {
    for (year, expected) in [("2024", 251), ("2025", 248), ("2026", 248)] {
        let output = tongban(&["calendar", "days", "--year", year, "--json"]);
        assert_eq!(output.status.code(), Some(0));
        assert_eq!(json_of(&output)["working_days"], expected, "{year}");
    }
}

#[test]
fn year_2027_exits_2_naming_the_year() {
    let runs = [
        vec!["calendar", "days", "--year", "2027"],
        vec![
            "calendar",
            "deadline",
            "--from",
            "2027-03-01",
            "--working-days",
            "1",
        ],
        vec![
            "calendar",
            "deadline",
            "--from",
            "2026-12-30",
            "--working-days",
            "5",
        ],
    ];
    for args in runs {
        let output = tongban(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("2027"), "{args:?}: {stderr}");
    }
    let chinese = tongban(&["--lang", "zh-CN", "calendar", "days", "--year", "2027"]);
    assert!(String::from_utf8_lossy(&chinese.stderr).contains("未加载 2027 年"));
}

#[test]
fn human_output_follows_language() {
    let output = tongban(&[
        "--lang",
        "zh-CN",
        "calendar",
        "deadline",
        "--from",
        "2025-09-26",
        "--working-days",
        "20",
    ]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("期限届满日为 2025-10-30"), "{text}");
    let output = tongban(&[
        "calendar",
        "deadline",
        "--from",
        "2025-09-26",
        "--working-days",
        "20",
    ]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("end on 2025-10-30"), "{text}");
}

#[test]
fn bad_date_is_a_usage_error() {
    let output = tongban(&[
        "calendar",
        "deadline",
        "--from",
        "2025-02-30",
        "--working-days",
        "1",
    ]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn missing_reference_data_is_a_data_error() {
    let output = tongban(&[
        "--reference-data",
        "/nonexistent/data",
        "calendar",
        "days",
        "--year",
        "2025",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("/nonexistent/data"));
}
