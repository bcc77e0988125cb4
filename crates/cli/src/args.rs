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
    /// Operate the hub: enrol, list and revoke nodes, register OpenID clients, and list and revoke
    /// e-seal certificates.
    #[command(subcommand)]
    Hub(HubCommand),
    /// Check the evidence log of the envelopes an instance sent and received, and its data
    /// access log.
    #[command(subcommand)]
    Evidence(EvidenceCommand),
    /// Operate the passage of signed envelopes: dead letters, pings and queue counts.
    #[command(subcommand)]
    Passage(PassageCommand),
    /// Verify e-certificates and save the trust list that offline verification needs.
    #[command(subcommand)]
    Cert(CertCommand),
    /// Fill the population registry of a ministry node with generated people.
    #[command(subcommand)]
    Registry(RegistryCommand),
    /// Run a hub and up to 31 province nodes in one process under generated load, and report
    /// throughput, latencies, errors and messages lost or applied twice.
    Simulate(SimulateArgs),
}

#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// Province nodes to start, 1 to 31, in the order of their division codes.
    #[arg(long, value_name = "COUNT", default_value_t = 31,
        value_parser = clap::value_parser!(u16).range(1..=31))]
    pub nodes: u16,
    /// Generated people who apply.
    #[arg(long, value_name = "COUNT", default_value_t = 1000,
        value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub people: u32,
    /// Applications per second, over all nodes.
    #[arg(long, value_name = "PER_SECOND", default_value_t = 5,
        value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub rate: u32,
    /// Seconds during which applications arrive.
    #[arg(long, value_name = "SECONDS", default_value_t = 60,
        value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub duration: u64,
    /// Seconds allowed after the arrivals for closing every case and delivering every message.
    #[arg(long, value_name = "SECONDS", default_value_t = 120,
        value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub settle: u64,
    /// Folder for the instances' databases and keys, which must not exist yet; by default a
    /// temporary folder that is removed at the end.
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Seed of the generated people and of their choices.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum RegistryCommand {
    /// Add generated people with valid, synthetic resident ID numbers to the population
    /// registry; the same seed always yields the same people, and numbers the registry has
    /// already are skipped.
    Seed(RegistrySeedArgs),
    /// List people of the population registry, by resident ID number: names and numbers to
    /// register with at the hub and be verified.
    List(RegistryListArgs),
}

#[derive(Debug, Args)]
pub struct RegistryListArgs {
    /// Configuration file of the node that hosts the registry (TOML).
    #[arg(long, value_name = "FILE", env = "TONGBAN_CONFIG")]
    pub config: PathBuf,
    /// How many people to list at most.
    #[arg(long, default_value_t = 10)]
    pub limit: u32,
    /// Print one JSON object on standard output.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RegistrySeedArgs {
    /// Configuration file of the node that hosts the registry (TOML).
    #[arg(long, value_name = "FILE", env = "TONGBAN_CONFIG")]
    pub config: PathBuf,
    /// How many people to generate.
    #[arg(long, default_value_t = 300)]
    pub count: usize,
    /// Seed of the generator; the demo uses the default.
    #[arg(long, default_value_t = tongban_services::data_sharing::population::DEMO_SEED)]
    pub seed: u64,
    /// Print one JSON object on standard output.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum CertCommand {
    /// Verify an e-certificate from its QR payload, its document or its PDF. Exit code 0 valid,
    /// 1 not valid (the reason is printed), 2 usage or data error.
    Verify(CertVerifyArgs),
    /// Fetch and save the hub's trust list for offline verification.
    #[command(subcommand)]
    TrustList(TrustListCommand),
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["payload", "file"])))]
pub struct CertVerifyArgs {
    /// Verify without a network, against the saved trust list. Required: online verification
    /// is the `/verify` page and API of a node.
    #[arg(long)]
    pub offline: bool,
    /// The trust list saved with `tongban cert trust-list save`.
    #[arg(long, value_name = "FILE")]
    pub trust_list: PathBuf,
    /// Expected id of the hub key (16 hex digits) or the key itself (hex); a file with another
    /// key is rejected.
    #[arg(long, value_name = "KEY")]
    pub hub_key: Option<String>,
    /// The text of the QR code.
    #[arg(long, value_name = "TEXT")]
    pub payload: Option<String>,
    /// A certificate PDF, a certificate document (JSON) or a file holding the QR text.
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Verify as at this instant (RFC 3339) instead of now.
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// Print one JSON object on standard output.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum TrustListCommand {
    /// Fetch the hub's signed trust list and its key, check the signature and save both.
    Save(TrustListSaveArgs),
}

#[derive(Debug, Args)]
pub struct TrustListSaveArgs {
    /// URL of the hub, such as http://127.0.0.1:8400.
    #[arg(long, value_name = "URL")]
    pub hub: String,
    /// The file to write.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Expected id of the hub key (16 hex digits) or the key itself (hex); without it the key
    /// the hub sends is saved and its id printed, to compare with the id the hub's operator
    /// publishes.
    #[arg(long, value_name = "KEY")]
    pub hub_key: Option<String>,
    /// Print one JSON object on standard output.
    #[arg(long)]
    pub json: bool,
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
    /// List the e-seal certificates the hub issued, with their revocations.
    Seals(NodesArgs),
    /// Revoke an e-seal: the next trust list names the revocation, and what the seal signs from
    /// then on fails verification.
    RevokeSeal(RevokeSealArgs),
}

#[derive(Debug, Args)]
pub struct RevokeSealArgs {
    /// Configuration file of the hub (TOML).
    #[arg(long, value_name = "FILE")]
    pub config: PathBuf,
    /// Serial of the seal, as `tongban hub seals` lists it.
    #[arg(long, value_name = "SERIAL")]
    pub serial: String,
    /// The reason for the revocation, kept in the audit trail.
    #[arg(long)]
    pub reason: String,
    /// The operator revoking the seal, kept in the audit trail. Defaults to the user running
    /// the command.
    #[arg(long)]
    pub actor: Option<String>,
    /// Print one JSON object on standard output.
    #[arg(long)]
    pub json: bool,
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
    /// Load a node's implementation list (TOML), checked against the imported catalog; an
    /// entry that breaks a rule stops the whole list.
    Implementations(ImportImplementationsArgs),
}

#[derive(Debug, Args)]
pub struct ImportImplementationsArgs {
    /// The implementation list, a TOML file with one [[implementation]] table per entry.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Database of the node: sqlite://FILE or postgres://….
    #[arg(
        long,
        env = "TONGBAN_DATABASE_URL",
        value_name = "URL",
        default_value = "sqlite://data/tongban.sqlite"
    )]
    pub database_url: String,
    /// Actor recorded in the audit trail for the load. Defaults to the user running the command.
    #[arg(long, value_name = "WHO")]
    pub actor: Option<String>,
    /// Print one JSON object on standard output.
    #[arg(long)]
    pub json: bool,
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

#[derive(Debug, Subcommand)]
pub enum EvidenceCommand {
    /// Walk the hash chains of the evidence log and of the data access log from their first
    /// entries. Exit status 0 when both are intact, 1 when a link is broken (the first one is
    /// named), 2 when they cannot be read.
    Verify(EvidenceVerifyArgs),
}

#[derive(Debug, Args)]
pub struct EvidenceVerifyArgs {
    /// Configuration file of the hub or node (TOML).
    #[arg(long, value_name = "FILE", env = "TONGBAN_CONFIG")]
    pub config: PathBuf,
    /// Print one JSON object on standard output.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum PassageCommand {
    /// List or retry the messages the delivery worker gave up.
    #[command(subcommand)]
    DeadLetters(DeadLettersCommand),
    /// Put diagnostic test.ping messages for another instance in this instance's outbox; the
    /// running instance delivers them.
    Ping(PingArgs),
    /// Count the outbox and inbox rows by status, and the pings applied by sender.
    Status(PassageStatusArgs),
}

#[derive(Debug, Subcommand)]
pub enum DeadLettersCommand {
    /// List the dead letters, oldest first.
    List(DeadLettersListArgs),
    /// Put one dead letter, or all of them, back in the queue with no failed attempts.
    Retry(DeadLettersRetryArgs),
}

#[derive(Debug, Args)]
pub struct DeadLettersListArgs {
    /// Configuration file of the hub or node (TOML).
    #[arg(long, value_name = "FILE", env = "TONGBAN_CONFIG")]
    pub config: PathBuf,
    /// Print one JSON object on standard output.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DeadLettersRetryArgs {
    /// Configuration file of the hub or node (TOML).
    #[arg(long, value_name = "FILE", env = "TONGBAN_CONFIG")]
    pub config: PathBuf,
    /// Message id of the dead letter to retry.
    #[arg(
        value_name = "MESSAGE_ID",
        required_unless_present = "all",
        conflicts_with = "all"
    )]
    pub message_id: Option<String>,
    /// Retry every dead letter.
    #[arg(long)]
    pub all: bool,
    /// The operator retrying, kept in the audit trail. Defaults to the user running the
    /// command.
    #[arg(long)]
    pub actor: Option<String>,
    /// Print one JSON object on standard output.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct PingArgs {
    /// Configuration file of the sending hub or node (TOML).
    #[arg(long, value_name = "FILE", env = "TONGBAN_CONFIG")]
    pub config: PathBuf,
    /// Instance id of the receiver, such as zj.
    #[arg(long, value_name = "ID")]
    pub to: String,
    /// Number of pings.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub count: u32,
    /// Ordering key of the pings; the receiver applies pings with the same key in order.
    #[arg(long, value_name = "KEY", default_value = "ping")]
    pub ordering_key: String,
    /// Print one JSON object on standard output.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct PassageStatusArgs {
    /// Configuration file of the hub or node (TOML).
    #[arg(long, value_name = "FILE", env = "TONGBAN_CONFIG")]
    pub config: PathBuf,
    /// Print one JSON object on standard output.
    #[arg(long)]
    pub json: bool,
}
