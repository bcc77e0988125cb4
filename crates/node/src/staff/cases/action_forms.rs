//! The forms of the steps a clerk may take on a case: one per step that the case's state and
//! the clerk's roles allow, each posting the case version it was shown with.

use std::collections::BTreeMap;

use tongban_domain::case::{Action, ActorRole, CaseStatus, transition};
use tongban_i18n::{Lang, Message};
use tongban_services::cases::{self, Clerk};

use crate::cases::form_views::PageErrors;

/// The steps clerks take, in the order their forms appear.
const CLERK_ACTIONS: [Action; 9] = [
    Action::Accept,
    Action::RequestCorrection,
    Action::Reject,
    Action::StartReview,
    Action::StartSpecialProcedure,
    Action::EndSpecialProcedure,
    Action::Approve,
    Action::Deny,
    Action::Close,
];

/// Returns the clerk step named `name` on the wire, such as `start_review`.
pub(crate) fn clerk_action(name: &str) -> Option<Action> {
    CLERK_ACTIONS
        .into_iter()
        .find(|action| action.as_str() == name)
}

/// Returns whether `clerk` may take `action` on a case in `status`: the state allows it and
/// the clerk has its role or is an admin.
pub(crate) fn may_take(clerk: &Clerk, status: CaseStatus, action: Action) -> bool {
    let role_held = cases::required_role(action)
        .is_none_or(|role| clerk.has_role(role) || clerk.has_role("admin"));
    role_held && transition(status, action, ActorRole::Clerk).is_ok()
}

/// A text input or text area of a step form.
#[derive(Debug, Clone)]
pub(crate) struct TextBox {
    /// Id in the page: the step and the field, such as `deny-reason`.
    pub id: String,
    /// Name in the post.
    pub name: &'static str,
    /// The label.
    pub label: String,
    /// Whether the step needs it.
    pub required: bool,
    /// Help under the label.
    pub hint: Option<String>,
    /// The value typed before.
    pub value: String,
    /// The rule the value breaks.
    pub error: Option<String>,
}

/// A radio button of the special procedure's type.
#[derive(Debug, Clone)]
pub(crate) struct KindChoice {
    /// GB/T 39046 A.7 code: `1` or `2`.
    pub code: &'static str,
    /// The type's name.
    pub label: String,
    /// Whether it is chosen.
    pub checked: bool,
}

/// The special procedure part of the form that starts one.
#[derive(Debug, Clone)]
pub(crate) struct ProcedureFields {
    /// Id of the radio group's first button, which errors link to.
    pub kind_id: String,
    /// The types.
    pub kinds: Vec<KindChoice>,
    /// The message for a missing type.
    pub kind_error: Option<String>,
    /// The procedure's name.
    pub name: TextBox,
}

/// The form of one step.
#[derive(Debug, Clone)]
pub(crate) struct ActionForm {
    /// The step's wire name.
    pub action: &'static str,
    /// The step's name, as heading and button.
    pub label: String,
    /// The reason or opinion.
    pub reason: TextBox,
    /// The items of a correction request, one per line.
    pub items: Option<TextBox>,
    /// The special procedure to start.
    pub procedure: Option<ProcedureFields>,
    /// Whether the step ends or refuses the application, to style its button.
    pub negative: bool,
}

/// Returns the forms of the steps `clerk` may take on a case in `status`, with the values and
/// errors of `posted` for the form of step `posted_action`.
pub(crate) fn action_forms(
    clerk: &Clerk,
    status: CaseStatus,
    posted_action: Option<Action>,
    posted: &BTreeMap<String, String>,
    errors: &PageErrors,
    lang: Lang,
) -> Vec<ActionForm> {
    CLERK_ACTIONS
        .into_iter()
        .filter(|action| may_take(clerk, status, *action))
        .map(|action| {
            let values = if posted_action == Some(action) {
                posted
            } else {
                &BTreeMap::new()
            };
            form(action, values, errors, lang)
        })
        .collect()
}

/// Returns the message key of the heading and button of `action`'s form.
fn form_label_key(action: Action) -> &'static str {
    match action {
        Action::Accept => "case-act-form-accept",
        Action::Reject => "case-act-form-reject",
        Action::RequestCorrection => "case-act-form-request-correction",
        Action::StartReview => "case-act-form-start-review",
        Action::StartSpecialProcedure => "case-act-form-start-special-procedure",
        Action::EndSpecialProcedure => "case-act-form-end-special-procedure",
        Action::Approve => "case-act-form-approve",
        Action::Deny => "case-act-form-deny",
        Action::Close => "case-act-form-close",
        // The applicant's steps have no clerk form.
        Action::Submit | Action::AnswerCorrection | Action::Withdraw => action.label_key(),
    }
}

fn form(
    action: Action,
    values: &BTreeMap<String, String>,
    errors: &PageErrors,
    lang: Lang,
) -> ActionForm {
    let name = action.as_str();
    let text =
        |field: &'static str, label: &'static str, required: bool, hint: Option<&'static str>| {
            let id = format!("{name}-{field}");
            TextBox {
                error: errors.get(&id).map(str::to_owned),
                id,
                name: field,
                label: Message::new(label).render(lang),
                required,
                hint: hint.map(|key| Message::new(key).render(lang)),
                value: values.get(field).cloned().unwrap_or_default(),
            }
        };
    let reason_label = match action {
        Action::RequestCorrection => "case-act-correction-reason",
        Action::Accept | Action::StartReview | Action::Approve | Action::Close => {
            "case-act-opinion"
        }
        _ => "case-page-reason",
    };
    let items = (action == Action::RequestCorrection).then(|| {
        text(
            "correction_items",
            "case-act-correction-items",
            true,
            Some("case-act-correction-items-hint"),
        )
    });
    let procedure = (action == Action::StartSpecialProcedure).then(|| {
        let kind_id = format!("{name}-procedure_kind");
        let chosen = values.get("procedure_kind").map_or("", String::as_str);
        ProcedureFields {
            kind_error: errors.get(&kind_id).map(str::to_owned),
            kind_id,
            kinds: [
                ("1", "case-page-procedure-extension"),
                ("2", "case-page-procedure-other"),
            ]
            .into_iter()
            .map(|(code, key)| KindChoice {
                code,
                label: Message::new(key).render(lang),
                checked: chosen == code,
            })
            .collect(),
            name: text(
                "procedure_name",
                "case-act-procedure-name",
                true,
                Some("case-act-procedure-name-hint"),
            ),
        }
    });
    ActionForm {
        action: name,
        label: Message::new(form_label_key(action)).render(lang),
        reason: text("reason", reason_label, action.needs_reason(), None),
        items,
        procedure,
        negative: matches!(action, Action::Reject | Action::Deny),
    }
}
