//! Cases at the demo's 浙江 node over HTTP, as a browser and as API clients use them: people
//! registered at the hub apply, the demo clerk handles, on one demo federation that every test
//! of this module shares.
//!
//! The case steps of the demo nodes run on a clock fixed to Monday 2026-03-02 10:00 in
//! Asia/Shanghai. The time limits then fall on days the holiday calendar covers, and the dates
//! asserted do not depend on the day the tests run. Tests that assert dates or move the clock
//! hold [`clock_lock`] throughout.

mod access;
mod api;
mod certificates;
mod crossing;
pub(crate) mod flows;
pub(crate) mod index;
mod lending;
mod one_step;
mod pages;
pub mod support;
mod uploads;

use std::sync::OnceLock;
use std::sync::mpsc;

use chrono::{NaiveDate, TimeZone};
use tokio::sync::{Mutex, MutexGuard};
use tongban_node::CaseClock;
use tongban_server::demo::{Demo, DemoOptions};

/// The shared demo: addresses, the clerks' passwords and the clocks of the nodes' cases.
pub struct CasesDemo {
    pub hub: String,
    pub gd: String,
    pub zj: String,
    pub zj_clerk_password: String,
    pub gd_clerk_password: String,
    pub mps: String,
    pub mps_clerk_password: String,
    pub zj_clock: CaseClock,
    pub gd_clock: CaseClock,
}

/// Prefix of the demo folders under the target directory's `tmp` folder.
const FOLDER_PREFIX: &str = "cases-demo";

/// The first day of every walk.
pub const FIRST_DAY: &str = "2026-03-02";

/// Starts the demo on first use and returns it, with the nodes' case clocks at [`FIRST_DAY`]
/// 10:00.
///
/// The demo runs on a runtime of its own thread, because each test has its own runtime and
/// the servers must outlive every one of them. It runs until the test process exits; the next
/// run deletes folders older than an hour.
pub fn demo() -> &'static CasesDemo {
    static DEMO: OnceLock<CasesDemo> = OnceLock::new();
    DEMO.get_or_init(|| {
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                support::delete_stale_folders(FOLDER_PREFIX);
                let folder = tempfile::Builder::new()
                    .prefix(FOLDER_PREFIX)
                    .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
                    .unwrap()
                    .keep();
                let options = DemoOptions {
                    data_dir: folder,
                    base_port: 0,
                    reference_data: None,
                };
                let demo = Demo::start(&options).await.unwrap();
                wait_for_mutual_trust(&demo).await;
                let instance = |id: &str| {
                    demo.instances
                        .iter()
                        .find(|instance| instance.id == id)
                        .unwrap()
                };
                let password = |login: &str| {
                    demo.first_start
                        .as_ref()
                        .unwrap()
                        .accounts
                        .iter()
                        .find(|account| account.login == login)
                        .unwrap()
                        .password
                        .clone()
                };
                for id in ["gd", "zj"] {
                    instance(id)
                        .case_clock
                        .as_ref()
                        .unwrap()
                        .fix(at(FIRST_DAY, 10));
                }
                sender
                    .send(CasesDemo {
                        hub: instance("hub").local_url(),
                        gd: instance("gd").local_url(),
                        zj: instance("zj").local_url(),
                        zj_clerk_password: password("zj-clerk"),
                        gd_clerk_password: password("gd-clerk"),
                        mps: instance("mps").local_url(),
                        mps_clerk_password: password("mps-clerk"),
                        zj_clock: instance("zj").case_clock.clone().unwrap(),
                        gd_clock: instance("gd").case_clock.clone().unwrap(),
                    })
                    .unwrap();
                std::future::pending::<()>().await;
            });
        });
        receiver
            .recv()
            .expect("the shared demo failed to start; its thread's panic is printed above")
    })
}

/// Waits until the 广东 and 浙江 nodes list each other in their trust lists, at most a
/// minute. A node accepts envelopes only from nodes its cached trust list lists, and the node
/// that enrolled first learns of the other only at its next fetch, up to 30 s later.
async fn wait_for_mutual_trust(demo: &Demo) {
    let store = |id: &str| {
        demo.instances
            .iter()
            .find(|instance| instance.id == id)
            .unwrap()
            .store
            .clone()
    };
    let (gd, zj) = (store("gd"), store("zj"));
    let trusted = crate::support::eventually(std::time::Duration::from_secs(60), || async {
        let now = chrono::Utc::now();
        let gd_trusts_zj = tongban_services::federation::trusted_node(&gd, "zj", now).await;
        let zj_trusts_gd = tongban_services::federation::trusted_node(&zj, "gd", now).await;
        matches!((gd_trusts_zj, zj_trusts_gd), (Ok(Some(_)), Ok(Some(_))))
    })
    .await;
    assert!(
        trusted,
        "the demo nodes never listed each other in their trust lists"
    );
}

/// Returns `hour`:00 on `day` in Asia/Shanghai.
pub fn at(day: &str, hour: u32) -> chrono::DateTime<chrono::Utc> {
    let date = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
    tongban_domain::time::CHINA_STANDARD_TIME
        .from_local_datetime(&date.and_hms_opt(hour, 0, 0).unwrap())
        .single()
        .unwrap()
        .to_utc()
}

/// Holds the case clock of the demo for one test, at [`FIRST_DAY`] until the test moves it,
/// and puts it back there when dropped.
pub struct ClockGuard {
    _turn: MutexGuard<'static, ()>,
}

impl ClockGuard {
    /// Moves the clock of the 浙江 node's cases to 10:00 on `day`.
    pub fn set(&self, day: &str) {
        demo().zj_clock.fix(at(day, 10));
    }
}

impl Drop for ClockGuard {
    fn drop(&mut self) {
        demo().zj_clock.fix(at(FIRST_DAY, 10));
    }
}

/// Waits for the clock and returns it at [`FIRST_DAY`].
pub async fn clock_lock() -> ClockGuard {
    static TURN: Mutex<()> = Mutex::const_new(());
    let turn = TURN.lock().await;
    demo().zj_clock.fix(at(FIRST_DAY, 10));
    ClockGuard { _turn: turn }
}
