//! `tongban ids check`: validate one identifier and show its parts.

use serde_json::{Value, json};
use tongban_domain::RuleViolation;
use tongban_domain::ids::{
    CaseNumber, CertificateId, CreditCode, Divisions, ImplementationCode, InputMode, OrgCode,
    RegionPolicy, ResidentId,
};
use tongban_domain::time::today_in_china;
use tongban_i18n::{Lang, Message};

use crate::args::{GlobalArgs, IdKind, IdsCheckArgs, IdsCommand};
use crate::output::{self, Outcome};

pub fn run(global: &GlobalArgs, lang: Lang, command: IdsCommand) -> Outcome {
    match command {
        IdsCommand::Check(args) => check(global, lang, &args),
    }
}

fn check(global: &GlobalArgs, lang: Lang, args: &IdsCheckArgs) -> Outcome {
    let mode = if args.strict {
        InputMode::Strict
    } else {
        InputMode::Form
    };

    // Only some kinds need the division history; the others work without reference data.
    let needs_divisions = matches!(
        args.kind,
        IdKind::Resident | IdKind::Uscc | IdKind::Division | IdKind::ImplementationCode
    );
    let divisions = if needs_divisions {
        let loaded = super::reference_data(global, lang, args.json).and_then(|data| {
            data.divisions()
                .map_err(|error| output::data_error(&error, lang, args.json))
        });
        match loaded {
            Ok(divisions) => divisions,
            Err(outcome) => return outcome,
        }
    } else {
        Divisions::default()
    };

    let result = validate(args, mode, &divisions);
    report(args, mode, lang, result)
}

/// The parts of a valid identifier as JSON, or the rule it broke.
fn validate(
    args: &IdsCheckArgs,
    mode: InputMode,
    divisions: &Divisions,
) -> Result<Value, Box<dyn RuleViolation>> {
    let value = args.value.as_str();
    let details = match args.kind {
        IdKind::Resident => {
            let policy = if args.region_any_year {
                RegionPolicy::InUseAnyYear
            } else {
                RegionPolicy::default()
            };
            let id = ResidentId::parse(value, mode, divisions, today_in_china(), policy)
                .map_err(boxed)?;
            json!({
                "canonical": id.as_str(),
                "legacy_number": id.legacy_number(),
                "region": id.region(),
                "region_name": id.region_name(),
                "residence_permit": id.is_residence_permit(),
                "birth_date": id.birth_date().to_string(),
                "sex": id.sex(),
            })
        }
        IdKind::Uscc => {
            let code = CreditCode::parse(value, mode, divisions).map_err(boxed)?;
            json!({
                "canonical": code.as_str(),
                "registration_authority": code.registration_authority(),
                "entity_category": code.entity_category(),
                "division": code.division(),
                "division_name": code.division_name(),
                "org_code": code.org_code(),
            })
        }
        IdKind::Orgcode => {
            let code = OrgCode::parse(value, mode).map_err(boxed)?;
            json!({ "canonical": code.as_str() })
        }
        IdKind::Division => {
            let history = divisions.check(value).map_err(boxed)?;
            let records: Vec<Value> = history
                .iter()
                .map(|record| {
                    json!({
                        "name": record.name,
                        "full_name": record.full_name(),
                        "level": record.level,
                        "status": record.status,
                        "start_year": record.start_year,
                        "end_year": record.end_year,
                        "successors": record.successors,
                    })
                })
                .collect();
            let canonical = history.first().map(|record| record.code.to_string());
            json!({ "canonical": canonical, "records": records })
        }
        IdKind::CertId => {
            let id = CertificateId::parse(value, mode).map_err(boxed)?;
            json!({
                "canonical": id.as_str(),
                "type_code": id.type_code(),
                "issuer_code": id.issuer_code(),
                "serial": id.serial(),
                "version": id.version(),
            })
        }
        IdKind::ImplementationCode => {
            let code = ImplementationCode::parse(value, mode, divisions).map_err(boxed)?;
            json!({
                "canonical": code.as_str(),
                "implementing_body": code.implementing_body().as_str(),
                "level": code.level(),
                "level_code": code.level().code().to_string(),
                "catalog_code": code.catalog_code(),
            })
        }
        IdKind::CaseNumber => {
            let number = CaseNumber::parse(value, mode).map_err(boxed)?;
            json!({
                "canonical": number.as_str(),
                "node_code": number.node(),
                "date": number.date().to_string(),
                "sequence": number.sequence(),
            })
        }
    };
    Ok(details)
}

fn boxed(error: impl RuleViolation + 'static) -> Box<dyn RuleViolation> {
    Box::new(error)
}

fn report(
    args: &IdsCheckArgs,
    mode: InputMode,
    lang: Lang,
    result: Result<Value, Box<dyn RuleViolation>>,
) -> Outcome {
    let kind = kind_name(args.kind);
    let mode_name = if mode == InputMode::Strict {
        "strict"
    } else {
        "form"
    };
    match result {
        Ok(details) => {
            if args.json {
                output::print_json(&json!({
                    "kind": kind,
                    "input": args.value,
                    "mode": mode_name,
                    "valid": true,
                    "details": details,
                }));
            } else {
                let canonical = details["canonical"].as_str().unwrap_or_default().to_owned();
                let message = Message::new("cli-out-valid")
                    .arg("kind", kind_label(args.kind))
                    .arg("value", canonical);
                println!("{}", message.render(lang));
                print_details(&details, lang);
            }
            Outcome::Valid
        }
        Err(violation) => {
            if args.json {
                output::print_json(&json!({
                    "kind": kind,
                    "input": args.value,
                    "mode": mode_name,
                    "valid": false,
                    "error": output::violation_json(violation.as_ref()),
                }));
            } else {
                let message = Message::new("cli-out-invalid").arg("reason", violation.message());
                println!("{}", message.render(lang));
            }
            Outcome::Invalid
        }
    }
}

/// Prints the parts as `label: value` lines in `lang`. A field without a label in the catalog
/// keeps its JSON name, and a value labelled in both languages is shown in `lang`.
fn print_details(details: &Value, lang: Lang) {
    let Some(fields) = details.as_object() else {
        return;
    };
    let label_key = if lang == Lang::En { "en" } else { "zh" };
    let separator = if lang == Lang::En { ": " } else { "：" };
    for (key, value) in fields {
        if key == "canonical" || value.is_null() {
            continue;
        }
        let text = match value {
            Value::String(text) => text.clone(),
            Value::Object(label) if label.contains_key(label_key) => format!(
                "{} {}",
                label
                    .get("code")
                    .and_then(Value::as_str)
                    .unwrap_or_default(),
                label
                    .get(label_key)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
            ),
            Value::Bool(yes) => field_text(lang, if *yes { "yes" } else { "no" }),
            other => other.to_string(),
        };
        let text = if key == "sex" {
            field_text(lang, &format!("sex-{text}"))
        } else {
            text
        };
        let label = tongban_i18n::lookup(lang, &format!("cli-ids-field-{}", key.replace('_', "-")))
            .unwrap_or_else(|| key.clone());
        println!("  {label}{separator}{text}");
    }
}

/// Returns the text of `cli-ids-value-<value>` in `lang`, or `value` when the catalog has none.
fn field_text(lang: Lang, value: &str) -> String {
    tongban_i18n::lookup(lang, &format!("cli-ids-value-{value}"))
        .unwrap_or_else(|| value.to_owned())
}

fn kind_name(kind: IdKind) -> &'static str {
    match kind {
        IdKind::Resident => "resident",
        IdKind::Uscc => "uscc",
        IdKind::Orgcode => "orgcode",
        IdKind::Division => "division",
        IdKind::CertId => "cert-id",
        IdKind::ImplementationCode => "implementation-code",
        IdKind::CaseNumber => "case-number",
    }
}

fn kind_label(kind: IdKind) -> Message {
    Message::new(match kind {
        IdKind::Resident => "id-kind-resident",
        IdKind::Uscc => "id-kind-uscc",
        IdKind::Orgcode => "id-kind-orgcode",
        IdKind::Division => "id-kind-division",
        IdKind::CertId => "id-kind-cert-id",
        IdKind::ImplementationCode => "id-kind-implementation-code",
        IdKind::CaseNumber => "id-kind-case-number",
    })
}
