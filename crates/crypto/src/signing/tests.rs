use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::json;
use sm2::pkcs8::EncodePublicKey;

use super::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/openssl-sm2")
        .join(name)
}

fn read_fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).unwrap()
}

/// Flips the lowest bit of byte `index`.
fn flip(bytes: &[u8], index: usize) -> Vec<u8> {
    let mut changed = bytes.to_vec();
    changed[index] ^= 1;
    changed
}

#[test]
fn signature_round_trips() {
    let key = SigningKey::generate();
    let message = "广东政务服务网".as_bytes();
    let signature = key.sign(message);
    key.public_key().verify(message, &signature).unwrap();

    let text = signature.to_base64url();
    assert_eq!(text.len(), 86);
    assert_eq!(Signature::from_base64url(&text).unwrap(), signature);
}

#[test]
fn changed_message_byte_fails() {
    let key = SigningKey::generate();
    let message = b"{\"sequence\":7}";
    let signature = key.sign(message);
    for index in 0..message.len() {
        assert_eq!(
            key.public_key().verify(&flip(message, index), &signature),
            Err(SignatureError::Mismatch),
            "message byte {index}"
        );
    }
    let mut longer = message.to_vec();
    longer.push(b' ');
    assert_eq!(
        key.public_key().verify(&longer, &signature),
        Err(SignatureError::Mismatch)
    );
}

#[test]
fn changed_signature_byte_fails() {
    let key = SigningKey::generate();
    let message = b"trust list";
    let bytes = key.sign(message).to_bytes();
    for index in 0..bytes.len() {
        let changed: [u8; 64] = flip(&bytes, index).try_into().unwrap();
        // A change can make r or s zero or too large, which parsing rejects; either way it
        // must not verify.
        let verified = sm2::dsa::Signature::from_slice(&changed)
            .ok()
            .map(|_| key.public_key().verify(message, &Signature(changed)));
        assert!(
            !matches!(verified, Some(Ok(()))),
            "signature byte {index} changed but still verifies"
        );
    }
}

#[test]
fn wrong_key_fails() {
    let signer = SigningKey::generate();
    let other = SigningKey::generate();
    let signature = signer.sign(b"hello");
    assert_eq!(
        other.public_key().verify(b"hello", &signature),
        Err(SignatureError::Mismatch)
    );
}

#[test]
fn signature_text_is_parsed_strictly() {
    let text = SigningKey::generate().sign(b"x").to_base64url();
    let cases = [
        (format!("{text}=="), "padding"),
        (text[..85].to_owned(), "too short"),
        (format!("{text}A"), "too long"),
        (text.replace(['-', '_'], "+"), "standard alphabet"),
        (format!("{}+", &text[..85]), "character outside base64url"),
        (String::new(), "empty"),
        ("A".repeat(86), "r and s zero"),
    ];
    for (input, case) in cases {
        if input == text {
            continue;
        }
        assert_eq!(
            Signature::from_base64url(&input),
            Err(SignatureError::Malformed),
            "{case}"
        );
    }
}

#[test]
fn non_canonical_trailing_bits_are_rejected() {
    let text = SigningKey::generate().sign(b"x").to_base64url();
    // The last character carries 2 data bits and 4 unused bits; setting one unused bit gives a
    // second spelling of the same bytes.
    let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let last = text.chars().last().unwrap();
    let position = alphabet.find(last).unwrap();
    let other = alphabet.chars().nth(position | 1).unwrap();
    assert_ne!(other, last, "the last character has its low bit clear");
    let changed = format!("{}{other}", &text[..85]);
    assert_eq!(
        Signature::from_base64url(&changed),
        Err(SignatureError::Malformed)
    );
}

#[test]
fn private_key_pem_round_trips() {
    let key = SigningKey::generate();
    let pem = key.to_pkcs8_pem().unwrap();
    assert!(
        pem.starts_with("-----BEGIN PRIVATE KEY-----\n"),
        "{}",
        pem.as_str()
    );
    let read = SigningKey::from_pkcs8_pem(&pem).unwrap();
    assert_eq!(read.public_key(), key.public_key());
    assert_eq!(read.key_id(), key.key_id());
}

#[test]
fn debug_hides_private_key_and_signature() {
    let key = SigningKey::generate();
    let printed = format!("{key:?}");
    assert!(printed.contains("[redacted]"), "{printed}");
    assert!(printed.contains(key.key_id().as_str()), "{printed}");
    let scalar = hex::encode(key.signer.secret_key().to_bytes());
    assert!(!printed.to_lowercase().contains(&scalar), "{printed}");
    let pem = key.to_pkcs8_pem().unwrap();
    let body: String = pem
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .collect();
    assert!(!printed.contains(&body[..20]), "{printed}");
    assert_eq!(format!("{:?}", key.sign(b"x")), "Signature([redacted])");
}

#[test]
fn invalid_private_keys_are_rejected() {
    assert_eq!(
        SigningKey::from_pkcs8_pem("not a key").unwrap_err(),
        KeyError::PrivateKey
    );
    let public_pem = String::from_utf8(read_fixture("public-key.pem")).unwrap();
    assert_eq!(
        SigningKey::from_pkcs8_pem(&public_pem).unwrap_err(),
        KeyError::PrivateKey
    );
}

#[test]
fn public_key_hex_is_parsed_strictly() {
    let key = SigningKey::generate();
    let text = key.public_key().to_hex();
    assert_eq!(text.len(), 130);
    assert_eq!(PublicKey::from_hex(&text).unwrap(), *key.public_key());

    assert_eq!(
        PublicKey::from_hex(&text.to_uppercase()).unwrap_err(),
        KeyError::PublicKeyFormat
    );
    assert_eq!(
        PublicKey::from_hex(&text[..128]).unwrap_err(),
        KeyError::PublicKeyFormat
    );
    let compressed = format!("02{}", &text[2..66]);
    assert_eq!(
        PublicKey::from_hex(&compressed).unwrap_err(),
        KeyError::PublicKeyFormat
    );
    // Changing y moves the point off the curve.
    let last = if text.ends_with('0') { "1" } else { "0" };
    let off_curve = format!("{}{last}", &text[..129]);
    assert_eq!(
        PublicKey::from_hex(&off_curve).unwrap_err(),
        KeyError::PublicKeyPoint
    );
}

#[test]
fn key_id_is_sm3_prefix_of_point() {
    let key = SigningKey::generate();
    let point = hex::decode(key.public_key().to_hex()).unwrap();
    let id = key.key_id().as_str();
    assert_eq!(id.len(), 16);
    assert_eq!(id, &crate::sm3_hex(&point)[..16]);
    assert_ne!(key.key_id(), SigningKey::generate().key_id());
}

#[test]
fn json_signature_covers_canonical_form() {
    let key = SigningKey::generate();
    let value = json!({ "sequence": 3, "issuer": "hub", "nodes": [] });
    let signature = sign_json(&key, &value).unwrap();

    let reordered: serde_json::Value =
        serde_json::from_str(r#"{ "nodes": [], "issuer": "hub", "sequence": 3 }"#).unwrap();
    verify_json(key.public_key(), &reordered, &signature).unwrap();

    let changed = json!({ "sequence": 4, "issuer": "hub", "nodes": [] });
    assert_eq!(
        verify_json(key.public_key(), &changed, &signature),
        Err(SignatureError::Mismatch)
    );
}

/// A signature that OpenSSL made with its own SM2 code verifies here, so our signer ID, `Z`
/// value and digest match an independent implementation.
#[test]
fn openssl_signature_verifies() {
    let pem = String::from_utf8(read_fixture("private-key.pem")).unwrap();
    let key = SigningKey::from_pkcs8_pem(&pem).unwrap();
    let expected_hex = String::from_utf8(read_fixture("public-key.hex")).unwrap();
    assert_eq!(key.public_key().to_hex(), expected_hex.trim());

    let message = read_fixture("message.json");
    let der = read_fixture("signature.der");
    let parsed = sm2::dsa::Signature::from_der(&der).unwrap();
    let signature = Signature::from_base64url(&URL_SAFE_NO_PAD.encode(parsed.to_bytes())).unwrap();
    key.public_key().verify(&message, &signature).unwrap();

    let value: serde_json::Value = serde_json::from_slice(&message).unwrap();
    verify_json(key.public_key(), &value, &signature).unwrap();
    assert_eq!(
        key.public_key().verify(&flip(&message, 3), &signature),
        Err(SignatureError::Mismatch)
    );
}

/// OpenSSL verifies a signature made here. Skipped, with a note on standard error, when the
/// `openssl` command is missing or has no SM2.
#[test]
fn openssl_verifies_our_signature() {
    let supports_sm2 = Command::new("openssl")
        .args(["list", "-public-key-algorithms"])
        .output()
        .is_ok_and(|output| String::from_utf8_lossy(&output.stdout).contains("SM2"));
    if !supports_sm2 {
        eprintln!("skipped: no openssl command with SM2 on this machine");
        return;
    }

    let dir = tempfile::tempdir().unwrap();
    let key = SigningKey::generate();
    let message = "{\"issuer\":\"hub\",\"名称\":\"国家政务服务平台\"}".as_bytes();
    let signature = key.sign(message);
    let parsed = sm2::dsa::Signature::from_slice(&signature.to_bytes()).unwrap();
    let public_pem = key
        .public_key()
        .inner
        .to_public_key_pem(LineEnding::LF)
        .unwrap();
    std::fs::write(dir.path().join("pub.pem"), public_pem).unwrap();
    std::fs::write(dir.path().join("msg"), message).unwrap();
    std::fs::write(dir.path().join("sig.der"), parsed.to_der().as_bytes()).unwrap();
    std::fs::write(dir.path().join("changed"), flip(message, 0)).unwrap();

    let verify = |input: &str| {
        Command::new("openssl")
            .current_dir(dir.path())
            .args([
                "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-in", input,
                "-sigfile", "sig.der", "-digest", "sm3", "-pkeyopt",
            ])
            .arg(format!("distid:{DIST_ID}"))
            .output()
            .unwrap()
    };
    let accepted = verify("msg");
    assert!(
        accepted.status.success(),
        "{}{}",
        String::from_utf8_lossy(&accepted.stdout),
        String::from_utf8_lossy(&accepted.stderr)
    );
    assert!(!verify("changed").status.success());
}

#[test]
fn variable_time_check_agrees_with_the_crate() {
    use sm2::dsa::signature::Verifier;

    let other = SigningKey::generate();
    for round in 0..64 {
        let key = SigningKey::generate();
        let public = key.public_key();
        let message = format!("信封 {round} ").repeat(round + 1).into_bytes();
        let signature = key.sign(&message);
        let parsed = sm2::dsa::Signature::from_slice(&signature.0).unwrap();
        // The first verification runs without the key's comb table, the second with it.
        assert!(public.prepared.verify(&message, &parsed), "round {round}");
        assert!(public.prepared.verify(&message, &parsed), "round {round}");
        assert!(
            public.inner.verify(&message, &parsed).is_ok(),
            "round {round}"
        );

        let changed = flip(&message, round % message.len());
        assert!(!public.prepared.verify(&changed, &parsed), "round {round}");
        assert!(
            public.inner.verify(&changed, &parsed).is_err(),
            "round {round}"
        );

        let other_public = other.public_key();
        assert!(
            !other_public.prepared.verify(&message, &parsed),
            "round {round}"
        );
        assert!(
            other_public.inner.verify(&message, &parsed).is_err(),
            "round {round}"
        );

        // A changed signature byte either no longer parses or no longer matches.
        let changed_signature = flip(&signature.0, round);
        if let Ok(parsed) = sm2::dsa::Signature::from_slice(&changed_signature) {
            assert!(!public.prepared.verify(&message, &parsed), "round {round}");
            assert!(
                public.inner.verify(&message, &parsed).is_err(),
                "round {round}"
            );
        }
    }
}

#[test]
fn signatures_equal_the_crate_signatures() {
    use sm2::dsa::signature::Signer;

    for round in 0..32 {
        let key = SigningKey::generate();
        let message = format!("案件 {round} ").repeat(round + 1).into_bytes();
        let crate_key = sm2::dsa::SigningKey::new(DIST_ID, &key.signer.secret_key()).unwrap();
        let crate_signature: sm2::dsa::Signature = crate_key.sign(&message);
        assert_eq!(
            key.sign(&message).to_bytes(),
            <[u8; 64]>::from(crate_signature.to_bytes()),
            "round {round}"
        );
    }
}
