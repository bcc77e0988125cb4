//! `tongban simulate` with a few nodes for a few seconds: people apply, also across
//! provinces, clerks decide, people rate, and every message is applied exactly once.

use crate::{json_of, tongban};

#[test]
fn simulate_loses_and_repeats_nothing() {
    let root = tempfile::tempdir().unwrap();
    let data_dir = root.path().join("simulation");
    let output = tongban(&[
        "simulate",
        "--nodes",
        "3",
        "--people",
        "60",
        "--rate",
        "6",
        "--duration",
        "5",
        "--settle",
        "90",
        "--data-dir",
        data_dir.to_str().unwrap(),
        "--json",
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let report = json_of(&output);
    assert!(output.status.success(), "{report:#}\n{stderr}");

    let submitted = report["submitted"].as_u64().unwrap();
    assert!(submitted >= 10, "{report:#}");
    assert_eq!(report["closed"].as_u64(), Some(submitted), "{report:#}");
    assert_eq!(report["rated"].as_u64(), Some(submitted), "{report:#}");
    assert_eq!(report["errors"], 0, "{report:#}");
    assert_eq!(report["settled"], true, "{report:#}");

    let steps: Vec<&str> = report["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|step| step["step"].as_str().unwrap())
        .collect();
    for step in [
        "apply", "forward", "accept", "review", "approve", "close", "rate",
    ] {
        assert!(steps.contains(&step), "no {step} in {steps:?}");
    }

    let messages = &report["messages"];
    assert!(messages["sent"].as_u64().unwrap() > submitted, "{messages}");
    assert_eq!(messages["sent"], messages["applied"], "{messages}");
    assert_eq!(messages["lost"], 0, "{messages}");
    assert_eq!(messages["duplicated"], 0, "{messages}");
    assert_eq!(messages["dead"], 0, "{messages}");
    assert!(report["rss_peak_mib"].as_f64().unwrap() > 0.0, "{report:#}");

    // Each node and the hub kept its own database in the folder named.
    for id in ["hub", "bj", "tj", "he"] {
        assert!(data_dir.join(id).join("tongban.sqlite").exists(), "{id}");
    }
}

#[test]
fn simulate_rejects_used_folder_and_too_many_nodes() {
    let root = tempfile::tempdir().unwrap();
    let output = tongban(&[
        "simulate",
        "--data-dir",
        root.path().to_str().unwrap(),
        "--duration",
        "1",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("exists already"), "{stderr}");
    assert_eq!(
        std::fs::read_dir(root.path()).unwrap().count(),
        0,
        "nothing written"
    );

    let output = tongban(&["simulate", "--nodes", "32"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--nodes"), "{stderr}");
}

#[test]
fn simulate_reports_after_ctrl_c_and_cleans_up() {
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_tongban"))
        .args([
            "simulate",
            "--nodes",
            "2",
            "--people",
            "20",
            "--rate",
            "4",
            "--duration",
            "120",
            "--json",
        ])
        .env("TONGBAN_LANG", "en")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let folder = std::env::temp_dir().join(format!("tongban-simulate-{}", child.id()));
    let started = std::time::Instant::now();
    while !folder.join("hub.toml").exists() && started.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    // Some applications arrive before the interrupt.
    std::thread::sleep(std::time::Duration::from_secs(8));
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());

    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let report = json_of(&output);
    assert!(output.status.success(), "{report:#}\n{stderr}");
    assert_eq!(report["stopped_early"], true, "{report:#}");
    assert!(report["duration_s"].as_f64().unwrap() < 60.0, "{report:#}");
    assert!(report["submitted"].as_u64().unwrap() > 0, "{report:#}");
    assert_eq!(report["messages"]["lost"], 0, "{report:#}");
    assert!(!folder.exists(), "{} was left behind", folder.display());
}
