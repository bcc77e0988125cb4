# The federation: node ids and kinds, enrolment, the node registry and the trust list.

node-id = A node id has 1 to 32 lowercase letters, digits and hyphens, but "{ $input }" was given.
node-kind = A node kind is region or department, but "{ $input }" was given.

federation-request-invalid = The request is invalid: { $detail }
federation-rule-required = The field { $field } must not be empty.
federation-rule-too-long = The field { $field } may have at most { $max } characters.
federation-rule-endpoint = The field { $field } must be an https:// URL (http:// only for 127.0.0.1, ::1 or localhost) with no user name, query, fragment or trailing slash, but "{ $value }" was given.
federation-rule-public-key = The field public_key must be an SM2 public key: 130 lowercase hex digits of an uncompressed point, starting with 04.
federation-rule-region-division = A region node needs the division code of its region; 100000 is for State Council departments.
federation-rule-ttl = An enrolment token must stay valid for at least 1 second.
federation-rule-validity = A trust list must stay valid for at least 1 second.
federation-token-unknown = The enrolment token is unknown. Ask the hub's operator for a token from "tongban hub enroll-node".
federation-token-used = The enrolment token was already used; each token enrols a node once. Ask the hub's operator for a new one.
federation-token-cancelled = The enrolment token was cancelled when its node was revoked. Ask the hub's operator for a new one.
federation-token-expired = The enrolment token expired at { $expired_at }. Ask the hub's operator for a new one.
federation-token-mismatch = The enrolment token was issued for { $field } "{ $expected }", but the request has "{ $given }". Check the node's configuration.
federation-key-in-use = The public key { $key_id } is already registered to node { $owner }; every node needs its own key.
federation-node-not-found = The registry has no node "{ $node_id }".
federation-hub-key-changed = The hub signed its trust lists with key { $stored }, but this instance holds key { $current }. Hub instances that share a database must share the key file keys/sm2-signing.pem; copy it from the first instance.
federation-trust-list-rejected = The trust list from the hub was rejected.
federation-not-enrolled = This node has not enrolled with the hub yet.
federation-internal = The hub had an internal error, which was logged; please try again later.

cli-hub = Operate the hub: enrol, list and revoke nodes, register OpenID clients, and list and revoke e-seal certificates.
cli-hub-enroll-node = Issue a one-time token with which a node enrols; the token is printed once.
cli-hub-enroll-node-config = Configuration file of the hub (TOML).
cli-hub-enroll-node-node-id = Id of the node, such as gd: 1 to 32 lowercase letters, digits and hyphens.
cli-hub-enroll-node-kind = Whether the node serves a region or a department.
cli-hub-enroll-node-division = GB/T 2260 division code of the region, or 100000 for a State Council department.
cli-hub-enroll-node-name-zh = Name of the node's portal in Simplified Chinese.
cli-hub-enroll-node-name-en = Name of the node's portal in English.
cli-hub-enroll-node-actor = The operator issuing the token, kept in the audit trail. Defaults to the user running the command.
cli-hub-enroll-node-json = Print one JSON object on standard output.
cli-hub-revoke-node = Revoke a node: it leaves the next trust list and its logins through the hub stop.
cli-hub-revoke-node-config = Configuration file of the hub (TOML).
cli-hub-revoke-node-node-id = Id of the node to revoke.
cli-hub-revoke-node-reason = The reason for the revocation, kept in the audit trail.
cli-hub-revoke-node-actor = The operator revoking the node, kept in the audit trail. Defaults to the user running the command.
cli-hub-revoke-node-json = Print one JSON object on standard output.
cli-hub-nodes = List the nodes of the registry with their status, endpoint and keys.
cli-hub-nodes-config = Configuration file of the hub (TOML).
cli-hub-nodes-json = Print one JSON object on standard output.

cli-out-hub-not-a-hub = { $path } is not the configuration of a hub: its role must be "hub".
cli-out-hub-token-issued = Enrolment token for node { $node_id }, valid until { $expires_at }. It is shown only this once:
cli-out-hub-token-use = Put it in the node's configuration as node.enrolment_token, or in the environment variable TONGBAN__NODE__ENROLMENT_TOKEN, and start the node; it enrols on its first start.
cli-out-hub-revoked = Node { $node_id } is revoked: it leaves the next trust list, and its OIDC client and { $tokens } unused enrolment tokens no longer work.
cli-out-hub-already-revoked = Node { $node_id } was revoked already; nothing changed.
cli-out-hub-no-nodes = No nodes are registered.
