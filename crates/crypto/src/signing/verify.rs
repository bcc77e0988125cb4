//! SM2 signature verification (GB/T 32918.2-2016 section 7.1) in variable time.
//!
//! The `sm2` crate (0.14.0) computes `[s]G + [t]P` with its constant-time linear combination,
//! which guards secret scalars. Every input of a verification is public (the key, the message
//! and the signature), so this module computes the same sum in variable time. A key's first
//! verification uses the crate's multiplication. From the second on, the sum comes from comb
//! tables of `G` and of the key: about 130 point additions instead of about 256 doublings and
//! 100 additions. Each key's `Z` value is hashed once, when the key is prepared, as the crate
//! does too.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use sm2::elliptic_curve::Group;
use sm2::elliptic_curve::ops::{MulByGeneratorVartime, Reduce};
use sm2::elliptic_curve::point::AffineCoordinates;
use sm2::elliptic_curve::sec1::ToSec1Point;
use sm2::elliptic_curve::subtle::ConstantTimeEq;
use sm2::{AffinePoint, FieldBytes, ProjectivePoint, Scalar};
use sm3::{Digest, Sm3};

use super::DIST_ID;
use super::comb::{self, CombTable};

/// Coefficient `a` of the curve equation y² = x³ + ax + b (GB/T 32918.5-2017).
const CURVE_A: [u8; 32] =
    hex_bytes("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC");

/// Coefficient `b` of the curve equation (GB/T 32918.5-2017).
const CURVE_B: [u8; 32] =
    hex_bytes("28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93");

/// Decodes 64 hex digits at compile time.
const fn hex_bytes(text: &str) -> [u8; 32] {
    const fn digit(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            b'A'..=b'F' => c - b'A' + 10,
            _ => panic!("an uppercase hex digit"),
        }
    }
    let text = text.as_bytes();
    let mut bytes = [0u8; 32];
    let mut index = 0;
    while index < 32 {
        bytes[index] = digit(text[2 * index]) << 4 | digit(text[2 * index + 1]);
        index += 1;
    }
    bytes
}

/// A public key prepared for verifying: its point, its `Z` value and, once it has been used
/// twice, its comb table, shared by the key's clones.
#[derive(Clone)]
pub(super) struct PreparedKey {
    point: ProjectivePoint,
    identity_hash: [u8; 32],
    table: Arc<LazyTable>,
}

/// A key's comb table, built at the key's second verification. Building it takes about as
/// many point operations as one and a half verifications, which a key that checks one
/// signature would never repay.
#[derive(Default)]
struct LazyTable {
    used: AtomicBool,
    table: OnceLock<CombTable>,
}

impl LazyTable {
    /// Returns the table of `point` if this is not the key's first verification.
    fn get(&self, point: &ProjectivePoint) -> Option<&CombTable> {
        if let Some(table) = self.table.get() {
            return Some(table);
        }
        if !self.used.swap(true, Ordering::Relaxed) {
            return None;
        }
        Some(self.table.get_or_init(|| CombTable::new(point)))
    }
}

impl PreparedKey {
    /// Prepares `public`, a point on the curve other than the identity.
    pub(super) fn new(public: &AffinePoint) -> PreparedKey {
        PreparedKey {
            point: ProjectivePoint::from(*public),
            identity_hash: identity_hash(public),
            table: Arc::default(),
        }
    }

    /// Returns the key's `Z` value.
    pub(super) fn identity_hash(&self) -> [u8; 32] {
        self.identity_hash
    }

    /// Returns whether `signature` is a valid signature of `message` by this key.
    pub(super) fn verify(&self, message: &[u8], signature: &sm2::dsa::Signature) -> bool {
        // B1, B2: parsing the signature rejected r and s outside [1, n-1].
        let r: Scalar = *signature.r();
        let s: Scalar = *signature.s();

        // B3, B4: e = SM3(Z ‖ M), reduced modulo n.
        let digest = Sm3::new_with_prefix(self.identity_hash)
            .chain_update(message)
            .finalize();
        let e = <Scalar as Reduce<FieldBytes>>::reduce(&digest);

        // B5: t = (r + s) mod n, which must not be zero.
        let t = r + s;
        if bool::from(t.is_zero()) {
            return false;
        }

        // B6: (x1, y1) = [s]G + [t]P, which must not be the point at infinity.
        let sum = match self.table.get(&self.point) {
            Some(table) => comb::combination(&comb::GENERATOR, &s, table, &t),
            None => ProjectivePoint::mul_by_generator_and_mul_add_vartime(&s, &t, &self.point),
        };
        if bool::from(sum.is_identity()) {
            return false;
        }

        // B7: R = (e + x1) mod n must equal r.
        let x1 = <Scalar as Reduce<FieldBytes>>::reduce(&sum.to_affine().x());
        bool::from((e + x1).ct_eq(&r))
    }
}

/// Returns `Z` = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA) of the key `public` with the signer
/// ID [`DIST_ID`] (GB/T 32918.2-2016 section 5.5).
fn identity_hash(public: &AffinePoint) -> [u8; 32] {
    let id_bits = u16::try_from(DIST_ID.len() * 8).unwrap_or(u16::MAX);
    let generator = AffinePoint::GENERATOR.to_sec1_point(false);
    let key = public.to_sec1_point(false);
    Sm3::new()
        .chain_update(id_bits.to_be_bytes())
        .chain_update(DIST_ID.as_bytes())
        .chain_update(CURVE_A)
        .chain_update(CURVE_B)
        .chain_update(&generator.as_bytes()[1..])
        .chain_update(&key.as_bytes()[1..])
        .finalize()
        .into()
}
