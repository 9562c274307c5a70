//! What a queued change carries: one typed payload per entity, written by the core when it queues a
//! change ([`crate::NewChange::of`]) and read back by the push and the store's endings
//! ([`crate::OutboxRow::payload_as`]). The JSON is the same text Towerdesk has always stored, so no
//! migration is needed: every field a row written by an older build may lack has a default.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::Entity;

/// A payload type and the entity it belongs to: a change can only be queued, and read, as the
/// entity its payload says.
pub trait ChangePayload: Serialize + DeserializeOwned {
    const ENTITY: Entity;
}

/// A workspace's create, edit or delete (`entity = workspace`). A delete carries only the ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkspacePayload {
    pub org_id: i64,
    #[serde(default)]
    pub workspace_id: Option<i64>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub full_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `PRIVATE` or `SHARED`, as the Platform writes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visibility: Option<String>,
}

impl ChangePayload for WorkspacePayload {
    const ENTITY: Entity = Entity::Workspace;
}

/// The values of a label that a change sets, or was based on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelValues {
    pub name: String,
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub is_default: bool,
}

/// A label's create, edit or delete (`entity = label`): the values it sets, whether it is a
/// resource label, and (updates and deletes) the values it was based on. Labels have no
/// `lastUpdated` on the Platform: the base is how a conflict is seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelPayload {
    #[serde(flatten)]
    pub values: LabelValues,
    #[serde(default)]
    pub resource: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<LabelValues>,
}

impl ChangePayload for LabelPayload {
    const ENTITY: Entity = Entity::Label;
}

/// The Studios session lifespan a settings change was based on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LifespanBase {
    /// None: "Always keep the session running".
    pub lifespan_hours: Option<i64>,
}

/// A change of a workspace's Studios settings (`entity = workspace_settings`, always an update).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SettingsPayload {
    #[serde(default)]
    pub org_id: Option<i64>,
    #[serde(default)]
    pub workspace_id: Option<i64>,
    /// None: "Always keep the session running" (kept as `null`, which means something).
    pub lifespan_hours: Option<i64>,
    pub base: LifespanBase,
}

impl ChangePayload for SettingsPayload {
    const ENTITY: Entity = Entity::WorkspaceSettings;
}

/// A participant's add, role change or removal (`entity = participant`). An add names who is added
/// in exactly one way (the Platform's add request) and the role; a role change carries the role
/// (the role it was based on is the row's `base_last_updated`); a removal carries the name shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ParticipantPayload {
    pub org_id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_name_or_email: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl ChangePayload for ParticipantPayload {
    const ENTITY: Entity = Entity::Participant;
}

impl ParticipantPayload {
    /// The payload of a role change or removal: the organization, and nobody named to add.
    pub fn naming_nobody(org_id: i64) -> Self {
        Self {
            org_id,
            member_id: None,
            team_id: None,
            user_name_or_email: None,
            role: String::new(),
            name: None,
        }
    }
}

/// A launch of a pipeline (`entity = launch`, always a create): everything the launch request
/// needs, with the ids the server knows. Fields left None take the pipeline's saved launch
/// settings when the change is sent. The run name is the natural key: a launch whose answer was
/// lost is found again by it in the workspace's runs and adopted, never launched twice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LaunchPayload {
    /// The launching workspace (None: the user's personal workspace).
    #[serde(default)]
    pub workspace_id: Option<i64>,
    /// The shared workspace that owns the pipeline, when it is not the launching one.
    #[serde(default)]
    pub source_workspace_id: Option<i64>,
    pub pipeline_id: i64,
    #[serde(default)]
    pub pipeline_name: String,
    pub run_name: String,
    #[serde(default)]
    pub compute_env_id: Option<String>,
    /// The labels' names as the form had them; their server ids are looked up when it is sent.
    #[serde(default)]
    pub labels: Vec<String>,
    #[serde(default)]
    pub work_dir: Option<String>,
    #[serde(default)]
    pub revision: Option<String>,
    #[serde(default)]
    pub config_profiles: Vec<String>,
    #[serde(default)]
    pub params_text: Option<String>,
    #[serde(default)]
    pub pre_run_script: Option<String>,
    #[serde(default)]
    pub post_run_script: Option<String>,
    #[serde(default)]
    pub config_text: Option<String>,
    #[serde(default)]
    pub stub_run: bool,
}

impl ChangePayload for LaunchPayload {
    const ENTITY: Entity = Entity::Launch;
}

/// A pipeline's create, edit or delete (`entity = pipeline`): the workspace (server id; None: the
/// personal workspace), the pipeline's server id (edits and deletes) and the form's fields as
/// they were published (a delete carries the name only). What an edit or delete was based on is
/// the server's `lastUpdated`, in the change's `base_last_updated`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PipelinePayload {
    #[serde(default)]
    pub workspace_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipeline_id: Option<i64>,
    #[serde(flatten)]
    pub form: crate::PipelineInput,
}

impl ChangePayload for PipelinePayload {
    const ENTITY: Entity = Entity::Pipeline;
}

/// The primary compute environment a Make primary was based on (None: the workspace had none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PrimaryBase {
    #[serde(default)]
    pub compute_env_id: Option<String>,
}

/// Make primary on a compute environment (`entity = primary_compute_env`, always an update; the
/// change's local id is the workspace's): the workspace's server id (None: the personal
/// workspace), the compute environment's server id and name, and the primary one it replaces
/// (restored here by Discard).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PrimaryComputeEnvPayload {
    #[serde(default)]
    pub workspace_id: Option<i64>,
    pub compute_env_id: String,
    #[serde(default)]
    pub name: String,
    pub base: PrimaryBase,
}

impl ChangePayload for PrimaryComputeEnvPayload {
    const ENTITY: Entity = Entity::PrimaryComputeEnv;
}
