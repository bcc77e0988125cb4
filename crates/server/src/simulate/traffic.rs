//! The simulated work. People apply at their province's portal at a steady rate, some for the
//! items of their neighbour province. Each node's clerk takes the cases in its queue one step
//! further, and after closing, the person rates the service.
//!
//! Everything goes through the nodes' case use cases in this process, on the nodes' own
//! databases, and every message between platforms travels as a signed envelope over HTTP
//! through the hub, as in production. The web pages and the login are not part of the load.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;
use tongban_domain::case::{Action, CaseStatus};
use tongban_domain::evaluation::{Channel, Satisfaction, SubRatings};
use tongban_node::CaseDesk;
use tongban_services::cases::{self, Applicant, CaseRecord, Clerk, ClerkQueue, StepDetails};
use tongban_services::data_sharing::population::SplitMix;
use tongban_services::evaluation::{self, Rater, RatingInput, RegionRules};

use super::measure::{Progress, Recorder, Step};
use super::provinces::{self, ITEMS, Item, Province};

/// How long a clerk waits before looking at an empty queue again.
const CLERK_PAUSE: Duration = Duration::from_millis(100);

/// Maximum number of cases a clerk takes from the queue at once.
const CLERK_BATCH: u32 = 50;

/// Maximum number of applications being filled in at once. Beyond it the arrivals wait, and
/// the report shows the rate reached.
const MAX_APPLYING: usize = 256;

/// Share of applications, in percent, for the neighbour province's item.
const CROSS_PERCENT: u64 = 30;

/// Share of reviewed cases, in percent, that the clerk denies.
const DENY_PERCENT: u64 = 10;

/// A node as the simulated people and clerks use it.
#[derive(Debug, Clone)]
pub struct Desk {
    /// The province.
    pub province: Province,
    /// Its case use cases.
    pub desk: CaseDesk,
    /// Its clerk.
    pub clerk: Clerk,
}

/// A generated person and the node of their province.
#[derive(Debug, Clone)]
pub struct Person {
    /// Who applies.
    pub applicant: Applicant,
    /// Index of the home node in the desks.
    pub home: usize,
}

/// State shared by the simulated people and clerks.
#[derive(Debug, Clone)]
pub struct Shared {
    /// Every node.
    pub desks: Arc<Vec<Desk>>,
    /// Latencies and errors.
    pub recorder: Arc<Recorder>,
    /// Counters.
    pub progress: Arc<Progress>,
    /// When each application was submitted, by receiving node and case id.
    submitted_at: Arc<Mutex<HashMap<(String, String), Instant>>>,
}

impl Shared {
    /// Starts with nothing recorded, counting in `progress`.
    pub fn new(desks: Vec<Desk>, progress: Arc<Progress>) -> Shared {
        Shared {
            desks: Arc::new(desks),
            recorder: Arc::default(),
            progress,
            submitted_at: Arc::default(),
        }
    }

    fn note_submission(&self, node: &str, case_id: &str) {
        if let Ok(mut submitted) = self.submitted_at.lock() {
            submitted.insert((node.to_owned(), case_id.to_owned()), Instant::now());
        }
    }

    /// When the application that became `case` at `node` was submitted where it was received.
    fn submitted(&self, node: &str, case: &CaseRecord) -> Option<Instant> {
        let place = case.receiving_place.as_deref().unwrap_or(node);
        let id = case.receiving_reference.as_deref().unwrap_or(&case.id);
        let submitted = self.submitted_at.lock().ok()?;
        submitted.get(&(place.to_owned(), id.to_owned())).copied()
    }
}

/// Lets people apply, `rate` applications a second, until `duration` has passed or `stop`
/// returns true, then waits for the applications being filled in.
pub async fn apply_at_rate(
    shared: Shared,
    people: Arc<Vec<Person>>,
    (rate, duration): (f64, Duration),
    seed: u64,
    stop: &dyn Fn() -> bool,
) {
    let mut random = SplitMix(seed);
    let permits = Arc::new(Semaphore::new(MAX_APPLYING));
    let mut ticks = tokio::time::interval(Duration::from_secs_f64(1.0 / rate));
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let started = Instant::now();
    let mut applying = JoinSet::new();
    loop {
        ticks.tick().await;
        if started.elapsed() >= duration || stop() {
            break;
        }
        let person = people[random.below(people.len())].clone();
        let cross = shared.desks.len() > 1 && random.next_u64() % 100 < CROSS_PERCENT;
        let item = ITEMS[random.below(ITEMS.len())];
        let sequence = random.next_u64();
        let Ok(permit) = permits.clone().acquire_owned().await else {
            break;
        };
        let shared = shared.clone();
        applying.spawn(async move {
            apply_once(&shared, &person, (&item, cross), sequence).await;
            drop(permit);
        });
        while applying.try_join_next().is_some() {}
    }
    while applying.join_next().await.is_some() {}
}

/// Fills in and submits one application for `item`, at home or (`cross`) at the neighbour's:
/// a draft, its form, its materials, and the submission.
async fn apply_once(shared: &Shared, person: &Person, (item, cross): (&Item, bool), sequence: u64) {
    let desks = &shared.desks;
    let home = &desks[person.home];
    let implementation = if cross {
        let neighbour = &desks[(person.home + 1) % desks.len()].province;
        provinces::offered_item(&home.province, neighbour, item)
    } else {
        provinces::local_item(&home.province, item)
    };

    let started = Instant::now();
    let application = (item, implementation.as_str());
    match fill_in_and_submit(&home.desk, &person.applicant, application, sequence).await {
        Ok(case) => {
            shared.recorder.record(Step::Apply, started.elapsed());
            shared.note_submission(home.province.id, &case.id);
            Progress::add(&shared.progress.submitted);
        }
        Err(error) => {
            shared.recorder.fail(Step::Apply, &error);
            Progress::add(&shared.progress.errors);
        }
    }
}

async fn fill_in_and_submit(
    desk: &CaseDesk,
    applicant: &Applicant,
    (item, implementation): (&Item, &str),
    sequence: u64,
) -> anyhow::Result<CaseRecord> {
    let context = case_context(desk).await?;
    let draft = cases::create_draft(&context, applicant, implementation).await?;

    let values = item.values(sequence).into_iter().collect();
    let errors = cases::save_draft(&context, &draft.id, applicant, &values).await?;
    anyhow::ensure!(errors.is_empty(), "the form was rejected: {errors}");

    for material in item.materials {
        let content = Bytes::from(format!("%PDF-1.7\n% {material} {sequence}\n%%EOF\n"));
        cases::attach_material(
            &context,
            &draft.id,
            applicant,
            cases::HandedInFile::new(material, "scan.pdf", content),
        )
        .await?;
    }

    Ok(cases::submit(&context, &draft.id, applicant).await?)
}

/// Returns the context of one request to the node's case use cases.
async fn case_context(desk: &CaseDesk) -> anyhow::Result<cases::CaseContext> {
    desk.context()
        .await
        .map_err(|error| anyhow::anyhow!("reading the node's case context failed: {error:?}"))
}

/// Takes the cases of node `index` one step further until `stopped` turns true. The clerk
/// accepts, starts the review, approves or (one in ten) denies, and closes. After closing, the
/// person rates the service.
pub async fn clerk_at_work(shared: Shared, index: usize, mut stopped: watch::Receiver<bool>) {
    let desk = &shared.desks[index];
    let queue = ClerkQueue {
        statuses: vec![
            CaseStatus::Submitted,
            CaseStatus::Accepted,
            CaseStatus::UnderReview,
            CaseStatus::Approved,
            CaseStatus::Denied,
        ],
        flag: None,
        limit: CLERK_BATCH,
    };
    while !*stopped.borrow() {
        let handled = match take_queue(&shared, desk, &queue).await {
            Ok(handled) => handled,
            Err(error) => {
                tracing::warn!(node = desk.province.id, %error, "the clerk could not read the queue");
                0
            }
        };
        if handled == 0 {
            tokio::select! {
                () = tokio::time::sleep(CLERK_PAUSE) => {}
                _ = stopped.changed() => {}
            }
        }
    }
}

/// Takes one step on every case of one look at the queue; returns how many steps succeeded.
async fn take_queue(shared: &Shared, desk: &Desk, queue: &ClerkQueue) -> anyhow::Result<usize> {
    let context = case_context(&desk.desk).await?;
    let entries = cases::list_clerk_queue(
        &context.store,
        &context.calendar,
        &desk.clerk,
        queue,
        context.today(),
    )
    .await?;
    let mut done = 0;
    for entry in &entries {
        if take_step(shared, desk, &context, &entry.case).await {
            done += 1;
        }
    }
    Ok(done)
}

/// Takes the next step on `case`; returns whether it succeeded.
async fn take_step(
    shared: &Shared,
    desk: &Desk,
    context: &cases::CaseContext,
    case: &CaseRecord,
) -> bool {
    let node = desk.province.id;
    if case
        .handling_place
        .as_deref()
        .is_some_and(|place| place != node)
    {
        // An application this node took in for another: that node's clerk decides it.
        return false;
    }
    let (action, step) = match case.status {
        CaseStatus::Submitted => {
            if case
                .receiving_place
                .as_deref()
                .is_some_and(|place| place != node)
                && let Some(submitted) = shared.submitted(node, case)
            {
                shared.recorder.record(Step::Forward, submitted.elapsed());
            }
            (Action::Accept, Step::Accept)
        }
        CaseStatus::Accepted => (Action::StartReview, Step::Review),
        CaseStatus::UnderReview if denied(case) => (Action::Deny, Step::Deny),
        CaseStatus::UnderReview => (Action::Approve, Step::Approve),
        _ => (Action::Close, Step::Close),
    };
    let reason = (action == Action::Deny).then_some("节能报告结论不符合要求（模拟）");
    let details = StepDetails {
        expected_version: Some(case.version),
        ..StepDetails::default()
    };

    let started = Instant::now();
    match cases::act(context, &case.id, &desk.clerk, action, reason, details).await {
        Ok(closed) if action == Action::Close => {
            shared.recorder.record(step, started.elapsed());
            if let Some(submitted) = shared.submitted(node, case) {
                shared.recorder.record(Step::EndToEnd, submitted.elapsed());
            }
            Progress::add(&shared.progress.closed);
            rate(shared, desk, context, &closed).await;
            true
        }
        Ok(_) => {
            shared.recorder.record(step, started.elapsed());
            true
        }
        Err(error) => {
            shared
                .recorder
                .fail(step, &error.message().render(tongban_i18n::Lang::En));
            Progress::add(&shared.progress.errors);
            false
        }
    }
}

/// Rates the closed case as its applicant, at the node that handled it.
async fn rate(shared: &Shared, desk: &Desk, context: &cases::CaseContext, case: &CaseRecord) {
    let Some(number) = case.case_number.clone() else {
        return;
    };
    let rater = Rater {
        subject: case.applicant.subject.clone(),
        name: case.applicant.name.clone(),
        window_subject: None,
    };
    let input = RatingInput {
        case_number: number,
        channel: Channel::Pc,
        portal: desk.province.id.to_owned(),
        follow_up: false,
        satisfaction: satisfaction(case),
        sub_ratings: SubRatings::default(),
        comment: None,
    };

    let started = Instant::now();
    match evaluation::rate_case(context, RegionRules::default(), &rater, &input).await {
        Ok(_) => {
            shared.recorder.record(Step::Rate, started.elapsed());
            Progress::add(&shared.progress.rated);
        }
        Err(error) => {
            shared
                .recorder
                .fail(Step::Rate, &error.message().render(tongban_i18n::Lang::En));
            Progress::add(&shared.progress.errors);
        }
    }
}

/// Returns whether the clerk denies `case`: one in ten, decided by its form, which the seed fixes, so
/// that a repeated look and a repeated run decide the same.
fn denied(case: &CaseRecord) -> bool {
    spread(&form_text(case)) % 100 < DENY_PERCENT
}

/// Returns how satisfied the person is: mostly very, now and then not at all, which opens a
/// rectification.
fn satisfaction(case: &CaseRecord) -> Satisfaction {
    match spread(&form_text(case)) / 100 % 100 {
        0..70 => Satisfaction::VerySatisfied,
        70..90 => Satisfaction::Satisfied,
        90..96 => Satisfaction::FairlySatisfied,
        96..99 => Satisfaction::Dissatisfied,
        _ => Satisfaction::VeryDissatisfied,
    }
}

/// Joins the values of the case's form.
fn form_text(case: &CaseRecord) -> String {
    case.form_data
        .values()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join("\u{1f}")
}

/// Hashes `text` to a number spread evenly over `u64`.
fn spread(text: &str) -> u64 {
    let seed = text.bytes().fold(0xCBF2_9CE4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01B3)
    });
    SplitMix(seed).next_u64()
}
