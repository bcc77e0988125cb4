//! The population registry of the ministry node: generated people with valid, synthetic
//! resident ID numbers, never real persons.
//!
//! A person's number starts with a county code that was in use in their birth year, by the
//! GB/T 2260 history of the reference data. Their birth date, a sequence number whose parity
//! gives the sex, and the ISO 7064 MOD 11-2 check character follow. The same seed always yields the same people, so
//! the demo and the tests know who is in the registry.

use chrono::{Datelike, Duration, NaiveDate, Utc};
use tongban_domain::ids::iso7064::mod_11_2_check;
use tongban_domain::ids::{
    DivisionLevel, DivisionStatus, Divisions, InputMode, RegionPolicy, ResidentId, Sex,
};
use tongban_store::Store;
use tongban_store::data_sharing::population::{self as stored, RegistryPerson};

use super::DataSharingError;

/// The seed the demo generates its registry with.
pub const DEMO_SEED: u64 = 20_261_206;

/// Size of the demo's registry.
pub const DEMO_SIZE: usize = 300;

/// Family names the generator draws from.
const FAMILY_NAMES: [&str; 24] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "高", "郑", "梁", "谢", "宋",
];

/// Characters of given names the generator draws one or two of.
const GIVEN_NAME_CHARACTERS: [&str; 32] = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀", "霞", "平", "刚", "桂", "英", "华", "文", "玉", "兰", "建", "国", "春", "海", "云",
];

/// Resident ID numbers with this prefix are left out, because the tests register made-up
/// people with it who must not be in the registry.
const RESERVED_PREFIX: &str = "33010619900101";

/// A deterministic 64-bit generator (SplitMix64): fast, and the same on every platform.
#[derive(Debug, Clone)]
pub struct SplitMix(pub u64);

impl SplitMix {
    /// Returns the next number.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Returns a number below `bound`, which must be positive.
    pub fn below(&mut self, bound: usize) -> usize {
        let bound = u64::try_from(bound).unwrap_or(u64::MAX).max(1);
        usize::try_from(self.next_u64() % bound).unwrap_or(0)
    }
}

/// Generates `count` distinct people from `seed`, born between 1950 and 2005, registered in
/// county-level divisions of `divisions` that are still in use.
///
/// # Errors
/// [`DataSharingError::Invalid`] when `divisions` has no county in use.
pub fn generate_people(
    divisions: &Divisions,
    count: usize,
    seed: u64,
) -> Result<Vec<RegistryPerson>, DataSharingError> {
    let mut counties: Vec<_> = divisions
        .records()
        .iter()
        .filter(|record| {
            record.level == DivisionLevel::County
                && record.status == DivisionStatus::Active
                && record.end_year.is_none()
        })
        .collect();
    counties.sort_by_key(|record| record.code.value());
    counties.dedup_by_key(|record| record.code.value());
    if counties.is_empty() {
        return Err(DataSharingError::Invalid(
            "the division codes have no county in use".to_owned(),
        ));
    }

    let today = Utc::now().date_naive();
    let first_day = NaiveDate::from_ymd_opt(1950, 1, 1).unwrap_or_default();
    let days = (NaiveDate::from_ymd_opt(2005, 12, 31).unwrap_or_default() - first_day).num_days();
    let mut random = SplitMix(seed);
    let mut people: Vec<RegistryPerson> = Vec::with_capacity(count);
    let mut taken = std::collections::HashSet::new();
    // Each try yields a valid person almost always; the bound only stops a pathological
    // division list from looping forever.
    let mut tries = 0;
    while people.len() < count && tries < count * 50 {
        tries += 1;
        let county = counties[random.below(counties.len())];
        let offset = i64::try_from(random.below(usize::try_from(days).unwrap_or(1))).unwrap_or(0);
        let birth_date = first_day + Duration::days(offset);
        if !county.in_use_in(birth_date.year(), divisions.first_year()) {
            continue;
        }
        let sequence = 1 + random.below(999);
        let body = format!(
            "{:06}{}{sequence:03}",
            county.code.value(),
            birth_date.format("%Y%m%d")
        );
        let Some(check) = mod_11_2_check(body.as_bytes()) else {
            continue;
        };
        let number = format!("{body}{}", char::from(check));
        if number.starts_with(RESERVED_PREFIX) || !taken.insert(number.clone()) {
            continue;
        }
        let Ok(id) = ResidentId::parse(
            &number,
            InputMode::Strict,
            divisions,
            today,
            RegionPolicy::default(),
        ) else {
            continue;
        };
        people.push(RegistryPerson {
            resident_id: id.as_str().to_owned(),
            name: generate_name(&mut random),
            birth_date: birth_date.format("%Y-%m-%d").to_string(),
            sex: match id.sex() {
                Sex::Male => "male",
                Sex::Female => "female",
            }
            .to_owned(),
            household_division: format!("{:06}", county.code.value()),
        });
    }
    Ok(people)
}

fn generate_name(random: &mut SplitMix) -> String {
    let mut name = String::from(FAMILY_NAMES[random.below(FAMILY_NAMES.len())]);
    let given = 1 + random.below(2);
    for _ in 0..given {
        name.push_str(GIVEN_NAME_CHARACTERS[random.below(GIVEN_NAME_CHARACTERS.len())]);
    }
    name
}

/// Stores `people` in the registry, skipping numbers it has; returns how many were added.
///
/// # Errors
/// [`DataSharingError::Store`] when the database fails.
pub async fn seed_registry(
    store: &Store,
    people: &[RegistryPerson],
) -> Result<u64, DataSharingError> {
    let now = Utc::now();
    let mut transaction = store.begin().await?;
    let mut added = 0;
    for person in people {
        if stored::insert_person(&mut *transaction, person, now).await? {
            added += 1;
        }
    }
    tongban_store::commit(transaction).await?;
    tracing::info!(added, offered = people.len(), "population registry seeded");
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tongban_domain::ids::{DivisionCode, DivisionRecord};

    fn county(code: &str, name: &str) -> DivisionRecord {
        DivisionRecord {
            code: DivisionCode::parse(code).unwrap(),
            name: name.to_owned(),
            province_name: "浙江省".to_owned(),
            prefecture_name: Some("杭州市".to_owned()),
            level: DivisionLevel::County,
            status: DivisionStatus::Active,
            start_year: 1981,
            end_year: None,
            successors: Vec::new(),
        }
    }

    fn divisions() -> Divisions {
        Divisions::new(
            vec![county("330102", "上城区"), county("330106", "西湖区")],
            1981,
            2024,
        )
    }

    #[test]
    fn generation_is_deterministic() {
        let first = generate_people(&divisions(), 50, 7).unwrap();
        let second = generate_people(&divisions(), 50, 7).unwrap();
        assert_eq!(first, second);
        assert_eq!(first.len(), 50);
    }

    #[test]
    fn generated_numbers_are_valid() {
        let today = Utc::now().date_naive();
        for person in generate_people(&divisions(), 100, 11).unwrap() {
            let id = ResidentId::parse(
                &person.resident_id,
                InputMode::Strict,
                &divisions(),
                today,
                RegionPolicy::default(),
            );
            assert!(id.is_ok(), "{} is invalid: {id:?}", person.resident_id);
            assert_eq!(
                &person.resident_id[6..14],
                person.birth_date.replace('-', "")
            );
            assert!(!person.resident_id.starts_with(RESERVED_PREFIX));
        }
    }
}
