//! Raw SM2 rates: signing and verifying the signed bytes of a ping envelope (SM3 digest
//! with the signer ID included), on the calling thread. Verification is timed twice: as
//! tongban does it, in variable time, and with the constant-time `verify` of the `sm2` crate.

use std::time::Instant;

use serde_json::json;
use sm2::dsa::signature::Verifier;
use tongban_crypto::SigningKey;

use crate::Sm2Args;
use crate::stats::round3;

pub fn run(args: &Sm2Args) -> anyhow::Result<String> {
    let key = SigningKey::generate();
    // About the size of the signed members of a ping envelope.
    let message = vec![b'x'; 320];
    let iterations = args.iterations.max(1);

    let started = Instant::now();
    let mut signature = key.sign(&message);
    for _ in 1..iterations {
        signature = key.sign(&message);
    }
    let sign_seconds = started.elapsed().as_secs_f64();

    let public_key = key.public_key();
    let started = Instant::now();
    for _ in 0..iterations {
        public_key.verify(&message, &signature)?;
    }
    let verify_seconds = started.elapsed().as_secs_f64();

    let point = hex::decode(public_key.to_hex())?;
    let crate_key = sm2::dsa::VerifyingKey::from_sec1_bytes(tongban_crypto::DIST_ID, &point)
        .map_err(|error| anyhow::anyhow!("the public key does not parse: {error}"))?;
    let crate_signature = sm2::dsa::Signature::from_slice(&signature.to_bytes())
        .map_err(|error| anyhow::anyhow!("the signature does not parse: {error}"))?;
    let started = Instant::now();
    for _ in 0..iterations {
        crate_key
            .verify(&message, &crate_signature)
            .map_err(|error| anyhow::anyhow!("the sm2 crate rejects the signature: {error}"))?;
    }
    let crate_verify_seconds = started.elapsed().as_secs_f64();

    Ok(json!({
        "what": "sm2",
        "iterations": iterations,
        "message_bytes": message.len(),
        "sign_per_second": round3(f64::from(iterations) / sign_seconds),
        "verify_per_second": round3(f64::from(iterations) / verify_seconds),
        "crate_verify_per_second": round3(f64::from(iterations) / crate_verify_seconds),
    })
    .to_string())
}
