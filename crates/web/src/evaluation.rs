//! Parts shared by the supervision and rating pages of the hub and the nodes: the error
//! mapping of evaluation use cases, the period filter, the supervision page, and bar charts
//! rendered on the server as SVG.

use askama::Template;
use chrono::NaiveDate;
use tongban_domain::evaluation::{Satisfaction, SubRatings};
use tongban_i18n::{Lang, Message};
use tongban_services::evaluation::{
    Breakdown, EvaluationError, ExportFormat, ExportKind, ExportRow, Statistics, sub_rating_key,
};
use tongban_services::fields::FieldErrors;

use crate::{Chrome, WebError};

impl From<EvaluationError> for WebError {
    /// Maps an evaluation error to its status. A case or rectification someone may not see is
    /// not found. A second rating, a rating before closing, a step the state does not allow
    /// and a rectification changed meanwhile are conflicts. A missing role is forbidden.
    fn from(error: EvaluationError) -> WebError {
        match error {
            EvaluationError::NotFound => WebError::NotFound,
            EvaluationError::Invalid(errors) => WebError::Invalid(errors),
            EvaluationError::RoleMissing { .. } => WebError::Denied(error.message()),
            EvaluationError::NotClosed
            | EvaluationError::AlreadyRated
            | EvaluationError::StepNotAllowed { .. }
            | EvaluationError::Changed
            | EvaluationError::Calendar(_) => WebError::Conflict(error.message()),
            EvaluationError::Store(error) => WebError::Store(error),
            other => WebError::Internal(other.to_string()),
        }
    }
}

/// Parses the period filter `from` and `to`, each `YYYY-MM-DD` or empty.
///
/// # Errors
/// The field errors of a malformed date or of `from` after `to`.
pub fn parse_period(
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(Option<NaiveDate>, Option<NaiveDate>), FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut parse = |field: &'static str, text: Option<&str>| {
        let text = text.map(str::trim).filter(|text| !text.is_empty())?;
        match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(date) => Some(date),
            Err(_) => {
                errors.add(
                    field,
                    Message::new("supervision-date-invalid")
                        .arg(
                            "field",
                            Message::new(if field == "from" {
                                "supervision-from"
                            } else {
                                "supervision-to"
                            }),
                        )
                        .arg("value", text.to_owned()),
                );
                None
            }
        }
    };
    let from = parse("from", from);
    let to = parse("to", to);
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        errors.add("to", Message::new("supervision-period-reversed"));
    }
    if errors.is_empty() {
        Ok((from, to))
    } else {
        Err(errors)
    }
}

/// A row of a statistics table, with every number already formatted.
#[derive(Debug)]
pub struct StatisticsRow {
    pub label: String,
    pub received: u64,
    pub closed: u64,
    pub on_time: u64,
    pub overdue: u64,
    pub on_time_rate: String,
    pub average_days: String,
    pub ratings: [u64; 5],
    pub rectifications: u64,
    pub rectification_rate: String,
    pub rectifications_overdue: u64,
}

/// A statistics table with its heading and id.
#[derive(Debug)]
pub struct StatisticsTable {
    pub id: &'static str,
    pub heading: String,
    pub rows: Vec<StatisticsRow>,
}

/// A link to an export file.
#[derive(Debug)]
pub struct ExportLink {
    pub href: String,
    pub label: String,
}

/// The supervision page of the hub (national) or of a node (local).
#[derive(Debug, Template)]
#[template(path = "supervision.html")]
pub struct SupervisionPage {
    pub chrome: Chrome,
    /// The introduction: national or local.
    pub intro: String,
    pub from: String,
    pub to: String,
    pub total: StatisticsRow,
    pub tables: Vec<StatisticsTable>,
    /// SVG of the rating distribution.
    pub rating_chart: String,
    /// SVG of on-time and overdue cases by group.
    pub timeliness_chart: String,
    pub exports: Vec<ExportLink>,
    pub level_labels: [String; 5],
}

fn number(value: Option<f64>, suffix: &str) -> String {
    value.map_or_else(|| "–".to_owned(), |value| format!("{value:.1}{suffix}"))
}

fn row(breakdown: &Breakdown, label: String) -> StatisticsRow {
    StatisticsRow {
        label,
        received: breakdown.received,
        closed: breakdown.closed,
        on_time: breakdown.on_time,
        overdue: breakdown.overdue,
        on_time_rate: number(breakdown.on_time_rate(), "%"),
        average_days: number(breakdown.average_handling_days, ""),
        ratings: breakdown.ratings,
        rectifications: breakdown.rectifications,
        rectification_rate: number(breakdown.rectification_rate(), "%"),
        rectifications_overdue: breakdown.rectifications_overdue,
    }
}

impl SupervisionPage {
    /// Builds the page of `statistics` for the period `from`–`to` (as entered), with links to
    /// `exports`. `node_names` turns a node id into the name people read.
    pub fn new(
        chrome: Chrome,
        intro_key: &str,
        statistics: &Statistics,
        (from, to): (String, String),
        exports: Vec<ExportLink>,
        node_names: &dyn Fn(&str) -> String,
    ) -> SupervisionPage {
        let lang = chrome.lang;
        let table = |id: &'static str,
                     key: &str,
                     groups: &[Breakdown],
                     name: &dyn Fn(&Breakdown) -> String| {
            StatisticsTable {
                id,
                heading: chrome.t(key),
                rows: groups.iter().map(|group| row(group, name(group))).collect(),
            }
        };
        let tables = vec![
            table(
                "by-node",
                "supervision-by-node",
                &statistics.by_node,
                &|group| node_names(&group.key),
            ),
            table(
                "by-department",
                "supervision-by-department",
                &statistics.by_department,
                &|group| group.label.clone(),
            ),
            table(
                "by-item",
                "supervision-by-item",
                &statistics.by_item,
                &|group| format!("{} ({})", group.label, group.key),
            ),
        ];
        let level_labels =
            Satisfaction::ALL.map(|level| Message::new(level.label_key()).render(lang));
        let rating_chart = rating_chart(&statistics.total, &level_labels, lang);
        let timeliness_chart = timeliness_chart(&statistics.by_node, node_names, lang);
        SupervisionPage {
            intro: chrome.t(intro_key),
            total: row(&statistics.total, chrome.t("supervision-total")),
            from,
            to,
            tables,
            rating_chart,
            timeliness_chart,
            exports,
            level_labels,
            chrome,
        }
    }
}

/// The rating form of a case or of a rectification's follow-up, as the node and hub portals
/// show it: a plain HTML form that works without scripts.
#[derive(Debug)]
pub struct RatingFormView {
    pub follow_up: bool,
    pub heading: String,
    pub levels: Vec<LevelChoice>,
    pub subs: Vec<SubChoice>,
    pub comment: String,
}

/// A satisfaction level to choose.
#[derive(Debug)]
pub struct LevelChoice {
    pub code: u8,
    pub label: String,
    pub checked: bool,
}

/// A sub-rating select with its options.
#[derive(Debug)]
pub struct SubChoice {
    pub name: &'static str,
    pub label: String,
    pub options: Vec<LevelChoice>,
}

impl RatingFormView {
    /// Builds the form, filled with the values `posted` returns by field name after an
    /// invalid post.
    pub fn new<'a>(
        follow_up: bool,
        posted: impl Fn(&str) -> Option<&'a str>,
        lang: Lang,
    ) -> RatingFormView {
        let chosen = |name: &str| posted(name).unwrap_or("").to_owned();
        let choices = |name: &str| -> Vec<LevelChoice> {
            let value = chosen(name);
            Satisfaction::ALL
                .iter()
                .map(|level| LevelChoice {
                    code: level.code(),
                    label: Message::new(level.label_key()).render(lang),
                    checked: value == level.code().to_string(),
                })
                .collect()
        };
        let heading = if follow_up {
            "rating-follow-up-heading"
        } else {
            "rating-case-heading"
        };
        RatingFormView {
            follow_up,
            heading: Message::new(heading).render(lang),
            levels: choices("satisfaction"),
            subs: SubRatings::NAMES
                .iter()
                .map(|name| SubChoice {
                    name,
                    label: Message::new(sub_rating_key(name)).render(lang),
                    options: choices(name),
                })
                .collect(),
            comment: chosen("comment"),
        }
    }
}

/// The rating form as the browser posts it.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct RatingPost {
    pub csrf: String,
    /// `1` for the rating of a rectification's follow-up.
    pub follow_up: String,
    pub satisfaction: String,
    pub efficiency: String,
    pub guide_accuracy: String,
    pub convenience: String,
    pub usability: String,
    pub comment: String,
}

impl RatingPost {
    /// Returns the value posted for field `name`, as [`RatingInput::parse_fields`] reads it.
    ///
    /// [`RatingInput::parse_fields`]: tongban_services::evaluation::RatingInput::parse_fields
    pub fn field(&self, name: &str) -> Option<&str> {
        Some(match name {
            "satisfaction" => &self.satisfaction,
            "efficiency" => &self.efficiency,
            "guide_accuracy" => &self.guide_accuracy,
            "convenience" => &self.convenience,
            "usability" => &self.usability,
            "comment" => &self.comment,
            _ => return None,
        })
    }
}

/// Returns the kind and format that the query values `kind` and `format` of an export request.
///
/// # Errors
/// [`WebError::BadRequest`] naming the unknown value.
pub fn export_choice(kind: &str, format: &str) -> Result<(ExportKind, ExportFormat), WebError> {
    let kind = ExportKind::parse(kind).ok_or_else(|| {
        WebError::BadRequest(Message::new("supervision-export-kind-unknown").arg("kind", kind))
    })?;
    let format = match format {
        "csv" => ExportFormat::Csv,
        "json" => ExportFormat::Json,
        other => {
            return Err(WebError::BadRequest(
                Message::new("supervision-export-format-unknown").arg("format", other),
            ));
        }
    };
    Ok((kind, format))
}

/// Returns `rows` of `kind` as a file download of `format`.
pub fn download(
    kind: ExportKind,
    format: ExportFormat,
    rows: &[ExportRow],
) -> axum::response::Response {
    use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
    use axum::response::IntoResponse;

    let body = tongban_services::evaluation::render_export(kind, rows, format);
    let (content_type, extension) = match format {
        ExportFormat::Csv => ("text/csv; charset=utf-8", "csv"),
        ExportFormat::Json => ("application/json", "json"),
    };
    let disposition = format!("attachment; filename=\"{}.{extension}\"", kind.name());
    (
        [
            (CONTENT_TYPE, content_type.to_owned()),
            (CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response()
}

/// Escapes text for SVG and HTML.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

/// A bar of a chart: its label, value and CSS class.
#[derive(Debug)]
pub struct Bar {
    pub label: String,
    pub value: u64,
    pub class: &'static str,
}

const CHART_WIDTH: u64 = 560;
const BAR_HEIGHT: u64 = 22;
const BAR_GAP: u64 = 8;
const LABEL_WIDTH: u64 = 170;
const VALUE_WIDTH: u64 = 50;

/// Renders a horizontal bar chart as SVG with `id`, an accessible `title` and `description`
/// (`role="img"`, `<title>`, `<desc>`). The page shows the same numbers in a table.
pub fn bar_chart(id: &str, title: &str, description: &str, bars: &[Bar]) -> String {
    let max = bars.iter().map(|bar| bar.value).max().unwrap_or(0).max(1);
    let height = (bars.len() as u64).max(1) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP;
    let track = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\" class=\"chart\" role=\"img\" \
         viewBox=\"0 0 {CHART_WIDTH} {height}\" width=\"{CHART_WIDTH}\" height=\"{height}\" \
         aria-labelledby=\"{id}-title {id}-desc\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(title),
        escape(description)
    );
    for (index, bar) in bars.iter().enumerate() {
        let y = BAR_GAP + index as u64 * (BAR_HEIGHT + BAR_GAP);
        let width = bar.value * track / max;
        let text_y = y + BAR_HEIGHT * 3 / 4;
        svg.push_str(&format!(
            "<g class=\"bar {}\"><text x=\"{}\" y=\"{text_y}\" text-anchor=\"end\">{}</text>\
             <rect x=\"{LABEL_WIDTH}\" y=\"{y}\" width=\"{width}\" height=\"{BAR_HEIGHT}\"></rect>\
             <text x=\"{}\" y=\"{text_y}\">{}</text></g>",
            bar.class,
            LABEL_WIDTH - 6,
            escape(&bar.label),
            LABEL_WIDTH + width + 6,
            bar.value
        ));
    }
    svg.push_str("</svg>");
    svg
}

fn rating_chart(total: &Breakdown, labels: &[String; 5], lang: Lang) -> String {
    let bars: Vec<Bar> = labels
        .iter()
        .zip(total.ratings)
        .enumerate()
        .map(|(index, (label, value))| Bar {
            label: format!("{} {label}", index + 1),
            value,
            class: if index >= 3 { "bad" } else { "good" },
        })
        .collect();
    let description = Message::new("supervision-chart-ratings-desc")
        .arg("rated", total.rated() as i64)
        .arg("bad", (total.ratings[3] + total.ratings[4]) as i64)
        .render(lang);
    bar_chart(
        "chart-ratings",
        &Message::new("supervision-chart-ratings").render(lang),
        &description,
        &bars,
    )
}

fn timeliness_chart(
    groups: &[Breakdown],
    node_names: &dyn Fn(&str) -> String,
    lang: Lang,
) -> String {
    let on_time = Message::new("supervision-on-time").render(lang);
    let overdue = Message::new("supervision-overdue").render(lang);
    let mut bars = Vec::new();
    for group in groups {
        let name = node_names(&group.key);
        bars.push(Bar {
            label: format!("{name} · {on_time}"),
            value: group.on_time,
            class: "good",
        });
        bars.push(Bar {
            label: format!("{name} · {overdue}"),
            value: group.overdue,
            class: "bad",
        });
    }
    let (on_time_total, overdue_total) = groups.iter().fold((0, 0), |(a, b), group| {
        (a + group.on_time, b + group.overdue)
    });
    let description = Message::new("supervision-chart-timeliness-desc")
        .arg("on_time", on_time_total as i64)
        .arg("overdue", overdue_total as i64)
        .render(lang);
    bar_chart(
        "chart-timeliness",
        &Message::new("supervision-chart-timeliness").render(lang),
        &description,
        &bars,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_escapes_labels_and_scales_bars() {
        let bars = [
            Bar {
                label: "<b>".to_owned(),
                value: 4,
                class: "good",
            },
            Bar {
                label: "b".to_owned(),
                value: 2,
                class: "bad",
            },
        ];
        let svg = bar_chart("c", "T & t", "D", &bars);
        assert!(
            svg.contains("<title id=\"c-title\">T &amp; t</title>"),
            "{svg}"
        );
        assert!(svg.contains("&lt;b&gt;"), "{svg}");
        assert!(!svg.contains("<b>"), "{svg}");
        let track = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH;
        assert!(svg.contains(&format!("width=\"{track}\" height")), "{svg}");
        assert!(
            svg.contains(&format!("width=\"{}\" height", track / 2)),
            "{svg}"
        );
    }

    #[test]
    fn period_rejects_bad_and_reversed_dates() {
        assert_eq!(parse_period(Some(""), None).unwrap(), (None, None));
        assert!(parse_period(Some("2026-13-01"), None).is_err());
        assert!(parse_period(Some("2026-03-10"), Some("2026-03-01")).is_err());
        let (from, to) = parse_period(Some("2026-03-01"), Some("2026-03-31")).unwrap();
        assert_eq!(from, NaiveDate::from_ymd_opt(2026, 3, 1));
        assert_eq!(to, NaiveDate::from_ymd_opt(2026, 3, 31));
    }
}
