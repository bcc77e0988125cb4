//! The Merkle tree over the envelopes of one attested batch, as RFC 9162 section 2.1 defines
//! it, with SM3 as the hash. A leaf is `SM3(0x00 ‖ bytes)` and an inner node
//! `SM3(0x01 ‖ left ‖ right)`. A tree of `n > 1` leaves splits after the largest power of two
//! below `n`. The hub signs the root once per batch, and each envelope carries the path from
//! its leaf to the root.

use sm3::{Digest, Sm3};

/// An SM3 digest.
pub type Hash = [u8; 32];

/// Largest number of envelopes one attestation covers.
pub const MAX_TREE_SIZE: u64 = 1 << 16;

/// Returns the hash of the leaf `bytes`.
pub fn leaf_hash(bytes: &[u8]) -> Hash {
    Sm3::new()
        .chain_update([0x00])
        .chain_update(bytes)
        .finalize()
        .into()
}

/// Returns the hash of the inner node over `left` and `right`.
fn node_hash(left: &Hash, right: &Hash) -> Hash {
    Sm3::new()
        .chain_update([0x01])
        .chain_update(left)
        .chain_update(right)
        .finalize()
        .into()
}

/// Returns the root of the tree over `leaves` and the path of each leaf, from the sibling
/// next to the leaf up to the one next to the root. `leaves` must not be empty.
pub fn root_and_paths(leaves: &[Hash]) -> (Hash, Vec<Vec<Hash>>) {
    let [first, rest @ ..] = leaves else {
        return ([0; 32], Vec::new());
    };
    if rest.is_empty() {
        return (*first, vec![Vec::new()]);
    }

    let split = largest_power_of_two_below(leaves.len());
    let (left_root, mut left_paths) = root_and_paths(&leaves[..split]);
    let (right_root, right_paths) = root_and_paths(&leaves[split..]);
    for path in &mut left_paths {
        path.push(right_root);
    }
    for mut path in right_paths {
        path.push(left_root);
        left_paths.push(path);
    }
    (node_hash(&left_root, &right_root), left_paths)
}

/// Returns the root that `path` leads to from leaf `leaf` at `index` in a tree of `size`
/// leaves, or `None` when the path cannot belong to such a tree (RFC 9162 section 2.1.3.2).
pub fn root_from_path(leaf: &Hash, index: u64, size: u64, path: &[Hash]) -> Option<Hash> {
    if index >= size {
        return None;
    }
    let mut position = index;
    let mut last = size - 1;
    let mut hash = *leaf;
    for sibling in path {
        if last == 0 {
            return None;
        }
        if position % 2 == 1 || position == last {
            hash = node_hash(sibling, &hash);
            while position.is_multiple_of(2) && position != 0 {
                position >>= 1;
                last >>= 1;
            }
        } else {
            hash = node_hash(&hash, sibling);
        }
        position >>= 1;
        last >>= 1;
    }
    (last == 0).then_some(hash)
}

/// Returns the largest power of two below `count`, for a `count` of at least 2.
fn largest_power_of_two_below(count: usize) -> usize {
    let mut power = 1;
    while power * 2 < count {
        power *= 2;
    }
    power
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaves(count: usize) -> Vec<Hash> {
        (0..count)
            .map(|index| leaf_hash(format!("envelope {index}").as_bytes()))
            .collect()
    }

    #[test]
    fn every_path_leads_to_the_root() {
        for size in 1..=40 {
            let leaves = leaves(size);
            let (root, paths) = root_and_paths(&leaves);
            assert_eq!(paths.len(), size);
            for (index, (leaf, path)) in leaves.iter().zip(&paths).enumerate() {
                let index = index as u64;
                let size = size as u64;
                assert_eq!(
                    root_from_path(leaf, index, size, path),
                    Some(root),
                    "leaf {index} of {size}"
                );
            }
        }
    }

    #[test]
    fn path_proves_only_its_leaf_and_place() {
        let leaves = leaves(7);
        let (root, paths) = root_and_paths(&leaves);

        let other_leaf = root_from_path(&leaves[3], 2, 7, &paths[2]);
        assert_ne!(other_leaf, Some(root));
        let other_index = root_from_path(&leaves[2], 3, 7, &paths[2]);
        assert_ne!(other_index, Some(root));
        // The path alone does not fix the size: for leaf 2 the trees of 7 and 8 leaves have
        // the same shape. The hub signs the size with the root for that reason.
        let smaller = root_from_path(&leaves[2], 2, 3, &paths[2]);
        assert_eq!(smaller, None);
        let beyond = root_from_path(&leaves[2], 7, 7, &paths[2]);
        assert_eq!(beyond, None);

        let mut longer = paths[2].clone();
        longer.push(root);
        assert_eq!(root_from_path(&leaves[2], 2, 7, &longer), None);
        let shorter = &paths[2][..paths[2].len() - 1];
        assert_eq!(root_from_path(&leaves[2], 2, 7, shorter), None);
    }

    #[test]
    fn tree_of_three_leaves_follows_the_rfc() {
        let leaves = leaves(3);
        let expected = node_hash(&node_hash(&leaves[0], &leaves[1]), &leaves[2]);
        let (root, paths) = root_and_paths(&leaves);
        assert_eq!(root, expected);
        assert_eq!(paths[2], vec![node_hash(&leaves[0], &leaves[1])]);
        assert_eq!(paths[0], vec![leaves[1], leaves[2]]);
    }
}
