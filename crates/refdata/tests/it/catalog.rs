use tongban_domain::catalog::ListKind;

use crate::data;

#[test]
fn real_catalogs_load_with_every_row_accounted_for() {
    let data = data();
    let divisions = data.divisions().unwrap();
    let load = data.service_items(&divisions).unwrap();

    for rejected in &load.rejected {
        eprintln!(
            "rejected {}:{} {}",
            rejected.file,
            rejected.line,
            rejected.reason.render(tongban_i18n::Lang::En)
        );
    }
    let accepted: usize = load.files.iter().map(|(_, count)| count).sum();
    assert_eq!(accepted, load.items.len());
    assert!(load.items.len() >= 1_700, "only {} items", load.items.len());

    let by_file: std::collections::HashMap<&str, usize> = load
        .files
        .iter()
        .map(|(file, count)| (file.rsplit('/').next().unwrap(), *count))
        .collect();
    assert_eq!(
        by_file["sichuan_guangan_district_items.jsonl"]
            + load
                .rejected
                .iter()
                .filter(|r| r.file.contains("sichuan"))
                .count(),
        1_135
    );
    assert_eq!(
        by_file["hubei_provincial_items.jsonl"]
            + load
                .rejected
                .iter()
                .filter(|r| r.file.contains("hubei"))
                .count(),
        626
    );
}

#[test]
fn full_guides_keep_time_limits_materials_fees_and_basis() {
    let data = data();
    let divisions = data.divisions().unwrap();
    let load = data.service_items(&divisions).unwrap();
    let item = load
        .items
        .iter()
        .find(|item| item.record_id == "GX-450721-000104002000")
        .unwrap();
    assert!(item.guide_complete());
    let guide = item.guide.as_ref().unwrap();
    assert_eq!(guide.statutory_time_limit.as_ref().unwrap().value, 20);
    assert_eq!(guide.promised_time_limit.as_ref().unwrap().value, 5);
    assert_eq!(guide.materials.len(), 2);
    assert_eq!(guide.materials[0].name, "申请书");
    assert!(!guide.fee.as_ref().unwrap().charged);
    assert_eq!(guide.legal_basis.len(), 3);
    assert_eq!(
        item.implementation_code.as_deref(),
        Some("11450721MB155808114000104002000")
    );
}

#[test]
fn items_without_guides_are_incomplete_and_not_filled() {
    let data = data();
    let divisions = data.divisions().unwrap();
    let load = data.service_items(&divisions).unwrap();
    let hubei = load
        .items
        .iter()
        .find(|item| item.record_id == "hb-prov-0001")
        .unwrap();
    assert!(!hubei.guide_complete());
    assert!(hubei.guide.is_none());
    assert_eq!(hubei.item_type_code_raw.as_deref(), Some("20"));
    assert_eq!(hubei.item_type.map(|t| t.code()), Some("20"));

    let shanghai = load
        .items
        .iter()
        .find(|item| item.record_id == "SH-JD-5473")
        .unwrap();
    assert!(
        !shanghai.guide_complete(),
        "the Shanghai guides publish no time limits"
    );
    let guide = shanghai.guide.as_ref().unwrap();
    assert!(guide.statutory_time_limit.is_none());
    assert_eq!(guide.materials.len(), 6);
    assert_eq!(guide.materials[0].copy_count, Some(1));

    let liaoning = load
        .items
        .iter()
        .find(|item| item.list_kind == ListKind::Base && item.source == "liaoning_catalog_sample")
        .unwrap();
    assert!(!liaoning.guide_complete());
    assert!(!liaoning.guide.as_ref().unwrap().legal_basis.is_empty());
}

#[test]
fn every_complete_guide_counts() {
    let data = data();
    let divisions = data.divisions().unwrap();
    let load = data.service_items(&divisions).unwrap();
    let complete: Vec<&str> = load
        .items
        .iter()
        .filter(|item| item.guide_complete())
        .map(|item| item.record_id.as_str())
        .collect();
    assert_eq!(complete.len(), 3, "{complete:?}");
}
