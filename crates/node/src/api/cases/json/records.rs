//! The JSON shapes of what a case records: its files, its history and its suspensions.

use serde::Serialize;
use tongban_services::cases::{
    CaseEvent, CaseMaterial, StepStatus, SuspensionKind, SuspensionRecord,
};
use utoipa::ToSchema;

use super::{date, instant};

/// A file handed in.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseFileJson {
    /// Its id.
    pub id: String,
    /// The material of the service guide it is for.
    pub material_name: String,
    /// The file name given at upload.
    pub file_name: String,
    /// The type detected from the content: `application/pdf`, `image/jpeg`, `image/png` or
    /// `application/ofd`.
    pub content_type: String,
    /// Size in bytes.
    pub size_bytes: u64,
    /// SM3 digest of the content, 64 lowercase hex digits.
    pub sm3: String,
    /// When it was uploaded.
    pub uploaded_at: String,
    /// The path from which the same session downloads it.
    pub href: String,
}

impl CaseFileJson {
    /// Returns the shape of `material`, downloaded under `href_prefix` and its id.
    pub(crate) fn new(material: &CaseMaterial, href_prefix: &str) -> CaseFileJson {
        CaseFileJson {
            id: material.id.clone(),
            material_name: material.material_name.clone(),
            file_name: material.file_name.clone(),
            content_type: material.content_type.clone(),
            size_bytes: material.size_bytes,
            sm3: material.sm3.clone(),
            uploaded_at: instant(material.uploaded_at),
            href: format!("{href_prefix}{}", material.id),
        }
    }
}

/// The GB/T 39046 step record of an event.
#[derive(Debug, Serialize, ToSchema)]
pub struct StepRecordJson {
    /// 环节名称, such as 受理.
    pub name: String,
    /// 业务动作: 通过, 退回 or 其他.
    pub action: String,
    /// 环节办理状态代码: 1 待办, 2 已办.
    pub status_code: i64,
}

/// A recorded change of a case.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventJson {
    /// Position in the history, from 1.
    pub seq: i64,
    /// When it happened.
    pub occurred_at: String,
    /// `applicant`, `clerk` or `system`.
    pub actor_kind: String,
    /// The actor's name.
    pub actor_name: String,
    /// The step, such as `accept`, or the edit, such as `save_draft`.
    pub action: String,
    /// The state before; `null` when the draft was created.
    pub from_status: Option<String>,
    /// The state after.
    pub to_status: String,
    /// The reason given.
    pub reason: Option<String>,
    /// Further facts, such as the items of a correction request (`items`) or the special
    /// procedure (`special_procedure` with `code` and `name`).
    #[schema(value_type = Option<Object>)]
    pub details: Option<serde_json::Value>,
    /// The handling step, or `null` for an edit of a draft.
    pub step: Option<StepRecordJson>,
}

impl EventJson {
    /// Returns the shape of `event`.
    pub(crate) fn new(event: &CaseEvent) -> EventJson {
        let recorded = &event.event;
        EventJson {
            seq: event.seq,
            occurred_at: instant(recorded.occurred_at),
            actor_kind: recorded.actor_kind.as_str().to_owned(),
            actor_name: recorded.actor_name.clone(),
            action: recorded.action.clone(),
            from_status: recorded
                .from_status
                .map(|status| status.as_str().to_owned()),
            to_status: recorded.to_status.as_str().to_owned(),
            reason: recorded.reason.clone(),
            details: recorded.details.clone(),
            step: recorded.step.as_ref().map(|step| StepRecordJson {
                name: step.name.clone(),
                action: step.action.name_zh().to_owned(),
                status_code: match step.status {
                    StepStatus::Pending => 1,
                    StepStatus::Done => 2,
                },
            }),
        }
    }
}

/// A correction request or a special procedure.
#[derive(Debug, Serialize, ToSchema)]
pub struct SuspensionJson {
    /// `correction` or `special_procedure`.
    pub kind: String,
    /// First day.
    pub started_on: String,
    /// Last day; `null` while it runs.
    pub ended_on: Option<String>,
    /// The reason given.
    pub reason: String,
    /// The items of a correction request.
    pub items: Vec<String>,
    /// GB/T 39046 A.7 type of a special procedure: `1` extension, `2` other.
    pub special_procedure_code: Option<String>,
    /// The special procedure's name.
    pub special_procedure_name: Option<String>,
}

impl SuspensionJson {
    /// Returns the shape of `suspension`.
    pub(crate) fn new(suspension: &SuspensionRecord) -> SuspensionJson {
        let opened = &suspension.opened;
        SuspensionJson {
            kind: match opened.kind {
                SuspensionKind::Correction => "correction",
                SuspensionKind::SpecialProcedure => "special_procedure",
            }
            .to_owned(),
            started_on: opened.started_on.to_string(),
            ended_on: date(suspension.ended_on),
            reason: opened.reason.clone(),
            items: opened.items.clone(),
            special_procedure_code: opened.special_procedure_code.clone(),
            special_procedure_name: opened.special_procedure_name.clone(),
        }
    }
}
