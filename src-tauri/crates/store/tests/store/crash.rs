//! A Towerdesk killed with SIGKILL in the middle of writing leaves a sound file in which every
//! committed transaction is whole and the spend summary agrees with the runs.
//!
//! The test re-executes its own binary as the writer (selected by `TOWERDESK_STORE_WRITER`), which
//! says on its stdout each page it has committed; the parent kills it at a random moment once a few
//! pages are in, and checks the file against what the writer said: every page it reported is there
//! whole, and at most one more (committed just before the kill, its line not yet printed). Nothing
//! depends on how fast the machine is: a slow writer reports fewer pages, and the checks follow.

use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::Duration;

use tokio::sync::mpsc;

use towerdesk_store::{ChangeOp, Store};

use crate::common::{self, change, run, ws_input};

const WRITER_ENV: &str = "TOWERDESK_STORE_WRITER";
const TEST_NAME: &str = "crash::sigkill_during_writes_leaves_a_consistent_store";
/// Printed by the writer, followed by the page's number, after each page's transaction committed.
const COMMITTED: &str = "TOWERDESK-WRITER-COMMITTED";
/// The parent kills the writer only once it has reported this page (pages 0..=2) committed.
const KILL_AFTER_PAGE: usize = 2;
const PAGE: usize = 200;

/// Kills the writer if the parent fails before it does.
struct Writer(Child);

impl Drop for Writer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn random_millis(low: u64, high: u64) -> u64 {
    low + RandomState::new().hash_one(std::time::SystemTime::now()) % (high - low + 1)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_during_writes_leaves_a_consistent_store() {
    if let Ok(path) = std::env::var(WRITER_ENV) {
        write_forever(Path::new(&path)).await;
    }
    for round in 0..5 {
        let p = common::profile();
        let last_reported = kill_writer_midway(&p.path, round).await;
        check_consistent(&p.path, round, last_reported).await;
    }
}

/// The page number in a line the writer printed after a commit (libtest may have written the start
/// of the line). A line cut short (no newline) is ignored, though a pipe write this small is atomic.
fn committed_page(line: &str) -> Option<usize> {
    let line = line.strip_suffix('\n')?;
    let at = line.find(COMMITTED)?;
    line[at + COMMITTED.len()..].trim().parse().ok()
}

/// Reads the writer's stdout to its end (the writer's death), sending each committed page on as it
/// comes; returns every line read.
fn read_to_end(stdout: ChildStdout, pages: mpsc::UnboundedSender<usize>) -> Vec<String> {
    let mut reader = BufReader::new(stdout);
    let mut lines = Vec::new();
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => return lines,
            Ok(_) => {
                if let Some(page) = committed_page(&line) {
                    let _ = pages.send(page);
                }
                lines.push(line);
            }
        }
    }
}

/// Runs the writer, kills it with SIGKILL at a random moment after it reported page
/// `KILL_AFTER_PAGE`, and returns the last page it reported committed.
async fn kill_writer_midway(path: &Path, round: usize) -> usize {
    let child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", TEST_NAME, "--nocapture", "--test-threads=1"])
        .env(WRITER_ENV, path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut writer = Writer(child);
    let stdout = writer.0.stdout.take().unwrap();
    let (tx, mut pages) = mpsc::unbounded_channel();
    let reader = std::thread::spawn(move || read_to_end(stdout, tx));
    // Only a guard against a writer that hangs; a slow one just takes longer.
    let waited = tokio::time::timeout(Duration::from_secs(300), async {
        while let Some(page) = pages.recv().await {
            if page >= KILL_AFTER_PAGE {
                return true;
            }
        }
        false
    })
    .await
    .unwrap_or_else(|_| {
        panic!("round {round}: the writer did not commit its first pages in 5 minutes")
    });
    assert!(
        waited,
        "round {round}: the writer ended before reporting page {KILL_AFTER_PAGE}"
    );
    tokio::time::sleep(Duration::from_millis(random_millis(50, 400))).await;
    assert!(
        writer.0.try_wait().unwrap().is_none(),
        "round {round}: the writer stopped by itself"
    );
    // SIGKILL on Unix: no destructor, no checkpoint, no clean close.
    writer.0.kill().unwrap();
    let status = writer.0.wait().unwrap();
    assert!(!status.success());
    // The pipe is at its end now that the writer is dead: every line it managed to print is read.
    let lines = tokio::task::spawn_blocking(move || reader.join().unwrap())
        .await
        .unwrap();
    let reported: Vec<usize> = lines.iter().filter_map(|l| committed_page(l)).collect();
    assert_eq!(
        reported,
        (0..reported.len()).collect::<Vec<_>>(),
        "round {round}: the writer reports its pages in order"
    );
    *reported.last().unwrap()
}

/// The child's side: open the store and write pages of runs, workspaces and changes until killed.
async fn write_forever(path: &Path) -> ! {
    let store = Store::open(path).await.unwrap();
    let acc = common::account(&store).await;
    let personal = store
        .ensure_personal_workspace(acc.id, &acc.user_name)
        .await
        .unwrap();
    let mut workspaces = vec![personal];
    let mut ws = personal;
    for page in 0_usize.. {
        // Pages go in pairs on one workspace: an even page writes 200 new runs, the odd page after it
        // rewrites half of them (new cost, possibly none, new month) and adds 100 new ones. Every
        // fourth page first creates a workspace locally (a row and its queued change).
        if page % 2 == 0 {
            if page % 4 == 0 {
                let name = format!("crash-{page}");
                let created = store
                    .create_workspace_local(
                        acc.id,
                        1,
                        &ws_input(&name),
                        &change(ChangeOp::Create, &name),
                    )
                    .await
                    .unwrap();
                workspaces.push(created.id);
            }
            ws = workspaces[(page / 2) % workspaces.len()];
        }
        let month = 1 + page % 12;
        let runs: Vec<_> = (0..PAGE)
            .map(|k| {
                let id = if page % 2 == 1 && k % 2 == 0 {
                    format!("p{}-{k}", page - 1)
                } else {
                    format!("p{page}-{k}")
                };
                let cost = ((k + page) % 3 != 0).then_some(((k + page) % 7) as f64 * 0.25);
                let mut r = run(
                    &id,
                    Some(&format!("2026-{month:02}-{:02}T08:00:00Z", 1 + k % 28)),
                    cost,
                    (k % 5) as f64 * 0.5,
                    (k % 4) as f64 * 1.5,
                );
                r.run_name = format!("page-{page}");
                r
            })
            .collect();
        store.upsert_runs(ws, page as i64 + 1, &runs).await.unwrap();
        // Committed: say so (stdout is line-buffered, so the line leaves now, in one write).
        println!("{COMMITTED} {page}");
    }
    unreachable!()
}

#[derive(Debug, PartialEq, sqlx::FromRow)]
struct SpendTotals {
    workspace_local_id: i64,
    month: String,
    runs: i64,
    cost: f64,
    estimated_runs: i64,
    estimated_cpu_hours: f64,
    estimated_mem_hours: f64,
    cpu_hours: f64,
    memory_gib_hours: f64,
}

/// `last_reported`: the last page the writer said it had committed before it was killed.
async fn check_consistent(path: &Path, round: usize, last_reported: usize) {
    let store = Store::open(path).await.unwrap();
    assert_eq!(
        store.integrity_check().await.unwrap(),
        "ok",
        "round {round}"
    );
    let fk_problems: Vec<(String,)> = sqlx::query_as("PRAGMA foreign_key_check")
        .fetch_all(store.pool())
        .await
        .unwrap();
    assert!(fk_problems.is_empty(), "round {round}: {fk_problems:?}");

    // Every page is one transaction: each page that left a trace left all of it.
    let by_writer: HashMap<String, i64> =
        sqlx::query_as("SELECT run_name, COUNT(*) FROM runs GROUP BY run_name")
            .fetch_all(store.pool())
            .await
            .unwrap()
            .into_iter()
            .collect();
    let pages = by_writer.len();
    eprintln!(
        "round {round}: {pages} pages in the file, the writer reported 0..={last_reported} committed"
    );
    // Every page reported committed is here, and at most one more: its commit can finish just
    // before the kill without its line having been printed.
    assert!(
        pages > last_reported,
        "round {round}: the writer reported page {last_reported} committed, the file has {pages} pages"
    );
    assert!(
        pages <= last_reported + 2,
        "round {round}: the file has {pages} pages, the writer reported only 0..={last_reported}"
    );
    // Pages 0..pages, each whole (a gap would show as a page-k missing for some k < pages).
    for page in 0..pages {
        let written = by_writer.get(&format!("page-{page}")).copied();
        let rewritten_by_next = by_writer.contains_key(&format!("page-{}", page + 1));
        let expected = if page % 2 == 0 && rewritten_by_next {
            100
        } else {
            PAGE as i64
        };
        assert_eq!(
            written,
            Some(expected),
            "round {round}: page {page} of {pages} is not whole"
        );
    }
    // An even page adds PAGE new runs, an odd page PAGE / 2 (it rewrites the other half).
    let runs = common::scalar_i64(&store, "SELECT COUNT(*) FROM runs").await;
    let expected_runs: usize = (0..pages)
        .map(|page| if page % 2 == 0 { PAGE } else { PAGE / 2 })
        .sum();
    assert_eq!(
        runs, expected_runs as i64,
        "round {round}: runs of {pages} pages"
    );
    let new_rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT substr(workflow_id, 2, instr(workflow_id, '-') - 2) AS page, COUNT(*) FROM runs GROUP BY page",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    for (page, count) in new_rows {
        let page: usize = page.parse().unwrap();
        let expected = if page.is_multiple_of(2) {
            PAGE
        } else {
            PAGE / 2
        };
        assert_eq!(
            count, expected as i64,
            "round {round}: page {page}'s new runs"
        );
    }

    // A workspace created locally always has exactly its one queued change.
    let unpaired = common::scalar_i64(
        &store,
        "SELECT COUNT(*) FROM workspaces w WHERE w.personal = 0 AND
           (SELECT COUNT(*) FROM outbox o WHERE o.entity = 'workspace' AND o.local_id = w.id) <> 1",
    )
    .await;
    assert_eq!(unpaired, 0, "round {round}");
    let orphans = common::scalar_i64(
        &store,
        "SELECT COUNT(*) FROM outbox o WHERE NOT EXISTS (SELECT 1 FROM workspaces w WHERE w.id = o.local_id)",
    )
    .await;
    assert_eq!(orphans, 0, "round {round}");

    // The trigger-kept summary equals the aggregate recomputed from the runs.
    let kept: Vec<SpendTotals> = sqlx::query_as(
        "SELECT workspace_local_id, month, runs, cost, estimated_runs, estimated_cpu_hours,
                estimated_mem_hours, cpu_hours, memory_gib_hours
         FROM run_spend WHERE runs > 0 ORDER BY workspace_local_id, month",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    let recomputed: Vec<SpendTotals> = sqlx::query_as(
        "SELECT workspace_local_id, COALESCE(substr(submitted, 1, 7), 'unknown') AS month, COUNT(*) AS runs,
                TOTAL(cost) AS cost, SUM(cost IS NULL) AS estimated_runs,
                TOTAL(CASE WHEN cost IS NULL THEN cpu_hours END) AS estimated_cpu_hours,
                TOTAL(CASE WHEN cost IS NULL THEN memory_gib_hours END) AS estimated_mem_hours,
                TOTAL(cpu_hours) AS cpu_hours, TOTAL(memory_gib_hours) AS memory_gib_hours
         FROM runs WHERE deleted = 0 GROUP BY 1, 2 ORDER BY 1, 2",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    assert!(!kept.is_empty());
    assert_eq!(kept, recomputed, "round {round}");
    let spend = store.spend(None).await.unwrap();
    assert_eq!(spend.len(), kept.len());
    store.close().await;
}
