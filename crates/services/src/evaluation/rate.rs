//! Rating a closed case at its handling node.

use chrono::{DateTime, NaiveDate, Utc};
use tongban_domain::calendar::WorkCalendar;
use tongban_domain::case::CaseStatus;
use tongban_domain::evaluation::{
    Channel, MAX_COMMENT_CHARS, RectificationStatus, Satisfaction, SubRatings, rectification_due,
};
use tongban_i18n::Message;
use tongban_store::cases as stored;
use tongban_store::evaluation::{
    self as ratings, RatingRecord, RectificationEvent, RectificationRecord,
};
use tongban_store::passage::StoreConnection;

use super::{EvaluationError, EvaluationReport, RatingCopy, RectificationCopy, RegionRules};
use crate::case_index::Reporter;
use crate::cases::CaseContext;
use crate::fields::FieldErrors;
use crate::passage::Passage;

/// The rater: a person logged in through the hub.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rater {
    /// The subject at the hub.
    pub subject: String,
    /// The verified name.
    pub name: String,
    /// The window subject of the person's resident ID number, under which a window's
    /// application names them.
    pub window_subject: Option<String>,
}

/// A rating as the rater gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatingInput {
    /// 办件编号.
    pub case_number: String,
    /// 评价渠道.
    pub channel: Channel,
    /// Id of the portal the rating is given at.
    pub portal: String,
    /// Whether it rates the handling of the case's rectification rather than the case.
    pub follow_up: bool,
    pub satisfaction: Satisfaction,
    pub sub_ratings: SubRatings,
    /// 文字评价, trimmed; `None` when empty.
    pub comment: Option<String>,
}

impl RatingInput {
    /// Parses the form fields `satisfaction`, the sub-ratings of [`SubRatings::NAMES`] and
    /// `comment`, which `field` returns by name.
    ///
    /// # Errors
    /// The fields that break a rule, each with a message naming the field and the rule.
    pub fn parse_fields<'a>(
        case_number: &str,
        channel: Channel,
        portal: &str,
        follow_up: bool,
        field: impl Fn(&str) -> Option<&'a str>,
    ) -> Result<RatingInput, FieldErrors> {
        let mut errors = FieldErrors::new();
        let satisfaction = match field("satisfaction").map(str::trim).unwrap_or("") {
            "" => {
                errors.add(
                    "satisfaction",
                    Message::new("evaluation-satisfaction-missing"),
                );
                None
            }
            text => parse_level(text).or_else(|| {
                errors.add(
                    "satisfaction",
                    Message::new("evaluation-satisfaction-invalid"),
                );
                None
            }),
        };
        let mut sub_ratings = SubRatings::default();
        for name in SubRatings::NAMES {
            let text = field(name).map(str::trim).unwrap_or("");
            if text.is_empty() {
                continue;
            }
            match parse_level(text) {
                Some(level) => {
                    sub_ratings.set(name, Some(level));
                }
                None => errors.add(
                    name,
                    Message::new("evaluation-sub-rating-invalid")
                        .arg("field", Message::new(sub_rating_key(name))),
                ),
            }
        }
        let comment = field("comment")
            .map(str::trim)
            .filter(|text| !text.is_empty())
            .map(str::to_owned);
        if let Some(error) = comment_error(comment.as_deref()) {
            errors.add("comment", error);
        }
        match satisfaction {
            Some(satisfaction) if errors.is_empty() => Ok(RatingInput {
                case_number: case_number.to_owned(),
                channel,
                portal: portal.to_owned(),
                follow_up,
                satisfaction,
                sub_ratings,
                comment,
            }),
            _ => Err(errors),
        }
    }
}

fn parse_level(text: &str) -> Option<Satisfaction> {
    text.parse::<u8>().ok().and_then(Satisfaction::from_code)
}

fn comment_error(comment: Option<&str>) -> Option<Message> {
    let length = comment.map_or(0, |text| text.chars().count());
    (length > MAX_COMMENT_CHARS).then(|| {
        Message::new("evaluation-comment-too-long")
            .arg("max", MAX_COMMENT_CHARS as i64)
            .arg("length", length as i64)
    })
}

/// Returns the message key of the sub-rating called `name`.
pub fn sub_rating_key(name: &str) -> &'static str {
    match name {
        "efficiency" => "evaluation-sub-efficiency",
        "guide_accuracy" => "evaluation-sub-guide-accuracy",
        "convenience" => "evaluation-sub-convenience",
        _ => "evaluation-sub-usability",
    }
}

/// The result of a rating.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatingOutcome {
    /// The stored rating.
    pub rating: RatingRecord,
    /// The rectification a bad rating of the case opened.
    pub rectification: Option<RectificationRecord>,
}

/// Records `input` by `rater` at this node, which handles the case, in one transaction with
/// the report to the hub. A bad rating of the case (code 4 or 5) also opens a rectification at
/// the case's department, due `rules.rectification_days` working days after today. A
/// follow-up rating needs a rectification that was reported back.
///
/// # Errors
/// [`EvaluationError::NotFound`] when the case does not exist here or is not the rater's,
/// [`EvaluationError::NotClosed`] before the case is closed or before its rectification was
/// reported back, [`EvaluationError::AlreadyRated`] for a second rating of the same channel
/// and kind, [`EvaluationError::Calendar`] when the deadline reaches a year without a
/// schedule, and store or passage failures.
pub async fn rate_case(
    context: &CaseContext,
    rules: RegionRules,
    rater: &Rater,
    input: &RatingInput,
) -> Result<RatingOutcome, EvaluationError> {
    let env = Env::of(context);
    let mut transaction = context.store.begin().await?;
    let outcome = record_rating(&mut transaction, &env, rules, rater, input).await?;
    tongban_store::commit(transaction).await?;
    if let Some(passage) = env.passage {
        passage.wake();
    }
    Ok(outcome)
}

/// The node, calendar, clock and passage that recording a rating or a step uses.
pub(super) struct Env<'a> {
    /// This node's id.
    pub node_id: &'a str,
    pub calendar: &'a WorkCalendar,
    pub now: DateTime<Utc>,
    /// The passage reports go through; `None` sends nothing.
    pub passage: Option<&'a Passage>,
}

impl Env<'_> {
    pub(super) fn of(context: &CaseContext) -> Env<'_> {
        Env {
            node_id: context.node_id().unwrap_or("local"),
            calendar: &context.calendar,
            now: context.now(),
            passage: context.reporter.as_ref().map(Reporter::passage),
        }
    }

    pub(super) fn today(&self) -> NaiveDate {
        tongban_domain::time::date_in_china(self.now)
    }
}

/// Records `input` by `rater` on `transaction`, as [`rate_case`] describes.
///
/// # Errors
/// As [`rate_case`].
pub(super) async fn record_rating(
    transaction: &mut StoreConnection,
    env: &Env<'_>,
    rules: RegionRules,
    rater: &Rater,
    input: &RatingInput,
) -> Result<RatingOutcome, EvaluationError> {
    if let Some(error) = comment_error(input.comment.as_deref()) {
        return Err(EvaluationError::Invalid(crate::fields::single(
            "comment", error,
        )));
    }
    let case = find_rated_case(transaction, &input.case_number, rater).await?;
    if case.status != CaseStatus::Closed {
        return Err(EvaluationError::NotClosed);
    }
    if input.follow_up {
        let reported =
            ratings::find_case_rectification(&mut *transaction, env.node_id, &input.case_number)
                .await?
                .is_some_and(|rectification| {
                    rectification.status == RectificationStatus::Reported.as_str()
                });
        if !reported {
            return Err(EvaluationError::NotClosed);
        }
    }

    let rating = rating_record(env.node_id, rater, input, env.now);
    if !ratings::insert_rating(&mut *transaction, &rating).await? {
        return Err(EvaluationError::AlreadyRated);
    }
    let rectification = if input.satisfaction.is_bad() && !input.follow_up {
        Some(open_rectification(transaction, env, rules, &rating, &case.department).await?)
    } else {
        None
    };
    send_report(transaction, env, Some(&rating), rectification.as_ref()).await?;
    tracing::info!(case_number = %input.case_number, channel = input.channel.as_str(),
        portal = %input.portal, satisfaction = input.satisfaction.code(),
        follow_up = input.follow_up, "case rated");
    Ok(RatingOutcome {
        rating,
        rectification,
    })
}

async fn find_rated_case(
    transaction: &mut StoreConnection,
    case_number: &str,
    rater: &Rater,
) -> Result<stored::CaseRecord, EvaluationError> {
    let id = stored::find_case_id_by_number(&mut *transaction, case_number)
        .await?
        .ok_or(EvaluationError::NotFound)?;
    let case = stored::find_case(&mut *transaction, &id)
        .await?
        .ok_or(EvaluationError::NotFound)?;
    let own = case.applicant.subject == rater.subject
        || rater.window_subject.as_deref() == Some(case.applicant.subject.as_str());
    if own {
        Ok(case)
    } else {
        Err(EvaluationError::NotFound)
    }
}

fn rating_record(
    node_id: &str,
    rater: &Rater,
    input: &RatingInput,
    now: DateTime<Utc>,
) -> RatingRecord {
    let sub_ratings = serde_json::to_string(&input.sub_ratings).unwrap_or_else(|_| "{}".to_owned());
    RatingRecord {
        id: format!("rating-{}", tongban_crypto::random_token(12)),
        reporter: node_id.to_owned(),
        case_number: input.case_number.clone(),
        channel: input.channel.as_str().to_owned(),
        portal: input.portal.clone(),
        follow_up: input.follow_up,
        satisfaction: input.satisfaction.code(),
        sub_ratings,
        comment: input.comment.clone(),
        rater_subject: rater.subject.clone(),
        rater_name: rater.name.clone(),
        rated_at: now,
    }
}

async fn open_rectification(
    transaction: &mut StoreConnection,
    env: &Env<'_>,
    rules: RegionRules,
    rating: &RatingRecord,
    department: &str,
) -> Result<RectificationRecord, EvaluationError> {
    let today = env.today();
    let due_on = rectification_due(today, rules.rectification_days, env.calendar)?;
    let open = RectificationStatus::Open.as_str().to_owned();
    let record = RectificationRecord {
        id: format!("rect-{}", tongban_crypto::random_token(12)),
        reporter: rating.reporter.clone(),
        case_number: rating.case_number.clone(),
        rating_id: rating.id.clone(),
        department: department.to_owned(),
        status: open.clone(),
        status_before_appeal: open.clone(),
        opened_on: today,
        working_days: rules.rectification_days,
        due_on,
        finished_on: None,
        version: 1,
        updated_at: rating.rated_at,
    };
    ratings::insert_rectification(&mut *transaction, &record).await?;
    let event = RectificationEvent {
        rectification_id: record.id.clone(),
        version: 1,
        step: "open".to_owned(),
        from_status: open.clone(),
        to_status: open,
        actor_kind: "system".to_owned(),
        actor: "evaluation".to_owned(),
        reason: Message::new("rectification-reason-bad-rating")
            .arg("code", i64::from(rating.satisfaction))
            .render(tongban_i18n::Lang::ZhCn),
        at: rating.rated_at,
    };
    ratings::append_rectification_event(&mut *transaction, &event).await?;
    tracing::info!(case_number = %record.case_number, rectification = %record.id,
        due_on = %record.due_on, "rectification opened");
    Ok(record)
}

/// Enqueues the `evaluation.report` of a rating and a rectification to the hub on
/// `transaction`. Without a reporter, or before the node has a trust list, nothing is sent.
pub(super) async fn send_report(
    transaction: &mut StoreConnection,
    env: &Env<'_>,
    rating: Option<&RatingRecord>,
    rectification: Option<&RectificationRecord>,
) -> Result<(), EvaluationError> {
    let Some(passage) = env.passage else {
        return Ok(());
    };
    let Some(hub_id) = crate::case_index::hub_id(&mut *transaction).await? else {
        // TODO: ratings given before the node has a trust list never reach the hub.
        tracing::warn!("no trust list yet, so the hub misses a rating or rectification");
        return Ok(());
    };
    let report = EvaluationReport {
        rating: rating.map(RatingCopy::of),
        rectification: rectification.map(RectificationCopy::of),
    };
    let case_number = rating
        .map(|rating| rating.case_number.as_str())
        .or(rectification.map(|rectification| rectification.case_number.as_str()))
        .unwrap_or("evaluation");
    let message = crate::passage::OutgoingMessage {
        receiver: &hub_id,
        message_type: super::REPORT_TYPE,
        ordering_key: case_number,
        body: crate::cases::object_of(&report).map_err(EvaluationError::from)?,
    };
    crate::passage::enqueue(transaction, passage, message).await?;
    Ok(())
}
