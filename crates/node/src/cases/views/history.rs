//! The history of a case: every recorded change, with its time in Asia/Shanghai, who made it,
//! the step, the reason and what the step listed.

use serde_json::Value;
use tongban_domain::case::Action;
use tongban_domain::implementation::FormField;
use tongban_i18n::{Lang, Message};
use tongban_services::cases::{ActorKind, CaseEvent};

/// One event of a case's history.
#[derive(Debug, Clone)]
pub(crate) struct HistoryRow {
    /// When, `YYYY-MM-DD HH:MM` in Asia/Shanghai.
    pub time: String,
    /// Who: the person's or clerk's name, or the platform for a job of the system.
    pub actor: String,
    /// The step or edit.
    pub action: String,
    /// The state after the change.
    pub status: String,
    /// The reason given, if any.
    pub reason: Option<String>,
    /// The items of a correction request, one entry each.
    pub items: Vec<String>,
    /// Further facts, such as the special procedure or the file handed in.
    pub detail: Option<String>,
}

/// Returns the rows of `events`, oldest first, naming changed fields by their labels in
/// `form`.
pub(crate) fn history_rows(
    events: &[CaseEvent],
    form: &[FormField],
    lang: Lang,
) -> Vec<HistoryRow> {
    events.iter().map(|event| row(event, form, lang)).collect()
}

fn row(event: &CaseEvent, form: &[FormField], lang: Lang) -> HistoryRow {
    let recorded = &event.event;
    let details = recorded.details.as_ref();
    let text = |name: &str| details.and_then(|details| details.get(name)?.as_str());
    let actor = match recorded.actor_kind {
        ActorKind::System => Message::new("case-page-actor-system").render(lang),
        ActorKind::Applicant | ActorKind::Clerk => recorded.actor_name.clone(),
    };
    // A job of the system records its reason in Chinese and keeps the message key beside it.
    let reason = text("reason_key")
        .and_then(|key| tongban_i18n::lookup(lang, key))
        .or_else(|| recorded.reason.clone());
    let items = details
        .and_then(|details| details.get("items")?.as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|item| item.as_str().map(str::to_owned))
        .collect();

    HistoryRow {
        time: super::format_time(recorded.occurred_at),
        actor,
        action: action_label(&recorded.action, lang),
        status: super::status_label(recorded.to_status, lang),
        reason,
        items,
        detail: detail(&recorded.action, details, form, lang),
    }
}

/// Returns the name of a recorded action: a handling step or an edit of the applicant's.
fn action_label(action: &str, lang: Lang) -> String {
    if let Some(step) = Action::parse(action) {
        return Message::new(step.label_key()).render(lang);
    }
    let key = match action {
        "create_draft" => "case-page-event-create-draft",
        "save_draft" => "case-page-event-save-draft",
        "attach_material" => "case-page-event-attach-material",
        "remove_material" => "case-page-event-remove-material",
        "recompute_deadlines" => "case-page-event-recompute-deadlines",
        "handling_place_status" => "case-page-event-handling-place-status",
        "request_contribution" => "case-page-event-request-contribution",
        "contribution" => "case-page-event-contribution",
        "lend_certificate" => "case-page-event-lend-certificate",
        "certificate_checked" => "case-page-event-certificate-checked",
        "data_query_sent" => "case-page-event-data-query-sent",
        "data_query_answered" => "case-page-event-data-query-answered",
        other => return other.to_owned(),
    };
    Message::new(key).render(lang)
}

/// Returns what else an event records that people need: the case number given, the special
/// procedure started, the file handed in or removed, the fields changed in a correction.
fn detail(action: &str, details: Option<&Value>, form: &[FormField], lang: Lang) -> Option<String> {
    let details = details?;
    let text = |name: &str| details.get(name).and_then(Value::as_str);
    match action {
        "submit" | "handling_place_status" => text("case_number").map(|number| {
            Message::new("case-page-detail-case-number")
                .arg("number", number)
                .render(lang)
        }),
        "start_special_procedure" => {
            let procedure = details.get("special_procedure")?;
            let kind = match procedure.get("code").and_then(Value::as_str) {
                Some("1") => "case-page-procedure-extension",
                _ => "case-page-procedure-other",
            };
            let name = procedure.get("name").and_then(Value::as_str).unwrap_or("");
            Some(format!("{}：{name}", Message::new(kind).render(lang)))
        }
        "attach_material" | "remove_material" => Some(
            Message::new("case-page-detail-material")
                .arg("material", text("material_name").unwrap_or(""))
                .arg("file", text("file_name").unwrap_or(""))
                .render(lang),
        ),
        "lend_certificate" | "certificate_checked" => Some(
            Message::new("case-page-detail-certificate")
                .arg("material", text("material_name").unwrap_or(""))
                .arg("certificate", text("certificate_id").unwrap_or(""))
                .render(lang),
        ),
        "data_query_sent" => Some(
            Message::new("case-page-detail-data-query")
                .arg("service", text("service_id").unwrap_or(""))
                .arg("provider", text("provider").unwrap_or(""))
                .render(lang),
        ),
        // The fields returned, as `name: value` pairs, or the rejection code.
        "data_query_answered" => {
            let result = details.get("result").and_then(Value::as_object);
            let shown: Vec<String> = result
                .map(|fields| {
                    fields
                        .iter()
                        .map(|(name, value)| {
                            format!("{name}: {}", value.as_str().unwrap_or_default())
                        })
                        .collect()
                })
                .unwrap_or_default();
            Some(shown.join("; ")).filter(|text| !text.is_empty())
        }
        "answer_correction" => {
            let fields: Vec<&str> = details
                .get("changed_fields")?
                .as_array()?
                .iter()
                .filter_map(Value::as_str)
                .map(|name| {
                    form.iter()
                        .find(|field| field.name == name)
                        .map_or(name, |field| field.label(lang))
                })
                .collect();
            let files = details
                .get("materials_added")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            Some(
                Message::new("case-page-detail-correction")
                    .arg("fields", fields.join("、"))
                    .arg("files", files)
                    .render(lang),
            )
        }
        _ => None,
    }
}
