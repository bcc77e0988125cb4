//! Registering natural persons and operators, and logging in with lockout.

use std::time::Duration as StdDuration;

use chrono::Duration;
use tongban_domain::time::today_in_china;
use tongban_services::ServiceError;
use tongban_services::accounts::{
    self, AccountType, AssuranceLevel, LoginOutcome, LoginPolicy, NewOperator, Registration, Role,
    field,
};
use tongban_store::Store;
use tongban_store::audit::list_events;

use crate::support::{divisions, register, registration, resident_id};

fn policy() -> LoginPolicy {
    LoginPolicy {
        max_failures: 3,
        window: Duration::minutes(15),
        lockout: Duration::minutes(15),
    }
}

async fn log_in(
    store: &Store,
    identifier: &str,
    password: &str,
    policy: &LoginPolicy,
) -> LoginOutcome {
    accounts::log_in(store, divisions(), identifier, password, policy)
        .await
        .expect("login runs")
}

fn invalid_fields(
    result: Result<accounts::Account, ServiceError>,
) -> Vec<(&'static str, &'static str)> {
    match result {
        Err(ServiceError::Invalid(errors)) => errors
            .iter()
            .map(|error| (error.field, error.message.key()))
            .collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[tokio::test]
async fn registered_person_logs_in_by_id_or_phone() {
    for database in tongban_testkit::each_backend().await {
        let backend = database.backend_name();
        let store = Store::connect(database.url()).await.unwrap();

        let account = register(&store, 1).await;
        assert_eq!(
            account.account_type,
            AccountType::NaturalPerson,
            "{backend}"
        );
        assert_eq!(
            account.assurance_level,
            AssuranceLevel::SelfAsserted,
            "{backend}"
        );
        assert_eq!(account.role, Role::User, "{backend}");
        assert_eq!(
            account.resident_id.as_deref(),
            Some(resident_id(1).as_str())
        );

        let lowercase_x_spaced = format!(" {} ", resident_id(1).to_lowercase());
        for identifier in [
            resident_id(1),
            lowercase_x_spaced,
            "138 0000 0001".to_owned(),
        ] {
            let outcome = log_in(&store, &identifier, "correct horse battery", &policy()).await;
            assert_eq!(
                outcome,
                LoginOutcome::LoggedIn(account.clone()),
                "{backend}: {identifier:?}"
            );
        }
        let outcome = log_in(&store, &resident_id(1), "wrong password", &policy()).await;
        assert_eq!(outcome, LoginOutcome::Rejected, "{backend}");
        let outcome = log_in(&store, &resident_id(2), "correct horse battery", &policy()).await;
        assert_eq!(outcome, LoginOutcome::Rejected, "{backend}: unknown person");

        let events = list_events(store.pool(), &account.subject(), 20)
            .await
            .unwrap();
        let actions: Vec<&str> = events.iter().map(|event| event.action.as_str()).collect();
        assert_eq!(
            actions,
            [
                "account.log_in_failed",
                "account.log_in",
                "account.log_in",
                "account.log_in",
                "account.register"
            ],
            "{backend}"
        );
    }
}

#[tokio::test]
async fn each_registration_rule_names_its_field() {
    for database in tongban_testkit::each_backend().await {
        let backend = database.backend_name();
        let store = Store::connect(database.url()).await.unwrap();
        register(&store, 1).await;

        let valid = registration(2);
        let mut bad_check = resident_id(2);
        bad_check.pop();
        bad_check.push(if resident_id(2).ends_with('0') {
            '1'
        } else {
            '0'
        });
        let cases: Vec<(Registration, Vec<(&str, &str)>)> = vec![
            (
                Registration {
                    name: " ".to_owned(),
                    ..valid.clone()
                },
                vec![(field::NAME, "account-name-missing")],
            ),
            (
                Registration {
                    resident_id: String::new(),
                    ..valid.clone()
                },
                vec![(field::RESIDENT_ID, "resident-empty")],
            ),
            (
                Registration {
                    resident_id: bad_check,
                    ..valid.clone()
                },
                vec![(field::RESIDENT_ID, "resident-check-character")],
            ),
            (
                Registration {
                    resident_id: resident_id(1),
                    ..valid.clone()
                },
                vec![(field::RESIDENT_ID, "account-resident-id-taken")],
            ),
            (
                Registration {
                    phone: String::new(),
                    ..valid.clone()
                },
                vec![(field::PHONE, "account-phone-missing")],
            ),
            (
                Registration {
                    phone: "12345".to_owned(),
                    ..valid.clone()
                },
                vec![(field::PHONE, "account-phone-format")],
            ),
            (
                Registration {
                    phone: "13800000001".to_owned(),
                    ..valid.clone()
                },
                vec![(field::PHONE, "account-phone-taken")],
            ),
            (
                Registration {
                    password: "short".to_owned(),
                    password_confirmation: "short".to_owned(),
                    ..valid.clone()
                },
                vec![(field::PASSWORD, "account-password-too-short")],
            ),
            (
                Registration {
                    password: resident_id(2),
                    password_confirmation: resident_id(2),
                    ..valid.clone()
                },
                vec![(field::PASSWORD, "account-password-is-resident-id")],
            ),
            (
                Registration {
                    password: valid.phone.clone(),
                    password_confirmation: valid.phone.clone(),
                    ..valid.clone()
                },
                vec![(field::PASSWORD, "account-password-is-phone")],
            ),
            (
                Registration {
                    password_confirmation: "something else".to_owned(),
                    ..valid.clone()
                },
                vec![(field::PASSWORD_CONFIRMATION, "account-password-mismatch")],
            ),
            (
                Registration {
                    name: String::new(),
                    phone: "1".to_owned(),
                    ..valid.clone()
                },
                vec![
                    (field::NAME, "account-name-missing"),
                    (field::PHONE, "account-phone-format"),
                ],
            ),
        ];
        for (registration, expected) in cases {
            let result = accounts::register_natural_person(
                &store,
                divisions(),
                &registration,
                today_in_china(),
            )
            .await;
            assert_eq!(
                invalid_fields(result),
                expected,
                "{backend}: {registration:?}"
            );
        }

        let account =
            accounts::register_natural_person(&store, divisions(), &valid, today_in_china())
                .await
                .unwrap();
        assert_eq!(account.phone.as_deref(), Some("13800000002"), "{backend}");
    }
}

#[tokio::test]
async fn failures_lock_and_lock_passes() {
    for database in tongban_testkit::each_backend().await {
        let backend = database.backend_name();
        let store = Store::connect(database.url()).await.unwrap();
        let account = register(&store, 1).await;
        let short = LoginPolicy {
            max_failures: 3,
            window: Duration::minutes(15),
            lockout: Duration::seconds(2),
        };

        for attempt in 1..3 {
            let outcome = log_in(&store, &resident_id(1), "wrong password", &short).await;
            assert_eq!(
                outcome,
                LoginOutcome::Rejected,
                "{backend}: attempt {attempt}"
            );
        }
        // The third failure locks; the phone number names the same account, so it is locked
        // too, and even the right password is not tried.
        let third = log_in(&store, &resident_id(1), "wrong password", &short).await;
        let LoginOutcome::Locked { until } = third else {
            panic!("{backend}: third failure should lock, got {third:?}");
        };
        let by_phone = log_in(&store, "13800000001", "correct horse battery", &short).await;
        assert_eq!(by_phone, LoginOutcome::Locked { until }, "{backend}");

        let wait = (until - chrono::Utc::now()).to_std().unwrap_or_default();
        tokio::time::sleep(wait + StdDuration::from_millis(100)).await;
        let after = log_in(&store, "13800000001", "correct horse battery", &short).await;
        assert_eq!(
            after,
            LoginOutcome::LoggedIn(account.clone()),
            "{backend}: lock passed"
        );

        let events = list_events(store.pool(), &account.subject(), 20)
            .await
            .unwrap();
        let actions: Vec<&str> = events.iter().map(|event| event.action.as_str()).collect();
        assert!(actions.contains(&"account.lock"), "{backend}: {actions:?}");
        let locked_attempt = events.iter().find(|event| {
            event
                .details
                .as_ref()
                .and_then(|details| details.get("reason"))
                == Some(&serde_json::json!("locked"))
        });
        assert!(
            locked_attempt.is_some(),
            "{backend}: attempt during the lock audited"
        );
    }
}

#[tokio::test]
async fn unknown_identifier_locks_like_an_account() {
    for database in tongban_testkit::each_backend().await {
        let backend = database.backend_name();
        let store = Store::connect(database.url()).await.unwrap();
        let mut outcomes = Vec::new();
        for _ in 0..3 {
            outcomes.push(log_in(&store, &resident_id(9), "whatever1", &policy()).await);
        }
        assert_eq!(
            outcomes[..2],
            [LoginOutcome::Rejected, LoginOutcome::Rejected],
            "{backend}"
        );
        assert!(
            matches!(outcomes[2], LoginOutcome::Locked { .. }),
            "{backend}: {:?}",
            outcomes[2]
        );
        let events = list_events(store.pool(), "login/", 10).await.unwrap();
        assert!(
            events
                .iter()
                .all(|event| !event.subject.contains(&resident_id(9))),
            "{backend}: the typed number stays out of the audit trail"
        );
    }
}

#[tokio::test]
async fn admin_logs_in_with_login_name() {
    for database in tongban_testkit::each_backend().await {
        let backend = database.backend_name();
        let store = Store::connect(database.url()).await.unwrap();
        let operator = NewOperator {
            login_name: "Admin".to_owned(),
            name: "平台管理员".to_owned(),
            password: "operator password".to_owned(),
        };
        let admin = accounts::create_admin(&store, &operator, "cli:root")
            .await
            .unwrap();
        assert_eq!(admin.role, Role::Admin, "{backend}");
        assert_eq!(admin.account_type, AccountType::Operator, "{backend}");
        assert_eq!(admin.login_name.as_deref(), Some("admin"), "{backend}");

        let outcome = log_in(&store, "admin", "operator password", &policy()).await;
        assert_eq!(outcome, LoginOutcome::LoggedIn(admin.clone()), "{backend}");

        let again = accounts::create_admin(&store, &operator, "cli:root").await;
        assert_eq!(
            invalid_fields(again),
            [(field::LOGIN_NAME, "account-login-name-taken")],
            "{backend}"
        );
        let bad = NewOperator {
            login_name: "13800000001".to_owned(),
            password: "short".to_owned(),
            ..operator.clone()
        };
        assert_eq!(
            invalid_fields(accounts::create_admin(&store, &bad, "cli:root").await),
            [
                (field::LOGIN_NAME, "account-login-name-format"),
                (field::PASSWORD, "account-password-too-short")
            ],
            "{backend}"
        );
    }
}

#[tokio::test]
async fn role_change_is_audited() {
    for database in tongban_testkit::each_backend().await {
        let backend = database.backend_name();
        let store = Store::connect(database.url()).await.unwrap();
        let person = register(&store, 1).await;
        assert!(
            accounts::set_role(&store, &person.id, Role::Admin, "cli:root", "duty officer")
                .await
                .unwrap(),
            "{backend}"
        );
        let found = accounts::find_account(&store, &person.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(found.role, Role::Admin, "{backend}");
        assert!(
            !accounts::set_role(&store, "nobody", Role::Admin, "cli:root", "x")
                .await
                .unwrap(),
            "{backend}"
        );
        let events = list_events(store.pool(), &person.subject(), 1)
            .await
            .unwrap();
        assert_eq!(events[0].action, "account.set_role", "{backend}");
        assert_eq!(
            events[0].reason.as_deref(),
            Some("duty officer"),
            "{backend}"
        );
    }
}
