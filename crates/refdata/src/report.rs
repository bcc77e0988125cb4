//! `tongban data check`: what a reference data directory holds and what is wrong with it.

use std::path::{Path, PathBuf};

use serde::Serialize;
use tongban_domain::RuleViolation;
use tongban_i18n::{Lang, Message};

use crate::{RefDataError, ReferenceData, divisions, holidays, vectors};

/// The state of one data set.
#[derive(Debug, Clone, Serialize)]
pub struct SetReport {
    /// Folder of the set, such as `divisions`.
    pub name: &'static str,
    /// Title of its `SOURCE.md`.
    pub source: Option<String>,
    /// The date its `SOURCE.md` says it was collected or written.
    pub collected: Option<String>,
    /// Rows read per file.
    pub rows: Vec<(String, usize)>,
    /// First and last year covered, where the set is about years.
    pub years: Option<(i32, i32)>,
    /// Facts worth knowing that are not errors, in both languages.
    #[serde(skip)]
    pub notes: Vec<Message>,
    /// What is wrong; empty when the set loaded cleanly.
    #[serde(skip)]
    pub problems: Vec<Message>,
}

/// The state of every set of a directory.
#[derive(Debug, Clone, Serialize)]
pub struct DataReport {
    /// The directory.
    pub dir: PathBuf,
    /// One entry per set.
    pub sets: Vec<SetReport>,
}

impl DataReport {
    /// Returns whether no set has a problem.
    pub fn is_ok(&self) -> bool {
        self.sets.iter().all(|set| set.problems.is_empty())
    }
}

impl ReferenceData {
    /// Loads and validates every set, collecting problems instead of stopping at the first.
    pub fn check(&self) -> DataReport {
        let mut sets = Vec::new();

        let mut division_set = self.set_report("divisions");
        let loaded_divisions = self.divisions();
        match &loaded_divisions {
            Ok(loaded) => {
                division_set
                    .rows
                    .push((divisions::HISTORY_FILE.to_owned(), loaded.records().len()));
                division_set.years = Some((loaded.first_year(), loaded.last_year()));
            }
            Err(error) => division_set.problems.push(error.message()),
        }
        sets.push(division_set);

        sets.push(self.holiday_report());

        let mut catalog_set = self.set_report("service-items");
        match &loaded_divisions {
            Ok(loaded) => match self.service_items(loaded) {
                Ok(load) => {
                    catalog_set.rows = load.files.clone();
                    for rejected in &load.rejected {
                        let problem = Message::new("refdata-rejected-row")
                            .arg("file", rejected.file.as_str())
                            .arg("line", rejected.line.to_string())
                            .arg("reason", rejected.reason.clone());
                        catalog_set.problems.push(problem);
                    }
                    let complete = load
                        .items
                        .iter()
                        .filter(|item| item.guide_complete())
                        .count();
                    catalog_set.notes.push(
                        Message::new("refdata-guides-complete")
                            .arg("complete", complete)
                            .arg("total", load.items.len()),
                    );
                }
                Err(error) => catalog_set.problems.push(error.message()),
            },
            Err(_) => catalog_set
                .problems
                .push(Message::new("refdata-needs-divisions")),
        }
        sets.push(catalog_set);

        let mut vector_set = self.set_report("id-vectors");
        for file in [vectors::RESIDENT_FILE, vectors::USCC_FILE] {
            match self.id_vectors(file) {
                Ok(rows) => vector_set.rows.push((file.to_owned(), rows.len())),
                Err(error) => vector_set.problems.push(error.message()),
            }
        }
        sets.push(vector_set);

        DataReport {
            dir: self.dir().to_path_buf(),
            sets,
        }
    }

    fn holiday_report(&self) -> SetReport {
        let mut set = self.set_report("holidays");
        let calendar = match self.calendar() {
            Ok(calendar) => calendar,
            Err(error) => {
                set.problems.push(error.message());
                return set;
            }
        };
        let years: Vec<i32> = calendar.years().collect();
        set.years = years.first().copied().zip(years.last().copied());
        let days: usize = years
            .iter()
            .filter_map(|year| calendar.schedule(*year))
            .map(|schedule| schedule.days().count())
            .sum();
        set.rows.push((holidays::DAYS_FILE.to_owned(), days));
        set.rows
            .push((holidays::NOTICES_FILE.to_owned(), years.len()));
        let gaps: Vec<String> = years
            .windows(2)
            .filter(|pair| pair[1] != pair[0] + 1)
            .map(|pair| format!("{}–{}", pair[0] + 1, pair[1] - 1))
            .collect();
        if !gaps.is_empty() {
            set.problems
                .push(Message::new("refdata-holiday-gap").arg("years", gaps.join(", ")));
        }

        match self.holiday_disagreements(&calendar) {
            Ok((compared, disagreements)) if disagreements.is_empty() => {
                let first = compared.first().map(i32::to_string).unwrap_or_default();
                let last = compared.last().map(i32::to_string).unwrap_or_default();
                set.notes.push(
                    Message::new("refdata-holiday-agree")
                        .arg("first", first)
                        .arg("last", last),
                );
            }
            Ok((_, disagreements)) => {
                let dates: Vec<String> = disagreements.iter().map(ToString::to_string).collect();
                set.problems
                    .push(Message::new("refdata-holiday-disagree").arg("dates", dates.join(", ")));
            }
            Err(error) => set.problems.push(error.message()),
        }
        set
    }

    fn set_report(&self, name: &'static str) -> SetReport {
        let (source, collected) = read_source_md(&self.dir().join(name));
        let mut report = SetReport {
            name,
            source,
            collected,
            rows: Vec::new(),
            years: None,
            notes: Vec::new(),
            problems: Vec::new(),
        };
        if report.source.is_none() {
            let missing = RefDataError::io(
                &self.dir().join(name).join("SOURCE.md"),
                std::io::Error::from(std::io::ErrorKind::NotFound),
            );
            report.problems.push(missing.message());
        }
        report
    }
}

/// Returns the title (first `#` heading) and the `Collected YYYY-MM-DD` or `Written YYYY-MM-DD`
/// date of a set's `SOURCE.md`.
fn read_source_md(dir: &Path) -> (Option<String>, Option<String>) {
    let Ok(text) = std::fs::read_to_string(dir.join("SOURCE.md")) else {
        return (None, None);
    };
    let title = text
        .lines()
        .find_map(|line| line.strip_prefix("# "))
        .map(|title| title.trim().to_owned());
    let collected = text.lines().find_map(|line| {
        let rest = line
            .strip_prefix("Collected ")
            .or_else(|| line.strip_prefix("Written "))?;
        Some(rest.chars().take(10).collect::<String>())
    });
    (title, collected)
}

/// Renders a report as text for a terminal, in `lang`.
pub fn render_report(report: &DataReport, lang: Lang) -> String {
    let mut out = String::new();
    let heading = Message::new("data-check-directory").arg("dir", report.dir.display().to_string());
    out.push_str(&heading.render(lang));
    out.push('\n');
    for set in &report.sets {
        out.push('\n');
        out.push_str(&format!(
            "[{}] {}\n",
            set.name,
            set.source.as_deref().unwrap_or("")
        ));
        if let Some(collected) = &set.collected {
            out.push_str(&format!(
                "  {}\n",
                Message::new("data-check-collected")
                    .arg("date", collected.as_str())
                    .render(lang)
            ));
        }
        for (file, rows) in &set.rows {
            out.push_str(&format!(
                "  {}\n",
                Message::new("data-check-rows")
                    .arg("file", file.as_str())
                    .arg("rows", *rows)
                    .render(lang)
            ));
        }
        if let Some((first, last)) = set.years {
            let years = Message::new("data-check-years")
                .arg("first", first.to_string())
                .arg("last", last.to_string());
            out.push_str(&format!("  {}\n", years.render(lang)));
        }
        for note in &set.notes {
            out.push_str(&format!("  {}\n", note.render(lang)));
        }
        for problem in &set.problems {
            out.push_str(&format!("  ✗ {}\n", problem.render(lang)));
        }
        if set.problems.is_empty() {
            out.push_str(&format!(
                "  ✓ {}\n",
                Message::new("data-check-set-ok").render(lang)
            ));
        }
    }
    out
}
