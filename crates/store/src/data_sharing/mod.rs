//! Data sharing (数据共享): the population registry of a ministry node, the data resource
//! catalog, grants, the queries a consumer sent and the hash-chained data access log.

pub mod access_log;
pub mod grants;
pub mod population;
pub mod queries;
pub mod services;
