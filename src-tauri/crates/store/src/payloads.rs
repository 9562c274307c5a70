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

/// Studios settings a change sets, or was based on: only the fields it is about are there.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StudiosValues {
    /// Session lifespan in hours. `Some(None)`: "Always keep the session running" (kept as
    /// `null`, which means something); `None`: not part of the change (the key is absent).
    #[serde(
        default,
        deserialize_with = "sent",
        skip_serializing_if = "Option::is_none"
    )]
    pub lifespan_hours: Option<Option<i64>>,
    /// Collaboration mode: true = Private, false = Collaborative.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_studio_by_default: Option<bool>,
    /// Empty: not set (sent as `null`, the Platform's default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_repository: Option<String>,
    /// `tagPrefix`, `imageSuffix` or `none`; empty: not set (sent as `null`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_strategy: Option<String>,
}

impl StudiosValues {
    /// Nothing in it.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// These values with `other`'s on top, field by field.
    pub fn overlaid(&self, other: &Self) -> Self {
        Self {
            lifespan_hours: other.lifespan_hours.or(self.lifespan_hours),
            private_studio_by_default: other
                .private_studio_by_default
                .or(self.private_studio_by_default),
            container_repository: other
                .container_repository
                .clone()
                .or_else(|| self.container_repository.clone()),
            name_strategy: other
                .name_strategy
                .clone()
                .or_else(|| self.name_strategy.clone()),
        }
    }

    /// Only the fields `of` has.
    pub fn only_fields_of(&self, of: &Self) -> Self {
        Self {
            lifespan_hours: of.lifespan_hours.and(self.lifespan_hours),
            private_studio_by_default: of
                .private_studio_by_default
                .and(self.private_studio_by_default),
            container_repository: of
                .container_repository
                .as_ref()
                .and(self.container_repository.clone()),
            name_strategy: of.name_strategy.as_ref().and(self.name_strategy.clone()),
        }
    }
}

/// A field present with a `null` value is `Some(None)`; a missing one stays `None` (`default`).
fn sent<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Some(Option::<T>::deserialize(d)?))
}

/// A change of a workspace's Studios settings (`entity = workspace_settings`, always an update):
/// the fields it sets and the values they had when it was made (`base`, same fields). Rows
/// written before the other settings existed carry only `lifespanHours`, and still read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SettingsPayload {
    #[serde(default)]
    pub org_id: Option<i64>,
    #[serde(default)]
    pub workspace_id: Option<i64>,
    #[serde(flatten)]
    pub values: StudiosValues,
    #[serde(default)]
    pub base: StudiosValues,
}

impl SettingsPayload {
    /// This change followed by `next` (not sent yet either), as one: `next`'s values over these,
    /// each field based on where it was before the first of them. Fields back at their base are
    /// left out; None when nothing is left to send.
    pub fn then(&self, next: &SettingsPayload) -> Option<SettingsPayload> {
        let values = self.values.overlaid(&next.values);
        let base = next.base.overlaid(&self.base);
        let changed = StudiosValues {
            lifespan_hours: values
                .lifespan_hours
                .filter(|v| base.lifespan_hours != Some(*v)),
            private_studio_by_default: values
                .private_studio_by_default
                .filter(|v| base.private_studio_by_default != Some(*v)),
            container_repository: values
                .container_repository
                .clone()
                .filter(|v| base.container_repository.as_ref() != Some(v)),
            name_strategy: values
                .name_strategy
                .clone()
                .filter(|v| base.name_strategy.as_ref() != Some(v)),
        };
        (!changed.is_empty()).then(|| SettingsPayload {
            org_id: next.org_id.or(self.org_id),
            workspace_id: next.workspace_id.or(self.workspace_id),
            base: base.only_fields_of(&changed),
            values: changed,
        })
    }
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
