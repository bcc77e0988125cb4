//! Identity of a node in the federation: its id and whether it serves a region or a department.

use std::fmt;

use serde::{Deserialize, Serialize};
use tongban_i18n::Message;

use crate::RuleViolation;

/// Maximum length of a node id, in characters.
pub const NODE_ID_MAX_LEN: usize = 32;

/// Whether a node serves a region or a department.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    /// A provincial or city platform, identified by its division code.
    Region,
    /// A State Council department's platform, such as 公安部.
    Department,
}

impl NodeKind {
    /// Returns the name used in configuration, on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Region => "region",
            NodeKind::Department => "department",
        }
    }

    /// Parses `region` or `department`.
    ///
    /// # Errors
    /// [`NodeError::Kind`] for any other text.
    pub fn parse(input: &str) -> Result<NodeKind, NodeError> {
        match input {
            "region" => Ok(NodeKind::Region),
            "department" => Ok(NodeKind::Department),
            _ => Err(NodeError::Kind {
                input: input.to_owned(),
            }),
        }
    }
}

impl fmt::Display for NodeKind {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// Checks a node id: 1 to 32 lowercase ASCII letters, digits and hyphens, such as `gd` or
/// `mps`. The id is also the node's OIDC client id and part of URLs and audit subjects, so it
/// is kept to characters that need no escaping anywhere.
///
/// # Errors
/// [`NodeError::Id`] for any other text.
pub fn check_node_id(input: &str) -> Result<(), NodeError> {
    let valid = !input.is_empty()
        && input.len() <= NODE_ID_MAX_LEN
        && input
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if valid {
        Ok(())
    } else {
        Err(NodeError::Id {
            input: input.to_owned(),
        })
    }
}

/// A node id or kind that breaks its rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NodeError {
    /// Not `region` or `department`.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    Kind {
        /// The text given.
        input: String,
    },
    /// Not 1 to 32 lowercase letters, digits and hyphens.
    #[error("{}", self.message().render(tongban_i18n::Lang::En))]
    Id {
        /// The text given.
        input: String,
    },
}

impl RuleViolation for NodeError {
    fn rule(&self) -> &'static str {
        match self {
            NodeError::Kind { .. } => "node-kind",
            NodeError::Id { .. } => "node-id",
        }
    }

    fn message(&self) -> Message {
        let input = match self {
            NodeError::Kind { input } | NodeError::Id { input } => input.as_str(),
        };
        Message::new(self.rule()).arg("input", input)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_parses_both_names_only() {
        assert_eq!(NodeKind::parse("region"), Ok(NodeKind::Region));
        assert_eq!(NodeKind::parse("department"), Ok(NodeKind::Department));
        assert_eq!(NodeKind::Department.as_str(), "department");
        let error = NodeKind::parse("Region").unwrap_err();
        assert_eq!(error.rule(), "node-kind");
    }

    #[test]
    fn node_id_rule() {
        for valid in ["gd", "mps", "gd-shenzhen", "a1", &"x".repeat(32)] {
            assert_eq!(check_node_id(valid), Ok(()), "{valid}");
        }
        for invalid in ["", "GD", "gd_1", "gd/x", "广东", &"x".repeat(33)] {
            assert!(check_node_id(invalid).is_err(), "{invalid}");
        }
    }
}
