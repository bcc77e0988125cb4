//! The facts at the top of a case page: number, service, state, who applies and the days of
//! its steps.

use tongban_i18n::{Lang, Message};
use tongban_services::cases::CaseRecord;

use super::{PlaceNames, format_date, mask_id_number, status_label};

/// A labelled fact of the case.
#[derive(Debug, Clone)]
pub(crate) struct FactRow {
    /// Its id in the page.
    pub id: &'static str,
    /// The label.
    pub label: String,
    /// The value.
    pub value: String,
}

/// Returns the facts of `case` for `service_name`, with the applicant's resident ID number in
/// full for a clerk (`full_id_number`) and masked for the applicant. A case without recorded
/// places is a local case of `node_id`. Places show as the portal names of `places`.
pub(crate) fn case_facts(
    case: &CaseRecord,
    service_name: &str,
    full_id_number: bool,
    (node_id, places): (&str, &PlaceNames),
    lang: Lang,
) -> Vec<FactRow> {
    let fact = |id, key: &'static str, value: String| FactRow {
        id,
        label: Message::new(key).render(lang),
        value,
    };
    let applicant = &case.applicant;
    let id_number = if full_id_number {
        applicant.id_number.clone()
    } else {
        mask_id_number(&applicant.id_number)
    };
    let mut rows = vec![
        fact(
            "fact-number",
            "case-page-number",
            case.case_number.clone().unwrap_or_else(|| "—".to_owned()),
        ),
        fact("fact-service", "case-page-service", service_name.to_owned()),
        fact(
            "fact-department",
            "case-page-department",
            case.department.clone(),
        ),
        fact(
            "fact-status",
            "case-page-status",
            status_label(case.status, lang),
        ),
        fact(
            "fact-applicant",
            "case-page-applicant-name",
            applicant.name.clone(),
        ),
        fact("fact-id-number", "case-page-applicant-id", id_number),
        fact(
            "fact-receiving-place",
            "case-page-receiving-place",
            places
                .name(case.receiving_place.as_deref().unwrap_or(node_id))
                .to_owned(),
        ),
        fact(
            "fact-handling-place",
            "case-page-handling-place",
            places
                .name(case.handling_place.as_deref().unwrap_or(node_id))
                .to_owned(),
        ),
    ];
    if let (Some(code), Some(name)) = (
        &applicant.acting_for_credit_code,
        &applicant.acting_for_name,
    ) {
        rows.push(fact(
            "fact-acting-for",
            "case-page-acting-for",
            format!("{name}（{code}）"),
        ));
    }
    rows.extend([
        fact(
            "fact-received",
            "case-page-received",
            format_date(case.received_on),
        ),
        fact(
            "fact-accepted",
            "case-page-accepted",
            format_date(case.accepted_on),
        ),
        fact(
            "fact-decided",
            "case-page-decided",
            format_date(case.decided_on),
        ),
        fact(
            "fact-closed",
            "case-page-closed",
            format_date(case.closed_on),
        ),
    ]);
    rows
}
