# E-certificates and e-seals: issuing, the wallet, verification and revocation.

certificate-problem-malformed = This is not a tongban e-certificate or QR payload: { $detail }
certificate-problem-identifier-invalid = The certificate identifier is invalid: { $detail }
certificate-problem-unknown-seal = The trust list has no e-seal with serial { $serial }; save a newer trust list and verify again.
certificate-problem-tampered = The seal signature does not match: the certificate was changed after it was signed.
certificate-problem-issuer-mismatch = The issuer { $issuer_code } is not the department { $seal_code } that holds the seal.
certificate-problem-seal-not-valid = The e-seal was not valid when it signed at { $signed_at }.
certificate-problem-seal-revoked = The e-seal was revoked at { $revoked_at }, before it signed at { $signed_at }.
certificate-problem-not-yet-valid = The certificate is valid from { $at }.
certificate-problem-expired = The certificate expired at { $at }.

implementation-rule-certificate-department-code = Implementation { $id }: a certificate needs the credit code of the department (department_code). { $detail }
implementation-rule-certificate-department = Implementation { $id }: the department name cannot be printed on a certificate (blank, over 100 characters, or with | or a line break).
implementation-rule-certificate-type-code = Implementation { $id }: the certificate type code { $code } must be a credit code followed by three digits.
implementation-rule-certificate-name = Implementation { $id }: the certificate needs a Chinese and an English name of at most 100 characters, without | or line breaks.
implementation-rule-certificate-seal-name = Implementation { $id }: the seal name must be 1 to 100 characters, without | or line breaks.
implementation-rule-certificate-validity = Implementation { $id }: validity_years must be between 1 and 100.
implementation-rule-certificate-face-label = Implementation { $id }: every face field needs a Chinese and an English label.
implementation-rule-certificate-face-field = Implementation { $id }: the face field refers to the form field "{ $field }", which the form does not have.
implementation-rule-certificate-proves = Implementation { $id }: a material the certificate proves has no usable name.
implementation-rule-certificate-seal-conflict = The implementations of department { $code } name it or its seal differently; a department has one seal.

federation-seal-request-time = The seal request was signed more than ten minutes from the hub's time; check the node's clock and send it again.
federation-seal-department-code = The department's unified social credit code is invalid.
federation-seal-public-key = The seal's public key is not a valid SM2 public key.
federation-seal-name = The department and seal names must be 1 to 100 characters, without | or line breaks.
federation-signature-rejected = The request of node { $node_id } is not signed with a current key of the node.
federation-seal-not-found = The hub has no e-seal with serial { $serial }.

certificate-not-found = No such certificate.
certificate-role-missing = Revoking or cancelling a certificate needs the role { $role }.
certificate-reason-required = Give the reason.
certificate-already-ended = The certificate was { $status ->
    [cancelled] cancelled
   *[other] revoked
} before.
certificate-seal-not-certified = The e-seal of department { $department_code } is not certified by the hub yet, so no certificate can be issued; try again in a minute.
certificate-seal-not-valid = The e-seal { $serial } is expired or revoked, so it cannot sign the certificate.
certificate-no-trust-list = This node holds no valid trust list from the hub; try again once it has fetched one.
certificate-internal = The certificate could not be processed because of an internal error.

certificate-wallet-title = My certificates
certificate-wallet-empty = You hold no certificates issued by this portal yet.
certificate-detail-title = Certificate
certificate-detail-back = Back to my certificates
certificate-detail-face = On the certificate
certificate-detail-pdf = Download the PDF
certificate-detail-present = Present the certificate
certificate-detail-present-intro = Show this QR code to the person who checks the certificate. It carries the signed facts, so it can be checked without a network.
certificate-detail-qr-alt = QR code of the certificate
certificate-detail-payload = Text of the QR code
certificate-field-name = Certificate
certificate-field-id = Identifier
certificate-field-issuer = Issuer
certificate-field-holder = Holder
certificate-field-valid-from = Valid from
certificate-field-valid-until = Valid until (Beijing time)
certificate-field-issued-at = Signed at (Beijing time)
certificate-field-status = Status
certificate-field-status-reason = Reason
certificate-field-seal = E-seal
certificate-no-end = No end
certificate-status-valid = Valid
certificate-status-revoked = Revoked
certificate-status-cancelled = Cancelled
certificate-verify-title = Verify a certificate
certificate-verify-input = Text of the QR code, or the certificate document
certificate-verify-file = Or upload the certificate PDF or document
certificate-verify-submit = Verify
certificate-verify-outcome-valid = Valid
certificate-verify-outcome-invalid = Not valid
certificate-verify-valid = The certificate is valid: the seal signature, the seal and the validity period check out.
certificate-verify-ended = The issuer { $status ->
    [cancelled] cancelled
   *[other] revoked
} the certificate: { $reason }
certificate-verify-empty = Paste the text of the QR code or choose a file.
certificate-verify-upload-invalid = The upload could not be read; choose the file again.
certificate-verify-pdf-without-document = The PDF has no signed certificate document inside.
certificate-api-status-unknown = Unknown status "{ $status }": use revoked or cancelled.

cli-cert = Verify e-certificates and save the trust list that offline verification needs.
cli-cert-verify = Verify an e-certificate from its QR payload, its document or its PDF. Exit code 0 valid, 1 not valid (the reason is printed), 2 usage or data error.
cli-cert-verify-offline = Verify without a network, against the saved trust list. Required: online verification is the /verify page and API of a node.
cli-cert-verify-trust-list = The trust list saved with `tongban cert trust-list save`.
cli-cert-verify-hub-key = Expected id of the hub key (16 hex digits) or the key itself (hex); a file with another key is rejected.
cli-cert-verify-payload = The text of the QR code.
cli-cert-verify-file = A certificate PDF, a certificate document (JSON) or a file holding the QR text.
cli-cert-verify-at = Verify as at this instant (RFC 3339) instead of now.
cli-cert-verify-json = Print one JSON object on standard output.
cli-cert-trust-list = Save the hub's trust list.
cli-cert-trust-list-save = Fetch the hub's signed trust list and its key, check the signature and save both.
cli-cert-trust-list-save-hub = URL of the hub, such as http://127.0.0.1:8400.
cli-cert-trust-list-save-out = The file to write.
cli-cert-trust-list-save-hub-key = Expected id of the hub key (16 hex digits) or the key itself (hex); without it the key the hub sends is saved and its id printed, to compare with the id the hub's operator publishes.
cli-cert-trust-list-save-json = Print one JSON object on standard output.
cli-hub-seals = List the e-seal certificates the hub issued, with their revocations.
cli-hub-seals-config = Configuration file of the hub (TOML).
cli-hub-seals-json = Print one JSON object on standard output.
cli-hub-revoke-seal = Revoke an e-seal: the next trust list names the revocation, and what the seal signs from then on fails verification.
cli-hub-revoke-seal-config = Configuration file of the hub (TOML).
cli-hub-revoke-seal-serial = Serial of the seal, as `tongban hub seals` lists it.
cli-hub-revoke-seal-reason = The reason for the revocation, kept in the audit trail.
cli-hub-revoke-seal-actor = The operator revoking the seal, kept in the audit trail. Defaults to the user running the command.
cli-hub-revoke-seal-json = Print one JSON object on standard output.

cli-out-hub-no-seals = The hub has issued no e-seal certificates.
cli-out-hub-seal-revoked = Seal { $serial } is revoked; the next trust list names the revocation.
cli-out-hub-seal-already-revoked = Seal { $serial } was revoked before; nothing changed.
cli-out-cert-offline-only = Give --offline: this command verifies against a saved trust list. For the current status at the issuer, use the /verify page or API of the issuing node.
cli-out-cert-at-invalid = --at { $at } is not an RFC 3339 time such as 2026-12-31T16:00:00Z.
cli-out-cert-read-failed = Cannot read { $path }: { $error }
cli-out-cert-write-failed = Cannot write { $path }: { $error }
cli-out-cert-trust-list-invalid = The trust list cannot be used: { $error }
cli-out-cert-trust-list-expired = The saved trust list expired at { $valid_until }; save a new one with `tongban cert trust-list save`.
cli-out-cert-hub-key-mismatch = The hub key is { $found }, not the expected { $expected }.
cli-out-cert-no-input = Give --payload or --file.
cli-out-cert-input-invalid = { $path } is not a certificate PDF, document or QR text: { $error }
cli-out-cert-valid = Valid: { $id }
cli-out-cert-details = Holder { $holder }, issuer { $issuer }, valid from { $valid_from } until { $valid_until }, sealed with { $seal }.
cli-out-cert-seal-revoked-later = The e-seal was revoked at { $revoked_at }, after it signed; the certificate stays valid.
cli-out-cert-offline-note = Checked offline: a revocation or cancellation by the issuer shows only at the issuing node's /verify.
cli-out-cert-invalid = Not valid: { $reason }
cli-out-cert-trust-list-saved = Saved trust list { $sequence } with { $seals } e-seals to { $path }. Hub key id: { $key_id }; compare it with the id the hub's operator publishes.
certificate-verify-unknown = The signatures check out, but no node has reported this certificate to the hub, so the hub cannot confirm its status. Ask the issuer, or verify at the issuing node.
certificate-wallet-elsewhere = At other portals
certificate-wallet-elsewhere-unavailable = The certificates of other portals cannot be shown now; try again later.
certificate-wallet-elsewhere-login = Log in again to see the certificates of other portals.
certificate-staff-title = Certificates issued
certificate-staff-empty = Your department has issued no certificates yet.
certificate-staff-end = Revoke or cancel
certificate-staff-revoke = Revoke
certificate-staff-cancel = Cancel
certificate-staff-done-revoked = The certificate is revoked.
certificate-staff-done-cancelled = The certificate is cancelled.
