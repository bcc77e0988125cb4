//! Fault drills of the passage with real processes: 10,000 pings from 广东 to 浙江 while the
//! hub, or separately the receiving node, is killed with SIGKILL and started again. Every
//! ping must be applied exactly once.
//!
//! The federation is set up by `tongban demo` and then run as one `tongban serve` process
//! per instance, so each can be killed on its own. The drills run one at a time, because
//! each keeps the machine's cores busy.

use std::fs::File;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::{json_of, tongban};

/// Pings per drill.
const PINGS: i64 = 10_000;

/// Pings applied before the kill.
const KILL_AFTER: i64 = 2_000;

/// Maximum time a drill waits for all pings after the restart.
const DELIVERY_TIMEOUT: Duration = Duration::from_secs(150);

/// One drill at a time.
static DRILL: Mutex<()> = Mutex::new(());

/// The `tongban` processes of a drill, killed when it ends, also when it fails.
struct Federation {
    dir: tempfile::TempDir,
    processes: Vec<(String, Child)>,
}

impl Federation {
    /// Sets up the demo federation in a new folder and serves the hub, 广东 and 浙江.
    fn start() -> Federation {
        let dir = tempfile::tempdir().unwrap();
        set_up_demo(dir.path());
        let mut federation = Federation {
            dir,
            processes: Vec::new(),
        };
        for id in ["hub", "gd", "zj"] {
            federation.serve(id);
        }
        federation
    }

    fn config(&self, id: &str) -> PathBuf {
        self.dir.path().join(format!("{id}.toml"))
    }

    fn config_arg(&self, id: &str) -> String {
        self.config(id).display().to_string()
    }

    /// Starts `tongban serve` for instance `id` and waits until it accepts connections.
    fn serve(&mut self, id: &str) {
        let log = File::options()
            .create(true)
            .append(true)
            .open(self.dir.path().join(format!("{id}.log")))
            .unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_tongban"))
            .args(["serve", "--config", &self.config_arg(id)])
            .env("RUST_LOG", "warn")
            // Short leases and backoffs, so a drill takes seconds rather than minutes.
            .env("TONGBAN__PASSAGE__LEASE_SECONDS", "5")
            .env("TONGBAN__PASSAGE__REQUEST_TIMEOUT_SECONDS", "3")
            .env("TONGBAN__PASSAGE__BACKOFF_BASE_MS", "200")
            .env("TONGBAN__PASSAGE__BACKOFF_CAP_SECONDS", "2")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        self.processes.push((id.to_owned(), child));
        wait_for_port(&listen_address(&self.config(id)));
    }

    /// Kills instance `id` with SIGKILL and waits for it to end.
    fn kill(&mut self, id: &str) {
        let index = self
            .processes
            .iter()
            .position(|(name, _)| name == id)
            .unwrap();
        let (_, mut child) = self.processes.remove(index);
        child.kill().unwrap();
        child.wait().unwrap();
    }

    /// Returns `tongban passage status --json` of instance `id`.
    fn status(&self, id: &str) -> serde_json::Value {
        let output = tongban(&[
            "passage",
            "status",
            "--config",
            &self.config_arg(id),
            "--json",
        ]);
        assert!(output.status.success(), "{output:?}");
        json_of(&output)
    }

    /// Returns the pings 浙江 applied from 广东.
    fn pings_at_zj(&self) -> i64 {
        self.status("zj")["pings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|counter| counter["sender"] == "gd")
            .map(|counter| counter["count"].as_i64().unwrap())
            .sum()
    }

    /// Waits until 浙江 applied at least `count` pings or `timeout` passes, and returns the
    /// count then.
    fn wait_for_pings(&self, count: i64, timeout: Duration) -> i64 {
        let deadline = Instant::now() + timeout;
        loop {
            let applied = self.pings_at_zj();
            if applied >= count || Instant::now() >= deadline {
                return applied;
            }
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    /// Sends the pings, kills `victim` after [`KILL_AFTER`], restarts it and checks that
    /// every ping is applied exactly once.
    fn drill(&mut self, victim: &str) {
        // The demo's own set-up sends a few messages of other types; the senders' counts must
        // grow by exactly the pings.
        let earlier: Vec<i64> = ["gd", "hub"]
            .iter()
            .map(|id| {
                let outbox = &self.status(id)["outbox"];
                outbox["delivered"].as_i64().unwrap() + outbox["pending"].as_i64().unwrap()
            })
            .collect();
        let count = PINGS.to_string();
        let output = tongban(&[
            "passage",
            "ping",
            "--config",
            &self.config_arg("gd"),
            "--to",
            "zj",
            "--count",
            &count,
            "--json",
        ]);
        assert!(output.status.success(), "{output:?}");
        assert_eq!(json_of(&output)["enqueued"], PINGS);

        let before_kill = self.wait_for_pings(KILL_AFTER, DELIVERY_TIMEOUT);
        assert!(
            before_kill >= KILL_AFTER,
            "only {before_kill} pings before the kill"
        );
        self.kill(victim);
        std::thread::sleep(Duration::from_secs(1));
        self.serve(victim);

        let applied = self.wait_for_pings(PINGS, DELIVERY_TIMEOUT);
        assert_eq!(
            applied, PINGS,
            "pings applied at 浙江 after {victim} was killed"
        );
        // Repeats still in flight would show up within a few of the short retry delays.
        std::thread::sleep(Duration::from_secs(3));
        assert_eq!(self.pings_at_zj(), PINGS, "no ping is applied twice");

        let zj = self.status("zj");
        assert_eq!(zj["inbox"]["applied"], PINGS, "{zj}");
        assert_eq!(zj["inbox"]["stale"], 0, "{zj}");
        assert_eq!(zj["inbox"]["waiting"], 0, "{zj}");
        for (id, earlier) in ["gd", "hub"].into_iter().zip(earlier) {
            let status = self.status(id);
            let delivered = status["outbox"]["delivered"].as_i64().unwrap();
            assert_eq!(delivered - earlier, PINGS, "{id}: {status}");
            assert_eq!(status["outbox"]["pending"], 0, "{id}: {status}");
            assert_eq!(status["outbox"]["dead"], 0, "{id}: {status}");
        }
        for id in ["hub", "gd", "zj"] {
            let output = tongban(&["evidence", "verify", "--config", &self.config_arg(id)]);
            assert!(output.status.success(), "{id}: {output:?}");
        }
    }
}

impl Drop for Federation {
    fn drop(&mut self) {
        for (_, child) in &mut self.processes {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Runs `tongban demo` in `dir` until its first start is done, then stops it.
pub fn set_up_demo(dir: &Path) {
    let mut demo = Command::new(env!("CARGO_BIN_EXE_tongban"))
        .args(["demo", "--base-port", "0", "--data-dir"])
        .arg(dir)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while !dir.join("demo-initialized").exists() {
        if Instant::now() >= deadline || demo.try_wait().unwrap().is_some() {
            let _ = demo.kill();
            panic!("the demo did not finish its first start");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    demo.kill().unwrap();
    demo.wait().unwrap();
}

/// Returns the `listen` address of the configuration at `path`.
pub fn listen_address(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let line = text
        .lines()
        .find(|line| line.starts_with("listen = "))
        .unwrap();
    line.trim_start_matches("listen = ")
        .trim_matches('"')
        .to_owned()
}

pub fn wait_for_port(address: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while TcpStream::connect(address).is_err() {
        assert!(Instant::now() < deadline, "nothing listens on {address}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn hub_killed_mid_flow_loses_nothing() {
    let _one_at_a_time = DRILL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut federation = Federation::start();
    federation.drill("hub");
}

#[test]
fn receiver_killed_mid_flow_loses_nothing() {
    let _one_at_a_time = DRILL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut federation = Federation::start();
    federation.drill("zj");
}
