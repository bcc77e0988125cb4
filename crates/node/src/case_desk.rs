//! The context of the case use cases for the case pages and the case API, with a holiday
//! calendar that follows replaced schedules and a clock that tests can fix.

use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use tongban_domain::calendar::WorkCalendar;
use tongban_services::cases::CaseContext;
use tongban_store::Store;
use tongban_web::WebError;

/// How long the calendar with replaced schedules is used before it is read again, so a
/// schedule replaced with `tongban calendar replace` reaches every running instance of a node
/// within this time, whichever instance or process stored it.
const CALENDAR_TTL: Duration = Duration::from_secs(30);

/// A fixed instant that the case steps of a node read instead of the system clock.
///
/// Only the code that starts an instance can reach it, to replay a day or to test time limits
/// on dates the holiday calendar covers. Configuration and HTTP cannot set it.
#[derive(Debug, Clone, Default)]
pub struct CaseClock(Arc<RwLock<Option<DateTime<Utc>>>>);

impl CaseClock {
    /// Makes the case steps read `at` as the current instant until [`CaseClock::release`].
    pub fn fix(&self, at: DateTime<Utc>) {
        *self.0.write().unwrap_or_else(PoisonError::into_inner) = Some(at);
    }

    /// Returns the case steps to the system clock.
    pub fn release(&self) {
        *self.0.write().unwrap_or_else(PoisonError::into_inner) = None;
    }

    fn fixed(&self) -> Option<DateTime<Utc>> {
        *self.0.read().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The case use cases' context of a node, kept up to date.
#[derive(Debug, Clone)]
pub struct CaseDesk {
    base: CaseContext,
    published: Arc<WorkCalendar>,
    calendar: Arc<Mutex<(Instant, Arc<WorkCalendar>)>>,
    clock: CaseClock,
}

impl CaseDesk {
    /// Keeps `base`, whose calendar is `published` with the stored replacements applied, and
    /// `published`, the reference data's calendar, to apply replacements to again later.
    pub fn new(base: CaseContext, published: WorkCalendar) -> CaseDesk {
        let current = base.calendar.clone();
        CaseDesk {
            base,
            published: Arc::new(published),
            calendar: Arc::new(Mutex::new((Instant::now(), current))),
            clock: CaseClock::default(),
        }
    }

    /// Returns the clock of the case steps.
    pub fn clock(&self) -> CaseClock {
        self.clock.clone()
    }

    /// Returns the node's database.
    pub fn store(&self) -> &Store {
        &self.base.store
    }

    /// Returns the context for one request: the calendar with every replaced schedule stored
    /// up to [`CALENDAR_TTL`] ago, and the fixed clock, if any.
    ///
    /// # Errors
    /// [`WebError::Internal`] when the replaced schedules cannot be read.
    pub async fn context(&self) -> Result<CaseContext, WebError> {
        let mut context = self.base.clone();
        context.calendar = self.calendar().await?;
        Ok(match self.clock.fixed() {
            Some(at) => context.at(at),
            None => context,
        })
    }

    async fn calendar(&self) -> Result<Arc<WorkCalendar>, WebError> {
        {
            let cached = self.calendar.lock().unwrap_or_else(PoisonError::into_inner);
            if cached.0.elapsed() < CALENDAR_TTL {
                return Ok(cached.1.clone());
            }
        }
        let fresh = tongban_services::calendar::effective_calendar(
            &self.base.store,
            self.published.as_ref().clone(),
        )
        .await
        .map_err(|error| WebError::Internal(format!("reading the holiday calendar: {error}")))?;
        let fresh = Arc::new(fresh);
        *self.calendar.lock().unwrap_or_else(PoisonError::into_inner) =
            (Instant::now(), fresh.clone());
        Ok(fresh)
    }
}
