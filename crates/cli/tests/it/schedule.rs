use crate::{json_of, tongban};

fn deadline(url: Option<&str>) -> String {
    let mut args = vec![
        "calendar",
        "deadline",
        "--from",
        "2026-09-24",
        "--working-days",
        "5",
        "--json",
    ];
    if let Some(url) = url {
        args.extend(["--database-url", url]);
    }
    let output = tongban(&args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    json_of(&output)["deadline"].as_str().unwrap().to_owned()
}

#[test]
fn replaced_schedule_changes_later_deadlines_and_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("node.sqlite").display());
    assert_eq!(
        deadline(Some(&url)),
        "2026-10-09",
        "published schedule: Mid-Autumn and National Day"
    );

    // A revision that keeps only the National Day block of 2026.
    let file = dir.path().join("2026.csv");
    let rows: String = (1..=7).map(|day| format!("2026-10-0{day},off\n")).collect();
    std::fs::write(&file, format!("date,kind\n{rows}2026-10-10,work\n")).unwrap();
    let output = tongban(&[
        "calendar",
        "replace",
        "--year",
        "2026",
        "--file",
        file.to_str().unwrap(),
        "--reason",
        "revised notice",
        "--actor",
        "operator-1",
        "--database-url",
        &url,
        "--json",
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json = json_of(&output);
    assert_eq!(json["revision"], 1);
    assert_eq!(json["days"], 8);

    assert_eq!(
        deadline(Some(&url)),
        "2026-10-08",
        "Mid-Autumn days count now"
    );
    assert_eq!(
        deadline(None),
        "2026-10-09",
        "the reference data is unchanged"
    );

    let output = tongban(&[
        "audit",
        "list",
        "--subject",
        "calendar/",
        "--database-url",
        &url,
        "--json",
    ]);
    let events = json_of(&output)["events"].as_array().unwrap().clone();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["actor"], "operator-1");
    assert_eq!(events[0]["action"], "calendar.replace_schedule");
    assert_eq!(events[0]["subject"], "calendar/2026");
    assert_eq!(events[0]["reason"], "revised notice");
}

#[test]
fn invalid_schedule_file_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("node.sqlite").display());
    let file = dir.path().join("bad.csv");
    // 2026-10-09 is a Friday: an adjusted working day must be a weekend day.
    std::fs::write(&file, "date,kind\n2026-10-01,off\n2026-10-09,work\n").unwrap();
    let output = tongban(&[
        "calendar",
        "replace",
        "--year",
        "2026",
        "--file",
        file.to_str().unwrap(),
        "--reason",
        "test",
        "--database-url",
        &url,
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("2026-10-09"));

    let output = tongban(&[
        "calendar",
        "replace",
        "--year",
        "2026",
        "--file",
        file.to_str().unwrap(),
        "--reason",
        "  ",
        "--database-url",
        &url,
    ]);
    assert_eq!(output.status.code(), Some(2), "a blank reason is rejected");

    let output = tongban(&["audit", "list", "--database-url", &url, "--json"]);
    assert_eq!(json_of(&output)["events"].as_array().map(Vec::len), Some(0));
    assert_eq!(deadline(Some(&url)), "2026-10-09");
}
