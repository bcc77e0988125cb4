//! Lending an e-certificate to a case (用证): for a material that a certificate type proves,
//! the applicant chooses one of their certificates in place of a file. Submitting the case is
//! the holder's consent, and sends a `certificate.lend.request` to the issuing node.

use tongban_domain::case::CaseStatus;
use tongban_i18n::Message;
use tongban_store::cases as stored;
use tongban_store::certificate_loans::{self as loans, CertificateLoan};
use tongban_store::passage::StoreConnection;

use super::steps::{Actor, Change, load_visible};
use super::{Applicant, CaseContext, CaseError, Viewer};
use crate::certificates::{LEND_REQUEST_TYPE, LendRequestBody, type_code_of};
use crate::fields::single;
use crate::passage::{OutgoingMessage, enqueue};

/// The error key of a rejected choice of certificate.
pub const LEND_FIELD: &str = "certificate";

/// A certificate in the person's wallet, as the hub's index lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalletCertificate {
    /// 证照标识 (GB/T 36904).
    pub id: String,
    /// The node id of the issuing node.
    pub node_id: String,
    /// The issuer's name.
    pub issuer: String,
    /// The holder's subject at the hub.
    pub holder_subject: String,
    /// `valid`, `revoked` or `cancelled`.
    pub status: String,
}

fn rejected(key: &'static str, material: &str) -> CaseError {
    CaseError::Invalid(single(
        LEND_FIELD,
        Message::new(key).arg("material", material.to_owned()),
    ))
}

/// Lends `certificate` to material `material_name` of draft `case_id` of `applicant`, in
/// place of a file. `certificate` is the entry of the person's wallet with the identifier
/// they chose, or `None` when their wallet has no such certificate.
///
/// # Errors
/// [`CaseError::Invalid`] under [`LEND_FIELD`], naming the material and the rule, when no
/// certificate type proves the material or the certificate is not the applicant's own, of
/// another type or not valid. [`CaseError::NotFound`], [`CaseError::NotEditable`] and
/// [`CaseError::Changed`] as for drafts, and [`CaseError::Store`] when the database fails.
pub async fn lend_certificate(
    context: &CaseContext,
    case_id: &str,
    applicant: &Applicant,
    material_name: &str,
    certificate: Option<&WalletCertificate>,
) -> Result<CertificateLoan, CaseError> {
    let case = load_visible(&context.store, Viewer::Applicant(applicant), case_id).await?;
    if case.status != CaseStatus::Draft {
        return Err(CaseError::NotEditable {
            status: case.status,
        });
    }
    let offer = context
        .offers
        .get(&context.store, &case.implementation_id)
        .await?;
    let proofs = offer.implementation.proofs_of(material_name);
    if proofs.is_empty() {
        return Err(rejected("case-lend-not-proved", material_name));
    }
    let Some(certificate) =
        certificate.filter(|certificate| certificate.holder_subject == applicant.subject)
    else {
        return Err(rejected("case-lend-not-own", material_name));
    };
    let type_ok = type_code_of(&certificate.id).is_some_and(|code| proofs.contains(&code));
    if !type_ok {
        return Err(rejected("case-lend-wrong-type", material_name));
    }
    if certificate.status != "valid" {
        return Err(rejected("case-lend-not-valid", material_name));
    }

    let now = context.now();
    let loan = CertificateLoan {
        id: format!("loan-{}", tongban_crypto::random_token(12)),
        case_id: case.id.clone(),
        material_name: material_name.to_owned(),
        certificate_id: certificate.id.clone(),
        issuer: certificate.issuer.clone(),
        issuer_node: certificate.node_id.clone(),
        status: "chosen".to_owned(),
        result: None,
        reason: None,
        document: None,
        chosen_by: applicant.subject.clone(),
        chosen_at: now,
        checked_at: None,
    };
    let mut write = context.turn.begin(&context.store).await?;
    let Some((version, status)) = stored::touch_case(
        &mut **write.transaction,
        &case.id,
        &[CaseStatus::Draft],
        now,
    )
    .await?
    else {
        return Err(CaseError::Changed);
    };
    loans::upsert_loan(&mut **write.transaction, &loan).await?;
    let mut change = Change::edit(&case, "lend_certificate", Actor::applicant(applicant), now);
    change.before_status = Some(status);
    change.after.status = status;
    change.after.version = version;
    change.details = Some(serde_json::json!({
        "loan_id": loan.id,
        "material_name": loan.material_name,
        "certificate_id": loan.certificate_id,
        "issuer": loan.issuer,
        "issuer_node": loan.issuer_node,
    }));
    change.finish(write).await?;
    Ok(loan)
}

/// Returns the certificates lent to case `case_id`, if `viewer` may see it.
///
/// # Errors
/// [`CaseError::NotFound`] when the case is not visible, [`CaseError::Store`] when the
/// database fails.
pub async fn case_loans(
    context: &CaseContext,
    viewer: Viewer<'_>,
    case_id: &str,
) -> Result<Vec<CertificateLoan>, CaseError> {
    load_visible(&context.store, viewer, case_id).await?;
    Ok(loans::list_case_loans(context.store.pool(), case_id).await?)
}

/// Returns the names of the materials of case `case_id` that have a certificate lent.
pub(super) async fn lent_materials(
    context: &CaseContext,
    case_id: &str,
) -> Result<Vec<String>, CaseError> {
    let lent = loans::list_case_loans(context.store.pool(), case_id).await?;
    Ok(lent.into_iter().map(|loan| loan.material_name).collect())
}

/// Sends a `certificate.lend.request` to the issuing node of every certificate chosen for
/// case `case_id`, on `transaction` of the submission. Without a passage nothing is sent,
/// and the loans stay `chosen`.
pub(super) async fn request_loans(
    context: &CaseContext,
    transaction: &mut StoreConnection,
    case_id: &str,
    case_number: &str,
    applicant: &Applicant,
) -> Result<(), CaseError> {
    let Some(passage) = context.reporter.as_ref().map(|reporter| reporter.passage()) else {
        return Ok(());
    };
    let chosen = loans::list_case_loans(&mut *transaction, case_id).await?;
    for loan in chosen.iter().filter(|loan| loan.status == "chosen") {
        // TODO: a legal person's certificate needs the credit code the session acts for here.
        let body = LendRequestBody {
            loan_id: loan.id.clone(),
            certificate_id: loan.certificate_id.clone(),
            holder_id_type: "resident_id".to_owned(),
            holder_id: applicant.id_number.clone(),
            case_number: case_number.to_owned(),
        };
        let message = OutgoingMessage {
            receiver: &loan.issuer_node,
            message_type: LEND_REQUEST_TYPE,
            ordering_key: &loan.id,
            body: super::object_of(&body).map_err(|error| CaseError::Passage(Box::new(error)))?,
        };
        enqueue(&mut *transaction, passage, message)
            .await
            .map_err(|error| CaseError::Passage(Box::new(error)))?;
        loans::mark_requested(&mut *transaction, &loan.id).await?;
    }
    Ok(())
}
