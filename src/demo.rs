//! Example inputs: a fictional but plausible 经济技术开发区 with its 一单两库, this
//! year's inspection history and a plan shaped like seed 003's 2023 plan.
//!
//! The same generator feeds `fairdraw demo`, the website's embedded example and the
//! 1,000,000-enterprise benchmark, so it is linear in the sizes and exactly
//! reproducible: fixed-seed splitmix64 streams and integer arithmetic only, so the
//! same arguments give byte-identical inputs natively and on wasm32. The data decides
//! nothing; it only has to look like what a 应急管理局 would import.

use std::collections::{BTreeMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use crate::model::{
    flag, history_level, inspector_status, status, ChecklistItem, Condition, Directories,
    Enterprise, HistoryRecord, Inspector, ItemRule, Plan, PlanRules, Sampling, StratumRule, Task,
    TeamRule, Window,
};
use crate::uscc;

/// `fairdraw demo` without `--enterprises`.
pub const DEFAULT_ENTERPRISES: usize = 2000;
/// `fairdraw demo` without `--inspectors`.
pub const DEFAULT_INSPECTORS: usize = 60;

/// The department that runs the demo plans.
pub const DEPARTMENT: &str = "开发区应急管理局";
/// A second department whose inspectors are in the directory (for joint draws) and
/// whose inspections appear in the history without counting toward the yearly cap.
pub const SECOND_DEPARTMENT: &str = "开发区市场监督管理局";
/// The level above, whose inspections this year exclude a firm.
pub const HIGHER_DEPARTMENT: &str = "秦皇岛市应急管理局";

/// 管辖片区, in order of size. The demo uses the first [`DEMO_REGION_COUNT`], the
/// benchmark all ten.
pub const REGIONS: [&str; 10] = [
    "东区片区",
    "西区片区",
    "南区片区",
    "北区片区",
    "中心片区",
    "滨海片区",
    "临港片区",
    "高新片区",
    "数谷片区",
    "山前片区",
];
pub const DEMO_REGION_COUNT: usize = 8;
pub const BENCH_REGION_COUNT: usize = 10;
pub const BENCH_ENTERPRISES: usize = 1_000_000;
pub const BENCH_INSPECTORS: usize = 2_000;

/// Every generated input of one example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoInputs {
    pub plan: Plan,
    /// Sorted by id, ids distinct.
    pub enterprises: Vec<Enterprise>,
    /// Sorted by id, ids distinct.
    pub inspectors: Vec<Inspector>,
    /// Sorted by code.
    pub checklist: Vec<ChecklistItem>,
    /// Sorted.
    pub history: Vec<HistoryRecord>,
}

impl DemoInputs {
    /// The plan and the directories as a draw takes them.
    pub fn into_parts(self) -> (Plan, Directories) {
        let directories = Directories {
            enterprises: self.enterprises,
            inspectors: self.inspectors,
            checklist: self.checklist,
            history: self.history,
        };
        (self.plan, directories)
    }

    /// The committed inputs document of these demo inputs, with the given hex salt.
    pub fn into_inputs(self, salt: &str) -> crate::protocol::Inputs {
        let (plan, directories) = self.into_parts();
        crate::protocol::Inputs { format: crate::protocol::FORMAT.into(), salt: salt.into(), secret: None, plan, directories }
    }

    /// The format 2 inputs document of these demo inputs, with the given hex salt and secret.
    pub fn into_inputs2(self, salt: &str, secret: &str) -> crate::protocol::Inputs {
        let (plan, directories) = self.into_parts();
        crate::organizer::committed_inputs2(plan, directories, salt, secret)
    }
}

/// The example behind `fairdraw demo`: `enterprises` firms over eight 片区,
/// `inspectors` people, and [`demo_plan`].
pub fn demo_inputs(enterprises: usize, inspectors: usize) -> DemoInputs {
    generate(demo_plan(), enterprises, inspectors, DEMO_REGION_COUNT)
}

/// The benchmark: 1,000,000 firms in 40 strata (10 片区 × 4 classes), 2,000
/// inspectors and [`bench_plan`], whose two tasks draw about 30,000 firms.
pub fn bench_inputs() -> DemoInputs {
    generate(
        bench_plan(),
        BENCH_ENTERPRISES,
        BENCH_INSPECTORS,
        BENCH_REGION_COUNT,
    )
}

/// Any size over the first `regions` (1..=10) 片区, with any plan.
pub fn generate(plan: Plan, enterprises: usize, inspectors: usize, regions: usize) -> DemoInputs {
    let regions = &REGIONS[..regions.clamp(1, REGIONS.len())];
    let enterprise_list = generate_enterprises(enterprises, regions);
    let mut rng = SplitMix64(PEOPLE_SEED);
    let inspector_list = generate_inspectors(&mut rng, inspectors, regions, &enterprise_list);
    let history = generate_history(&mut rng, &enterprise_list);
    DemoInputs {
        plan,
        enterprises: enterprise_list,
        inspectors: inspector_list,
        checklist: checklist(),
        history,
    }
}

/// Seed 003's 2023 plan moved to the last month of 2026: task 001 定向 over the A, B
/// and C classes except 重点监管 firms at 15 % (the low end of 15–20 %), task 002 over
/// the D class except key firms at 2 %, the year at least 3 % in total; 黑名单 firms
/// are always inspected; teams of two, never from the firm's own 片区 (所所交叉).
pub fn demo_plan() -> Plan {
    Plan {
        number: "2026001".into(),
        name: "2026年秦皇岛经济技术开发区安全生产领域内部联合随机抽查（演示数据）".into(),
        department: DEPARTMENT.into(),
        year: 2026,
        rules: PlanRules {
            min_total_bp: 300,
            ..PlanRules::default()
        },
        tasks: vec![
            Task {
                number: "001".into(),
                name: "2026年秦皇岛经济技术开发区安全生产领域第一次内部联合随机抽查".into(),
                directed: true,
                filter: vec![risk_in(&["A", "B", "C"]), not_key()],
                sampling: Sampling {
                    strata_by: vec!["risk".into()],
                    allocation: "per_stratum".into(),
                    rules: vec![
                        ratio_when("risk", "A", 1500),
                        ratio_when("risk", "B", 1500),
                        ratio_when("risk", "C", 1500),
                    ],
                    rounding: "ceil".into(),
                    min_total_bp: 0,
                    census_flags: vec![flag::BLACKLIST.into()],
                    reserves: 2,
                },
                items: ItemRule {
                    fixed: vec!["AQ-001".into(), "AQ-002".into()],
                    draw: 2,
                },
                team: team_of_two(""),
                window: december(),
            },
            Task {
                number: "002".into(),
                name: "2026年秦皇岛经济技术开发区应急管理局安全生产领域第二次内部联合随机抽查"
                    .into(),
                directed: true,
                filter: vec![risk_in(&["D"]), not_key()],
                sampling: Sampling {
                    strata_by: vec!["risk".into()],
                    allocation: "per_stratum".into(),
                    rules: vec![ratio_when("risk", "D", 200)],
                    rounding: "ceil".into(),
                    min_total_bp: 0,
                    census_flags: vec![flag::BLACKLIST.into()],
                    reserves: 1,
                },
                items: ItemRule {
                    fixed: vec!["AQ-001".into()],
                    draw: 1,
                },
                team: team_of_two(QUALIFICATION_GENERAL),
                window: december(),
            },
        ],
        public_fields: None,
    }
}

/// The benchmark plan: the same two tasks, stratified by 片区 and class (30 strata
/// in task 001, 10 in task 002), with ratios chosen so that, with the 黑名单 census,
/// about 30,000 of the 1,000,000 firms are drawn — just above the year's 3 %.
pub fn bench_plan() -> Plan {
    let mut plan = demo_plan();
    plan.number = "2026901".into();
    plan.name = "2026年秦皇岛经济技术开发区安全生产领域随机抽查（基准测试数据）".into();
    let task1 = &mut plan.tasks[0];
    task1.sampling.strata_by = vec!["region".into(), "risk".into()];
    task1.sampling.rules = vec![
        ratio_when("risk", "A", 200),
        ratio_when("risk", "B", 270),
        ratio_when("risk", "C", 300),
    ];
    task1.sampling.reserves = 0;
    let task2 = &mut plan.tasks[1];
    task2.sampling.strata_by = vec!["region".into(), "risk".into()];
    task2.sampling.rules = vec![ratio_when("risk", "D", 500)];
    task2.sampling.reserves = 0;
    plan
}

const QUALIFICATION_GENERAL: &str = "综合";
const QUALIFICATION_TRADE: &str = "工贸";
const QUALIFICATION_CHEMICALS: &str = "危险化学品";

fn risk_in(classes: &[&str]) -> Condition {
    Condition {
        field: "risk".into(),
        op: "in".into(),
        values: classes.iter().map(|c| c.to_string()).collect(),
    }
}

fn not_key() -> Condition {
    Condition {
        field: "flag".into(),
        op: "not_in".into(),
        values: vec![flag::KEY.into()],
    }
}

fn ratio_when(field: &str, value: &str, ratio_bp: u32) -> StratumRule {
    StratumRule {
        when: BTreeMap::from([(field.to_string(), value.to_string())]),
        ratio_bp: Some(ratio_bp),
        count: None,
        min: 0,
        max: None,
        ratio_max_bp: None,
    }
}

fn team_of_two(qualification: &str) -> TeamRule {
    TeamRule {
        size: 2,
        qualification: qualification.into(),
        cross_region: true,
        departments: Vec::new(),
        expert: false,
        expert_qualification: String::new(),
        load_cap: 0,
        groups: None,
        leader: None,
    }
}

fn december() -> Window {
    Window {
        start: "2026-12-01".into(),
        end: "2026-12-31".into(),
    }
}

const ENTERPRISE_SEED: u64 = 0x5EED_2026_0F7B_A343;
const PEOPLE_SEED: u64 = 0x5EED_2026_DE43_7745;

/// splitmix64: tiny, fast, identical everywhere.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform enough in 0..n for made-up data (the modulo bias is below 2^-40).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// 0..10000, to compare against basis points.
    fn bp(&mut self) -> u32 {
        (self.next() % 10_000) as u32
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// An index drawn with the given integer weights.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut r = (self.next() % total as u64) as u32;
        for (i, &w) in weights.iter().enumerate() {
            if r < w {
                return i;
            }
            r -= w;
        }
        weights.len() - 1
    }
}

/// Relative sizes of the 片区 (same order as [`REGIONS`]).
const REGION_WEIGHTS: [u32; 10] = [15, 13, 12, 11, 10, 9, 9, 8, 7, 6];

/// Road names per 片区, for addresses; house numbers are made up.
const ROADS: [[&str; 3]; 10] = [
    ["龙海道", "秦皇东大街", "永定河道"],
    ["天山南路", "燕山大街", "黄河道"],
    ["泰山路", "珠江道", "淮河道"],
    ["长白山路", "天台山路", "峨眉山北路"],
    ["秦皇西大街", "华山中路", "衡山路"],
    ["滨海大道", "金海湾路", "海阳路"],
    ["临港路", "港城大街", "东港路"],
    ["创新路", "科技大道", "软件路"],
    ["数谷路", "云计算大道", "智谷路"],
    ["山前路", "北山路", "抚宁路"],
];

struct Industry {
    name: &'static str,
    /// Words that end a firm's name before the legal form.
    words: &'static [&'static str],
    weight: u32,
}

const INDUSTRIES: [Industry; 10] = [
    Industry {
        name: "冶金",
        words: &["冶金", "钢铁", "铸造", "冶金机械", "金属制品"],
        weight: 9,
    },
    Industry {
        name: "有色",
        words: &["铝业", "铜业", "有色金属", "合金材料"],
        weight: 5,
    },
    Industry {
        name: "建材",
        words: &["建材", "水泥制品", "玻璃", "新型建材", "陶瓷"],
        weight: 12,
    },
    Industry {
        name: "机械",
        words: &["机械", "重工", "装备制造", "汽车零部件", "机械设备"],
        weight: 18,
    },
    Industry {
        name: "轻工",
        words: &["食品", "包装", "家具", "印刷", "塑料制品"],
        weight: 14,
    },
    Industry {
        name: "纺织",
        words: &["纺织", "服装", "服饰", "毛纺"],
        weight: 6,
    },
    Industry {
        name: "商贸",
        words: &["商贸", "贸易", "物流", "仓储", "超市"],
        weight: 20,
    },
    Industry {
        name: "危险化学品",
        words: &["化工", "燃气", "石化", "化学品", "油品销售"],
        weight: 6,
    },
    Industry {
        name: "粉尘涉爆",
        words: &["木业", "粮油", "铝制品", "饲料", "淀粉"],
        weight: 6,
    },
    Industry {
        name: "有限空间",
        words: &["污水处理", "酿造", "水务", "环保科技"],
        weight: 4,
    },
];

const AGRICULTURE: &str = "农业";

const PLACE_WORDS: [&str; 5] = [
    "秦皇岛",
    "秦皇岛",
    "秦皇岛经济技术开发区",
    "河北",
    "秦皇岛市",
];
const BRAND_FIRST: [&str; 40] = [
    "鑫", "宏", "恒", "海", "金", "瑞", "兴", "佳", "鼎", "博", "永", "天", "德", "盛", "华", "安",
    "泰", "丰", "隆", "源", "昌", "祥", "裕", "达", "嘉", "润", "信", "正", "中", "新", "远", "明",
    "长", "益", "广", "同", "建", "通", "汇", "聚",
];
const BRAND_SECOND: [&str; 40] = [
    "达", "远", "盛", "泰", "源", "丰", "昌", "隆", "信", "通", "宇", "辰", "翔", "晟", "诚", "安",
    "和", "兴", "业", "港", "邦", "力", "峰", "豪", "鑫", "恒", "嘉", "顺", "联", "创", "科", "利",
    "尚", "旺", "祥", "茂", "瀚", "川", "洋", "威",
];

/// 登记管理机关行政区划码 under 秦皇岛 (1303xx), the zone's own most often.
const ADMIN_CODES: [&str; 4] = ["130371", "130371", "130302", "130306"];

fn generate_enterprises(n: usize, regions: &[&'static str]) -> Vec<Enterprise> {
    let region_weights = &REGION_WEIGHTS[..regions.len()];
    let industry_weights: Vec<u32> = INDUSTRIES.iter().map(|i| i.weight).collect();
    // Each firm draws from its own stream, so its id can be computed, sorted on, and
    // the firm then built directly in id order: a million records are never moved.
    let mut order: Vec<u128> = (0..n)
        .map(|index| {
            let (kind_code, admin, legacy) = draw_identity(&mut enterprise_stream(index));
            pack_id(&enterprise_id(index, kind_code, admin, legacy)) << 32 | index as u128
        })
        .collect();
    order.sort_unstable();
    let mut seen_names: HashSet<u64, BuildHasherDefault<Fingerprint>> =
        HashSet::with_capacity_and_hasher(n, Default::default());
    let mut list = Vec::with_capacity(n);
    for packed in order {
        let index = packed as u32 as usize;
        let rng = &mut enterprise_stream(index);
        // The same first draws again, to reach the same point of the stream; the
        // id itself is read back from the sort key.
        let (kind_code, _, _) = draw_identity(rng);
        let id = unpack_id(packed >> 32);
        let kind = match kind_code {
            b'1' => "企业",
            b'2' => "个体工商户",
            _ => "农民专业合作社",
        };
        let region_index = rng.weighted(region_weights);
        let region = regions[region_index];
        let industry = match kind_code {
            b'3' => None,
            b'2' => Some(&INDUSTRIES[[3, 4, 6, 6, 6, 8][rng.below(6)]]),
            _ => Some(&INDUSTRIES[rng.weighted(&industry_weights)]),
        };
        let risk = match rng.bp() {
            0..=1999 => "A",
            2000..=6999 => "B",
            7000..=9499 => "C",
            _ => "D",
        };
        let flags = draw_flags(rng, risk);
        let state = match rng.bp() {
            0..=9699 => status::ACTIVE,
            9700..=9799 => status::SUSPENDED,
            9800..=9869 => status::REVOKED,
            9870..=9969 => status::CANCELLED,
            _ => status::MOVED_OUT,
        };
        let name = unique_name(rng, &mut seen_names, kind_code, industry);
        let roads = &ROADS[region_index];
        let mut house = [0u8; 20];
        let address = [
            "河北省秦皇岛市经济技术开发区",
            roads[rng.below(roads.len())],
            decimal(1 + rng.below(398) as u64, 1, &mut house),
            "号",
        ]
        .concat();
        list.push(Enterprise {
            id,
            name,
            kind: kind.to_string(),
            industry: industry.map_or(AGRICULTURE, |i| i.name).to_string(),
            region: region.to_string(),
            risk: risk.to_string(),
            flags,
            status: state.to_string(),
            address,
            attrs: BTreeMap::new(),
        });
    }
    list
}

/// The stream of firm `index`: splitmix64 started at a well-mixed point, so that
/// neighbouring firms' streams do not overlap.
fn enterprise_stream(index: usize) -> SplitMix64 {
    let mut seeder =
        SplitMix64(ENTERPRISE_SEED ^ (index as u64).wrapping_mul(0xD1B5_4A32_D192_ED03));
    SplitMix64(seeder.next())
}

/// The first draws of a firm's stream: its 机构类别码 (1 企业, 2 个体工商户,
/// 3 农民专业合作社), 登记管理机关 and whether it kept a legacy 组织机构代码.
fn draw_identity(rng: &mut SplitMix64) -> (u8, &'static str, bool) {
    let kind_code = match rng.bp() {
        0..=8499 => b'1',
        8500..=9699 => b'2',
        _ => b'3',
    };
    let admin = ADMIN_CODES[rng.below(ADMIN_CODES.len())];
    let legacy = rng.bp() < 3000;
    (kind_code, admin, legacy)
}

/// Each character's value in the alphabet, by byte.
const ALPHABET_VALUE: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut i = 0;
    while i < uscc::ALPHABET.len() {
        table[uscc::ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    table
};

/// Five bits per character: the alphabet is in ASCII order, so the packed number
/// orders exactly like the code's bytes (90 bits, leaving room for the index).
fn pack_id(id: &[u8; 18]) -> u128 {
    id.iter().fold(0u128, |acc, &c| acc << 5 | ALPHABET_VALUE[c as usize & 0x7f] as u128)
}

fn unpack_id(mut packed: u128) -> String {
    let mut id = [0u8; 18];
    for slot in id.iter_mut().rev() {
        *slot = uscc::ALPHABET[(packed & 0x1f) as usize];
        packed >>= 5;
    }
    String::from_utf8(id.to_vec()).expect("alphabet is ASCII")
}

/// Flags in code order (which is their sorted order). Worse classes carry the bad
/// flags more often and are never 守信.
fn draw_flags(rng: &mut SplitMix64, risk: &str) -> Vec<String> {
    let bad_weight = match risk {
        "A" => 1,
        "B" => 2,
        "C" => 3,
        _ => 4,
    };
    let abnormal = rng.bp() < 50 * bad_weight; // ~1 %
    let blacklist = rng.bp() < 25 * bad_weight; // ~0.5 %
    let key = rng.bp() < 300;
    let penalized = rng.bp() < 50 * bad_weight;
    let serious = rng.bp() < 25 * bad_weight;
    let trusted =
        !(abnormal || blacklist || penalized || serious) && risk == "A" && rng.bp() < 1000;
    let mut flags = Vec::new();
    for (on, code) in [
        (abnormal, flag::ABNORMAL),
        (blacklist, flag::BLACKLIST),
        (key, flag::KEY),
        (penalized, flag::PENALIZED),
        (serious, flag::SERIOUS_VIOLATION),
        (trusted, flag::TRUSTED),
    ] {
        if on {
            flags.push(code.to_string());
        }
    }
    flags
}

/// A valid, unique 统一社会信用代码. Uniqueness comes from the index alone: the 主体
/// 标识码 is an invertible affine map of the index, either a legacy numeric 组织机构
/// 代码 (8 digits and its GB 11714 check) or a newer `MA…` code.
fn enterprise_id(index: usize, kind_code: u8, admin: &str, legacy: bool) -> [u8; 18] {
    let mut id = [0u8; 18];
    id[0] = b'9';
    id[1] = kind_code;
    id[2..8].copy_from_slice(admin.as_bytes());
    if legacy && kind_code == b'1' {
        // 7_654_321 is coprime to 10^8, so the map is a bijection on 8-digit numbers.
        let mut value = (index as u64)
            .wrapping_mul(7_654_321)
            .wrapping_add(10_203_040)
            % 100_000_000;
        for slot in id[8..16].iter_mut().rev() {
            *slot = b'0' + (value % 10) as u8;
            value /= 10;
        }
        id[16] = gb11714_check(&id[8..16]) as u8;
    } else {
        // 31^7 codes after "MA"; the multiplier is not a multiple of 31.
        const SPACE: u64 = 31 * 31 * 31 * 31 * 31 * 31 * 31;
        let mut value = (index as u64)
            .wrapping_mul(1_000_003_339)
            .wrapping_add(4_242_424_242)
            % SPACE;
        id[8] = b'M';
        id[9] = b'A';
        for slot in id[10..17].iter_mut().rev() {
            *slot = uscc::ALPHABET[(value % 31) as usize];
            value /= 31;
        }
    }
    let first17 = std::str::from_utf8(&id[..17]).expect("ASCII");
    id[17] = uscc::check_char(first17).expect("generated from the alphabet") as u8;
    id
}

/// The check character of an 8-digit 组织机构代码 body (GB 11714-1997).
fn gb11714_check(digits: &[u8]) -> char {
    const WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = digits
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| (d - b'0') as u32 * w)
        .sum();
    match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        c => char::from_digit(c, 10).expect("below 10"),
    }
}

/// A name not used before: a registry does not register the same name twice. After a
/// few collisions (only in very large directories) a branch suffix makes it unique.
fn unique_name(
    rng: &mut SplitMix64,
    seen: &mut HashSet<u64, BuildHasherDefault<Fingerprint>>,
    kind_code: u8,
    industry: Option<&Industry>,
) -> String {
    let mut name = String::new();
    for _ in 0..6 {
        name = firm_name(rng, kind_code, industry);
        if seen.insert(fnv1a(&name)) {
            return name;
        }
    }
    let stem = name;
    for branch in 1u32.. {
        let candidate = format!("{stem}第{branch}分公司");
        if seen.insert(fnv1a(&candidate)) {
            return candidate;
        }
    }
    unreachable!("u32 branch numbers are never all taken")
}

fn firm_name(rng: &mut SplitMix64, kind_code: u8, industry: Option<&Industry>) -> String {
    let brand_first = rng.pick(&BRAND_FIRST);
    let brand_second = rng.pick(&BRAND_SECOND);
    // Three-character 字号 are less common but keep large directories' names apart.
    let brand_third = if rng.bp() < 4000 {
        rng.pick(&BRAND_SECOND)
    } else {
        ""
    };
    match (kind_code, industry) {
        (b'2', Some(industry)) => {
            let word = rng.pick(industry.words);
            let form = rng.pick(&["经营部", "加工厂", "门市部", "商行"]);
            [
                "秦皇岛经济技术开发区",
                brand_first,
                brand_second,
                brand_third,
                word,
                form,
            ]
            .concat()
        }
        (b'3', _) | (_, None) => {
            let what = rng.pick(&[
                "蔬菜种植",
                "果品",
                "粮食种植",
                "生猪养殖",
                "农机服务",
                "苗木",
            ]);
            [
                "秦皇岛市",
                brand_first,
                brand_second,
                brand_third,
                what,
                "专业合作社",
            ]
            .concat()
        }
        (_, Some(industry)) => {
            let place = rng.pick(&PLACE_WORDS);
            let word = rng.pick(industry.words);
            let form = match rng.bp() {
                0..=8199 => "有限公司",
                8200..=9299 => "股份有限公司",
                _ => "厂",
            };
            let middle = if form == "厂" {
                ""
            } else {
                rng.pick(&["", "", "", "科技", "实业"])
            };
            [
                place,
                brand_first,
                brand_second,
                brand_third,
                middle,
                word,
                form,
            ]
            .concat()
        }
    }
}

/// The duplicate-name set stores FNV fingerprints, which need no further hashing.
#[derive(Default)]
struct Fingerprint(u64);

impl Hasher for Fingerprint {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 << 8) | byte as u64;
        }
    }
    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

/// `value` in decimal, zero-padded to `width`, without the formatting machinery (this
/// runs millions of times for the benchmark directory).
fn decimal(mut value: u64, width: usize, buffer: &mut [u8; 20]) -> &str {
    let mut start = buffer.len();
    while value > 0 || buffer.len() - start < width.max(1) {
        start -= 1;
        buffer[start] = b'0' + (value % 10) as u8;
        value /= 10;
    }
    std::str::from_utf8(&buffer[start..]).expect("ASCII digits")
}

/// 64-bit FNV-1a: a platform-independent fingerprint for the duplicate-name check.
fn fnv1a(text: &str) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for &byte in text.as_bytes() {
        hash ^= byte as u64;
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

const SURNAMES: [&str; 40] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧", "程", "曹",
    "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕",
];
/// Roughly how common each surname above is.
const SURNAME_WEIGHTS: [u32; 40] = [
    72, 72, 70, 55, 46, 31, 20, 19, 18, 17, 15, 14, 13, 12, 12, 11, 10, 10, 10, 9, 8, 8, 8, 7, 7,
    7, 6, 6, 6, 3, 5, 5, 5, 5, 5, 4, 4, 4, 4, 4,
];
const GIVEN: [&str; 48] = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀", "霞", "平", "刚", "桂", "建", "国", "华", "志", "红", "春", "晓", "海", "鹏", "辉",
    "婷", "雪", "琳", "宁", "浩", "宇", "凯", "欣", "思", "佳", "文", "斌", "博", "立", "颖", "东",
];

const CHINESE_ORDINALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

fn generate_inspectors(
    rng: &mut SplitMix64,
    m: usize,
    regions: &[&'static str],
    enterprises: &[Enterprise],
) -> Vec<Inspector> {
    // The first two per 片区 are plain, active, certified, general inspectors, so that
    // every 片区 has colleagues from elsewhere for 所所交叉 teams of two.
    let guaranteed = 2 * regions.len();
    let wide_ids = m > 100_000;
    let mut experts_without_certificate = 0usize;
    let mut list = Vec::with_capacity(m);
    for index in 0..m {
        let region_index = index % regions.len();
        let region = regions[region_index];
        let ordinary = index >= guaranteed;
        let department = if ordinary && rng.bp() < 1000 {
            SECOND_DEPARTMENT
        } else {
            DEPARTMENT
        };
        let unit = if department == DEPARTMENT {
            format!("执法{}中队", CHINESE_ORDINALS[region_index])
        } else {
            format!("{}市场监管所", region.trim_end_matches("片区"))
        };
        let expert = ordinary && rng.bp() < 1300;
        let without_certificate = expert && rng.bp() < 5000;
        let id = if without_certificate {
            experts_without_certificate += 1;
            format!("ZJ{experts_without_certificate:04}")
        } else if wide_ids {
            // Coprime to 10^8: one distinct number per index.
            format!("1303{:08}", (index as u64 * 7_919 + 12_345) % 100_000_000)
        } else {
            format!("130300{:05}", (index as u64 * 7_919 + 12_345) % 100_000)
        };
        let name = format!(
            "{}{}{}",
            SURNAMES[rng.weighted(&SURNAME_WEIGHTS)],
            rng.pick(&GIVEN),
            if rng.bp() < 6500 {
                rng.pick(&GIVEN)
            } else {
                ""
            }
        );
        let mut qualifications = Vec::with_capacity(2);
        let primary = if ordinary {
            [
                QUALIFICATION_GENERAL,
                QUALIFICATION_GENERAL,
                QUALIFICATION_GENERAL,
                QUALIFICATION_TRADE,
                QUALIFICATION_CHEMICALS,
            ][rng.below(5)]
        } else {
            QUALIFICATION_GENERAL
        };
        qualifications.push(primary.to_string());
        if rng.bp() < 4000 {
            let second = rng.pick(&[
                QUALIFICATION_GENERAL,
                QUALIFICATION_TRADE,
                QUALIFICATION_CHEMICALS,
            ]);
            if second != primary {
                qualifications.push(second.to_string());
            }
        }
        qualifications.sort();
        let cert_expiry = if without_certificate {
            String::new()
        } else if ordinary && rng.bp() < 600 {
            // Expired this year, or expiring inside the December window: both only
            // warn, and neither may be drawn.
            if rng.bp() < 5000 {
                format!("2026-{:02}-{:02}", 1 + rng.below(11), 1 + rng.below(28))
            } else {
                format!("2026-12-{:02}", 1 + rng.below(28))
            }
        } else {
            format!(
                "{}-{:02}-{:02}",
                2027 + rng.below(5),
                1 + rng.below(12),
                1 + rng.below(28)
            )
        };
        let state = if ordinary && rng.bp() < 400 {
            inspector_status::INACTIVE
        } else {
            inspector_status::ACTIVE
        };
        let mut conflicts = Vec::new();
        if !enterprises.is_empty() && rng.bp() < 600 {
            for _ in 0..1 + rng.below(2) {
                conflicts.push(enterprises[rng.below(enterprises.len())].id.clone());
            }
            conflicts.sort();
            conflicts.dedup();
        }
        list.push(Inspector {
            id,
            name,
            unit,
            department: department.to_string(),
            region: region.to_string(),
            qualifications,
            cert_expiry,
            expert,
            status: state.to_string(),
            conflicts,
        });
    }
    list.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    list
}

/// About 5 % of the firms were inspected this year: mostly once by this department,
/// some twice (which reaches the yearly cap), some by the market regulator (which
/// does not count) and some by the city bureau (level above: excluded).
fn generate_history(rng: &mut SplitMix64, enterprises: &[Enterprise]) -> Vec<HistoryRecord> {
    let mut history = Vec::with_capacity(enterprises.len() / 16);
    for enterprise in enterprises {
        if rng.bp() >= 500 {
            continue;
        }
        let times = if rng.bp() < 3000 { 2 } else { 1 };
        for _ in 0..times {
            let (department, level) = match rng.bp() {
                0..=7999 => (DEPARTMENT, history_level::SAME),
                8000..=8999 => (SECOND_DEPARTMENT, history_level::SAME),
                _ => (HIGHER_DEPARTMENT, history_level::HIGHER),
            };
            history.push(HistoryRecord {
                enterprise_id: enterprise.id.clone(),
                date: format!("2026-{:02}-{:02}", 1 + rng.below(10), 1 + rng.below(28)),
                department: department.to_string(),
                level: level.to_string(),
            });
        }
    }
    history.sort_unstable();
    history.dedup();
    history
}

/// The 随机抽查事项清单 of a 应急管理局 (工贸, 危险化学品, 安全生产综合).
///
/// Long because it is a data table: one line per item of the real 清单, read as a list.
pub fn checklist() -> Vec<ChecklistItem> {
    let item = |code: &str, name: &str, basis: &str, level: &str, categories: &[&str]| {
        let mut categories: Vec<String> = categories.iter().map(|c| c.to_string()).collect();
        categories.sort();
        ChecklistItem {
            code: code.into(),
            name: name.into(),
            basis: basis.into(),
            level: level.into(),
            categories,
        }
    };
    let mut items = vec![
        item(
            "AQ-001",
            "安全生产责任制落实情况",
            "《中华人民共和国安全生产法》第二十一条、第二十二条",
            "general",
            &[],
        ),
        item(
            "AQ-002",
            "安全生产规章制度和操作规程制定执行情况",
            "《中华人民共和国安全生产法》第二十一条",
            "general",
            &[],
        ),
        item(
            "AQ-003",
            "主要负责人和安全生产管理人员安全生产知识和管理能力考核情况",
            "《中华人民共和国安全生产法》第二十七条",
            "general",
            &[],
        ),
        item(
            "AQ-004",
            "从业人员安全生产教育和培训情况",
            "《中华人民共和国安全生产法》第二十八条",
            "general",
            &[],
        ),
        item(
            "AQ-005",
            "特种作业人员持证上岗情况",
            "《中华人民共和国安全生产法》第三十条",
            "key",
            &[],
        ),
        item(
            "AQ-006",
            "安全风险分级管控和隐患排查治理双重预防机制建设情况",
            "《中华人民共和国安全生产法》第四十一条",
            "key",
            &[],
        ),
        item(
            "AQ-007",
            "生产安全事故应急预案制定和演练情况",
            "《中华人民共和国安全生产法》第八十一条；《生产安全事故应急预案管理办法》",
            "general",
            &[],
        ),
        item(
            "AQ-008",
            "劳动防护用品配备和使用情况",
            "《中华人民共和国安全生产法》第四十五条",
            "general",
            &[],
        ),
        item(
            "AQ-009",
            "粉尘防爆安全管理情况",
            "《工贸企业粉尘防爆安全规定》第四条至第二十条",
            "key",
            &["粉尘涉爆"],
        ),
        item(
            "AQ-010",
            "有限空间作业审批和安全管理情况",
            "《工贸企业有限空间作业安全规定》第五条至第二十条",
            "key",
            &["有限空间"],
        ),
        item(
            "AQ-011",
            "危险化学品储存和使用安全管理情况",
            "《危险化学品安全管理条例》第二十条至第二十六条",
            "key",
            &["危险化学品"],
        ),
        item(
            "AQ-012",
            "危险化学品经营许可证持证经营情况",
            "《危险化学品经营许可证管理办法》第三条",
            "general",
            &["危险化学品"],
        ),
        item(
            "AQ-013",
            "冶金企业煤气等危险作业安全管理情况",
            "《工贸企业重大事故隐患判定标准》第六条",
            "key",
            &["冶金", "有色"],
        ),
        item(
            "AQ-014",
            "生产经营场所和员工宿舍安全出口、疏散通道情况",
            "《中华人民共和国安全生产法》第四十二条",
            "general",
            &[],
        ),
    ];
    items.sort_by(|a, b| a.code.cmp(&b.code));
    items
}


/// quicknet round 1000 as drand served it (recorded in
/// tests/vectors/beacons/drand-rounds.json; a real round, emitted 2023-08-23).
pub fn quicknet_round_1000() -> crate::beacon::DrandRound {
    crate::beacon::DrandRound {
        round: 1000,
        signature: "b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39".into(),
        previous_signature: None,
        randomness: Some("fe290beca10872ef2fb164d2aa4442de4566183ec51c56ff3cd603d930e54fdd".into()),
    }
}

/// The salt of the site's demo draws. A real salt is random and secret until the
/// reveal; this one is fixed so that every build ships byte-identical files.
pub const SITE_DEMO_SALT: &str = "5a17d3e0c0ffee00fa1d0ab1e0d5a17d";

/// When the site demo's committed-only draw says it was committed: 2026-11-02 09:00 Beijing time.
pub const SITE_DEMO_PENDING_COMMITTED_AT: i64 = 1_793_581_200;
/// The moment its round is chosen for: 2027-06-01 09:00 Beijing time.
pub const SITE_DEMO_PENDING_AT: i64 = 1_811_811_600;

/// The published folder the served demo shows as its 公示 example, built by the
/// engine itself: `(file name, JSON text)` for three rehearsals (演练) — an example is
/// never a real draw, and says so everywhere:
/// - a draw of [`demo_inputs`] (2,000 firms, 60 inspectors), committed two hours
///   before quicknet round 1000 and drawn with that real, recorded round;
/// - a draw of the same plan on the same round, committed after it;
/// - a commitment of next year's plan to the first round at or after 2027-06-01
///   09:00 Beijing time, not drawn yet.
///
/// The three commitments chain as numbers 1, 2 and 3 of [`DEPARTMENT`]. No clock:
/// every time is fixed here, so the output never changes.
pub fn site_demo() -> Vec<(String, String)> {
    use crate::beacon;
    use crate::protocol::{self, CommitOptions, Commitment, Inputs};

    let Some(chain) = beacon::chain_by_name("quicknet") else {
        return Vec::new();
    };
    let inputs_for = |plan: Plan| generate(plan, DEFAULT_ENTERPRISES, DEFAULT_INSPECTORS, DEMO_REGION_COUNT).into_inputs(SITE_DEMO_SALT);
    let commit = |inputs: &Inputs, sequence: u64, previous: &str, committed_at: i64, rehearsal: bool, round: u64| {
        let opts = CommitOptions {
            sequence,
            previous: previous.to_string(),
            committed_at,
            rehearsal,
            chain,
            round,
        };
        protocol::commit(inputs, &opts).ok().map(|(c, _)| c)
    };
    let mut files = Vec::new();
    let round = 1000;
    let emitted = chain.round_time(round);
    let mut previous = String::new();
    let drawn: [(&str, i64, bool); 2] = [("demo-2026001", emitted - 2 * 3600, true), ("demo-2026001-rehearsal", emitted + 3600, true)];
    for (sequence, (stem, committed_at, rehearsal)) in (1..).zip(drawn) {
        let inputs = inputs_for(demo_plan());
        let Some(c) = commit(&inputs, sequence, &previous, committed_at, rehearsal, round) else {
            return Vec::new();
        };
        previous = c.commitment.clone();
        files.push((format!("{stem}-commitment.json"), pretty_json(&c)));
        let Ok(bundle) = protocol::draw_bundle(inputs, c, quicknet_round_1000()) else {
            return Vec::new();
        };
        // Compact, like `fairdraw draw`: bundles hold whole directories.
        files.push((format!("{stem}-bundle.json"), serde_json::to_string(&bundle).unwrap_or_default() + "\n"));
    }
    let pending_round = chain.round_at_or_after(SITE_DEMO_PENDING_AT);
    let inputs = inputs_for(next_year_plan());
    let Some(c): Option<Commitment> = commit(&inputs, 3, &previous, SITE_DEMO_PENDING_COMMITTED_AT, true, pending_round) else {
        return Vec::new();
    };
    files.push(("demo-2027001-commitment.json".into(), pretty_json(&c)));
    files
}

/// A 公示 folder at scale: `n` commitments (not drawn) of many departments over four
/// plan years, each department's numbered as one chain. They are the site demo's
/// pending commitment with another department, plan, number and time, hashed
/// again: real commitments to the index and the 公示 page, though no inputs behind
/// them are published. For trying and measuring a site with a province's draws.
pub fn published_commitments(n: usize) -> Vec<(String, String)> {
    use crate::hashing::hex;
    use crate::protocol::Commitment;

    let Some(template) = site_demo().into_iter().find(|(name, _)| name == "demo-2027001-commitment.json") else {
        return Vec::new();
    };
    let Ok(template) = serde_json::from_str::<Commitment>(&template.1) else {
        return Vec::new();
    };
    const YEARS: [u32; 4] = [2023, 2024, 2025, 2026];
    const PER_DEPARTMENT: usize = 200;
    let departments = n.div_ceil(PER_DEPARTMENT).max(1);
    let mut files = Vec::with_capacity(n);
    for d in 0..departments {
        let department = format!("示例市第{}区市场监督管理局", d + 1);
        let mine = (n - d * PER_DEPARTMENT).min(PER_DEPARTMENT);
        let mut previous = String::new();
        for i in 0..mine {
            let year = YEARS[i * YEARS.len() / mine.max(1)];
            let mut c = template.clone();
            c.department = department.clone();
            c.rehearsal = false;
            c.sequence = i as u64 + 1;
            c.previous = previous.clone();
            c.plan.year = year;
            c.plan.number = format!("{year}{:03}", i % 1000 + 1);
            c.plan.name = format!("{year}年{department}双随机抽查（第{}批）", i + 1);
            c.committed_at = format!("{year}-{:02}-{:02}T01:00:00Z", i % 12 + 1, i % 28 + 1);
            c.commitment = hex(&c.compute_hash());
            previous = c.commitment.clone();
            files.push((format!("d{:04}-{:04}-commitment.json", d + 1, i + 1), pretty_json(&c)));
        }
    }
    files
}

/// [`demo_plan`] moved to June 2027, for the demo's draw that is still to come.
fn next_year_plan() -> Plan {
    let mut plan = demo_plan();
    plan.number = "2027001".into();
    plan.name = plan.name.replace("2026年", "2027年");
    plan.year = 2027;
    for task in &mut plan.tasks {
        task.name = task.name.replace("2026年", "2027年");
        task.window = Window { start: "2027-06-01".into(), end: "2027-06-30".into() };
    }
    plan
}

/// Pretty JSON with a final newline, as the command line writes its files.
fn pretty_json<T: serde::Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn small() -> DemoInputs {
        demo_inputs(DEFAULT_ENTERPRISES, DEFAULT_INSPECTORS)
    }

    #[test]
    fn same_arguments_same_inputs() {
        assert_eq!(small(), small());
        assert_ne!(
            small().enterprises,
            demo_inputs(DEFAULT_ENTERPRISES + 1, DEFAULT_INSPECTORS).enterprises
        );
    }

    #[test]
    fn ids_are_valid_sorted_and_distinct() {
        let d = demo_inputs(20_000, 300);
        for e in &d.enterprises {
            assert_eq!(uscc::validate(&e.id), Ok(()), "{}", e.id);
        }
        assert!(d.enterprises.windows(2).all(|w| w[0].id < w[1].id));
        assert!(d.inspectors.windows(2).all(|w| w[0].id < w[1].id));
        assert!(d.checklist.windows(2).all(|w| w[0].code < w[1].code));
        assert!(d.history.windows(2).all(|w| w[0] < w[1]));
        let names: BTreeSet<&str> = d.enterprises.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names.len(), d.enterprises.len(), "names are unique");
        let ids: BTreeSet<&str> = d.enterprises.iter().map(|e| e.id.as_str()).collect();
        for h in &d.history {
            assert!(ids.contains(h.enterprise_id.as_str()));
            assert!(h.date.as_str() < "2026-11-22", "history lies in the past");
        }
        for i in &d.inspectors {
            assert!(i.qualifications.windows(2).all(|w| w[0] < w[1]));
            assert!(i.conflicts.windows(2).all(|w| w[0] < w[1]));
            assert!(i.conflicts.iter().all(|c| ids.contains(c.as_str())));
            assert!(i.expert || !i.cert_expiry.is_empty());
        }
        for e in &d.enterprises {
            assert!(e.flags.windows(2).all(|w| w[0] < w[1]), "{:?}", e.flags);
            assert!(e.flags.iter().all(|f| flag::ALL.contains(&f.as_str())));
        }
    }

    fn share_bp(count: usize, total: usize) -> usize {
        count * 10_000 / total
    }

    #[test]
    fn distribution_is_as_intended() {
        let d = demo_inputs(50_000, 500);
        let n = d.enterprises.len();
        let count = |f: &dyn Fn(&Enterprise) -> bool| {
            share_bp(d.enterprises.iter().filter(|e| f(e)).count(), n)
        };
        let within = |bp: usize, low: usize, high: usize| {
            assert!((low..=high).contains(&bp), "{bp} not in {low}..={high}")
        };
        within(count(&|e| e.risk == "A"), 1850, 2150);
        within(count(&|e| e.risk == "B"), 4800, 5200);
        within(count(&|e| e.risk == "C"), 2350, 2650);
        within(count(&|e| e.risk == "D"), 420, 580);
        within(count(&|e| e.flags.iter().any(|f| f == flag::KEY)), 250, 350);
        within(
            count(&|e| e.flags.iter().any(|f| f == flag::BLACKLIST)),
            30,
            80,
        );
        within(
            count(&|e| e.flags.iter().any(|f| f == flag::TRUSTED)),
            100,
            300,
        );
        within(count(&|e| e.status == status::ACTIVE), 9600, 9800);
        within(count(&|e| e.kind == "企业"), 8300, 8700);
        let regions: BTreeSet<&str> = d.enterprises.iter().map(|e| e.region.as_str()).collect();
        assert_eq!(regions.len(), DEMO_REGION_COUNT);
        let inspected: BTreeSet<&str> =
            d.history.iter().map(|h| h.enterprise_id.as_str()).collect();
        within(share_bp(inspected.len(), n), 400, 600);
        assert!(d.history.iter().any(|h| h.level == history_level::HIGHER));
        let experts = d.inspectors.iter().filter(|i| i.expert).count();
        assert!((20..=80).contains(&experts), "{experts}");
        assert!(d
            .inspectors
            .iter()
            .any(|i| i.status == inspector_status::INACTIVE));
        assert!(d
            .inspectors
            .iter()
            .any(|i| !i.cert_expiry.is_empty() && i.cert_expiry.as_str() < "2026-12-31"));
        assert!(d.inspectors.iter().any(|i| !i.conflicts.is_empty()));
        assert!(d
            .inspectors
            .iter()
            .any(|i| i.department == SECOND_DEPARTMENT));
    }

    /// Each firm's 片区 needs at least two eligible inspectors from elsewhere.
    fn assert_feasible(d: &DemoInputs) {
        let regions: BTreeSet<&str> = d.enterprises.iter().map(|e| e.region.as_str()).collect();
        for task in &d.plan.tasks {
            for region in &regions {
                let eligible = d
                    .inspectors
                    .iter()
                    .filter(|i| {
                        i.status == inspector_status::ACTIVE
                            && i.region != *region
                            && !i.cert_expiry.is_empty()
                            && i.cert_expiry >= task.window.end
                            && (task.team.qualification.is_empty()
                                || i.qualifications.contains(&task.team.qualification))
                    })
                    .count();
                assert!(
                    eligible >= task.team.size as usize,
                    "task {} region {region}: {eligible}",
                    task.number
                );
            }
        }
    }

    #[test]
    fn plans_are_feasible() {
        assert_feasible(&small());
        assert_feasible(&demo_inputs(100, 16));
        assert_feasible(&generate(bench_plan(), 5_000, 20, BENCH_REGION_COUNT));
    }

    #[test]
    #[ignore = "1,000,000 firms: cargo test --release --lib demo -- --ignored"]
    fn bench_directory_is_well_formed() {
        let d = bench_inputs();
        assert_eq!(d.enterprises.len(), BENCH_ENTERPRISES);
        assert_eq!(d.inspectors.len(), BENCH_INSPECTORS);
        assert!(d.enterprises.windows(2).all(|w| w[0].id < w[1].id));
        let names: HashSet<&str> = d.enterprises.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names.len(), BENCH_ENTERPRISES, "names are unique");
        let strata: BTreeSet<(&str, &str)> =
            d.enterprises.iter().map(|e| (e.region.as_str(), e.risk.as_str())).collect();
        assert_eq!(strata.len(), 40);
        assert_feasible(&d);
    }
}
