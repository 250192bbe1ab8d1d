//! Importing a 10,000-row roster (xlsx): preview < 2 s, import < 5 s.
//! Run: `cargo bench --bench import` (see `scripts/bench.sh`).

mod data;

use std::path::{Path, PathBuf};

use divan::Bencher;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use zhibu::service::Service;

const ROWS: u32 = 10_000;

fn main() {
    roster();
    divan::main();
}

/// A roster like the national system's export: two title rows, then the header, then one row
/// per member with date cells; cached in target/bench-data.
fn roster() -> PathBuf {
    let path = data::dir().join(format!("roster-{ROWS}.xlsx"));
    if !path.exists() {
        write_roster(&path);
    }
    path
}

fn write_roster(path: &Path) {
    const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"];
    const GIVEN: &[&str] = &["伟", "芳", "秀英", "建国", "海燕", "志强", "丽", "俊杰", "桂兰", "浩然"];
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.merge_range(0, 0, 0, 9, "性能测试党支部党员名册", &Format::new()).unwrap();
    ws.merge_range(1, 0, 1, 9, "导出日期：2026-11-20", &Format::new()).unwrap();
    let header =
        ["序号", "姓名", "性别", "民族", "出生日期", "入党日期", "转正日期", "人员类别", "工作单位", "联系电话"];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for i in 0..ROWS {
        let r = i + 3;
        let name = format!("{}{}{}", SURNAMES[i as usize % 10], GIVEN[(i / 10) as usize % 10], i / 100);
        let birth = ExcelDateTime::from_ymd(1950 + (i % 50) as u16, 1 + (i % 12) as u8, 1 + (i % 28) as u8).unwrap();
        let adm = ExcelDateTime::from_ymd(1975 + (i % 50) as u16, 1 + (i % 12) as u8, 1 + (i % 28) as u8).unwrap();
        let conv = ExcelDateTime::from_ymd(1976 + (i % 50) as u16, 1 + (i % 12) as u8, 1 + (i % 28) as u8).unwrap();
        ws.write_number(r, 0, i + 1).unwrap();
        ws.write_string(r, 1, name).unwrap();
        ws.write_string(r, 2, if i % 2 == 0 { "男" } else { "女" }).unwrap();
        ws.write_string(r, 3, "汉族").unwrap();
        ws.write_datetime_with_format(r, 4, birth, &date).unwrap();
        ws.write_datetime_with_format(r, 5, adm, &date).unwrap();
        ws.write_datetime_with_format(r, 6, conv, &date).unwrap();
        ws.write_string(r, 7, "正式党员").unwrap();
        ws.write_string(r, 8, "区教育局").unwrap();
        ws.write_string(r, 9, format!("138{:08}", i)).unwrap();
    }
    wb.save(path).unwrap();
}

/// A new, empty database file in a temp folder.
fn empty_db(dir: &Path) -> PathBuf {
    let path = dir.join("branch.db");
    Service::open(&path, data::today()).unwrap();
    path
}

/// Reading the workbook and comparing every row with an empty branch: 10,000 to add.
#[divan::bench(sample_count = 5)]
fn preview_10000_new(bencher: Bencher) {
    let dir = tempfile::tempdir().unwrap();
    let s = Service::open(&empty_db(dir.path()), data::today()).unwrap();
    let xlsx = roster();
    bencher.bench_local(|| {
        let p = s.preview_import(&xlsx, None).unwrap();
        assert_eq!(p.add.len(), ROWS as usize);
        p
    });
}

/// The same roster against a branch that has all 10,000: every row matched and unchanged.
#[divan::bench(sample_count = 5)]
fn preview_10000_existing(bencher: Bencher) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Service::open(&empty_db(dir.path()), data::today()).unwrap();
    let xlsx = roster();
    let p = s.preview_import(&xlsx, None).unwrap();
    s.import_members(&p).unwrap();
    bencher.bench_local(|| {
        let p = s.preview_import(&xlsx, None).unwrap();
        assert_eq!(p.unchanged, ROWS as usize);
        p
    });
}

/// Preview and import into a new file: the backup, then 10,000 inserts in one transaction.
#[divan::bench(sample_count = 5)]
fn import_10000(bencher: Bencher) {
    let xlsx = roster();
    bencher
        .with_inputs(|| {
            let dir = tempfile::tempdir().unwrap();
            let path = empty_db(dir.path());
            (dir, path)
        })
        .bench_local_values(|(dir, path)| {
            let mut s = Service::open(&path, data::today()).unwrap();
            let p = s.preview_import(&xlsx, None).unwrap();
            s.import_members(&p).unwrap();
            dir
        });
}
