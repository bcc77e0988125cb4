//! The unit of the index: a catalog entry as one node offers it.

use tongban_domain::catalog::ServiceItem;

/// A catalog entry as one node offers it.
///
/// The hub offers catalog entries as the catalog states them. A node offers the entries of its
/// implementation list, handled by its own departments, so it names the department and keys
/// each document by its implementation id: one catalog entry may then be offered twice, by two
/// departments.
#[derive(Debug, Clone, Copy)]
pub struct Offer<'a> {
    /// The catalog entry.
    pub item: &'a ServiceItem,
    /// Id of the node that offers it.
    pub node: &'a str,
    /// The node's own id of the entry, such as an implementation id, returned with each hit.
    /// It keys the document together with the node, source and record id.
    pub offer_id: Option<&'a str>,
    /// Department that handles it at the node. When given, it replaces the catalog's
    /// implementing agency in searches, in the department filter and in hits.
    pub department: Option<&'a str>,
}

impl<'a> Offer<'a> {
    /// Offers `item` at `node` as the catalog states it.
    pub fn new(item: &'a ServiceItem, node: &'a str) -> Offer<'a> {
        Offer {
            item,
            node,
            offer_id: None,
            department: None,
        }
    }
}
