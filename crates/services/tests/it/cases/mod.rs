//! Cases at a node, walked through on the demo implementations of the 浙江省 node.

mod access;
mod clock;
mod concurrency;
mod forms;
mod materials;
mod one_step;
pub(crate) mod support;
mod walks;
