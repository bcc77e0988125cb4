//! SM2 signing (GB/T 32918.2-2016 section 6.1) with `(1 + d)⁻¹` computed once per key.
//!
//! The `sm2` crate (0.14.0) inverts `1 + d` in constant time at every signature, which took
//! a twelfth of a sending node's CPU time in the passage benchmark. This module keeps the
//! inverse with the key and otherwise signs as the crate does. `k` comes from the HMAC-SM3
//! generator of RFC 6979 over the key and `e`, and `[k]G` from the crate's constant-time
//! table, so the signatures are the crate's, byte for byte.

use sm2::elliptic_curve::ops::Reduce;
use sm2::elliptic_curve::point::AffineCoordinates;
use sm2::elliptic_curve::zeroize::{Zeroize, Zeroizing};
use sm2::elliptic_curve::{Curve, Group, PrimeField};
use sm2::{FieldBytes, NonZeroScalar, ProjectivePoint, Scalar, SecretKey, Sm2, U256};
use sm3::{Digest, Sm3};

/// A private key prepared for signing: `d`, `(1 + d)⁻¹` and the `Z` value of its public key.
/// Both scalars are wiped from memory when it is dropped, and so is each signature's `k`.
#[derive(Clone)]
pub(super) struct PreparedSigner {
    secret: Scalar,
    inverse: Scalar,
    identity_hash: [u8; 32],
}

impl PreparedSigner {
    /// Prepares the key with the private scalar `secret` and the `Z` value `identity_hash`.
    /// Returns `None` when `1 + d` is zero, which GB/T 32918.2 rules out for a private key.
    pub(super) fn new(secret: NonZeroScalar, identity_hash: [u8; 32]) -> Option<PreparedSigner> {
        let secret: Scalar = *secret.as_ref();
        let inverse = Option::<Scalar>::from((secret + Scalar::ONE).invert())?;
        Some(PreparedSigner {
            secret,
            inverse,
            identity_hash,
        })
    }

    /// Returns the private key as the `sm2` crate keeps it, which wipes it when dropped.
    pub(super) fn secret_key(&self) -> SecretKey {
        match Option::<NonZeroScalar>::from(NonZeroScalar::new(self.secret)) {
            Some(secret) => SecretKey::from(secret),
            None => unreachable!("a prepared private scalar is not zero"),
        }
    }

    /// Signs `message`.
    pub(super) fn sign(&self, message: &[u8]) -> sm2::dsa::Signature {
        // A1, A2: e = SM3(Z ‖ M), reduced modulo n.
        let digest = Sm3::new_with_prefix(self.identity_hash)
            .chain_update(message)
            .finalize();
        let e = <Scalar as Reduce<FieldBytes>>::reduce(&digest);

        // A3: k in [1, n-1], derived from d and e. Each round of the loop is a new candidate.
        // TODO: the generator's HMAC state keeps d and k in memory after it is dropped.
        let secret_bytes = Zeroizing::new(self.secret.to_repr());
        let mut candidates =
            rfc6979::KGenerator::<Sm3, U256>::new(&secret_bytes, &e.to_bytes(), &[], &Sm2::ORDER);
        loop {
            let mut k_bytes = Zeroizing::new(FieldBytes::default());
            candidates.fill_next_k(&mut k_bytes);
            let candidate = Option::<Scalar>::from(Scalar::from_repr(*k_bytes));
            let Some(k) = candidate.map(Zeroizing::new) else {
                continue;
            };

            // A4, A5: r = (e + x1) mod n for (x1, y1) = [k]G, neither 0 nor n - k.
            let point = ProjectivePoint::mul_by_generator(&*k).to_affine();
            let r = e + <Scalar as Reduce<FieldBytes>>::reduce(&point.x());
            if bool::from(r.is_zero() | (r + *k).is_zero()) {
                continue;
            }

            // A6: s = (1 + d)⁻¹ · (k - r·d) mod n, not 0.
            let s = self.inverse * (*k - r * self.secret);
            if bool::from(s.is_zero()) {
                continue;
            }
            if let Ok(signature) = sm2::dsa::Signature::from_scalars(r, s) {
                return signature;
            }
        }
    }
}

impl Drop for PreparedSigner {
    fn drop(&mut self) {
        self.secret.zeroize();
        self.inverse.zeroize();
    }
}
