use std::path::Path;

use super::*;

fn example(name: &str) -> (String, std::path::PathBuf) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../config")
        .join(name);
    (std::fs::read_to_string(&path).unwrap(), path)
}

fn parse(text: &str, env: &[(&str, &str)]) -> Result<Config, ConfigError> {
    let env = env
        .iter()
        .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()));
    Config::parse(text, Path::new("test.toml"), env)
}

#[test]
fn example_configs_parse() {
    let (text, path) = example("hub.example.toml");
    let hub = Config::parse(&text, &path, []).unwrap();
    assert_eq!(hub.role, Role::Hub);
    assert!(hub.hub.is_some());
    assert_eq!(hub.database_url(), "sqlite://data/hub/tongban.sqlite");

    let (text, path) = example("node.example.toml");
    let node = Config::parse(&text, &path, []).unwrap();
    assert_eq!(node.role, Role::Node);
    let section = node.node.unwrap();
    assert_eq!(section.division_code, "440000");
    assert_eq!(section.trust_list_refresh_seconds, 60);
    assert!(!node.session.secure_cookie);
}

#[test]
fn example_passage_sections_are_defaults() {
    for name in ["hub.example.toml", "node.example.toml"] {
        let (text, path) = example(name);
        let config = Config::parse(&text, &path, []).unwrap();
        assert_eq!(config.passage, PassageSection::default(), "{name}");
        assert!(
            text.contains("[passage]"),
            "{name} documents the [passage] section"
        );
    }
}

#[test]
fn passage_lease_must_exceed_timeout() {
    let (text, _) = example("node.example.toml");
    let error = parse(&text, &[("TONGBAN__PASSAGE__LEASE_SECONDS", "10")]).unwrap_err();
    assert!(
        error.to_string().contains("passage.lease_seconds"),
        "{error}"
    );

    let config = parse(&text, &[("TONGBAN__PASSAGE__BACKOFF_BASE_MS", "50")]).unwrap();
    assert_eq!(
        config.passage.settings().backoff_base,
        Duration::from_millis(50)
    );

    let error = parse(&text, &[("TONGBAN__PASSAGE__BATCH_SIZE", "0")]).unwrap_err();
    assert!(error.to_string().contains("passage.batch_size"), "{error}");
}

#[test]
fn unknown_key_is_named() {
    let (text, _) = example("hub.example.toml");
    let text = text.replace("[hub]", "[hub]\nlogin_max_failure = 3");
    let error = parse(&text, &[]).unwrap_err();
    let message = error.to_string();
    assert!(message.contains("login_max_failure"), "{message}");
    assert!(
        error
            .message()
            .render(Lang::ZhCn)
            .contains("login_max_failure")
    );

    let text = example("node.example.toml")
        .0
        .replace("[instance]", "[instance]\nport = 1");
    assert!(parse(&text, &[]).unwrap_err().to_string().contains("port"));
}

#[test]
fn environment_overrides_keys() {
    let (text, _) = example("node.example.toml");
    let config = parse(
        &text,
        &[
            ("TONGBAN__INSTANCE__LISTEN", "127.0.0.1:9999"),
            ("TONGBAN__NODE__TRUST_LIST_REFRESH_SECONDS", "5"),
            (
                "TONGBAN__INSTANCE__DATABASE_URL",
                "postgres://app:hunter2@127.0.0.1/x",
            ),
            ("TONGBAN_LANG", "en"),
        ],
    )
    .unwrap();
    assert_eq!(config.instance.listen.port(), 9999);
    assert_eq!(config.node.as_ref().unwrap().trust_list_refresh_seconds, 5);
    assert_eq!(config.database_url(), "postgres://app:hunter2@127.0.0.1/x");
    let printed = format!("{config:?}");
    assert!(!printed.contains("hunter2"), "{printed}");
}

#[test]
fn unknown_key_from_environment_is_named() {
    let (text, _) = example("hub.example.toml");
    let error = parse(&text, &[("TONGBAN__HUB__NO_SUCH_KEY", "1")]).unwrap_err();
    assert!(error.to_string().contains("no_such_key"));
}

#[test]
fn secrets_never_print() {
    let (text, _) = example("node.example.toml");
    let text = text.replace(
        "# enrolment_token = \"from `tongban hub enroll-node`\"",
        "enrolment_token = \"s3cr3t-token\"",
    );
    let config = parse(&text, &[]).unwrap();
    assert_eq!(
        config
            .node
            .as_ref()
            .unwrap()
            .enrolment_token
            .as_ref()
            .unwrap()
            .expose(),
        "s3cr3t-token"
    );
    assert!(!format!("{config:?}").contains("s3cr3t-token"));
}

#[test]
fn rules_name_the_key() {
    let (text, _) = example("node.example.toml");
    let cases = [
        (text.replace("id = \"gd\"", "id = \"GD\""), "instance.id"),
        (
            text.replace(
                "public_url = \"http://127.0.0.1:8401\"",
                "public_url = \"http://127.0.0.1:8401/\"",
            ),
            "instance.public_url",
        ),
        (
            text.replace("division_code = \"440000\"", "division_code = \"44000\""),
            "node.division_code",
        ),
        (
            text.replace("node_code = \"440000\"", "node_code = \"gd\""),
            "node.node_code",
        ),
        (text.replace("role = \"node\"", "role = \"hub\""), "node"),
        (
            text.replace("kind = \"region\"", "kind = \"county\""),
            "county",
        ),
    ];
    for (text, key) in cases {
        let error = parse(&text, &[]).unwrap_err();
        assert!(error.to_string().contains(key), "{key}: {error}");
    }
}

#[test]
fn trust_list_validity_in_hours_or_seconds() {
    let (text, _) = example("hub.example.toml");
    let hub = parse(&text, &[]).unwrap().hub.unwrap();
    assert_eq!(hub.trust_list_validity(), Duration::from_secs(24 * 3600));
    assert_eq!(
        hub.enrolment_token_validity(),
        Duration::from_secs(24 * 3600)
    );

    let hub = parse(&text, &[("TONGBAN__HUB__TRUST_LIST_VALIDITY_SECONDS", "6")])
        .unwrap()
        .hub
        .unwrap();
    assert_eq!(hub.trust_list_validity(), Duration::from_secs(6));
}

#[test]
fn hub_durations_must_be_positive() {
    let (text, _) = example("hub.example.toml");
    for key in [
        "trust_list_validity_hours",
        "trust_list_validity_seconds",
        "enrolment_token_hours",
    ] {
        let variable = format!("TONGBAN__HUB__{}", key.to_uppercase());
        let error = parse(&text, &[(variable.as_str(), "0")]).unwrap_err();
        assert!(error.to_string().contains(key), "{key}: {error}");
    }
}

#[test]
fn rectification_days_default_and_positive() {
    let (text, _) = example("node.example.toml");
    let config = parse(&text, &[]).unwrap();
    assert_eq!(config.node.unwrap().rectification_days, 15);

    let config = parse(&text, &[("TONGBAN__NODE__RECTIFICATION_DAYS", "5")]).unwrap();
    assert_eq!(config.node.unwrap().rectification_days, 5);

    let error = parse(&text, &[("TONGBAN__NODE__RECTIFICATION_DAYS", "0")]).unwrap_err();
    assert!(
        error.to_string().contains("node.rectification_days"),
        "{error}"
    );
}
