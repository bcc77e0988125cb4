//! Performance supervision statistics over the per-case facts, ratings and rectifications of
//! a store: a node's own, or at the hub every node's copies.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Serialize;
use tongban_domain::evaluation::RectificationStatus;
use tongban_store::Store;
use tongban_store::evaluation::{
    self as stored, RatingRecord, RectificationRecord, SupervisionCase,
};

use super::EvaluationError;

/// The selection of cases the statistics count.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// First day of receipt counted, included.
    pub from: Option<NaiveDate>,
    /// Last day of receipt counted, included.
    pub to: Option<NaiveDate>,
    /// Only the cases of this node.
    pub reporter: Option<String>,
}

/// The grouping of a breakdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    Node,
    Department,
    Item,
}

/// The counts of one group of cases.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Breakdown {
    /// The node id, department name or item code.
    pub key: String,
    /// The name people read: the key, or the item's name.
    pub label: String,
    /// Cases received (申请) in the period.
    pub received: u64,
    /// Of those, cases closed (办结).
    pub closed: u64,
    /// Decided by their due date.
    pub on_time: u64,
    /// Decided after their due date, or undecided with the due date passed.
    pub overdue: u64,
    /// Decided after their due date.
    pub decided_late: u64,
    /// Mean working days from acceptance to the decision, over the decided cases; `None`
    /// without any.
    pub average_handling_days: Option<f64>,
    /// Ratings of the cases by satisfaction code 1 to 5, without ratings whose appeal was
    /// upheld and without follow-up ratings.
    pub ratings: [u64; 5],
    /// Rectifications opened, without those whose rating was excluded on appeal.
    pub rectifications: u64,
    /// Of those, reported back to the rater.
    pub rectified: u64,
    /// Of those still running, past their due date.
    pub rectifications_overdue: u64,
    #[serde(skip)]
    handling_days_total: u64,
    #[serde(skip)]
    handling_days_count: u64,
}

impl Breakdown {
    /// Returns the number of ratings counted.
    pub fn rated(&self) -> u64 {
        self.ratings.iter().sum()
    }

    /// Returns the share of rectifications reported back, in percent with one decimal;
    /// `None` without rectifications.
    pub fn rectification_rate(&self) -> Option<f64> {
        percent(self.rectified, self.rectifications)
    }

    /// Returns the share of decided cases with a time limit that were decided on time, in
    /// percent with one decimal.
    pub fn on_time_rate(&self) -> Option<f64> {
        percent(self.on_time, self.on_time + self.decided_late)
    }
}

fn percent(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 * 1000.0 / whole as f64).round() / 10.0)
}

/// The statistics of a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Statistics {
    pub total: Breakdown,
    pub by_node: Vec<Breakdown>,
    pub by_department: Vec<Breakdown>,
    pub by_item: Vec<Breakdown>,
}

/// Computes the statistics of the cases `filter` selects, with overdue counted on `today`.
///
/// # Errors
/// [`EvaluationError::Store`] when the database fails.
pub async fn statistics(
    store: &Store,
    filter: &Filter,
    today: NaiveDate,
) -> Result<Statistics, EvaluationError> {
    let cases: Vec<SupervisionCase> =
        stored::list_supervision_cases(store.pool(), filter.from, filter.to)
            .await?
            .into_iter()
            .filter(|case| {
                filter
                    .reporter
                    .as_ref()
                    .is_none_or(|node| *node == case.reporter)
            })
            .collect();
    let ratings = stored::list_ratings(store.pool()).await?;
    let rectifications =
        stored::list_rectifications(store.pool(), filter.reporter.as_deref()).await?;
    Ok(compute(&cases, &ratings, &rectifications, today))
}

type CaseKey = (String, String);

fn compute(
    cases: &[SupervisionCase],
    ratings: &[RatingRecord],
    rectifications: &[RectificationRecord],
    today: NaiveDate,
) -> Statistics {
    let mut ratings_of: HashMap<CaseKey, Vec<&RatingRecord>> = HashMap::new();
    for rating in ratings.iter().filter(|rating| !rating.follow_up) {
        ratings_of
            .entry((rating.reporter.clone(), rating.case_number.clone()))
            .or_default()
            .push(rating);
    }
    let mut rectifications_of: HashMap<CaseKey, Vec<&RectificationRecord>> = HashMap::new();
    for rectification in rectifications {
        rectifications_of
            .entry((
                rectification.reporter.clone(),
                rectification.case_number.clone(),
            ))
            .or_default()
            .push(rectification);
    }

    let mut total = Breakdown {
        key: "total".to_owned(),
        label: String::new(),
        ..Breakdown::default()
    };
    let mut groups: [BTreeMap<String, Breakdown>; 3] = Default::default();
    for case in cases {
        let key = (case.reporter.clone(), case.case_number.clone());
        let case_ratings = ratings_of.get(&key).map_or(&[][..], Vec::as_slice);
        let case_rectifications = rectifications_of.get(&key).map_or(&[][..], Vec::as_slice);
        let keys = [
            (case.reporter.clone(), case.reporter.clone()),
            (case.department.clone(), case.department.clone()),
            (case.item_code.clone(), case.item_name.clone()),
        ];
        for (group, (key, label)) in groups.iter_mut().zip(keys) {
            let breakdown = group.entry(key.clone()).or_insert_with(|| Breakdown {
                key,
                label,
                ..Breakdown::default()
            });
            count_case(breakdown, case, case_ratings, case_rectifications, today);
        }
        count_case(&mut total, case, case_ratings, case_rectifications, today);
    }

    let [by_node, by_department, by_item] =
        groups.map(|group| group.into_values().map(finish).collect::<Vec<Breakdown>>());
    Statistics {
        total: finish(total),
        by_node,
        by_department,
        by_item,
    }
}

fn count_case(
    breakdown: &mut Breakdown,
    case: &SupervisionCase,
    ratings: &[&RatingRecord],
    rectifications: &[&RectificationRecord],
    today: NaiveDate,
) {
    breakdown.received += 1;
    if case.status == "closed" {
        breakdown.closed += 1;
    }
    match case.on_time {
        Some(true) => breakdown.on_time += 1,
        Some(false) => {
            breakdown.overdue += 1;
            breakdown.decided_late += 1;
        }
        None if case.decided_on.is_none() && case.due_on.is_some_and(|due| today > due) => {
            breakdown.overdue += 1;
        }
        None => {}
    }
    if let Some(days) = case.handling_days {
        breakdown.handling_days_total += u64::from(days);
        breakdown.handling_days_count += 1;
    }

    let excluded = RectificationStatus::Excluded.as_str();
    for rating in ratings {
        let appeal_upheld = rectifications.iter().any(|rectification| {
            rectification.rating_id == rating.id && rectification.status == excluded
        });
        let slot = usize::from(rating.satisfaction.clamp(1, 5)) - 1;
        if !appeal_upheld {
            breakdown.ratings[slot] += 1;
        }
    }
    for rectification in rectifications {
        let status = RectificationStatus::parse(&rectification.status);
        match status {
            Some(RectificationStatus::Excluded) => continue,
            Some(RectificationStatus::Reported) => breakdown.rectified += 1,
            Some(status) if status.runs() && today > rectification.due_on => {
                breakdown.rectifications_overdue += 1;
            }
            _ => {}
        }
        breakdown.rectifications += 1;
    }
}

fn finish(mut breakdown: Breakdown) -> Breakdown {
    breakdown.average_handling_days = (breakdown.handling_days_count > 0).then(|| {
        let mean = breakdown.handling_days_total as f64 / breakdown.handling_days_count as f64;
        (mean * 10.0).round() / 10.0
    });
    breakdown
}

#[cfg(test)]
mod tests;
