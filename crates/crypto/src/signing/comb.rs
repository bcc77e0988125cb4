//! Fixed-base multiplication by comb tables, in variable time, for verification only.
//!
//! A table contains the multiples `[1..8]·256^i·P` of one point `P` for each of the 33 byte
//! positions `i` of a scalar (the last one takes the carry of the signed digits). With the
//! scalar written in signed radix-16 digits, `[k]P` is then a sum of at most 65 table points
//! and four doublings, against the 256 doublings of a multiplication without a table. The
//! generator's table is built once per process, a key's table at its second verification.

use std::sync::LazyLock;

use primeorder::{Radix16Decomposition, Radix16Digits};
use sm2::elliptic_curve::BatchNormalize;
use sm2::elliptic_curve::group::Group;
use sm2::{AffinePoint, ProjectivePoint, Scalar, Sm2};

/// Byte positions of a scalar, and one more for the carry of its signed digits.
const WINDOWS: usize = 33;

/// Multiples of a point kept in each window: the signed digits run from -8 to 8.
const MULTIPLES: usize = 8;

/// The table of the curve's generator `G`.
pub(super) static GENERATOR: LazyLock<CombTable> =
    LazyLock::new(|| CombTable::new(&ProjectivePoint::GENERATOR));

/// The multiples of one point, in affine form so that each addition is a mixed one.
pub(super) struct CombTable {
    windows: Vec<[AffinePoint; MULTIPLES]>,
}

impl CombTable {
    /// Builds the table of `point`.
    pub(super) fn new(point: &ProjectivePoint) -> CombTable {
        let mut projective = Vec::with_capacity(WINDOWS * MULTIPLES);
        let mut base = *point;
        for _ in 0..WINDOWS {
            let mut multiple = base;
            for _ in 0..MULTIPLES {
                projective.push(multiple);
                multiple += base;
            }
            for _ in 0..8 {
                base = base.double();
            }
        }

        let affine = ProjectivePoint::batch_normalize(projective.as_slice());
        let windows = affine
            .chunks_exact(MULTIPLES)
            .map(|chunk| std::array::from_fn(|index| chunk[index]))
            .collect();
        CombTable { windows }
    }
}

/// Returns `[a]A + [b]B`, where `a_table` is the table of `A` and `b_table` that of `B`.
pub(super) fn combination(
    a_table: &CombTable,
    a: &Scalar,
    b_table: &CombTable,
    b: &Scalar,
) -> ProjectivePoint {
    let a_digits = Radix16Decomposition::<Radix16Digits<Sm2>>::new(a);
    let b_digits = Radix16Decomposition::<Radix16Digits<Sm2>>::new(b);

    // Even digits count multiples of 256^i. Odd ones count multiples of 16·256^i, so they are
    // summed apart and the sum is multiplied by 16.
    let mut even = ProjectivePoint::IDENTITY;
    let mut odd = ProjectivePoint::IDENTITY;
    let windows = a_table.windows.iter().zip(&b_table.windows);
    for (window, (a_multiples, b_multiples)) in windows.enumerate() {
        add_multiple(&mut even, a_multiples, a_digits[2 * window]);
        add_multiple(&mut even, b_multiples, b_digits[2 * window]);
        if window + 1 < WINDOWS {
            add_multiple(&mut odd, a_multiples, a_digits[2 * window + 1]);
            add_multiple(&mut odd, b_multiples, b_digits[2 * window + 1]);
        }
    }

    for _ in 0..4 {
        odd = odd.double();
    }
    even + odd
}

/// Adds `[digit]` times the window's point to `sum`, for a digit from -8 to 8.
fn add_multiple(sum: &mut ProjectivePoint, multiples: &[AffinePoint; MULTIPLES], digit: i8) {
    let Some(index) = usize::from(digit.unsigned_abs()).checked_sub(1) else {
        return;
    };
    if digit < 0 {
        *sum -= &multiples[index];
    } else {
        *sum += &multiples[index];
    }
}

#[cfg(test)]
mod tests {
    use sm2::FieldBytes;
    use sm2::elliptic_curve::ops::Reduce;

    use super::*;

    fn scalar_of(bytes: [u8; 32]) -> Scalar {
        <Scalar as Reduce<FieldBytes>>::reduce(&bytes.into())
    }

    /// Zero, one and the largest scalar, scalars whose digits are all at the edges of -8..8,
    /// and random ones.
    fn scalars() -> Vec<Scalar> {
        let mut scalars = vec![Scalar::ZERO, Scalar::ONE, -Scalar::ONE];
        for byte in [0x88u8, 0x77, 0xff, 0x80, 0x08] {
            scalars.push(scalar_of([byte; 32]));
        }
        for _ in 0..16 {
            let mut bytes = [0u8; 32];
            getrandom::fill(&mut bytes).expect("the operating system random source is available");
            scalars.push(scalar_of(bytes));
        }
        scalars
    }

    #[test]
    fn combination_agrees_with_plain_multiplication() {
        let point = ProjectivePoint::GENERATOR * Scalar::from(7_777_777u64);
        let table = CombTable::new(&point);

        let scalars = scalars();
        for a in &scalars {
            for b in &scalars {
                let expected = ProjectivePoint::GENERATOR * a + point * b;
                let actual = combination(&GENERATOR, a, &table, b);
                assert_eq!(actual, expected, "a = {a:?}, b = {b:?}");
            }
        }
    }
}
