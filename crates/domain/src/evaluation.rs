//! Evaluation (好差评) of cases: the five satisfaction levels of GB/T 39046 A.8, the rating
//! channels of its table 9, and the rectification (差评整改) a bad rating opens, with its
//! deadline in working days.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::{CalendarError, WorkCalendar};

/// Working days a department has to rectify or explain a bad rating when its region sets no
/// other limit. Local rules range from 5 to 15 working days and no national figure is
/// published, so the longest common local limit is the default.
pub const DEFAULT_RECTIFICATION_DAYS: u32 = 15;

/// Working days before a rectification's due date from which it is flagged as near.
pub const RECTIFICATION_WARNING_DAYS: u32 = 3;

/// Maximum length of a rating's text, in characters.
pub const MAX_COMMENT_CHARS: usize = 500;

/// 满意度 of GB/T 39046 A.8.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum Satisfaction {
    /// 1 非常满意.
    VerySatisfied,
    /// 2 满意.
    Satisfied,
    /// 3 基本满意.
    FairlySatisfied,
    /// 4 不满意.
    Dissatisfied,
    /// 5 非常不满意.
    VeryDissatisfied,
}

impl Satisfaction {
    /// Every level, from code 1 to code 5.
    pub const ALL: [Satisfaction; 5] = [
        Satisfaction::VerySatisfied,
        Satisfaction::Satisfied,
        Satisfaction::FairlySatisfied,
        Satisfaction::Dissatisfied,
        Satisfaction::VeryDissatisfied,
    ];

    /// Returns the A.8 code, 1 to 5.
    pub fn code(self) -> u8 {
        match self {
            Satisfaction::VerySatisfied => 1,
            Satisfaction::Satisfied => 2,
            Satisfaction::FairlySatisfied => 3,
            Satisfaction::Dissatisfied => 4,
            Satisfaction::VeryDissatisfied => 5,
        }
    }

    /// Returns the level of A.8 code `code`.
    pub fn from_code(code: u8) -> Option<Satisfaction> {
        Satisfaction::ALL
            .into_iter()
            .find(|level| level.code() == code)
    }

    /// Returns the standard's wording, which export files carry as 满意度.
    pub fn name_zh(self) -> &'static str {
        match self {
            Satisfaction::VerySatisfied => "非常满意",
            Satisfaction::Satisfied => "满意",
            Satisfaction::FairlySatisfied => "基本满意",
            Satisfaction::Dissatisfied => "不满意",
            Satisfaction::VeryDissatisfied => "非常不满意",
        }
    }

    /// Returns the message key of the level's name for people.
    pub fn label_key(self) -> &'static str {
        match self {
            Satisfaction::VerySatisfied => "satisfaction-1",
            Satisfaction::Satisfied => "satisfaction-2",
            Satisfaction::FairlySatisfied => "satisfaction-3",
            Satisfaction::Dissatisfied => "satisfaction-4",
            Satisfaction::VeryDissatisfied => "satisfaction-5",
        }
    }

    /// Returns whether the level is a bad rating (差评), which opens a rectification: codes 4
    /// and 5.
    pub fn is_bad(self) -> bool {
        self.code() >= 4
    }
}

impl TryFrom<u8> for Satisfaction {
    type Error = String;

    fn try_from(code: u8) -> Result<Satisfaction, String> {
        Satisfaction::from_code(code)
            .ok_or_else(|| format!("satisfaction code {code} is not 1 to 5"))
    }
}

impl From<Satisfaction> for u8 {
    fn from(level: Satisfaction) -> u8 {
        level.code()
    }
}

/// 评价渠道 of GB/T 39046 table 9.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// PC端: a portal in a browser.
    Pc,
    /// 移动服务端.
    Mobile,
    /// 二维码.
    QrCode,
    /// 政务大厅平板电脑.
    HallTablet,
    /// 政务大厅其他终端.
    HallTerminal,
    /// 电话.
    Phone,
    /// 短信.
    Sms,
}

impl Channel {
    /// Every channel, in the order of the standard.
    pub const ALL: [Channel; 7] = [
        Channel::Pc,
        Channel::Mobile,
        Channel::QrCode,
        Channel::HallTablet,
        Channel::HallTerminal,
        Channel::Phone,
        Channel::Sms,
    ];

    /// Returns the name stored and sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Pc => "pc",
            Channel::Mobile => "mobile",
            Channel::QrCode => "qr_code",
            Channel::HallTablet => "hall_tablet",
            Channel::HallTerminal => "hall_terminal",
            Channel::Phone => "phone",
            Channel::Sms => "sms",
        }
    }

    /// Returns the channel of a stored name.
    pub fn parse(name: &str) -> Option<Channel> {
        Channel::ALL
            .into_iter()
            .find(|channel| channel.as_str() == name)
    }

    /// Returns the standard's wording, which export files carry as 评价渠道.
    pub fn name_zh(self) -> &'static str {
        match self {
            Channel::Pc => "PC端",
            Channel::Mobile => "移动服务端",
            Channel::QrCode => "二维码",
            Channel::HallTablet => "政务大厅平板电脑",
            Channel::HallTerminal => "政务大厅其他终端",
            Channel::Phone => "电话",
            Channel::Sms => "短信",
        }
    }
}

/// The sub-ratings of the online questionnaire, each a satisfaction level when given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubRatings {
    /// 办事效率.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub efficiency: Option<Satisfaction>,
    /// 办事指南精确度.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guide_accuracy: Option<Satisfaction>,
    /// 办事便捷度.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub convenience: Option<Satisfaction>,
    /// 平台操作性.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usability: Option<Satisfaction>,
}

impl SubRatings {
    /// The names of the sub-ratings, as form fields and JSON members spell them.
    pub const NAMES: [&'static str; 4] =
        ["efficiency", "guide_accuracy", "convenience", "usability"];

    /// Returns the sub-rating called `name`, one of [`SubRatings::NAMES`].
    pub fn get(&self, name: &str) -> Option<Satisfaction> {
        match name {
            "efficiency" => self.efficiency,
            "guide_accuracy" => self.guide_accuracy,
            "convenience" => self.convenience,
            "usability" => self.usability,
            _ => None,
        }
    }

    /// Sets the sub-rating called `name`; returns `false` for a name not in
    /// [`SubRatings::NAMES`].
    pub fn set(&mut self, name: &str, level: Option<Satisfaction>) -> bool {
        let slot = match name {
            "efficiency" => &mut self.efficiency,
            "guide_accuracy" => &mut self.guide_accuracy,
            "convenience" => &mut self.convenience,
            "usability" => &mut self.usability,
            _ => return false,
        };
        *slot = level;
        true
    }
}

/// The state of a rectification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RectificationStatus {
    /// Opened by the bad rating; the department has not yet contacted the rater (回访核实).
    Open,
    /// The department verified the rating with the rater.
    Verified,
    /// The department fixed what the rating pointed at (整改).
    Rectified,
    /// The rating had no legal ground and the department explained why (解释说明).
    Explained,
    /// The result was reported back to the rater; the rectification is done.
    Reported,
    /// The department appealed the rating as mistaken or malicious; review is pending.
    Appealed,
    /// The appeal was upheld: the rating is excluded from the statistics.
    Excluded,
}

impl RectificationStatus {
    /// Every state.
    pub const ALL: [RectificationStatus; 7] = [
        RectificationStatus::Open,
        RectificationStatus::Verified,
        RectificationStatus::Rectified,
        RectificationStatus::Explained,
        RectificationStatus::Reported,
        RectificationStatus::Appealed,
        RectificationStatus::Excluded,
    ];

    /// Returns the name stored and sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            RectificationStatus::Open => "open",
            RectificationStatus::Verified => "verified",
            RectificationStatus::Rectified => "rectified",
            RectificationStatus::Explained => "explained",
            RectificationStatus::Reported => "reported",
            RectificationStatus::Appealed => "appealed",
            RectificationStatus::Excluded => "excluded",
        }
    }

    /// Returns the state of a stored name.
    pub fn parse(name: &str) -> Option<RectificationStatus> {
        RectificationStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == name)
    }

    /// Returns the message key of the state's name for people.
    pub fn label_key(self) -> &'static str {
        match self {
            RectificationStatus::Open => "rectification-status-open",
            RectificationStatus::Verified => "rectification-status-verified",
            RectificationStatus::Rectified => "rectification-status-rectified",
            RectificationStatus::Explained => "rectification-status-explained",
            RectificationStatus::Reported => "rectification-status-reported",
            RectificationStatus::Appealed => "rectification-status-appealed",
            RectificationStatus::Excluded => "rectification-status-excluded",
        }
    }

    /// Returns whether the rectification is finished: reported back, or its rating excluded.
    pub fn is_done(self) -> bool {
        matches!(
            self,
            RectificationStatus::Reported | RectificationStatus::Excluded
        )
    }

    /// Returns whether the department still owes work against the deadline.
    pub fn runs(self) -> bool {
        matches!(
            self,
            RectificationStatus::Open
                | RectificationStatus::Verified
                | RectificationStatus::Rectified
                | RectificationStatus::Explained
        )
    }
}

/// A step on a rectification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RectificationStep {
    /// The department contacted the rater and verified the rating.
    Verify,
    /// The department rectified.
    Rectify,
    /// The department explained why nothing is to be rectified.
    Explain,
    /// The department reported the result back to the rater.
    Report,
    /// The department appeals the rating as mistaken or malicious.
    Appeal,
    /// The supervisor upholds the appeal and excludes the rating.
    UpholdAppeal,
    /// The supervisor rejects the appeal; the rectification goes on where it was.
    RejectAppeal,
}

impl RectificationStep {
    /// Every step.
    pub const ALL: [RectificationStep; 7] = [
        RectificationStep::Verify,
        RectificationStep::Rectify,
        RectificationStep::Explain,
        RectificationStep::Report,
        RectificationStep::Appeal,
        RectificationStep::UpholdAppeal,
        RectificationStep::RejectAppeal,
    ];

    /// Returns the name stored and sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            RectificationStep::Verify => "verify",
            RectificationStep::Rectify => "rectify",
            RectificationStep::Explain => "explain",
            RectificationStep::Report => "report",
            RectificationStep::Appeal => "appeal",
            RectificationStep::UpholdAppeal => "uphold_appeal",
            RectificationStep::RejectAppeal => "reject_appeal",
        }
    }

    /// Returns the step of a stored name.
    pub fn parse(name: &str) -> Option<RectificationStep> {
        RectificationStep::ALL
            .into_iter()
            .find(|step| step.as_str() == name)
    }

    /// Returns the message key of the step's name for people.
    pub fn label_key(self) -> &'static str {
        match self {
            RectificationStep::Verify => "rectification-step-verify",
            RectificationStep::Rectify => "rectification-step-rectify",
            RectificationStep::Explain => "rectification-step-explain",
            RectificationStep::Report => "rectification-step-report",
            RectificationStep::Appeal => "rectification-step-appeal",
            RectificationStep::UpholdAppeal => "rectification-step-uphold-appeal",
            RectificationStep::RejectAppeal => "rectification-step-reject-appeal",
        }
    }

    /// Returns whether the step is the supervisor's review of an appeal rather than the
    /// department's work.
    pub fn is_review(self) -> bool {
        matches!(
            self,
            RectificationStep::UpholdAppeal | RectificationStep::RejectAppeal
        )
    }
}

/// Returns the state after `step` on a rectification in `from`, whose state before an appeal
/// was `before_appeal`; `None` when the step cannot follow `from`.
pub fn rectification_transition(
    from: RectificationStatus,
    step: RectificationStep,
    before_appeal: RectificationStatus,
) -> Option<RectificationStatus> {
    use RectificationStatus as S;
    use RectificationStep as T;

    match (from, step) {
        (S::Open, T::Verify) => Some(S::Verified),
        (S::Verified, T::Rectify) => Some(S::Rectified),
        (S::Verified, T::Explain) => Some(S::Explained),
        (S::Rectified | S::Explained, T::Report) => Some(S::Reported),
        (S::Open | S::Verified, T::Appeal) => Some(S::Appealed),
        (S::Appealed, T::UpholdAppeal) => Some(S::Excluded),
        (S::Appealed, T::RejectAppeal) => Some(before_appeal),
        _ => None,
    }
}

/// Returns the due date of a rectification opened on `opened_on` with a limit of
/// `working_days`: the opening day is not counted.
///
/// # Errors
/// [`CalendarError::YearNotCovered`] when the period reaches a year without a schedule.
pub fn rectification_due(
    opened_on: NaiveDate,
    working_days: u32,
    calendar: &WorkCalendar,
) -> Result<NaiveDate, CalendarError> {
    calendar.add_working_days(opened_on, working_days)
}

/// The state of a rectification against its deadline on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RectificationFlag {
    /// Done, or more than [`RECTIFICATION_WARNING_DAYS`] working days left.
    OnTrack,
    /// Still running with [`RECTIFICATION_WARNING_DAYS`] working days or fewer left.
    NearDeadline,
    /// Still running after its due date.
    Overdue,
}

impl RectificationFlag {
    /// Returns the message key of the flag's name.
    pub fn label_key(self) -> &'static str {
        match self {
            RectificationFlag::OnTrack => "rectification-flag-on-track",
            RectificationFlag::NearDeadline => "rectification-flag-near",
            RectificationFlag::Overdue => "rectification-flag-overdue",
        }
    }
}

/// Returns the flag of a rectification in `status` due on `due` on `today`.
///
/// # Errors
/// [`CalendarError::YearNotCovered`] when counting the days left reaches a year without a
/// schedule.
pub fn rectification_flag(
    status: RectificationStatus,
    due: NaiveDate,
    today: NaiveDate,
    calendar: &WorkCalendar,
) -> Result<RectificationFlag, CalendarError> {
    if !status.runs() {
        return Ok(RectificationFlag::OnTrack);
    }
    if today > due {
        return Ok(RectificationFlag::Overdue);
    }
    if calendar.working_days_between(today, due)? <= RECTIFICATION_WARNING_DAYS {
        return Ok(RectificationFlag::NearDeadline);
    }
    Ok(RectificationFlag::OnTrack)
}

#[cfg(test)]
mod tests;
