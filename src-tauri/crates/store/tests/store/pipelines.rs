//! Pipelines written offline through the outbox and the drafts of their forms: a local pipeline
//! shows at once without a server id, a pull neither overwrites nor deletes it while its change is
//! queued, edits fold into a create not yet tried, the endings (completed, discarded) keep the
//! drafts right, and drafts survive closing and reopening the file.

use serde_json::json;
use towerdesk_store::{
    ChangeOp, ChangeState, DraftKind, DraftState, Entity, NewChange, OrgRecord, PipelineInput,
    PipelinesFrom, Shares, Store,
};

use crate::common::{self, open_new, pipeline, ws_record};

async fn workspace(store: &Store) -> (i64, i64) {
    let acc = common::account(store).await;
    store
        .upsert_organizations(
            acc.id,
            1,
            &[OrgRecord {
                org_id: 7,
                name: "acme".into(),
                full_name: None,
                description: None,
                logo_url: None,
                role: None,
            }],
        )
        .await
        .unwrap();
    let generation = store.begin_workspace_listing(acc.id).await.unwrap();
    store
        .upsert_workspaces(acc.id, generation, &[ws_record(7, 70, "production")])
        .await
        .unwrap();
    let ws = store
        .workspace_local_id(acc.id, Some(70))
        .await
        .unwrap()
        .unwrap();
    (acc.id, ws)
}

fn form(name: &str, url: &str) -> PipelineInput {
    PipelineInput {
        name: name.into(),
        description: "as I typed it".into(),
        pipeline: url.into(),
        revision: "main".into(),
        params_text: "input: s3://bucket/samples.csv\n".into(),
        ..PipelineInput::default()
    }
}

fn change(op: ChangeOp, input: &PipelineInput, base: Option<&str>) -> NewChange {
    NewChange {
        entity: Entity::Pipeline,
        op,
        natural_key: Some(input.name.clone()),
        payload: json!({ "workspaceId": 70, "name": input.name, "pipeline": input.pipeline }),
        base_last_updated: base.map(Into::into),
        summary: format!("{op} pipeline {}", input.name),
    }
}

async fn launchpad(store: &Store, ws: i64) -> Vec<towerdesk_store::Pipeline> {
    store
        .pipelines(ws, PipelinesFrom::ThisWorkspace, None)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_pipeline_added_offline_shows_waiting_and_a_pull_leaves_it_alone_until_sent() {
    let (_p, store) = open_new().await;
    let (acc, ws) = workspace(&store).await;
    let input = form("rnaseq-offline", "https://github.com/nf-core/rnaseq");
    let draft = store
        .save_draft(
            acc,
            None,
            Some(ws),
            DraftKind::Pipeline,
            &input.name,
            &serde_json::to_string(&input).unwrap(),
            None,
        )
        .await
        .unwrap();
    assert_eq!(draft.state, DraftState::Draft);
    assert_eq!(draft.workspace_ref, "acme/production");
    let local = store
        .create_pipeline_local(
            acc,
            ws,
            &input,
            &change(ChangeOp::Create, &input, None),
            Some(draft.id),
        )
        .await
        .unwrap();

    let shown = launchpad(&store, ws).await;
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].name, "rnaseq-offline");
    assert_eq!(shown[0].pipeline_id, None);
    assert_eq!(
        shown[0].repository.as_deref(),
        Some("https://github.com/nf-core/rnaseq")
    );
    assert_eq!(shown[0].change_state, Some(ChangeState::Waiting));
    let draft = store.draft(draft.id).await.unwrap();
    assert_eq!(draft.state, DraftState::Waiting);
    assert_eq!(draft.pipeline_local_id, Some(local));
    assert_eq!(store.pipeline(local).await.unwrap().input(), input);

    // A completed listing that does not have it yet deletes nothing.
    let generation = store.begin_pipeline_listing(acc).await.unwrap();
    store
        .upsert_pipelines(
            acc,
            Shares::None,
            generation,
            &[pipeline(
                1,
                Some(70),
                ("acme", "production"),
                "other",
                None,
                None,
            )],
        )
        .await
        .unwrap();
    store
        .finish_pipeline_listing(acc, Some(70), generation)
        .await
        .unwrap();
    assert_eq!(launchpad(&store, ws).await.len(), 2);

    // The create's answer was lost and a pull brought the server's copy: completing folds it in.
    let generation = store.begin_pipeline_listing(acc).await.unwrap();
    let mut server = pipeline(
        2,
        Some(70),
        ("acme", "production"),
        "rnaseq-offline",
        None,
        None,
    );
    server.last_updated = Some("2026-12-02T10:00:00Z".into());
    store
        .upsert_pipelines(
            acc,
            Shares::None,
            generation,
            &[
                pipeline(1, Some(70), ("acme", "production"), "other", None, None),
                server,
            ],
        )
        .await
        .unwrap();
    store
        .finish_pipeline_listing(acc, Some(70), generation)
        .await
        .unwrap();
    let queued = store.outbox(acc).await.unwrap();
    assert_eq!(queued.len(), 1);
    store
        .complete_change(queued[0].id, Some(2), Some("2026-12-02T10:00:00Z"))
        .await
        .unwrap();
    let shown = launchpad(&store, ws).await;
    let mine: Vec<_> = shown
        .iter()
        .filter(|p| p.name == "rnaseq-offline")
        .collect();
    assert_eq!(mine.len(), 1, "shows once: {shown:#?}");
    assert_eq!(mine[0].id, local, "the row the user made keeps its id");
    assert_eq!(mine[0].pipeline_id, Some(2));
    assert_eq!(mine[0].change_state, None);
    assert_eq!(
        mine[0].last_updated.as_deref(),
        Some("2026-12-02T10:00:00Z")
    );
    assert_eq!(
        store.draft(draft.id).await.unwrap().state,
        DraftState::Published
    );
}

#[tokio::test]
async fn a_pulled_pipeline_edited_here_keeps_the_edit_until_it_is_sent_and_take_theirs_gives_the_draft_back()
 {
    let (_p, store) = open_new().await;
    let (acc, ws) = workspace(&store).await;
    let generation = store.begin_pipeline_listing(acc).await.unwrap();
    store
        .upsert_pipelines(
            acc,
            Shares::None,
            generation,
            &[pipeline(
                5,
                Some(70),
                ("acme", "production"),
                "sarek",
                Some("server"),
                Some("https://github.com/nf-core/sarek"),
            )],
        )
        .await
        .unwrap();
    let local = launchpad(&store, ws).await[0].id;
    let mut input = store.pipeline(local).await.unwrap().input();
    assert_eq!(input.pipeline, "https://github.com/nf-core/sarek");
    input.description = "mine".into();
    let draft = store
        .save_draft(
            acc,
            None,
            Some(ws),
            DraftKind::Pipeline,
            "sarek",
            "{\"name\":\"sarek\",\"description\":\"mine\"}",
            Some(local),
        )
        .await
        .unwrap();
    let update = change(ChangeOp::Update, &input, Some("2026-01-01T00:00:00Z"));
    let as_create = change(ChangeOp::Create, &input, None);
    store
        .update_pipeline_local(acc, local, &input, &update, &as_create, Some(draft.id))
        .await
        .unwrap();

    // The server's version, listed again, does not overwrite the edit, nor delete it.
    let generation = store.begin_pipeline_listing(acc).await.unwrap();
    store
        .upsert_pipelines(
            acc,
            Shares::None,
            generation,
            &[pipeline(
                5,
                Some(70),
                ("acme", "production"),
                "sarek",
                Some("server again"),
                None,
            )],
        )
        .await
        .unwrap();
    store
        .finish_pipeline_listing(acc, Some(70), generation + 1)
        .await
        .unwrap();
    let shown = launchpad(&store, ws).await;
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].description.as_deref(), Some("mine"));

    // A conflict, then "Take theirs": the draft is a draft again with what was typed.
    let row = store.outbox(acc).await.unwrap().remove(0);
    store
        .set_change_state(
            row.id,
            ChangeState::Conflict,
            Some("It was changed on the server since you edited it."),
        )
        .await
        .unwrap();
    let d = store.draft(draft.id).await.unwrap();
    assert_eq!(d.state, DraftState::Conflict);
    assert_eq!(
        d.message.as_deref(),
        Some("It was changed on the server since you edited it.")
    );
    store.discard_change(row.id).await.unwrap();
    let d = store.draft(draft.id).await.unwrap();
    assert_eq!(d.state, DraftState::Draft);
    assert_eq!(d.body, "{\"name\":\"sarek\",\"description\":\"mine\"}");
    assert!(store.outbox(acc).await.unwrap().is_empty());
    // The next listing brings the server's version back.
    let generation = store.begin_pipeline_listing(acc).await.unwrap();
    store
        .upsert_pipelines(
            acc,
            Shares::None,
            generation,
            &[pipeline(
                5,
                Some(70),
                ("acme", "production"),
                "sarek",
                Some("server again"),
                None,
            )],
        )
        .await
        .unwrap();
    assert_eq!(
        launchpad(&store, ws).await[0].description.as_deref(),
        Some("server again")
    );
}

#[tokio::test]
async fn edits_fold_into_a_create_not_yet_tried_and_deleting_it_forgets_it_and_frees_its_draft() {
    let (_p, store) = open_new().await;
    let (acc, ws) = workspace(&store).await;
    let first = form("first-name", "https://github.com/nf-core/rnaseq");
    let draft = store
        .save_draft(
            acc,
            None,
            Some(ws),
            DraftKind::Pipeline,
            "first-name",
            "{}",
            None,
        )
        .await
        .unwrap();
    let local = store
        .create_pipeline_local(
            acc,
            ws,
            &first,
            &change(ChangeOp::Create, &first, None),
            Some(draft.id),
        )
        .await
        .unwrap();
    let second = form("second-name", "https://github.com/nf-core/rnaseq");
    store
        .update_pipeline_local(
            acc,
            local,
            &second,
            &change(ChangeOp::Update, &second, None),
            &change(ChangeOp::Create, &second, None),
            None,
        )
        .await
        .unwrap();
    let queued = store.outbox(acc).await.unwrap();
    assert_eq!(queued.len(), 1, "folded into the create");
    assert_eq!(queued[0].op, ChangeOp::Create);
    assert_eq!(queued[0].natural_key.as_deref(), Some("second-name"));
    assert_eq!(launchpad(&store, ws).await[0].name, "second-name");

    store
        .delete_pipeline_local(acc, local, &change(ChangeOp::Delete, &second, None))
        .await
        .unwrap();
    assert!(store.outbox(acc).await.unwrap().is_empty());
    assert!(launchpad(&store, ws).await.is_empty());
    let d = store.draft(draft.id).await.unwrap();
    assert_eq!(d.state, DraftState::Draft);
    assert_eq!(d.pipeline_local_id, None);
    assert_eq!(d.change_id, None);
}

#[tokio::test]
async fn a_delete_of_a_pipeline_the_server_has_hides_it_until_sent_and_discard_restores_it() {
    let (_p, store) = open_new().await;
    let (acc, ws) = workspace(&store).await;
    let generation = store.begin_pipeline_listing(acc).await.unwrap();
    store
        .upsert_pipelines(
            acc,
            Shares::None,
            generation,
            &[pipeline(
                9,
                Some(70),
                ("acme", "production"),
                "hello",
                None,
                None,
            )],
        )
        .await
        .unwrap();
    let local = launchpad(&store, ws).await[0].id;
    let input = store.pipeline(local).await.unwrap().input();
    store
        .delete_pipeline_local(
            acc,
            local,
            &change(ChangeOp::Delete, &input, Some("2026-01-01T00:00:00Z")),
        )
        .await
        .unwrap();
    assert!(launchpad(&store, ws).await.is_empty());
    // A listing that still has it does not bring it back while the delete is queued.
    let generation = store.begin_pipeline_listing(acc).await.unwrap();
    store
        .upsert_pipelines(
            acc,
            Shares::None,
            generation,
            &[pipeline(
                9,
                Some(70),
                ("acme", "production"),
                "hello",
                None,
                None,
            )],
        )
        .await
        .unwrap();
    assert!(launchpad(&store, ws).await.is_empty());
    let row = store.outbox(acc).await.unwrap().remove(0);
    store.discard_change(row.id).await.unwrap();
    assert_eq!(launchpad(&store, ws).await.len(), 1);

    // Sent: the row goes.
    store
        .delete_pipeline_local(acc, local, &change(ChangeOp::Delete, &input, None))
        .await
        .unwrap();
    let row = store.outbox(acc).await.unwrap().remove(0);
    store.complete_change(row.id, None, None).await.unwrap();
    assert!(store.pipeline(local).await.is_err());
}

#[tokio::test]
async fn names_clash_in_the_workspace_and_org_wide_for_a_shared_workspace() {
    let (_p, store) = open_new().await;
    let (acc, ws) = workspace(&store).await;
    let generation = store.begin_workspace_listing(acc).await.unwrap();
    store
        .upsert_workspaces(
            acc,
            generation,
            &[ws_record(7, 70, "production"), ws_record(7, 71, "research")],
        )
        .await
        .unwrap();
    let generation = store.begin_pipeline_listing(acc).await.unwrap();
    store
        .upsert_pipelines(
            acc,
            Shares::None,
            generation,
            &[pipeline(
                3,
                Some(71),
                ("acme", "research"),
                "Sarek",
                None,
                None,
            )],
        )
        .await
        .unwrap();
    assert!(
        store
            .pipelines_named(ws, "sarek", false)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store
            .pipelines_named(ws, "sarek", true)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store.pipelines_named(ws, " SAREK ", true).await.unwrap()[0].pipeline_id,
        Some(3)
    );
}

#[tokio::test]
async fn drafts_survive_closing_and_reopening_the_file_exactly_as_typed() {
    let p = common::profile();
    let body = "{\"name\":\"half-typ\",\"pipeline\":\"https://github.com/nf-c\",\"paramsText\":\"a: 1\\n  b:\"}";
    let (acc, id) = {
        let store = Store::open(&p.path).await.unwrap();
        let (acc, ws) = workspace(&store).await;
        let d = store
            .save_draft(
                acc,
                None,
                Some(ws),
                DraftKind::Pipeline,
                "half-typ",
                "{}",
                None,
            )
            .await
            .unwrap();
        store
            .save_draft(
                acc,
                Some(d.id),
                Some(ws),
                DraftKind::Pipeline,
                "half-typ",
                body,
                None,
            )
            .await
            .unwrap();
        store
            .save_draft(
                acc,
                None,
                Some(ws),
                DraftKind::Launch,
                "a launch",
                "{}",
                None,
            )
            .await
            .unwrap();
        store.close().await;
        (acc, d.id)
    };
    let store = Store::open(&p.path).await.unwrap();
    let all = store.drafts(acc, None).await.unwrap();
    assert_eq!(all.len(), 2);
    let pipelines = store.drafts(acc, Some(DraftKind::Pipeline)).await.unwrap();
    assert_eq!(pipelines.len(), 1);
    assert_eq!(pipelines[0].id, id);
    assert_eq!(pipelines[0].body, body);
    assert_eq!(pipelines[0].title, "half-typ");
    assert_eq!(pipelines[0].state, DraftState::Draft);
    store.delete_draft(id).await.unwrap();
    assert_eq!(
        store
            .drafts(acc, Some(DraftKind::Pipeline))
            .await
            .unwrap()
            .len(),
        0
    );
    assert!(store.delete_draft(id).await.is_err());
}
