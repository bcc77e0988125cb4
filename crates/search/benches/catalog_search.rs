//! Measures indexing the real reference catalogs and the latency of 50 typical queries.
//!
//! `cargo bench -p tongban-search` runs the full measurement: three index builds in memory and
//! one on disk, then 20 rounds of the 50 queries after one warm-up round. Run without `--bench`
//! (as `cargo test --benches` does), it makes one quick pass so the code keeps working.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark stops at the first failure"
)]

use std::time::{Duration, Instant};

use tongban_domain::catalog::ServiceItem;
use tongban_refdata::ReferenceData;
use tongban_search::{Query, SearchIndex};

/// Queries typical of a government service portal: abbreviations, full names, two words, and
/// one question.
const QUERIES: [&str; 50] = [
    "身份证",
    "社保卡",
    "社会保障卡 挂失",
    "护照",
    "港澳通行证",
    "驾照",
    "营业执照",
    "个体户 登记",
    "公积金",
    "医保 报销",
    "异地就医",
    "低保",
    "养老金",
    "退休 养老保险",
    "失业金",
    "残疾证",
    "老年证",
    "出生证",
    "户口迁移",
    "居住证",
    "结婚登记",
    "离婚",
    "教师资格证",
    "医师执业",
    "护士执业",
    "律师执业",
    "食品经营",
    "健康证",
    "卫生许可证",
    "网吧",
    "出租车",
    "网约车",
    "道路运输证",
    "驾校",
    "建筑工程施工许可证",
    "商品房预售",
    "不动产",
    "个税",
    "发票",
    "纳税信用",
    "危化品 经营许可",
    "烟花爆竹",
    "环评",
    "取水许可",
    "林木采伐",
    "渔业船舶",
    "野生动物",
    "宗教活动场所",
    "文物",
    "请问身份证怎么办理",
];

fn main() {
    let full = std::env::args().any(|argument| argument == "--bench");
    let (index_rounds, query_rounds) = if full { (3, 20) } else { (1, 1) };

    let data = ReferenceData::locate(None).expect("reference data directory must exist");
    let divisions = data.divisions().unwrap();
    let items = data.service_items(&divisions).unwrap().items;
    println!("catalog entries: {}", items.len());

    // The first index of the process loads jieba's dictionary; later ones share it.
    let started = Instant::now();
    let mut index = SearchIndex::in_memory().unwrap();
    println!(
        "first index opened (dictionary load): {:?}",
        started.elapsed()
    );
    let time = build(&mut index, &items);
    println!("index in memory, round 1: {time:?}");
    for round in 2..=index_rounds {
        let mut fresh = SearchIndex::in_memory().unwrap();
        println!(
            "index in memory, round {round}: {:?}",
            build(&mut fresh, &items)
        );
    }

    let folder = tempfile::tempdir().unwrap();
    let mut on_disk = SearchIndex::create(folder.path().join("search")).unwrap();
    println!("index on disk: {:?}", build(&mut on_disk, &items));
    println!(
        "index on disk size: {} KiB",
        folder_size(folder.path()) / 1024
    );

    for (label, index) in [("memory", &index), ("disk", &on_disk)] {
        measure_queries(label, index, query_rounds);
    }
}

fn build(index: &mut SearchIndex, items: &[ServiceItem]) -> Duration {
    let started = Instant::now();
    index
        .index_items(items.iter().map(|item| (item, node_of(item))))
        .unwrap();
    started.elapsed()
}

/// Runs every query `rounds` times after a warm-up round and prints the latency percentiles.
fn measure_queries(label: &str, index: &SearchIndex, rounds: usize) {
    let mut hits = 0;
    let mut without_hits = Vec::new();
    for text in QUERIES {
        let total = index.search(&Query::new(text)).unwrap().total;
        if total == 0 {
            without_hits.push(text);
        }
        hits += total;
    }
    let mut samples = Vec::with_capacity(rounds * QUERIES.len());
    for _ in 0..rounds {
        for text in QUERIES {
            let started = Instant::now();
            let results = index.search(&Query::new(text)).unwrap();
            samples.push(started.elapsed());
            std::hint::black_box(results);
        }
    }
    samples.sort_unstable();
    println!(
        "queries ({label}): {} samples, first page of {} hits with snippets, {hits} hits in all \
         per round; p50 {:?}, p99 {:?}, max {:?}",
        samples.len(),
        tongban_search::DEFAULT_LIMIT,
        percentile(&samples, 50),
        percentile(&samples, 99),
        samples.last().copied().unwrap_or_default(),
    );
    println!("queries without hits: {without_hits:?}");
}

/// Returns the nearest-rank percentile of sorted samples.
fn percentile(sorted: &[Duration], percent: usize) -> Duration {
    let rank = (sorted.len() * percent).div_ceil(100).max(1);
    sorted[rank - 1]
}

/// Sichuan entries go to node `sc`, Hubei entries to `hb`, the rest to `hub`.
fn node_of(item: &ServiceItem) -> &'static str {
    match item.region_code.as_deref() {
        Some(code) if code.starts_with("51") => "sc",
        Some(code) if code.starts_with("42") => "hb",
        _ => "hub",
    }
}

fn folder_size(path: &std::path::Path) -> u64 {
    let mut size = 0;
    for entry in std::fs::read_dir(path).unwrap() {
        let entry = entry.unwrap();
        let metadata = entry.metadata().unwrap();
        size += if metadata.is_dir() {
            folder_size(&entry.path())
        } else {
            metadata.len()
        };
    }
    size
}
