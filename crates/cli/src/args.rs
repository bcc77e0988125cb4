//! Command-line arguments. Help texts are the English defaults; `help.rs` replaces them with
//! the reader's language from the Fluent catalogs.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// The integrated online government service platform: hub and nodes in one binary.
#[derive(Debug, Parser)]
#[command(name = "tongban", version)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every subcommand takes.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Directory of the reference data sets (divisions, holidays, service items).
    #[arg(
        long,
        global = true,
        env = "TONGBAN_REFERENCE_DATA",
        value_name = "DIR"
    )]
    pub reference_data: Option<PathBuf>,
    /// Language of messages: zh-CN (default) or en.
    #[arg(long, global = true, env = "TONGBAN_LANG", value_name = "LANG")]
    pub lang: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a hub or a node from its configuration file.
    Serve(ServeArgs),
    /// Start a hub and three nodes on this machine with demo accounts.
    Demo(DemoArgs),
    /// Check identifiers: resident ID numbers, credit codes, division codes and more.
    #[command(subcommand)]
    Ids(IdsCommand),
    /// Working days and time limits on the official holiday schedules.
    #[command(subcommand)]
    Calendar(CalendarCommand),
    /// Inspect the reference data directory.
    #[command(subcommand)]
    Data(DataCommand),
    /// Import reference data into a database.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Read the audit trail: who changed what, when and why.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Operate the hub's node registry: enrol, list and revoke nodes.
    #[command(subcommand)]
    Hub(HubCommand),
}

#[derive(Debug, Subcommand)]
pub enum HubCommand {
    /// Issue a one-time token with which a node enrols; the token is printed once.
    EnrollNode(EnrollNodeArgs),
    /// Revoke a node: it leaves the next trust list and its logins through the hub stop.
    RevokeNode(RevokeNodeArgs),
    /// List the nodes of the registry with their status, endpoint and keys.
    Nodes(NodesArgs),
    /// Register a relying party with the hub's OpenID Provider and print its new client secret
    /// once. A client with the same id is replaced, and its old secret stops working.
    RegisterClient(RegisterClientArgs),
}

#[derive(Debug, Args)]
pub struct EnrollNodeArgs {
    /// Configuration file of the hub (TOML).
    #[arg(long, value_name = "FILE")]
    pub config: PathBuf,
    /// Id of the node, such as gd: 1 to 32 lowercase letters, digits and hyphens.
    #[arg(long, value_name = "ID")]
    pub node_id: String,
    /// Whether the node serves a region or a department.
    #[arg(long, value_parser = ["region", "department"])]
    pub kind: String,
    /// GB/T 2260 division code of the region, or 100000 for a State Council department.
    #[arg(long, value_name = "CODE")]
    pub division: String,
    /// Name of the node's portal in Simplified Chinese.
    #[arg(long, value_name = "NAME")]
    pub name_zh: String,
    /// Name of the node's portal in English.
    #[arg(long, value_name = "NAME")]
    pub name_en: String,
    /// The operator issuing the token, kept in the audit trail. Defaults to the user running the
    /// command.
    #[arg(long)]
    pub actor: Option<String>,
    /// Print one JSON object on standard output.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RevokeNodeArgs {
    /// Configuration file of the hub (TOML).
    #[arg(long, value_name = "FILE")]
    pub config: PathBuf,
    /// Id of the node to revoke.
    #[arg(long, value_name = "ID")]
    pub node_id: String,
    /// The reason for the revocation, kept in the audit trail.
    #[arg(long)]
    pub reason: String,
    /// The operator revoking the node, kept in the audit trail. Defaults to the user running the
    /// command.
    #[arg(long)]
    pub actor: Option<String>,
    /// Print one JSON object on standard output.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct NodesArgs {
    /// Configuration file of the hub (TOML).
    #[arg(long, value_name = "FILE")]
    pub config: PathBuf,
    /// Print one JSON object on standard output.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RegisterClientArgs {
    /// Configuration file of the hub (TOML).
    #[arg(long, value_name = "FILE")]
    pub config: PathBuf,
    /// Client id the relying party sends: 1 to 64 ASCII letters, digits, dots, underscores and
    /// hyphens.
    #[arg(long, value_name = "ID")]
    pub client_id: String,
    /// Redirect URI, an absolute URL without a fragment that requests must repeat character for
    /// character. Repeat the option to register several.
    #[arg(long, value_name = "URI", required = true)]
    pub redirect_uri: Vec<String>,
    /// URI that RP-initiated logout may return to. Repeat the option to register several.
    #[arg(long, value_name = "URI")]
    pub post_logout_uri: Vec<String>,
    /// Algorithm the hub signs the client's ID tokens with.
    #[arg(long, value_parser = ["ES256", "EdDSA"], default_value = "ES256")]
    pub alg: String,
    /// Name of the relying party in Simplified Chinese. Defaults to the client id.
    #[arg(long, value_name = "NAME")]
    pub name_zh: Option<String>,
    /// Name of the relying party in English. Defaults to the client id.
    #[arg(long, value_name = "NAME")]
    pub name_en: Option<String>,
    /// The operator registering the client, kept in the audit trail. Defaults to the user running
    /// the command.
    #[arg(long)]
    pub actor: Option<String>,
    /// Print one JSON object on standard output.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// List audit events, newest first.
    List(AuditListArgs),
}

#[derive(Debug, Args)]
pub struct AuditListArgs {
    /// Only events whose subject starts with this text, such as calendar/.
    #[arg(long, default_value = "")]
    pub subject: String,
    /// Most events to list.
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
    /// Database to read.
    #[arg(long, env = "TONGBAN_DATABASE_URL", value_name = "URL", default_value = DEFAULT_DATABASE_URL)]
    pub database_url: String,
    /// Print one JSON object on standard output.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum IdsCommand {
    /// Check one identifier; exit code 0 valid, 1 invalid, 2 usage or data error.
    Check(IdsCheckArgs),
}

/// Kinds of identifier `ids check` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IdKind {
    /// Resident ID number (GB 11643).
    Resident,
    /// Unified social credit code (GB 32100).
    Uscc,
    /// Organization code (GB 11714).
    Orgcode,
    /// Division code (GB/T 2260).
    Division,
    /// E-certificate identifier (GB/T 36904).
    CertId,
    /// Implementation code of a service item.
    ImplementationCode,
    /// Case number.
    CaseNumber,
}

#[derive(Debug, Args)]
pub struct IdsCheckArgs {
    /// Kind of identifier.
    #[arg(value_enum)]
    pub kind: IdKind,
    /// The value to check.
    pub value: String,
    /// Accept only the canonical form, as in machine-to-machine fields.
    #[arg(long)]
    pub strict: bool,
    /// Accept a resident ID number whose region code was in use in any year, not only when the
    /// number was assigned.
    #[arg(long)]
    pub region_any_year: bool,
    /// Print one JSON object on standard output.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// Compute the day a period of working days ends (the starting day is not counted).
    Deadline(DeadlineArgs),
    /// Count the working days of a year.
    Days(DaysArgs),
    /// Replace the holiday schedule of one year, for example after a revised State Council
    /// notice, and recompute the due dates of the open cases in the database.
    Replace(ReplaceArgs),
}

#[derive(Debug, Args)]
pub struct ReplaceArgs {
    /// The year whose schedule is replaced.
    #[arg(long)]
    pub year: i32,
    /// CSV file with columns date (YYYY-MM-DD) and kind (off or work): every date that differs
    /// from a plain Monday-to-Friday week.
    #[arg(long, value_name = "FILE")]
    pub file: std::path::PathBuf,
    /// Why the schedule is replaced, such as the notice that revised it; kept in the audit trail.
    #[arg(long)]
    pub reason: String,
    /// Who replaces it; kept in the audit trail. Defaults to the user running the command.
    #[arg(long)]
    pub actor: Option<String>,
    /// Database the replacement is stored in.
    #[arg(long, env = "TONGBAN_DATABASE_URL", value_name = "URL", default_value = DEFAULT_DATABASE_URL)]
    pub database_url: String,
    /// Print one JSON object on standard output.
    #[arg(long)]
    pub json: bool,
}

/// The database of commands run on their own, relative to the current directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/tongban.sqlite";

#[derive(Debug, Args)]
pub struct DeadlineArgs {
    /// Starting day, YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub from: NaiveDate,
    /// Length of the period in working days.
    #[arg(long, value_name = "N")]
    pub working_days: u32,
    /// Apply the schedules replaced in this database on top of the reference data.
    #[arg(long, value_name = "URL")]
    pub database_url: Option<String>,
    /// Print one JSON object on standard output.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DaysArgs {
    /// The year.
    #[arg(long)]
    pub year: i32,
    /// Apply the schedules replaced in this database on top of the reference data.
    #[arg(long, value_name = "URL")]
    pub database_url: Option<String>,
    /// Print one JSON object on standard output.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum DataCommand {
    /// Report what the reference data directory holds and what is wrong with it.
    Check(DataCheckArgs),
}

#[derive(Debug, Args)]
pub struct DataCheckArgs {
    /// Print one JSON object on standard output.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import the service catalog; running it again imports no new rows.
    Catalog(ImportCatalogArgs),
}

#[derive(Debug, Args)]
pub struct ImportCatalogArgs {
    /// Database to import into: sqlite://FILE or postgres://….
    #[arg(
        long,
        env = "TONGBAN_DATABASE_URL",
        value_name = "URL",
        default_value = "sqlite://data/tongban.sqlite"
    )]
    pub database_url: String,
    /// Print one JSON object on standard output instead of the progress bar.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Configuration file of the instance (TOML).
    #[arg(long, value_name = "FILE")]
    pub config: PathBuf,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Folder for the instances' databases, keys and configuration files.
    #[arg(long, value_name = "DIR", default_value = "data/demo")]
    pub data_dir: PathBuf,
    /// Port of the hub; the nodes listen on the next three ports.
    #[arg(long, value_name = "PORT", default_value_t = 8400)]
    pub base_port: u16,
}
