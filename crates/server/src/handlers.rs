//! The message handlers each role registers with its passage.

use anyhow::Context;
use tongban_services::case_index;
use tongban_services::crossing::{
    APPLICATION_TYPE, ApplicationHandler, MATERIAL_PART_TYPE, MaterialPartHandler, MirrorHandler,
    PassageSlot, joint,
};
use tongban_services::passage::Handlers;

use crate::config::{Config, Role};

/// Returns the handlers of the instance `config` describes, and the slot to put its passage
/// in once built. Every instance handles the diagnostic ping, and the hub the case index's
/// `case.status`. A node handles the status reports on forwarded applications, the
/// applications and material pieces other nodes forward, and the contributions of joint
/// handling.
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
        }
    }
    Ok((handlers, slot))
}
