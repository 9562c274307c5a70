//! A run's page as last read: written by a live refresh, read back offline; the listing keeps
//! what a refresh learned (the compute environment's name) and the spend follows.

use towerdesk_store::{ProcessProgress, RunDetails, TaskCounts};

use crate::common::{self, open_new, run};

fn details(read_at: &str, running: i64, succeeded: i64) -> RunDetails {
    RunDetails {
        work_dir: Some("s3://bucket/work".to_string()),
        repository: Some("https://github.com/nf-core/rnaseq".to_string()),
        revision: Some("3.14.0".to_string()),
        config_profiles: vec!["docker".to_string()],
        params: Some(r#"{"input":"samples.csv"}"#.to_string()),
        tasks: TaskCounts {
            running,
            succeeded,
            ..TaskCounts::default()
        },
        processes: vec![ProcessProgress {
            process: "FASTQC".to_string(),
            tasks: TaskCounts {
                running,
                succeeded,
                ..TaskCounts::default()
            },
        }],
        cpu_time_ms: Some(3_600_000),
        memory_rss: Some(1 << 30),
        wall_time_ms: Some(60_000),
        error_message: None,
        read_at: read_at.to_string(),
    }
}

#[tokio::test]
async fn a_read_run_page_is_kept_updated_and_survives_a_later_listing() {
    let (_p, store) = open_new().await;
    let acc = common::account(&store).await;
    let ws = store
        .ensure_personal_workspace(acc.id, "ada")
        .await
        .unwrap();
    let mut r = run("w1", Some("2026-11-02T08:00:00Z"), None, 1.0, 0.5);
    r.status = "running".to_string();
    r.labels = vec!["prod".to_string()];

    let id = store
        .write_run_read(
            ws,
            &r,
            Some("aws-batch"),
            &details("2026-11-02T09:00:00Z", 3, 1),
        )
        .await
        .unwrap();
    let page = store.run_details(id).await.unwrap().unwrap();
    assert_eq!(page.tasks.running, 3);
    assert_eq!(page.processes[0].process, "FASTQC");
    assert_eq!(page.read_at, "2026-11-02T09:00:00Z");
    assert_eq!(store.active_runs(ws).await.unwrap().len(), 1);

    // A second read replaces the page; the row is the same.
    r.status = "succeeded".to_string();
    let again = store
        .write_run_read(ws, &r, None, &details("2026-11-02T10:00:00Z", 0, 4))
        .await
        .unwrap();
    assert_eq!(again, id);
    let page = store.run_details(id).await.unwrap().unwrap();
    assert_eq!((page.tasks.running, page.tasks.succeeded), (0, 4));
    assert!(store.active_runs(ws).await.unwrap().is_empty());

    // A listing rewrites the row but keeps the compute environment a read learned.
    store.upsert_runs(ws, 7, &[r.clone()]).await.unwrap();
    let listed = store.run(id).await.unwrap();
    assert_eq!(listed.compute_env.as_deref(), Some("aws-batch"));
    assert_eq!(listed.labels, vec!["prod".to_string()]);
    assert_eq!(store.run_workspace(id).await.unwrap(), ws);
    assert_eq!(store.run_local_id(acc.id, "w1").await.unwrap(), Some(id));
}
