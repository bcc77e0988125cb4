//! Legal persons, their agents' mandates, and choosing whom to act for.

use tongban_services::ServiceError;
use tongban_services::accounts::{self, NewOperator};
use tongban_services::legal_persons::{self, LegalPersonForm, field};
use tongban_store::Store;
use tongban_store::audit::list_events;

use crate::support::{divisions, register};

/// Valid credit codes from the GB 32100 test vectors of the reference data.
const COMPANY: &str = "9136020068H899240K";
const OTHER_COMPANY: &str = "91360403MAXE01NRX3";

fn form(credit_code: &str, name: &str) -> LegalPersonForm {
    LegalPersonForm {
        credit_code: credit_code.to_owned(),
        name: name.to_owned(),
    }
}

fn field_errors(error: ServiceError) -> Vec<(&'static str, &'static str)> {
    match error {
        ServiceError::Invalid(errors) => errors
            .iter()
            .map(|error| (error.field, error.message.key()))
            .collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[tokio::test]
async fn registering_agent_holds_first_mandate() {
    for database in tongban_testkit::each_backend().await {
        let backend = database.backend_name();
        let store = Store::connect(database.url()).await.unwrap();
        let agent = register(&store, 1).await;

        let lowercase = COMPANY.to_lowercase();
        let legal_person = legal_persons::register_legal_person(
            &store,
            divisions(),
            &agent,
            &form(&lowercase, " 景德镇某某有限公司 "),
        )
        .await
        .unwrap();
        assert_eq!(legal_person.credit_code, COMPANY, "{backend}");
        assert_eq!(legal_person.name, "景德镇某某有限公司", "{backend}");

        let mandates = legal_persons::list_mandates(&store, &agent.id)
            .await
            .unwrap();
        assert_eq!(mandates.len(), 1, "{backend}");
        assert_eq!(mandates[0].legal_person, legal_person, "{backend}");
        assert_eq!(mandates[0].granted_by, agent.actor(), "{backend}");

        let events = list_events(store.pool(), &legal_persons::subject(COMPANY), 5)
            .await
            .unwrap();
        assert_eq!(events[0].action, "legal_person.register", "{backend}");
    }
}

#[tokio::test]
async fn legal_person_rules_name_their_field() {
    for database in tongban_testkit::each_backend().await {
        let backend = database.backend_name();
        let store = Store::connect(database.url()).await.unwrap();
        let agent = register(&store, 1).await;
        legal_persons::register_legal_person(&store, divisions(), &agent, &form(COMPANY, "甲公司"))
            .await
            .unwrap();

        let cases = [
            (
                form("91360403MAXE01NRX", "乙公司"),
                vec![(field::CREDIT_CODE, "uscc-length")],
            ),
            (
                form("91360403MAXE01NRX4", "乙公司"),
                vec![(field::CREDIT_CODE, "uscc-check-character")],
            ),
            (
                form(OTHER_COMPANY, ""),
                vec![(field::NAME, "legal-person-name-missing")],
            ),
            (
                form(COMPANY, "甲公司"),
                vec![(field::CREDIT_CODE, "legal-person-taken")],
            ),
        ];
        for (form, expected) in cases {
            let error = legal_persons::register_legal_person(&store, divisions(), &agent, &form)
                .await
                .unwrap_err();
            assert_eq!(field_errors(error), expected, "{backend}: {form:?}");
        }

        let operator = NewOperator {
            login_name: "ops".to_owned(),
            name: "运维".to_owned(),
            password: "operator password".to_owned(),
        };
        let admin = accounts::create_admin(&store, &operator, "test")
            .await
            .unwrap();
        let error = legal_persons::register_legal_person(
            &store,
            divisions(),
            &admin,
            &form(OTHER_COMPANY, "乙公司"),
        )
        .await
        .unwrap_err();
        assert!(
            matches!(error, ServiceError::NotAllowed(_)),
            "{backend}: {error}"
        );
    }
}

#[tokio::test]
async fn acting_for_needs_a_mandate_in_force() {
    for database in tongban_testkit::each_backend().await {
        let backend = database.backend_name();
        let store = Store::connect(database.url()).await.unwrap();
        let agent = register(&store, 1).await;
        let colleague = register(&store, 2).await;
        let company = legal_persons::register_legal_person(
            &store,
            divisions(),
            &agent,
            &form(COMPANY, "甲公司"),
        )
        .await
        .unwrap();

        let chosen = legal_persons::choose_acting_for(&store, &agent, Some(COMPANY))
            .await
            .unwrap();
        assert_eq!(chosen.as_ref(), Some(&company), "{backend}");
        let myself = legal_persons::choose_acting_for(&store, &agent, None)
            .await
            .unwrap();
        assert_eq!(myself, None, "{backend}");
        let refused = legal_persons::choose_acting_for(&store, &colleague, Some(COMPANY)).await;
        assert!(
            matches!(refused, Err(ServiceError::NotAllowed(_))),
            "{backend}"
        );

        // The first agent makes the colleague an agent too, then the mandate is revoked.
        legal_persons::grant_mandate(&store, &agent, COMPANY, &colleague.id)
            .await
            .unwrap();
        let again = legal_persons::grant_mandate(&store, &agent, COMPANY, &colleague.id)
            .await
            .unwrap_err();
        assert_eq!(
            field_errors(again),
            [(field::CREDIT_CODE, "legal-person-mandate-exists")]
        );
        let by_outsider =
            legal_persons::grant_mandate(&store, &colleague, OTHER_COMPANY, &agent.id).await;
        assert!(
            matches!(by_outsider, Err(ServiceError::NotAllowed(_))),
            "{backend}"
        );

        let chosen = legal_persons::choose_acting_for(&store, &colleague, Some(COMPANY))
            .await
            .unwrap();
        assert_eq!(chosen.as_ref(), Some(&company), "{backend}");
        assert!(
            legal_persons::revoke_mandate(
                &store,
                &colleague.id,
                COMPANY,
                &agent.actor(),
                "left the company"
            )
            .await
            .unwrap(),
            "{backend}"
        );
        let in_force = legal_persons::mandate_in_force(&store, &colleague.id, COMPANY)
            .await
            .unwrap();
        assert_eq!(in_force, None, "{backend}");
    }
}
