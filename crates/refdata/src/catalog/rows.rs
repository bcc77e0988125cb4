//! The catalog files and the shape of a row read from one.

use std::path::Path;

use tongban_domain::catalog::{LegalBasis, ServiceItem};
use tongban_i18n::Message;

use super::{guides, lists};
use crate::RefDataError;

/// A row read from a catalog file: the entry, or the reason it could not be read.
pub(crate) struct Row {
    pub(crate) line: u64,
    pub(crate) record_id: Option<String>,
    pub(crate) item: Result<ServiceItem, Message>,
}

type Reader = fn(&Path) -> Result<Vec<Row>, RefDataError>;

/// Every catalog file with its reader, relative to the data directory.
pub(crate) const FILES: &[(&str, Reader)] = &[
    (
        "service-items/sichuan_guangan_district_items.jsonl",
        lists::read_sichuan,
    ),
    (
        "service-items/hubei_provincial_items.jsonl",
        lists::read_hubei,
    ),
    (
        "service-items/service_guides_sample.json",
        guides::read_guides,
    ),
    (
        "service-items/liaoning_catalog_sample.csv",
        lists::read_liaoning,
    ),
    (
        "service-items/business_registration_preapproval_items_2017.csv",
        lists::read_preapproval,
    ),
];

/// Returns whether `code` has the national structure of an implementation code (31 characters
/// of `0-9A-Z`), as opposed to a provincial scheme such as Sichuan's hyphenated codes.
pub(crate) fn is_national_format(code: &str) -> bool {
    code.len() == 31
        && code
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
}

/// Returns `None` for an empty or blank text.
pub(crate) fn non_empty(text: Option<String>) -> Option<String> {
    text.map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty())
}

/// Splits a condensed legal basis such as `《专利法》第六十五条；《辽宁省专利条例》第二十二条` into
/// one entry per law: the title in 《》, a bracketed document number right after it, and the
/// rest as the clause. Text before the first title stays whole in an entry of its own.
pub(crate) fn split_legal_basis(text: &str) -> Vec<LegalBasis> {
    let mut entries = Vec::new();
    for part in text
        .split(['；', ';', '\n'])
        .map(str::trim)
        .filter(|part| !part.is_empty())
    {
        let mut rest = part;
        if let Some(start) = rest.find('《')
            && start > 0
        {
            entries.push(basis(rest[..start].trim(), None, None));
            rest = &rest[start..];
        }
        while !rest.is_empty() {
            let Some(end) = rest.find('》').filter(|_| rest.starts_with('《')) else {
                entries.push(basis(rest, None, None));
                break;
            };
            let title_end = end + '》'.len_utf8();
            let law_name = &rest[..title_end];
            rest = &rest[title_end..];
            let next_title = rest.find('《').unwrap_or(rest.len());
            let tail = rest[..next_title].trim();
            rest = &rest[next_title..];
            let (document_number, clause) = split_document_number(tail);
            entries.push(basis(law_name, document_number, clause));
        }
    }
    entries
}

fn split_document_number(tail: &str) -> (Option<&str>, Option<&str>) {
    let bracketed = tail.starts_with('（') || tail.starts_with('(');
    let close = tail.find(['）', ')']);
    match close.filter(|_| bracketed) {
        Some(close) => {
            let close_end = close + tail[close..].chars().next().map_or(1, char::len_utf8);
            let clause = tail[close_end..].trim();
            (
                Some(&tail[..close_end]),
                Some(clause).filter(|clause| !clause.is_empty()),
            )
        }
        None => (None, Some(tail).filter(|tail| !tail.is_empty())),
    }
}

fn basis(law_name: &str, document_number: Option<&str>, clause: Option<&str>) -> LegalBasis {
    LegalBasis {
        law_name: law_name.to_owned(),
        document_number: document_number.map(str::to_owned),
        clause: clause.map(str::to_owned),
        text: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn condensed_basis_splits_per_law() {
        let entries =
            split_legal_basis("《中华人民共和国专利法》第六十五条；《辽宁省专利条例》第二十二条");
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].law_name, "《中华人民共和国专利法》");
        assert_eq!(entries[0].clause.as_deref(), Some("第六十五条"));
        assert_eq!(entries[1].law_name, "《辽宁省专利条例》");
    }

    #[test]
    fn document_number_follows_title() {
        let entries = split_legal_basis(
            "《中华人民共和国烟草专卖法》《中华人民共和国烟草专卖法实施条例》（国务院令第223号）",
        );
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].clause, None);
        assert_eq!(
            entries[1].document_number.as_deref(),
            Some("（国务院令第223号）")
        );
        let entries =
            split_legal_basis("《军人抚恤优待条例》（国务院、中央军委令第788号）第四十四条");
        assert_eq!(
            entries[0].document_number.as_deref(),
            Some("（国务院、中央军委令第788号）")
        );
        assert_eq!(entries[0].clause.as_deref(), Some("第四十四条"));
    }

    #[test]
    fn text_without_title_stays_whole() {
        let entries = split_legal_basis("有关法律规定");
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].law_name, "有关法律规定");
    }

    #[test]
    fn national_format_excludes_provincial_codes() {
        assert!(is_national_format("11420000011043372A2422023073W00"));
        assert!(!is_national_format(
            "511Z07001006-511602000000-000-11511301008778183N-1-00"
        ));
    }
}
