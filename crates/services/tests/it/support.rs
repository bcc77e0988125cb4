//! Helpers shared by the use-case tests.

use std::sync::OnceLock;

use tongban_domain::ids::Divisions;
use tongban_domain::ids::iso7064::mod_11_2_check;
use tongban_services::accounts::{self, Account, Registration};
use tongban_store::Store;

/// Returns the division history from the reference data, loaded once per test binary.
pub fn divisions() -> &'static Divisions {
    static DIVISIONS: OnceLock<Divisions> = OnceLock::new();
    DIVISIONS.get_or_init(|| {
        tongban_refdata::ReferenceData::locate(None)
            .expect("reference data directory")
            .divisions()
            .expect("division history")
    })
}

/// Returns a valid resident ID number of a person born in Beijing's Chaoyang district on
/// 1990-01-01, with sequence number `sequence` (1 to 999).
pub fn resident_id(sequence: u32) -> String {
    let body = format!("11010519900101{sequence:03}");
    let check = mod_11_2_check(body.as_bytes()).expect("17 digits");
    format!("{body}{}", char::from(check))
}

/// Returns a valid registration whose ID number and phone number derive from `sequence`.
pub fn registration(sequence: u32) -> Registration {
    Registration {
        name: "李四".to_owned(),
        resident_id: resident_id(sequence),
        phone: format!("1380000{sequence:04}"),
        password: "correct horse battery".to_owned(),
        password_confirmation: "correct horse battery".to_owned(),
    }
}

/// Registers the person of `registration(sequence)`.
pub async fn register(store: &Store, sequence: u32) -> Account {
    accounts::register_natural_person(
        store,
        divisions(),
        &registration(sequence),
        tongban_domain::time::today_in_china(),
    )
    .await
    .expect("registration succeeds")
}
