//! Dates and times in China Standard Time, the zone every time limit is counted in.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// China Standard Time, UTC+8. China has kept one zone without daylight saving time since 1992,
/// so a fixed offset is exact for every date tongban handles.
pub const CHINA_STANDARD_TIME: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+8 is a valid offset"),
};

/// Returns today's date in Asia/Shanghai.
pub fn today_in_china() -> NaiveDate {
    date_in_china(Utc::now())
}

/// Returns the date in Asia/Shanghai at the instant `at`.
pub fn date_in_china(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&CHINA_STANDARD_TIME).date_naive()
}
