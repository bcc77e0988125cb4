//! The simulated people: generated with valid resident ID numbers, each applying at the node
//! of the province of their household registration.

use tongban_domain::ids::Divisions;
use tongban_services::cases::Applicant;
use tongban_services::data_sharing::population::generate_people;

use super::provinces::Province;
use super::traffic::Person;

/// Generates `count` people from `seed`. A person registered in a province without a node of
/// the simulation applies at the node their number picks.
///
/// # Errors
/// When the division history has no county to register people in.
pub fn generate(
    divisions: &Divisions,
    provinces: &[Province],
    count: usize,
    seed: u64,
) -> anyhow::Result<Vec<Person>> {
    let generated = generate_people(divisions, count, seed)?;
    Ok(generated
        .into_iter()
        .map(|person| {
            let home = provinces
                .iter()
                .position(|province| province.code[..2] == person.resident_id[..2])
                .unwrap_or_else(|| spread_over(&person.resident_id, provinces.len()));
            Person {
                applicant: Applicant {
                    subject: format!("simulated-{}", person.resident_id),
                    name: person.name,
                    id_number: person.resident_id,
                    acting_for: None,
                },
                home,
            }
        })
        .collect())
}

/// Picks an index below `count` from the sequence code of a resident ID number.
fn spread_over(resident_id: &str, count: usize) -> usize {
    let sequence: usize = resident_id
        .get(14..17)
        .and_then(|digits| digits.parse().ok())
        .unwrap_or(0);
    sequence % count.max(1)
}
