//! Every real recorded response in `tests/fixtures/` decodes into its model, with its values.

use std::path::Path;

use serde::de::DeserializeOwned;
use towerdesk_platform_api::*;

fn decode<T: DeserializeOwned>(file: &str) -> T {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file} does not decode: {e}"))
}

fn ts(s: &str) -> Timestamp {
    chrono::DateTime::parse_from_rfc3339(s).unwrap()
}

/// One test per fixture: `fixture!(test_name, "file.json", Model, |value| { assertions })`.
macro_rules! fixture {
    ($name:ident, $file:literal, $ty:ty, |$v:ident| $body:block) => {
        #[test]
        fn $name() {
            let $v: $ty = decode($file);
            $body
        }
    };
}

const FIXTURES: &[&str] = &[
    "action_view.json",
    "actions_list.json",
    "collaborators_list.json",
    "compute_env_view.json",
    "compute_env_view_aws_manual.json",
    "compute_envs_list.json",
    "credentials_list.json",
    "labels_user.json",
    "member_add.json",
    "members_list.json",
    "organizations_add_response.json",
    "organizations_list.json",
    "organizations_view.json",
    "participant_add.json",
    "participants_list.json",
    "pipeline_describe.json",
    "pipeline_launch_describe.json",
    "pipelines_add_response.json",
    "pipelines_list.json",
    "pipelines_sarek.json",
    "runs_workflow_launch.json",
    "service-info.json",
    "studios_list_response.json",
    "studios_settings.json",
    "studios_templates_response.json",
    "studios_view_response.json",
    "team_add.json",
    "teams_add.json",
    "teams_list.json",
    "teams_members_list.json",
    "user.json",
    "versions_list.json",
    "workflow_launch.json",
    "workflow_list.json",
    "workflow_progress.json",
    "workflow_view.json",
    "workspaces_add_response.json",
    "workspaces_list.json",
    "workspaces_update_response.json",
    "workspaces_view.json",
];

#[test]
fn every_fixture_file_has_a_test() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".json"))
        .collect();
    on_disk.sort();
    assert_eq!(on_disk, FIXTURES, "add a fixture! test for each new file");
}

fixture!(user_info, "user.json", UserInfoResponse, |r| {
    assert_eq!(r.need_consent, Some(false));
    let user = r.user.unwrap();
    assert_eq!(user.id, Some(1264));
    assert_eq!(user.user_name.as_deref(), Some("jordi"));
    assert_eq!(user.first_name, None);
    assert_eq!(user.last_access, Some(ts("2021-07-21T10:30:25Z")));
});

fixture!(
    service_info,
    "service-info.json",
    ServiceInfoResponse,
    |r| {
        let info = r.service_info.unwrap();
        assert_eq!(info.api_version.as_deref(), Some("1.198.0"));
        assert_eq!(info.version.as_deref(), Some("22.3.0-torricelli"));
        assert_eq!(info.auth_types, ["github", "google"]);
        assert_eq!(info.content_max_file_size, Some(26_214_400));
        assert_eq!(info.wave_enabled, Some(true));
    }
);

fixture!(
    organizations_list,
    "organizations_list.json",
    OrganizationsResponse,
    |r| {
        assert_eq!(r.total_size, None, "the recorded totalSize is null");
        assert_eq!(r.organizations.len(), 2);
        let org = &r.organizations[0];
        assert_eq!(org.org_id, Some(81_702_924_135_038));
        assert_eq!(org.name.as_deref(), Some("org-jfernandez"));
        assert_eq!(org.member_role, Some(OrgRole::Owner));
    }
);

fixture!(
    organizations_view,
    "organizations_view.json",
    OrganizationResponse,
    |r| {
        let org = r.organization.unwrap();
        assert_eq!(org.org_id, Some(27_736_513_644_467));
        assert_eq!(org.full_name.as_deref(), Some("organization1"));
        assert_eq!(org.member_role, None);
    }
);

fixture!(
    organizations_add_response,
    "organizations_add_response.json",
    OrganizationResponse,
    |r| {
        let org = r.organization.unwrap();
        assert_eq!(org.name.as_deref(), Some("sample-organization"));
        assert_eq!(org.location.as_deref(), Some("office"));
        assert_eq!(org.website.as_deref(), Some("http://www.seqera.io"));
    }
);

fixture!(members_list, "members_list.json", MembersResponse, |r| {
    assert_eq!(r.total_size, Some(2));
    assert_eq!(r.members[0].role, Some(OrgRole::Owner));
    assert_eq!(r.members[1].user_name.as_deref(), Some("julio"));
    assert_eq!(r.members[1].member_id, Some(255_080_245_994_226));
    assert_eq!(r.members[1].role, Some(OrgRole::Member));
});

fixture!(member_add, "member_add.json", MemberResponse, |r| {
    let m = r.member.unwrap();
    assert_eq!(m.member_id, Some(440_905_637_173));
    assert_eq!(m.email.as_deref(), Some("julio123@seqera.io"));
    assert_eq!(m.avatar, None);
});

fixture!(
    collaborators_list,
    "collaborators_list.json",
    MembersResponse,
    |r| {
        assert_eq!(r.members.len(), 2);
        assert!(
            r.members
                .iter()
                .all(|m| m.role == Some(OrgRole::Collaborator))
        );
    }
);

fixture!(teams_list, "teams_list.json", TeamsResponse, |r| {
    assert_eq!(r.total_size, None, "this recording has no totalSize");
    assert_eq!(r.teams.len(), 4);
    let team1 = r
        .teams
        .iter()
        .find(|t| t.name.as_deref() == Some("team1"))
        .unwrap();
    assert_eq!(team1.team_id, Some(267_477_500_890_054));
    assert_eq!(team1.members_count, Some(1));
});

fixture!(teams_add, "teams_add.json", TeamResponse, |r| {
    let t = r.team.unwrap();
    assert_eq!(t.team_id, Some(249_211_453_903_161));
    assert_eq!(t.description.as_deref(), Some("AAAAAA"));
});

fixture!(
    teams_members_list,
    "teams_members_list.json",
    MembersResponse,
    |r| {
        assert_eq!(r.total_size, Some(3));
        let names: Vec<_> = r
            .members
            .iter()
            .map(|m| m.user_name.clone().unwrap())
            .collect();
        assert_eq!(names, ["julio2", "julio789", "julio7899"]);
    }
);

fixture!(
    user_workspaces,
    "workspaces_list.json",
    OrgsAndWorkspacesResponse,
    |r| {
        let rows = &r.orgs_and_workspaces;
        assert_eq!(rows.len(), 4);
        assert_eq!(rows.iter().filter(|r| r.is_org_row()).count(), 2);
        let ws = &rows[2];
        assert_eq!(ws.workspace_id, Some(75_887_156_211_589));
        assert_eq!(ws.workspace_name.as_deref(), Some("workspace1"));
        assert_eq!(ws.org_name.as_deref(), Some("organization1"));
        assert!(ws.roles.is_empty() && ws.visibility.is_none());
    }
);

fixture!(
    workspaces_view,
    "workspaces_view.json",
    WorkspaceResponse,
    |r| {
        let ws = r.workspace.unwrap();
        assert_eq!(ws.id, Some(75_887_156_211_589));
        assert_eq!(ws.full_name.as_deref(), Some("workspace 1"));
        assert_eq!(ws.visibility, Some(Visibility::Private));
        assert_eq!(ws.date_created, Some(ts("2021-09-21T12:54:03Z")));
    }
);

fixture!(
    workspaces_add_response,
    "workspaces_add_response.json",
    WorkspaceResponse,
    |r| {
        let ws = r.workspace.unwrap();
        assert_eq!(ws.name.as_deref(), Some("wspNew"));
        assert_eq!(ws.last_updated, Some(ts("2021-09-28T07:15:26.696627Z")));
    }
);

fixture!(
    workspaces_update_response,
    "workspaces_update_response.json",
    WorkspaceResponse,
    |r| {
        let ws = r.workspace.unwrap();
        assert_eq!(ws.name.as_deref(), Some("workspace2"));
        assert_eq!(ws.description.as_deref(), Some("workspace description"));
    }
);

fixture!(
    studios_settings,
    "studios_settings.json",
    StudiosSettings,
    |s| {
        assert_eq!(s.lifespan_hours, Some(8));
        assert_eq!(s.name_strategy, Some(Some(StudioNameStrategy::TagPrefix)));
        assert_eq!(s.private_studio_by_default, Some(false));
        assert_eq!(s.wsp_id, Some(75_887_156_211_589));
        assert_eq!(
            s.container_repository,
            Some(Some(
                "195996028523.dkr.ecr.eu-west-1.amazonaws.com/studios".into()
            ))
        );
    }
);

fixture!(
    participants_list,
    "participants_list.json",
    ParticipantsResponse,
    |r| {
        assert_eq!(r.participants.len(), 5);
        let julio = &r.participants[1];
        assert_eq!(julio.wsp_role, Some(WorkspaceRole::Admin));
        assert_eq!(julio.org_role, Some(OrgRole::Member));
        assert_eq!(julio.participant_type, Some(ParticipantType::Member));
        let team = &r.participants[4];
        assert_eq!(team.participant_type, Some(ParticipantType::Team));
        assert_eq!(team.team_name.as_deref(), Some("team-test-2"));
        assert_eq!(team.member_id, None);
        assert_eq!(team.wsp_role, Some(WorkspaceRole::Launch));
    }
);

fixture!(
    participant_add,
    "participant_add.json",
    ParticipantResponse,
    |r| {
        let p = r.participant.unwrap();
        assert_eq!(p.participant_id, Some(110_330_443_206_779));
        assert_eq!(p.wsp_role, Some(WorkspaceRole::Launch));
    }
);

fixture!(team_add, "team_add.json", ParticipantResponse, |r| {
    let p = r.participant.unwrap();
    assert_eq!(p.participant_type, Some(ParticipantType::Team));
    assert_eq!(p.team_id, Some(255_717_345_477_198));
});

fixture!(
    pipelines_list,
    "pipelines_list.json",
    PipelinesResponse,
    |r| {
        assert_eq!(r.total_size, Some(1));
        let p = &r.pipelines[0];
        assert_eq!(p.pipeline_id, Some(183_522_618_315_672));
        assert_eq!(
            p.repository.as_deref(),
            Some("https://github.com/pditommaso/nf-sleep")
        );
        assert_eq!(p.workspace_id, None, "a user-workspace pipeline");
        assert_eq!(p.visibility, None);
    }
);

fixture!(
    pipelines_sarek,
    "pipelines_sarek.json",
    PipelinesResponse,
    |r| {
        let p = &r.pipelines[0];
        assert_eq!(p.name.as_deref(), Some("sarek"));
        assert_eq!(p.optimization_status, Some(OptimizationStatus::Optimized));
        assert_eq!(p.optimization_targets.as_deref(), Some("cpus, memory"));
    }
);

fixture!(
    pipelines_add_response,
    "pipelines_add_response.json",
    PipelineResponse,
    |r| {
        let p = r.pipeline.unwrap();
        assert_eq!(p.pipeline_id, Some(112_055_935_685_449));
        assert_eq!(p.workspace_id, Some(144_996_268_157_965));
        assert_eq!(p.visibility, Some(Visibility::Private));
    }
);

fixture!(
    pipeline_launch_describe,
    "pipeline_launch_describe.json",
    LaunchResponse,
    |r| {
        let launch = r.launch.unwrap();
        assert_eq!(
            launch.pipeline.as_deref(),
            Some("https://github.com/nf-core/sarek")
        );
        assert_eq!(launch.work_dir.as_deref(), Some("/efs"));
        let ce = launch.compute_env.as_ref().unwrap();
        assert_eq!(ce.id.as_deref(), Some("4X7YrYJp9B1d1DUpfur7DS"));
        assert_eq!(ce.status, Some(ComputeEnvStatus::Available));
        let config = ce.config.as_ref().unwrap();
        assert_eq!(config.discriminator.as_deref(), Some("aws-batch"));
        assert_eq!(config.region.as_deref(), Some("eu-west-1"));
        assert_eq!(config.extra["forge"]["type"], "SPOT");
        let form = launch.to_launch_request();
        assert_eq!(
            form.compute_env_id.as_deref(),
            Some("4X7YrYJp9B1d1DUpfur7DS")
        );
        assert_eq!(form.work_dir.as_deref(), Some("/efs"));
        assert_eq!(form.id, None);
    }
);

fixture!(
    pipeline_describe,
    "pipeline_describe.json",
    PipelineResponse,
    |r| {
        let p = r.pipeline.unwrap();
        assert_eq!(p.name.as_deref(), Some("TestVersioningInUserWsp"));
        assert_eq!(p.deleted, Some(false));
        assert_eq!(p.last_updated, Some(ts("2026-02-17T19:28:01Z")));
        assert_eq!(p.labels, None);
    }
);

fixture!(
    versions_list,
    "versions_list.json",
    PipelineVersionsResponse,
    |r| {
        assert_eq!(r.total_size, Some(3));
        let v0 = r.versions[0].version.as_ref().unwrap();
        assert_eq!(v0.id.as_deref(), Some("7TnlaOKANkiDIdDqOO2kCs"));
        assert_eq!(v0.is_default, Some(true));
        assert_eq!(v0.name.as_deref(), Some("TestVersioningInUserWsp-1"));
        assert_eq!(r.versions[2].version.as_ref().unwrap().name, None);
    }
);

fixture!(
    compute_envs_list,
    "compute_envs_list.json",
    ComputeEnvsResponse,
    |r| {
        assert_eq!(r.compute_envs.len(), 3);
        let ce = &r.compute_envs[0];
        assert_eq!(ce.id.as_deref(), Some("3xkkzYH2nbD3nZjrzKm0oR"));
        assert_eq!(ce.primary, Some(true));
        assert_eq!(ce.platform.as_deref(), Some("aws-batch"));
        assert_eq!(ce.visibility, Some(Visibility::Private));
        assert_eq!(ce.last_used, Some(ts("2021-10-06T08:08:53Z")));
    }
);

fixture!(
    compute_env_view,
    "compute_env_view.json",
    ComputeEnvResponse,
    |r| {
        let ce = r.compute_env.unwrap();
        assert_eq!(ce.name.as_deref(), Some("demo"));
        assert_eq!(ce.credentials_id.as_deref(), Some("6g0ER59L4ZoE5zpOmUP48D"));
        let config = ce.config.unwrap();
        assert_eq!(config.work_dir.as_deref(), Some("s3://nextflow-ci/jordeu"));
        assert_eq!(config.extra["forge"]["maxCpus"], 123);
    }
);

fixture!(
    compute_env_view_aws_manual,
    "compute_env_view_aws_manual.json",
    ComputeEnvResponse,
    |r| {
        let ce = r.compute_env.unwrap();
        assert_eq!(ce.status, Some(ComputeEnvStatus::Errored));
        assert_eq!(ce.config.unwrap().extra["forge"], serde_json::Value::Null);
    }
);

fixture!(
    credentials_list,
    "credentials_list.json",
    CredentialsResponse,
    |r| {
        assert_eq!(r.credentials.len(), 2);
        assert_eq!(r.credentials[0].provider, Some(CredentialsProvider::Ssh));
        assert_eq!(r.credentials[1].provider, Some(CredentialsProvider::Azure));
        assert_eq!(
            r.credentials[1].id.as_deref(),
            Some("57Ic6reczFn78H1DTaaXkp")
        );
        assert_eq!(r.credentials[1].last_used, None);
    }
);

fixture!(
    workflow_list,
    "workflow_list.json",
    WorkflowsResponse,
    |r| {
        assert_eq!(r.workflows.len(), 2);
        assert_eq!(r.total_size, None);
        let run = r.workflows[0].workflow.as_ref().unwrap();
        assert_eq!(run.id.as_deref(), Some("5mDfiUtqyptDib"));
        assert_eq!(run.run_name.as_deref(), Some("spontaneous_easley"));
        assert_eq!(run.owner_id, Some(9));
        assert_eq!(r.workflows[0].starred, Some(false));
    }
);

fixture!(workflow_view, "workflow_view.json", WorkflowResponse, |r| {
    let run = r.workflow.unwrap();
    assert_eq!(run.status, Some(WorkflowStatus::Submitted));
    assert_eq!(run.launch_id.as_deref(), Some("5SCyEXKrCqFoGzOXGpesr5"));
    assert_eq!(run.work_dir.as_deref(), Some("s3://nextflow-ci/julio"));
    assert_eq!(run.start, None);
    let progress = r.progress.unwrap();
    let load = progress.workflow_progress.unwrap();
    assert_eq!(load.succeeded, Some(0));
    assert_eq!(load.cost, None);
    assert!(progress.processes_progress.is_empty());
});

fixture!(
    workflow_progress,
    "workflow_progress.json",
    ProgressResponse,
    |r| {
        let load = r.progress.unwrap().workflow_progress.unwrap();
        assert_eq!(load.cpus, Some(0));
        assert_eq!(load.memory_efficiency, Some(0.0));
        assert_eq!(load.executors, None);
    }
);

fixture!(
    workflow_launch,
    "workflow_launch.json",
    SubmitWorkflowLaunchResponse,
    |r| {
        assert_eq!(r.workflow_id.as_deref(), Some("35aLiS0bIM5efd"));
    }
);

fixture!(
    runs_workflow_launch,
    "runs_workflow_launch.json",
    LaunchResponse,
    |r| {
        let launch = r.launch.unwrap();
        assert_eq!(
            launch.session_id.as_deref(),
            Some("d77a5ac4-1a25-45d6-bab0-358605abc332")
        );
        assert_eq!(
            launch.config_profiles,
            Some(vec!["test_full".to_owned(), "docker".to_owned()])
        );
        assert_eq!(
            launch.resume_commit_id.as_deref(),
            Some("89bf536ce4faa98b4d50a8ec0a0343780bc62e0a")
        );
        assert_eq!(launch.compute_env.unwrap().primary, Some(true));
    }
);

fixture!(actions_list, "actions_list.json", ActionsResponse, |r| {
    assert_eq!(r.actions.len(), 2);
    let a = &r.actions[0];
    assert_eq!(a.id.as_deref(), Some("57byWxhmUDLLWIF4J97XEP"));
    assert_eq!(a.name.as_deref(), Some("hello"));
    assert_eq!(
        a.pipeline.as_deref(),
        Some("https://github.com/pditommaso/hello")
    );
    assert_eq!(a.source, Some(ActionSource::Github));
    assert_eq!(a.status, Some(ActionStatus::Active));
    assert_eq!(a.last_seen, Some(ts("2021-06-18T10:10:33Z")));
    assert_eq!(a.date_created, Some(ts("2021-06-18T10:10:05Z")));
    assert_eq!(a.usage_cmd, None);
    assert_eq!(
        a.endpoint.as_deref(),
        Some("https://api.github.com/repos/pditommaso/hello/hooks/303166158")
    );
    assert_eq!(r.actions[1].name.as_deref(), Some("Bye"));
    let event = a.event.as_ref().unwrap();
    assert_eq!(event.discriminator.as_deref(), Some("github"));
    assert_eq!(event.timestamp, Some(ts("2021-06-18T12:10:32+02:00")));
    assert_eq!(event.extra["pusherName"], "pditommaso");
});

/// A listing from a server that says less, or more, than the spec: every field the spec lists may be
/// missing, and a status or an event source this client does not know is kept as its text.
#[test]
fn an_action_listing_with_missing_fields_and_unknown_values_decodes() {
    let r: ActionsResponse = serde_json::from_str(
        r#"{"actions": [
            {"id": "a1", "source": "schedule", "status": "SUSPENDED"},
            {"name": "no-id"},
            {}
        ]}"#,
    )
    .unwrap();
    assert_eq!(r.actions.len(), 3);
    let a = &r.actions[0];
    assert_eq!(a.source, Some(ActionSource::Other("schedule".into())));
    assert_eq!(a.status, Some(ActionStatus::Other("SUSPENDED".into())));
    assert_eq!(a.status.as_ref().map(|s| s.as_str()), Some("SUSPENDED"));
    assert_eq!((a.name.as_deref(), a.pipeline.as_deref()), (None, None));
    assert_eq!((a.last_seen, a.date_created), (None, None));
    assert_eq!(r.actions[1].id, None);
    let empty: ActionsResponse = serde_json::from_str(r#"{"actions": null}"#).unwrap();
    assert!(empty.actions.is_empty());
}

fixture!(action_view, "action_view.json", ActionResponse, |r| {
    let a = r.action.unwrap();
    assert_eq!(a.hook_id.as_deref(), Some("303166158"));
    assert_eq!(a.config.unwrap().extra["events"][0], "push");
    let launch = a.launch.unwrap();
    let ce = launch.compute_env.unwrap();
    assert_eq!(ce.platform.as_deref(), Some("slurm-platform"));
    assert_eq!(ce.deleted, Some(true));
});

fixture!(labels_user, "labels_user.json", LabelsResponse, |r| {
    assert_eq!(r.total_size, Some(4));
    let resource: Vec<_> = r
        .labels
        .iter()
        .filter(|l| l.resource == Some(true))
        .collect();
    assert_eq!(resource.len(), 2);
    assert_eq!(resource[0].value.as_deref(), Some("ValueOne"));
    assert_eq!(r.labels[0].value, None);
});

fixture!(
    studios_list_response,
    "studios_list_response.json",
    StudiosResponse,
    |r| {
        assert_eq!(r.total_size, Some(2));
        let s = &r.studios[1];
        assert_eq!(s.session_id.as_deref(), Some("3e8370e7"));
        assert_eq!(
            s.status_info.as_ref().unwrap().status,
            Some(StudioStatus::Errored)
        );
        assert_eq!(
            s.configuration.as_ref().unwrap().mount_data,
            ["v1-user-1ccf131810375d303bf0402dd8423433"]
        );
    }
);

fixture!(
    studios_view_response,
    "studios_view_response.json",
    Studio,
    |s| {
        assert_eq!(s.name.as_deref(), Some("studio-a66d"));
        assert_eq!(
            s.date_created,
            Some(ts("2024-12-19T06:49:24.893122+01:00")),
            "offsets other than Z are kept"
        );
        assert_eq!(s.date_created.unwrap().offset().local_minus_utc(), 3600);
        assert_eq!(s.status_info.unwrap().status, Some(StudioStatus::Running));
        assert_eq!(s.progress.unwrap().len(), 2);
    }
);

fixture!(
    studios_templates_response,
    "studios_templates_response.json",
    StudioTemplatesResponse,
    |r| {
        assert_eq!(r.templates.len(), 4);
        assert_eq!(r.templates[1].tool.as_deref(), Some("rstudio"));
        assert_eq!(r.templates[1].status.as_deref(), Some("recommended"));
    }
);

#[test]
fn unknown_enum_values_are_kept_not_rejected() {
    let p: Participant = serde_json::from_str(
        r#"{"wspRole": "pipeline-runner", "type": "ROBOT", "orgRole": "OWNER"}"#,
    )
    .unwrap();
    assert_eq!(
        p.wsp_role,
        Some(WorkspaceRole::Other("pipeline-runner".into()))
    );
    assert_eq!(
        p.participant_type,
        Some(ParticipantType::Other("ROBOT".into()))
    );
    assert_eq!(
        p.org_role,
        Some(OrgRole::Owner),
        "known values match in any case"
    );
    assert_eq!(
        serde_json::to_value(&p.wsp_role).unwrap(),
        "pipeline-runner",
        "and round-trip as sent"
    );
}
