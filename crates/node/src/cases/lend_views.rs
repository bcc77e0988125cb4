//! The application form's choice of an e-certificate in place of a material file (用证):
//! one select per material that a certificate type proves, listing the person's valid
//! certificates of those types from the hub's index.

use tongban_domain::catalog::Material;
use tongban_domain::implementation::Implementation;
use tongban_i18n::Lang;
use tongban_services::cases::{self, CaseContext, CaseError, Viewer, WalletCertificate};
use tongban_services::certificates::type_code_of;
use tongban_store::certificate_loans::CertificateLoan;

use super::PersonPage;
use super::form_views::PageErrors;
use super::upload::PostedForm;
use crate::NodeState;
use crate::auth::keys::HUB_ACCESS_TOKEN;
use crate::certificates::wallet::read_wallet;

/// A material that a certificate can stand for, as the form shows it.
pub(crate) struct LendSlot {
    /// The select's name and id: `lend-<order>`.
    pub id: String,
    /// The material's name.
    pub material: String,
    /// The person's certificates that prove it: identifier and label.
    pub options: Vec<(String, String)>,
    /// The identifier of the certificate chosen, if any.
    pub chosen: Option<String>,
    /// The chosen certificate's status, in the page's language.
    pub status: Option<String>,
    /// The error of the last choice.
    pub error: Option<String>,
}

fn slot_id(material: &Material) -> String {
    format!("lend-{}", material.order)
}

/// Returns the person's certificates from the hub's index, or an empty list when the session
/// has no access token or the hub cannot be reached.
async fn wallet(state: &NodeState, person: &PersonPage) -> Vec<WalletCertificate> {
    let Some(token) = person.session.get_str(HUB_ACCESS_TOKEN) else {
        return Vec::new();
    };
    read_wallet(state, token, &person.applicant)
        .await
        .unwrap_or_default()
}

/// Builds the selects of draft `case_id`: one per material of `materials` that
/// `implementation` names a certificate type for.
pub(crate) async fn lend_slots(
    state: &NodeState,
    context: &CaseContext,
    person: &PersonPage,
    implementation: &Implementation,
    materials: &[Material],
    case_id: &str,
    errors: &PageErrors,
) -> Result<Vec<LendSlot>, CaseError> {
    let proved: Vec<&Material> = materials
        .iter()
        .filter(|material| !implementation.proofs_of(&material.name).is_empty())
        .collect();
    if proved.is_empty() {
        return Ok(Vec::new());
    }
    let loans = cases::case_loans(context, Viewer::Applicant(&person.applicant), case_id).await?;
    let wallet = wallet(state, person).await;
    let slots = proved
        .into_iter()
        .map(|material| {
            let proofs = implementation.proofs_of(&material.name);
            let options = wallet
                .iter()
                .filter(|certificate| certificate.status == "valid")
                .filter(|certificate| {
                    type_code_of(&certificate.id).is_some_and(|code| proofs.contains(&code))
                })
                .map(|certificate| {
                    let label = format!("{}（{}）", certificate.issuer, certificate.id);
                    (certificate.id.clone(), label)
                })
                .collect();
            let loan: Option<&CertificateLoan> = loans
                .iter()
                .find(|loan| loan.material_name == material.name);
            let id = slot_id(material);
            LendSlot {
                material: material.name.clone(),
                options,
                chosen: loan.map(|loan| loan.certificate_id.clone()),
                status: loan.map(|loan| {
                    person
                        .chrome
                        .t(&format!("case-lend-status-{}", loan.status))
                }),
                error: errors.get(&id).map(str::to_owned),
                id,
            }
        })
        .collect();
    Ok(slots)
}

/// Lends the certificates chosen in `posted` to draft `case_id`, for every material whose
/// select names another certificate than the one lent. A rejected choice is recorded in
/// `errors` under its select.
///
/// # Errors
/// [`CaseError`] other than [`CaseError::Invalid`] when the draft cannot be changed.
pub(crate) async fn lend_posted(
    state: &NodeState,
    context: &CaseContext,
    person: &PersonPage,
    (implementation, materials): (&Implementation, &[Material]),
    case_id: &str,
    posted: &PostedForm,
    errors: &mut PageErrors,
) -> Result<(), CaseError> {
    let lang: Lang = person.chrome.lang;
    let mut wallet_read: Option<Vec<WalletCertificate>> = None;
    for material in materials {
        if implementation.proofs_of(&material.name).is_empty() {
            continue;
        }
        let id = slot_id(material);
        let chosen = posted.text(&id);
        if chosen.is_empty() {
            continue;
        }
        let loans =
            cases::case_loans(context, Viewer::Applicant(&person.applicant), case_id).await?;
        let unchanged = loans
            .iter()
            .any(|loan| loan.material_name == material.name && loan.certificate_id == chosen);
        if unchanged {
            continue;
        }
        if wallet_read.is_none() {
            wallet_read = Some(wallet(state, person).await);
        }
        let certificate = wallet_read
            .iter()
            .flatten()
            .find(|certificate| certificate.id == chosen);
        let lent = cases::lend_certificate(
            context,
            case_id,
            &person.applicant,
            &material.name,
            certificate,
        )
        .await;
        match lent {
            Ok(_) => {}
            Err(CaseError::Invalid(rejected)) => {
                for error in rejected.iter() {
                    errors.add(id.clone(), &error.message, lang);
                }
            }
            Err(other) => return Err(other),
        }
    }
    Ok(())
}

/// A certificate lent to a case, as the clerk's page shows it beside the materials.
pub(crate) struct LoanRow {
    /// The material it stands for.
    pub material: String,
    /// 证照标识 (GB/T 36904).
    pub certificate_id: String,
    /// The issuer and its node.
    pub issuer: String,
    /// The status in the page's language.
    pub status: String,
    /// `chosen`, `requested`, `satisfied` or `not_satisfied`.
    pub code: String,
    /// The check's code and reason, once checked.
    pub result: String,
    /// When it was checked, in Asia/Shanghai.
    pub checked_at: String,
}

/// Returns the rows of `loans`, with labels of `chrome`.
pub(crate) fn loan_rows(loans: &[CertificateLoan], chrome: &tongban_web::Chrome) -> Vec<LoanRow> {
    loans
        .iter()
        .map(|loan| LoanRow {
            material: loan.material_name.clone(),
            certificate_id: loan.certificate_id.clone(),
            issuer: format!("{}（{}）", loan.issuer, loan.issuer_node),
            status: chrome.t(&format!("case-lend-status-{}", loan.status)),
            code: loan.status.clone(),
            result: match (&loan.result, &loan.reason) {
                (Some(result), Some(reason)) => format!("{result}：{reason}"),
                (Some(result), None) => result.clone(),
                (None, _) => String::new(),
            },
            checked_at: loan
                .checked_at
                .map(super::views::format_time)
                .unwrap_or_default(),
        })
        .collect()
}
