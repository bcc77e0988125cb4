//! The GB/T 2260 division history, from the Ministry of Civil Affairs lists since 1981.

use std::path::Path;

use serde::Deserialize;
use tongban_domain::RuleViolation;
use tongban_domain::ids::{
    DivisionCode, DivisionLevel, DivisionRecord, DivisionStatus, Divisions, Successor,
};

use tongban_i18n::Message;

use crate::{RefDataError, ReferenceData};

/// The history file, relative to the data directory.
pub(crate) const HISTORY_FILE: &str = "divisions/mca_codes_history_1981_2024.csv";

#[derive(Debug, Deserialize)]
struct Row {
    code: String,
    province_name: String,
    prefecture_name: String,
    name: String,
    level: String,
    status: String,
    start_year: i32,
    end_year: Option<i32>,
    successor_codes: String,
}

impl ReferenceData {
    /// Loads the division history.
    ///
    /// # Errors
    /// A [`RefDataError`] naming the file and line of the first invalid row.
    pub fn divisions(&self) -> Result<Divisions, RefDataError> {
        let path = self.path(HISTORY_FILE);
        let mut reader = csv::Reader::from_path(&path)
            .map_err(|error| RefDataError::unparsable(&path, 0, error))?;
        let mut records = Vec::new();
        for (index, row) in reader.deserialize::<Row>().enumerate() {
            let line = index as u64 + 2;
            let row = row.map_err(|error| RefDataError::unparsable(&path, line, error))?;
            records.push(parse_row(row, &path, line)?);
        }
        if records.is_empty() {
            return Err(RefDataError::invalid(
                &path,
                0,
                Message::new("refdata-empty-file"),
            ));
        }
        let first_year = records
            .iter()
            .map(|record| record.start_year)
            .min()
            .unwrap_or_default();
        let last_year = records
            .iter()
            .flat_map(|record| [Some(record.start_year), record.end_year.map(|end| end - 1)])
            .flatten()
            .max()
            .unwrap_or_default();
        Ok(Divisions::new(records, first_year, last_year))
    }
}

fn parse_row(row: Row, path: &Path, line: u64) -> Result<DivisionRecord, RefDataError> {
    let invalid = |reason: Message| RefDataError::invalid(path, line, reason);
    let code = DivisionCode::parse(&row.code).map_err(|error| invalid(error.message()))?;
    let level = match row.level.as_str() {
        "province" => DivisionLevel::Province,
        "prefecture" => DivisionLevel::Prefecture,
        "county" => DivisionLevel::County,
        other => {
            return Err(invalid(
                Message::new("refdata-division-level").arg("value", other),
            ));
        }
    };
    let status = match row.status.as_str() {
        "active" => DivisionStatus::Active,
        "abolished" => DivisionStatus::Abolished,
        "changed" => DivisionStatus::Changed,
        other => {
            return Err(invalid(
                Message::new("refdata-division-status").arg("value", other),
            ));
        }
    };
    if let Some(end) = row.end_year
        && end <= row.start_year
    {
        let reason = Message::new("refdata-division-years")
            .arg("start", row.start_year.to_string())
            .arg("end", end.to_string());
        return Err(invalid(reason));
    }
    if status == DivisionStatus::Active && row.end_year.is_some() {
        return Err(invalid(Message::new("refdata-division-active-ended")));
    }
    let successors = parse_successors(&row.successor_codes).map_err(invalid)?;
    // `直辖` marks a county directly under a province-level unit: it has no prefecture.
    let prefecture_name =
        Some(row.prefecture_name).filter(|name| !name.is_empty() && name != "直辖");
    Ok(DivisionRecord {
        code,
        name: row.name,
        province_name: row.province_name,
        prefecture_name,
        level,
        status,
        start_year: row.start_year,
        end_year: row.end_year,
        successors,
    })
}

/// Parses `210711[1983];210781`: codes separated by `;`, each with the year of the change in
/// brackets where the source states it.
fn parse_successors(text: &str) -> Result<Vec<Successor>, Message> {
    let mut successors = Vec::new();
    for part in text
        .split(';')
        .map(str::trim)
        .filter(|part| !part.is_empty())
    {
        let (code_text, year) = match part.split_once('[') {
            Some((code, rest)) => {
                let year = rest
                    .strip_suffix(']')
                    .and_then(|year| year.parse::<i32>().ok())
                    .ok_or_else(|| Message::new("refdata-division-successor").arg("value", part))?;
                (code, Some(year))
            }
            None => (part, None),
        };
        let code = DivisionCode::parse(code_text).map_err(|error| error.message())?;
        successors.push(Successor { code, year });
    }
    Ok(successors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn successors_parse_with_and_without_year() {
        let successors = parse_successors("210711[1983];210781").unwrap();
        assert_eq!(successors.len(), 2);
        assert_eq!(successors[0].year, Some(1983));
        assert_eq!(successors[1].code.to_string(), "210781");
        assert!(parse_successors("").unwrap().is_empty());
        assert!(parse_successors("210711[19x3]").is_err());
    }
}
