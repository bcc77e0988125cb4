//! The message handlers each role registers with its passage.

use anyhow::Context;
use tongban_services::case_index;
use tongban_services::crossing::{
    APPLICATION_TYPE, ApplicationHandler, MATERIAL_PART_TYPE, MaterialPartHandler, MirrorHandler,
    PassageSlot, joint,
};
use tongban_services::data_sharing::{catalog, grants, queries};
use tongban_services::passage::Handlers;

use crate::config::{Config, Role};

/// Returns the handlers of the instance `config` describes, and the slot to put its passage
/// in once built. Every instance handles the diagnostic ping and, as a consumer of data
/// services, grant decisions and query responses. The hub handles the case index's
/// `case.status`, published data services and the providers' access reports. A node handles
/// the status reports on forwarded applications, the applications and material pieces other
/// nodes forward, the contributions of joint handling, and grant requests and queries for the
/// data services it provides.
///
/// # Errors
/// When a node's code or material folder is invalid, or a message type is registered twice.
pub fn message_handlers(config: &Config) -> anyhow::Result<(Handlers, PassageSlot)> {
    let mut handlers = Handlers::with_diagnostics();
    let slot = PassageSlot::default();
    match config.role {
        Role::Hub => {
            handlers
                .register(case_index::STATUS_TYPE, case_index::IndexHandler)
                .context("register the case index handler")?;
            handlers
                .register(
                    tongban_services::certificates::INDEX_TYPE,
                    tongban_services::certificates::IndexHandler,
                )
                .context("register the certificate index handler")?;
            handlers
                .register(catalog::PUBLISH_TYPE, catalog::PublishHandler)
                .context("register the data service catalog handler")?;
            register_data_consumer(&mut handlers)?;
            handlers
                .register(queries::REPORT_TYPE, queries::ReportHandler)
                .context("register the data access report handler")?;
        }
        Role::Node => {
            let section = config
                .node
                .as_ref()
                .context("a node needs a [node] section")?;
            let node_code = tongban_domain::ids::NodeCode::parse(&section.node_code)
                .with_context(|| format!("the node code {} of case numbers", section.node_code))?;
            let objects = tongban_services::cases::local_object_store(&config.instance.data_dir)
                .context("open the folder of material files")?;
            let cases = tongban_services::cases::ForwardedCases { node_code, objects };
            handlers
                .register(case_index::STATUS_TYPE, MirrorHandler)
                .context("register the forwarded status handler")?;
            handlers
                .register(MATERIAL_PART_TYPE, MaterialPartHandler)
                .context("register the material piece handler")?;
            handlers
                .register(
                    APPLICATION_TYPE,
                    ApplicationHandler {
                        cases,
                        passage: slot.clone(),
                    },
                )
                .context("register the forwarded application handler")?;
            handlers
                .register(joint::REQUEST_TYPE, joint::RequestHandler)
                .context("register the contribution request handler")?;
            handlers
                .register(joint::CONTRIBUTION_TYPE, joint::ContributionHandler)
                .context("register the contribution handler")?;
            handlers
                .register(
                    tongban_services::certificates::LEND_REQUEST_TYPE,
                    tongban_services::certificates::LendRequestHandler {
                        passage: slot.clone(),
                    },
                )
                .context("register the certificate lend request handler")?;
            handlers
                .register(
                    tongban_services::certificates::LEND_DOCUMENT_TYPE,
                    tongban_services::certificates::LendDocumentHandler {
                        passage: slot.clone(),
                    },
                )
                .context("register the lent certificate handler")?;
            handlers
                .register(grants::REQUEST_TYPE, grants::RequestHandler)
                .context("register the data grant request handler")?;
            handlers
                .register(
                    queries::REQUEST_TYPE,
                    queries::RequestHandler {
                        passage: slot.clone(),
                    },
                )
                .context("register the data query handler")?;
            register_data_consumer(&mut handlers)?;
        }
    }
    register_evaluation(&mut handlers, config, &slot)?;
    Ok((handlers, slot))
}

/// Registers what a consumer of data services handles: grant decisions and query responses.
fn register_data_consumer(handlers: &mut Handlers) -> anyhow::Result<()> {
    handlers
        .register(grants::DECISION_TYPE, grants::DecisionHandler)
        .context("register the data grant decision handler")?;
    handlers
        .register(queries::RESPONSE_TYPE, queries::ResponseHandler)
        .context("register the data query response handler")?;
    Ok(())
}

/// Registers what evaluation needs: at the hub the nodes' `evaluation.report`, at a node the
/// ratings given at the hub portal, whose rectification deadlines count on the holiday
/// calendar of the reference data.
fn register_evaluation(
    handlers: &mut Handlers,
    config: &Config,
    slot: &PassageSlot,
) -> anyhow::Result<()> {
    use tongban_services::evaluation::{
        RATING_TYPE, REPORT_TYPE, RatingHandler, RegionRules, ReportHandler,
    };

    if config.role == Role::Hub {
        handlers
            .register(REPORT_TYPE, ReportHandler)
            .context("register the evaluation report handler")?;
        return Ok(());
    }
    let section = config
        .node
        .as_ref()
        .context("a node needs a [node] section")?;
    let calendar =
        tongban_refdata::ReferenceData::locate(config.instance.reference_data.as_deref())
            .and_then(|data| data.calendar())
            .context("load the holiday calendar for the deadlines of rectifications")?;
    let handler = RatingHandler {
        // TODO: holiday schedules replaced at the node do not reach ratings given at the hub.
        calendar: std::sync::Arc::new(calendar),
        rules: RegionRules {
            rectification_days: section.rectification_days,
        },
        passage: slot.clone(),
    };
    handlers
        .register(RATING_TYPE, handler)
        .context("register the handler of ratings given at the hub")?;
    Ok(())
}
