//! Runs tongban instances: the configuration file of a hub or node, the start-up that turns
//! it into a serving instance, the demo federation of a hub and three nodes, and the
//! simulation of a hub with up to 31 province nodes under load.

pub mod config;
pub mod demo;
mod handlers;
pub mod instance;
pub mod passage;
mod secret;
pub mod simulate;

pub use config::{Config, ConfigError};
pub use instance::{Instance, start};
pub use secret::Secret;
