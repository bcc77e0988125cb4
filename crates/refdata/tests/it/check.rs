use tongban_i18n::Lang;
use tongban_refdata::{ReferenceData, render_report};

use crate::data;

#[test]
fn shared_data_checks_clean() {
    let report = data().check();
    let text = render_report(&report, Lang::En);
    assert!(report.is_ok(), "{text}");
    let names: Vec<&str> = report.sets.iter().map(|set| set.name).collect();
    assert_eq!(
        names,
        ["divisions", "holidays", "service-items", "id-vectors"]
    );
    let holidays = &report.sets[1];
    assert_eq!(holidays.years, Some((2004, 2026)));
    assert!(text.contains("2004"), "{text}");
}

#[test]
fn broken_copy_reports_file_and_line() {
    let copy = tempfile::tempdir().unwrap();
    copy_dir(data().dir(), copy.path());
    let history = copy
        .path()
        .join("divisions/mca_codes_history_1981_2024.csv");
    let mut text = std::fs::read_to_string(&history).unwrap();
    text.push_str("12345X,某省,,某县,county,active,1990,,\n");
    std::fs::write(&history, text).unwrap();
    let days = copy
        .path()
        .join("holidays/cn_holidays_2004_2026_chinese_calendar.csv");
    let mut text = std::fs::read_to_string(&days).unwrap();
    text.push_str("2026-12-31,4,off,元旦,New Year's Day,0\n2026-12-26,6,holiday,x,x,0\n");
    std::fs::write(&days, text).unwrap();

    let report = ReferenceData::open(copy.path()).unwrap().check();
    assert!(!report.is_ok());
    let text = render_report(&report, Lang::En);
    assert!(
        text.contains("mca_codes_history_1981_2024.csv:6825"),
        "{text}"
    );
    assert!(text.contains("12345X"), "{text}");
    assert!(
        text.contains("cn_holidays_2004_2026_chinese_calendar.csv:774"),
        "{text}"
    );
    let chinese = render_report(&report, Lang::ZhCn);
    assert!(chinese.contains("行政区划代码"), "{chinese}");
}

#[test]
fn missing_directory_is_named() {
    let error = ReferenceData::open("/nonexistent/tongban-data").unwrap_err();
    assert!(error.to_string().contains("/nonexistent/tongban-data"));
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
