//! Request and response bodies of the Seqera Platform API (1.187.0), in the API's own words.
//!
//! Responses tolerate the real server: almost every field is optional, unknown fields are
//! ignored, enums keep values they do not know (`Other(String)`), `null` lists decode as empty
//! and dates keep their UTC offset. Requests serialize in camelCase exactly as the spec names
//! the fields.

use std::fmt;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// A date-time as the API sends it (RFC 3339, with `Z` or an offset).
pub type Timestamp = DateTime<FixedOffset>;

/// `null` and a missing field both decode as the type's default (an empty list, mostly).
fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// A nullable field whose absence means something else than its `null`: a missing field stays
/// `None` (with `#[serde(default)]`), a `null` is `Some(None)`.
fn sent<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Some(Option::<T>::deserialize(deserializer)?))
}

/// An enum carried as a string, keeping unknown values as `Other(String)` so that a newer
/// server's values survive a round trip. Known values match case-insensitively.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $value:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this client does not know, kept as the server sent it.
            Other(String),
        }

        impl $name {
            /// The value as the API spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $value,)+
                    $name::Other(s) => s,
                }
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                $(if s.eq_ignore_ascii_case($value) {
                    return $name::$variant;
                })+
                $name::Other(s.to_owned())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let s = String::deserialize(deserializer)?;
                Ok($name::from(s.as_str()))
            }
        }
    };
}

string_enum!(
    /// Workspace visibility (`Visibility`).
    Visibility {
        /// Only participants can access the workspace.
        Private => "PRIVATE",
        /// The workspace's pipelines are visible to every workspace of the organization.
        Shared => "SHARED",
    }
);

string_enum!(
    /// A member's role in an organization (`OrgRole`).
    OrgRole { Owner => "owner", Member => "member", Collaborator => "collaborator" }
);

string_enum!(
    /// Organization type (`OrgType`).
    OrgType {
        Academic => "academic",
        Evaluating => "evaluating",
        Pro => "pro",
        Basic => "basic",
        Internal => "internal",
    }
);

string_enum!(
    /// How a participant belongs to a workspace (`ParticipantType`).
    ParticipantType { Member => "MEMBER", Team => "TEAM", Collaborator => "COLLABORATOR" }
);

string_enum!(
    /// A workspace role. The predefined roles are listed; custom role names arrive as `Other`.
    /// Sent lower-case, as the server returns them.
    WorkspaceRole {
        Owner => "owner",
        Admin => "admin",
        Maintain => "maintain",
        Launch => "launch",
        Connect => "connect",
        View => "view",
    }
);

string_enum!(
    /// Run status (`WorkflowStatus`).
    WorkflowStatus {
        Submitted => "SUBMITTED",
        Running => "RUNNING",
        Succeeded => "SUCCEEDED",
        Failed => "FAILED",
        Cancelled => "CANCELLED",
        Unknown => "UNKNOWN",
    }
);

string_enum!(
    /// Compute environment status (`ComputeEnv.Status`).
    ComputeEnvStatus {
        Creating => "CREATING",
        Available => "AVAILABLE",
        Disabled => "DISABLED",
        Deleting => "DELETING",
        Errored => "ERRORED",
        Invalid => "INVALID",
        Deleted => "DELETED",
    }
);

string_enum!(
    /// Credentials validation status (`Credentials.Status`).
    CredentialsStatus { Available => "AVAILABLE", Invalid => "INVALID" }
);

string_enum!(
    /// Credentials provider (`Credentials.provider`).
    CredentialsProvider {
        Aws => "aws",
        Azure => "azure",
        AzureEntra => "azure_entra",
        Google => "google",
        Github => "github",
        GithubApp => "github_app",
        Gitlab => "gitlab",
        Bitbucket => "bitbucket",
        Ssh => "ssh",
        K8s => "k8s",
        ContainerRegistry => "container-reg",
        TowerAgent => "tw-agent",
        Codecommit => "codecommit",
        Gitea => "gitea",
        AzureRepos => "azurerepos",
        SeqeraCompute => "seqeracompute",
        AzureCloud => "azure-cloud",
        S3 => "s3",
    }
);

string_enum!(
    /// What triggers a pipeline action (`Action.Source`).
    ActionSource { Github => "github", Tower => "tower", Bucket => "bucket", Cron => "cron" }
);

string_enum!(
    /// Pipeline action status (`Action.Status`).
    ActionStatus { Creating => "CREATING", Active => "ACTIVE", Error => "ERROR", Paused => "PAUSED" }
);

string_enum!(
    /// `PipelineOptimizationStatus`.
    OptimizationStatus {
        Optimized => "OPTIMIZED",
        Optimizable => "OPTIMIZABLE",
        Unavailable => "UNAVAILABLE",
    }
);

string_enum!(
    /// Wave image naming strategy for Studios (`DataStudioWorkspaceSettingsRequest.nameStrategy`).
    StudioNameStrategy { NoStrategy => "none", TagPrefix => "tagPrefix", ImageSuffix => "imageSuffix" }
);

string_enum!(
    /// Studio session status (`DataStudioStatus`).
    StudioStatus {
        Starting => "starting",
        Running => "running",
        Stopping => "stopping",
        Stopped => "stopped",
        Errored => "errored",
        Building => "building",
        BuildFailed => "buildFailed",
    }
);

// ---------------------------------------------------------------------------------------------
// Query parameters
// ---------------------------------------------------------------------------------------------

/// Launchpad "Pipelines from" filter: the `visibility` query parameter of `GET /pipelines`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PipelineVisibility {
    /// "This workspace": only the queried workspace's pipelines.
    Private,
    /// Pipelines of the organization's SHARED workspaces.
    Shared,
    /// "This and shared workspaces".
    All,
}

impl PipelineVisibility {
    pub fn as_str(self) -> &'static str {
        match self {
            PipelineVisibility::Private => "private",
            PipelineVisibility::Shared => "shared",
            PipelineVisibility::All => "all",
        }
    }
}

/// Extra attributes `GET /pipelines` and `GET /pipelines/{id}` can include.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PipelineAttribute {
    Labels,
    Optimized,
    ComputeEnv,
}

impl PipelineAttribute {
    pub fn as_str(self) -> &'static str {
        match self {
            PipelineAttribute::Labels => "labels",
            PipelineAttribute::Optimized => "optimized",
            PipelineAttribute::ComputeEnv => "computeEnv",
        }
    }
}

/// `sortBy` of `GET /pipelines`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PipelineSortBy {
    Name,
    Modified,
    Created,
}

/// `sortDir` of `GET /pipelines`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortDir {
    Ascending,
    Descending,
}

/// Filters of `GET /pipelines` (paging is passed separately).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PipelineQuery {
    /// `None` leaves the server's default (this workspace only).
    pub visibility: Option<PipelineVisibility>,
    pub search: Option<String>,
    pub attributes: Vec<PipelineAttribute>,
    pub sort_by: Option<PipelineSortBy>,
    pub sort_dir: Option<SortDir>,
}

/// `type` of `GET /labels`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LabelType {
    Simple,
    Resource,
    All,
}

/// Filters of `GET /labels`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LabelQuery {
    pub search: Option<String>,
    pub label_type: Option<LabelType>,
    pub is_default: Option<bool>,
}

/// Extra attributes `GET /workflow` and `GET /workflow/{id}` can include.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WorkflowAttribute {
    Labels,
    Optimized,
    Messages,
    Minimal,
    PipelineInfo,
}

impl WorkflowAttribute {
    pub fn as_str(self) -> &'static str {
        match self {
            WorkflowAttribute::Labels => "labels",
            WorkflowAttribute::Optimized => "optimized",
            WorkflowAttribute::Messages => "messages",
            WorkflowAttribute::Minimal => "minimal",
            WorkflowAttribute::PipelineInfo => "pipelineInfo",
        }
    }
}

/// Filters of `GET /workflow` (runs).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkflowQuery {
    /// Free text plus the Platform's keywords (`status:running`, `label:x`, `after:2024-01-01`...).
    pub search: Option<String>,
    pub attributes: Vec<WorkflowAttribute>,
}

/// One page of a paged listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    /// Rows to skip.
    pub offset: u32,
    /// Rows to return, 1 to [`PageRequest::MAX_PAGE_SIZE`] (larger values are clamped).
    pub max: u32,
}

impl PageRequest {
    /// The largest page the Platform serves.
    pub const MAX_PAGE_SIZE: u32 = 100;

    pub fn new(offset: u32, max: u32) -> Self {
        PageRequest {
            offset,
            max: max.clamp(1, Self::MAX_PAGE_SIZE),
        }
    }

    /// The first page of the largest size.
    pub fn first() -> Self {
        Self::new(0, Self::MAX_PAGE_SIZE)
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        Self::first()
    }
}

/// A page of items and the server's `totalSize` (absent or `null` on some endpoints/servers).
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total_size: Option<i64>,
    /// `hasMore`, where the endpoint sends it (runs).
    pub has_more: Option<bool>,
}

// ---------------------------------------------------------------------------------------------
// Service info and user
// ---------------------------------------------------------------------------------------------

/// `GET /service-info`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceInfoResponse {
    pub service_info: Option<ServiceInfo>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceInfo {
    pub version: Option<String>,
    pub api_version: Option<String>,
    pub commit_id: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub auth_types: Vec<String>,
    pub login_path: Option<String>,
    pub heartbeat_interval: Option<i64>,
    pub user_workspace_enabled: Option<bool>,
    pub allow_instance_credentials: Option<bool>,
    pub landing_url: Option<String>,
    pub terms_of_use_url: Option<String>,
    pub content_url: Option<String>,
    pub content_max_file_size: Option<i64>,
    pub contact_email: Option<String>,
    pub wave_enabled: Option<bool>,
    pub seqera_cloud: Option<bool>,
    pub seqera_compute_enabled: Option<bool>,
    pub llm_enabled: Option<bool>,
}

/// `GET /user-info`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserInfoResponse {
    pub user: Option<User>,
    pub need_consent: Option<bool>,
    pub default_workspace_id: Option<i64>,
}

/// `UserResponseDto`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: Option<i64>,
    pub user_name: Option<String>,
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub organization: Option<String>,
    pub description: Option<String>,
    pub avatar: Option<String>,
    pub avatar_id: Option<String>,
    pub notification: Option<bool>,
    pub terms_of_use_consent: Option<bool>,
    pub marketing_consent: Option<bool>,
    pub deleted: Option<bool>,
    pub last_access: Option<Timestamp>,
    pub date_created: Option<Timestamp>,
    pub last_updated: Option<Timestamp>,
}

/// `GET /user/{userId}/workspaces`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrgsAndWorkspacesResponse {
    #[serde(default, deserialize_with = "null_as_default")]
    pub orgs_and_workspaces: Vec<OrgAndWorkspace>,
}

/// `OrgAndWorkspaceDto`: a row with `workspace_id == None` is an organization row.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrgAndWorkspace {
    pub org_id: Option<i64>,
    pub org_name: Option<String>,
    pub org_logo_url: Option<String>,
    pub org_type: Option<OrgType>,
    pub workspace_id: Option<i64>,
    pub workspace_name: Option<String>,
    pub workspace_full_name: Option<String>,
    pub visibility: Option<Visibility>,
    /// The caller's role names in this workspace, e.g. `["owner"]`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub roles: Vec<String>,
}

impl OrgAndWorkspace {
    /// True for the row that stands for the organization itself.
    pub fn is_org_row(&self) -> bool {
        self.workspace_id.is_none()
    }
}

// ---------------------------------------------------------------------------------------------
// Organizations, members, teams
// ---------------------------------------------------------------------------------------------

/// `GET /orgs`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrganizationsResponse {
    #[serde(default, deserialize_with = "null_as_default")]
    pub organizations: Vec<Organization>,
    pub total_size: Option<i64>,
}

/// `GET /orgs/{orgId}` and `POST /orgs`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrganizationResponse {
    pub organization: Option<Organization>,
}

/// `OrganizationDbDto`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    pub org_id: Option<i64>,
    pub name: Option<String>,
    pub full_name: Option<String>,
    pub description: Option<String>,
    pub location: Option<String>,
    pub website: Option<String>,
    pub logo_id: Option<String>,
    pub logo_url: Option<String>,
    pub member_id: Option<i64>,
    pub member_role: Option<OrgRole>,
    #[serde(rename = "type")]
    pub org_type: Option<OrgType>,
}

/// `POST /orgs` body (`CreateOrganizationRequest`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateOrganizationRequest {
    pub organization: NewOrganization,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo_id: Option<String>,
}

/// The `organization` of [`CreateOrganizationRequest`] (`Organization`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewOrganization {
    pub name: String,
    pub full_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
}

/// `GET /orgs/{orgId}/quotas`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrganizationQuotasResponse {
    pub quotas: Option<OrganizationQuotas>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrganizationQuotas {
    pub max_workspaces: Option<i64>,
    pub max_members: Option<i64>,
    pub max_teams: Option<i64>,
    pub max_participants_per_workspace: Option<i64>,
    pub max_pipelines_per_workspace: Option<i64>,
    pub max_labels_per_workspace: Option<i64>,
    pub max_datasets_per_workspace: Option<i64>,
    pub max_versions_per_dataset: Option<i64>,
    pub max_runs: Option<i64>,
    pub max_run_history: Option<i64>,
    pub max_data_studios_running: Option<i64>,
    pub max_seqera_compute_compute_envs: Option<i64>,
    pub max_custom_roles_per_org: Option<i64>,
    pub max_fusion_throughput_bytes: Option<i64>,
}

/// `GET /orgs/{orgId}/members`, `/collaborators` and `/teams/{teamId}/members`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MembersResponse {
    #[serde(default, deserialize_with = "null_as_default")]
    pub members: Vec<Member>,
    pub total_size: Option<i64>,
}

/// `PUT /orgs/{orgId}/members/add` and `POST .../teams/{teamId}/members`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberResponse {
    pub member: Option<Member>,
}

/// `MemberDbDto`: an organization member or collaborator.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    pub member_id: Option<i64>,
    pub user_id: Option<i64>,
    pub user_name: Option<String>,
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub avatar: Option<String>,
    pub role: Option<OrgRole>,
}

/// `PUT /orgs/{orgId}/members/add` body (`AddMemberRequest`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AddMemberRequest {
    /// User name or email.
    pub user: String,
}

/// `GET /orgs/{orgId}/teams`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamsResponse {
    #[serde(default, deserialize_with = "null_as_default")]
    pub teams: Vec<Team>,
    pub total_size: Option<i64>,
}

/// `POST /orgs/{orgId}/teams` and `GET /orgs/{orgId}/teams/{teamId}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamResponse {
    pub team: Option<Team>,
}

/// `TeamDbDto`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Team {
    pub team_id: Option<i64>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub avatar_url: Option<String>,
    pub members_count: Option<i64>,
    pub idp_group_id: Option<i64>,
    pub idp_group_name: Option<String>,
}

/// `POST /orgs/{orgId}/teams` body (`CreateTeamRequest`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateTeamRequest {
    pub team: NewTeam,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avatar_id: Option<String>,
}

/// The `team` of [`CreateTeamRequest`] (`Team`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewTeam {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Workspaces, participants, Studios settings
// ---------------------------------------------------------------------------------------------

/// `GET /orgs/{orgId}/workspaces` (not paged).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkspacesResponse {
    #[serde(default, deserialize_with = "null_as_default")]
    pub workspaces: Vec<Workspace>,
}

/// `GET`/`PUT /orgs/{orgId}/workspaces/{workspaceId}` and `POST /orgs/{orgId}/workspaces`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceResponse {
    pub workspace: Option<Workspace>,
}

/// `Workspace` / `WorkspaceDbDto` (the list rows lack the dates).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Workspace {
    pub id: Option<i64>,
    pub name: Option<String>,
    pub full_name: Option<String>,
    pub description: Option<String>,
    pub visibility: Option<Visibility>,
    pub date_created: Option<Timestamp>,
    pub last_updated: Option<Timestamp>,
}

/// The workspace of `POST /orgs/{orgId}/workspaces`, sent as `{"workspace": {...}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewWorkspace {
    pub name: String,
    pub full_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub visibility: Visibility,
}

/// `CreateWorkspaceRequest`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CreateWorkspaceRequest {
    pub workspace: NewWorkspace,
}

/// `PUT /orgs/{orgId}/workspaces/{workspaceId}` body: flat, and it always carries every
/// editable field, `visibility` included, so an update never flips a SHARED workspace to
/// PRIVATE by omission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateWorkspaceRequest {
    /// A new name; `None` keeps the current one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub full_name: String,
    /// Empty for no description.
    pub description: String,
    pub visibility: Visibility,
}

/// `GET .../participants`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ParticipantsResponse {
    #[serde(default, deserialize_with = "null_as_default")]
    pub participants: Vec<Participant>,
    pub total_size: Option<i64>,
}

/// `PUT .../participants/add`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ParticipantResponse {
    pub participant: Option<Participant>,
}

/// `ParticipantResponseDto`. Team participants have the `team_*` fields and no user fields.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Participant {
    pub participant_id: Option<i64>,
    pub member_id: Option<i64>,
    pub user_name: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub org_role: Option<OrgRole>,
    pub team_id: Option<i64>,
    pub team_name: Option<String>,
    pub wsp_role: Option<WorkspaceRole>,
    #[serde(rename = "type")]
    pub participant_type: Option<ParticipantType>,
    pub team_avatar_url: Option<String>,
    pub user_avatar_url: Option<String>,
}

/// `PUT .../participants/add` body: exactly one of the three keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum AddParticipantRequest {
    /// An organization member or existing collaborator: `{"memberId": …}`.
    MemberId(i64),
    /// A team of the organization: `{"teamId": …}`.
    TeamId(i64),
    /// Someone not yet in the organization (becomes a collaborator): `{"userNameOrEmail": …}`.
    UserNameOrEmail(String),
}

/// `PUT .../participants/{participantId}/role` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UpdateParticipantRoleRequest {
    pub role: WorkspaceRole,
}

/// `GET /orgs/{orgId}/workspaces/{workspaceId}/settings/studios`
/// (`DataStudioWorkspaceSettingsResponse`). A field an older server does not send stays `None`;
/// the nullable repository and strategy are `Some(None)` when sent as `null` (the platform default).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StudiosSettings {
    pub org_id: Option<i64>,
    pub wsp_id: Option<i64>,
    /// 0 = unlimited.
    pub lifespan_hours: Option<i32>,
    pub private_studio_by_default: Option<bool>,
    /// `Some(None)`: the platform default repository; `None`: not sent.
    #[serde(
        default,
        deserialize_with = "sent",
        skip_serializing_if = "Option::is_none"
    )]
    pub container_repository: Option<Option<String>>,
    /// `Some(None)`: the platform default strategy; `None`: not sent.
    #[serde(
        default,
        deserialize_with = "sent",
        skip_serializing_if = "Option::is_none"
    )]
    pub name_strategy: Option<Option<StudioNameStrategy>>,
}

/// `PUT .../settings/studios` body (`DataStudioWorkspaceSettingsRequest`). A field left `None` is
/// not sent (the server keeps it); `Some(None)` repository or strategy is sent as `null`, the
/// platform default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StudiosSettingsUpdate {
    /// 0 = unlimited.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lifespan_hours: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_studio_by_default: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container_repository: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_strategy: Option<Option<StudioNameStrategy>>,
}

// ---------------------------------------------------------------------------------------------
// Labels
// ---------------------------------------------------------------------------------------------

/// `GET /labels`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelsResponse {
    #[serde(default, deserialize_with = "null_as_default")]
    pub labels: Vec<Label>,
    pub total_size: Option<i64>,
}

/// `LabelDbDto` (also the `CreateLabelResponse`/`UpdateLabelResponse` shapes).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Label {
    pub id: Option<i64>,
    pub name: Option<String>,
    /// Set for resource labels (`name=value`), `None` for simple labels.
    pub value: Option<String>,
    pub resource: Option<bool>,
    pub is_default: Option<bool>,
    pub is_dynamic: Option<bool>,
    pub is_interpolated: Option<bool>,
    pub date_created: Option<Timestamp>,
}

/// `POST /labels` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateLabelRequest {
    pub name: String,
    /// Only for resource labels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    pub resource: bool,
    pub is_default: bool,
}

/// `PUT /labels/{labelId}` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateLabelRequest {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    pub is_default: bool,
}

/// `POST /pipelines/labels/{add,remove,apply}` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AssociatePipelineLabelsRequest {
    pub pipeline_ids: Vec<i64>,
    pub label_ids: Vec<i64>,
}

/// `POST /workflow/labels/{add,remove,apply}` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AssociateWorkflowLabelsRequest {
    pub workflow_ids: Vec<String>,
    pub label_ids: Vec<i64>,
}

// ---------------------------------------------------------------------------------------------
// Pipelines and launch
// ---------------------------------------------------------------------------------------------

/// `GET /pipelines`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PipelinesResponse {
    #[serde(default, deserialize_with = "null_as_default")]
    pub pipelines: Vec<Pipeline>,
    pub total_size: Option<i64>,
}

/// `GET /pipelines/{pipelineId}/versions`: each row is a pipeline with its `version`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PipelineVersionsResponse {
    #[serde(default, deserialize_with = "null_as_default")]
    pub versions: Vec<Pipeline>,
    pub total_size: Option<i64>,
}

/// `GET`/`PUT /pipelines/{pipelineId}` and `POST /pipelines`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PipelineResponse {
    pub pipeline: Option<Pipeline>,
}

/// `PipelineDbDto`. A pipeline listed from a shared workspace has a `workspace_id` other than
/// the workspace queried; user-workspace pipelines have no org or workspace fields.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pipeline {
    pub pipeline_id: Option<i64>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub icon: Option<String>,
    pub repository: Option<String>,
    pub user_id: Option<i64>,
    pub user_name: Option<String>,
    pub user_first_name: Option<String>,
    pub user_last_name: Option<String>,
    pub org_id: Option<i64>,
    pub org_name: Option<String>,
    pub workspace_id: Option<i64>,
    pub workspace_name: Option<String>,
    /// The owning workspace's visibility.
    pub visibility: Option<Visibility>,
    pub deleted: Option<bool>,
    pub last_updated: Option<Timestamp>,
    pub optimization_id: Option<String>,
    pub optimization_targets: Option<String>,
    pub optimization_status: Option<OptimizationStatus>,
    /// Present only when asked for with the `labels` attribute.
    pub labels: Option<Vec<Label>>,
    /// Present only when asked for with the `computeEnv` attribute.
    pub compute_env: Option<ComputeEnvRef>,
    pub version: Option<PipelineVersion>,
}

/// `PipelineVersionFullInfoDto`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PipelineVersion {
    pub id: Option<String>,
    pub name: Option<String>,
    pub hash: Option<String>,
    pub is_default: Option<bool>,
    pub is_draft_version: Option<bool>,
    pub creator_user_id: Option<i64>,
    pub creator_user_name: Option<String>,
    pub creator_first_name: Option<String>,
    pub creator_last_name: Option<String>,
    pub creator_avatar_url: Option<String>,
    pub date_created: Option<Timestamp>,
    pub last_updated: Option<Timestamp>,
}

/// `ComputeEnvDbDto`: the short compute environment reference on pipelines and Studios.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ComputeEnvRef {
    pub id: Option<String>,
    pub name: Option<String>,
    pub platform: Option<String>,
    pub region: Option<String>,
}

/// `POST /pipelines` body.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatePipelineRequest {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub label_ids: Vec<i64>,
    pub launch: WorkflowLaunchRequest,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<PipelineVersionName>,
}

/// `CreatePipelineVersionRequest`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PipelineVersionName {
    pub name: String,
}

/// `PUT /pipelines/{pipelineId}` body (updates the default version).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdatePipelineRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
    /// The pipeline's complete label set, always sent: the server removes every label that is
    /// not listed here (an empty list removes them all).
    pub label_ids: Vec<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub launch: Option<WorkflowLaunchRequest>,
}

/// `WorkflowLaunchRequest`: the launch form. Unset fields are left out of the body.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkflowLaunchRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compute_env_id: Option<String>,
    /// Repository URL of the pipeline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pipeline: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub work_dir: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config_profiles: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tower_config: Option<String>,
    /// Parameters as JSON or YAML text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub params_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pre_run_script: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post_run_script: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub main_script: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pipeline_schema_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resume: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pull_latest: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stub_run: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_ids: Option<Vec<i64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_secrets: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workspace_secrets: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub head_job_cpus: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub head_job_memory_mb: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub launch_container: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nextflow_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_dir: Option<String>,
    /// `v1` or `v2`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub syntax_parser: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub optimization_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub optimization_targets: Option<String>,
}

/// `GET /pipelines/{pipelineId}/schema`: the schema (`nextflow_schema.json`) and params, as text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PipelineSchemaResponse {
    #[serde(default)]
    pub schema: String,
    pub params: Option<String>,
}

/// `POST /workflow/launch` body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubmitWorkflowLaunchRequest {
    pub launch: WorkflowLaunchRequest,
}

/// `POST /workflow/launch` response.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubmitWorkflowLaunchResponse {
    pub workflow_id: Option<String>,
}

/// `GET /pipelines/{pipelineId}/launch` and `GET /workflow/{workflowId}/launch`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LaunchResponse {
    pub launch: Option<Launch>,
}

/// `LaunchDbDto` / `WorkflowLaunchResponse`: a saved launch configuration.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Launch {
    pub id: Option<String>,
    pub compute_env: Option<ComputeEnv>,
    pub pipeline: Option<String>,
    pub pipeline_id: Option<i64>,
    pub work_dir: Option<String>,
    pub revision: Option<String>,
    pub commit_id: Option<String>,
    pub run_name: Option<String>,
    pub config_profiles: Option<Vec<String>>,
    pub config_text: Option<String>,
    pub tower_config: Option<String>,
    pub params_text: Option<String>,
    pub pre_run_script: Option<String>,
    pub post_run_script: Option<String>,
    pub main_script: Option<String>,
    pub entry_name: Option<String>,
    pub schema_name: Option<String>,
    pub pipeline_schema_id: Option<i64>,
    pub resume: Option<bool>,
    pub resume_launch_id: Option<String>,
    pub resume_dir: Option<String>,
    pub resume_commit_id: Option<String>,
    pub session_id: Option<String>,
    pub pull_latest: Option<bool>,
    pub stub_run: Option<bool>,
    pub user_secrets: Option<Vec<String>>,
    pub workspace_secrets: Option<Vec<String>>,
    pub head_job_cpus: Option<i32>,
    pub head_job_memory_mb: Option<i32>,
    pub launch_container: Option<String>,
    pub nextflow_version: Option<String>,
    pub output_dir: Option<String>,
    pub syntax_parser: Option<String>,
    pub optimization_id: Option<String>,
    pub optimization_targets: Option<String>,
    pub workspace_id: Option<i64>,
    pub date_created: Option<Timestamp>,
    pub last_updated: Option<Timestamp>,
}

impl Launch {
    /// The launch form pre-filled from this saved launch, as tower-cli does before it applies
    /// a user's edits: same pipeline, revision, compute environment, work dir, params and
    /// scripts; no id, run name or session (a new run gets its own).
    pub fn to_launch_request(&self) -> WorkflowLaunchRequest {
        WorkflowLaunchRequest {
            compute_env_id: self.compute_env.as_ref().and_then(|ce| ce.id.clone()),
            pipeline: self.pipeline.clone(),
            work_dir: self.work_dir.clone(),
            revision: self.revision.clone(),
            commit_id: self.commit_id.clone(),
            config_profiles: self.config_profiles.clone(),
            config_text: self.config_text.clone(),
            tower_config: self.tower_config.clone(),
            params_text: self.params_text.clone(),
            pre_run_script: self.pre_run_script.clone(),
            post_run_script: self.post_run_script.clone(),
            main_script: self.main_script.clone(),
            entry_name: self.entry_name.clone(),
            schema_name: self.schema_name.clone(),
            pipeline_schema_id: self.pipeline_schema_id,
            pull_latest: self.pull_latest,
            stub_run: self.stub_run,
            user_secrets: self.user_secrets.clone(),
            workspace_secrets: self.workspace_secrets.clone(),
            head_job_cpus: self.head_job_cpus,
            head_job_memory_mb: self.head_job_memory_mb,
            launch_container: self.launch_container.clone(),
            nextflow_version: self.nextflow_version.clone(),
            output_dir: self.output_dir.clone(),
            syntax_parser: self.syntax_parser.clone(),
            optimization_id: self.optimization_id.clone(),
            optimization_targets: self.optimization_targets.clone(),
            ..WorkflowLaunchRequest::default()
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Compute environments and credentials
// ---------------------------------------------------------------------------------------------

/// `GET /compute-envs` (not paged).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ComputeEnvsResponse {
    #[serde(default, deserialize_with = "null_as_default")]
    pub compute_envs: Vec<ComputeEnvSummary>,
}

/// `ListComputeEnvsResponse.Entry`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ComputeEnvSummary {
    pub id: Option<String>,
    pub name: Option<String>,
    pub platform: Option<String>,
    pub status: Option<ComputeEnvStatus>,
    pub message: Option<String>,
    pub last_used: Option<Timestamp>,
    pub primary: Option<bool>,
    pub workspace_name: Option<String>,
    pub visibility: Option<Visibility>,
    pub region: Option<String>,
    pub work_dir: Option<String>,
    pub credentials_id: Option<String>,
    pub description: Option<String>,
    pub wave_enabled: Option<bool>,
    pub fusion2_enabled: Option<bool>,
    pub sched_enabled: Option<bool>,
    pub labels: Option<Vec<Label>>,
}

/// `GET /compute-envs/{computeEnvId}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ComputeEnvResponse {
    pub compute_env: Option<ComputeEnv>,
}

/// `ComputeEnvResponseDto` / `ComputeEnv_ComputeConfig_`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ComputeEnv {
    pub id: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub platform: Option<String>,
    pub config: Option<ComputeConfig>,
    pub credentials_id: Option<String>,
    pub status: Option<ComputeEnvStatus>,
    pub message: Option<String>,
    pub primary: Option<bool>,
    pub deleted: Option<bool>,
    pub org_id: Option<i64>,
    pub workspace_id: Option<i64>,
    pub labels: Option<Vec<Label>>,
    pub date_created: Option<Timestamp>,
    pub last_updated: Option<Timestamp>,
    pub last_used: Option<Timestamp>,
}

/// `ComputeConfig`: polymorphic by `discriminator` (the platform id). The fields every
/// platform shares are typed; the rest is kept as JSON in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ComputeConfig {
    pub discriminator: Option<String>,
    pub work_dir: Option<String>,
    pub region: Option<String>,
    pub pre_run_script: Option<String>,
    pub post_run_script: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `GET /credentials` (not paged; secrets are never returned).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CredentialsResponse {
    #[serde(default, deserialize_with = "null_as_default")]
    pub credentials: Vec<Credentials>,
}

/// `Credentials` metadata.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Credentials {
    pub id: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub provider: Option<CredentialsProvider>,
    pub base_url: Option<String>,
    pub category: Option<String>,
    pub status: Option<CredentialsStatus>,
    pub message: Option<String>,
    pub deleted: Option<bool>,
    pub last_used: Option<Timestamp>,
    pub last_validated: Option<Timestamp>,
    pub date_created: Option<Timestamp>,
    pub last_updated: Option<Timestamp>,
}

// ---------------------------------------------------------------------------------------------
// Runs (workflows)
// ---------------------------------------------------------------------------------------------

/// `GET /workflow`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkflowsResponse {
    #[serde(default, deserialize_with = "null_as_default")]
    pub workflows: Vec<WorkflowListItem>,
    pub total_size: Option<i64>,
    pub has_more: Option<bool>,
}

/// `ListWorkflowsResponse.ListWorkflowsElement`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkflowListItem {
    pub workflow: Option<Workflow>,
    pub progress: Option<ProgressData>,
    pub labels: Option<Vec<Label>>,
    pub starred: Option<bool>,
    pub optimized: Option<bool>,
    pub org_id: Option<i64>,
    pub org_name: Option<String>,
    pub workspace_id: Option<i64>,
    pub workspace_name: Option<String>,
    pub pipeline_info: Option<PipelineMinInfo>,
}

/// `GET /workflow/{workflowId}` (`DescribeWorkflowResponse`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkflowResponse {
    pub workflow: Option<Workflow>,
    pub progress: Option<ProgressData>,
    pub labels: Option<Vec<Label>>,
    pub platform: Option<ComputePlatformRef>,
    pub org_id: Option<i64>,
    pub org_name: Option<String>,
    pub workspace_id: Option<i64>,
    pub workspace_name: Option<String>,
    pub pipeline_info: Option<PipelineMinInfo>,
    pub optimized: Option<bool>,
    pub messages: Option<Vec<String>>,
    /// The run's cost where the Platform reports it.
    pub cost: Option<f64>,
    pub cost_currency: Option<String>,
    pub cost_is_estimate: Option<bool>,
}

/// `WorkflowDbDto` / `WorkflowMaxDbDto`: one run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Workflow {
    pub id: Option<String>,
    pub run_name: Option<String>,
    pub status: Option<WorkflowStatus>,
    pub submit: Option<Timestamp>,
    pub start: Option<Timestamp>,
    pub complete: Option<Timestamp>,
    pub date_created: Option<Timestamp>,
    pub last_updated: Option<Timestamp>,
    pub session_id: Option<String>,
    pub launch_id: Option<String>,
    pub profile: Option<String>,
    pub work_dir: Option<String>,
    pub commit_id: Option<String>,
    pub revision: Option<String>,
    pub repository: Option<String>,
    pub project_name: Option<String>,
    pub project_dir: Option<String>,
    pub script_name: Option<String>,
    pub script_id: Option<String>,
    pub script_file: Option<String>,
    pub launch_dir: Option<String>,
    pub home_dir: Option<String>,
    pub command_line: Option<String>,
    pub user_name: Option<String>,
    pub owner_id: Option<i64>,
    pub container: Option<String>,
    pub container_engine: Option<String>,
    pub config_files: Option<Vec<String>>,
    pub config_text: Option<String>,
    pub config_profiles: Option<Vec<String>>,
    pub params: Option<Map<String, Value>>,
    pub manifest: Option<Value>,
    pub nextflow: Option<WorkflowNextflow>,
    pub nextflow_version: Option<String>,
    pub stats: Option<WorkflowStats>,
    pub error_message: Option<String>,
    pub error_report: Option<String>,
    pub duration: Option<i64>,
    pub exit_status: Option<i32>,
    pub resume: Option<bool>,
    pub success: Option<bool>,
    pub deleted: Option<bool>,
    pub requires_attention: Option<bool>,
    pub log_file: Option<String>,
    pub out_file: Option<String>,
    pub operation_id: Option<String>,
}

/// `WfNextflow`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkflowNextflow {
    pub version: Option<String>,
    pub build: Option<String>,
    pub timestamp: Option<Timestamp>,
}

/// `WfStats`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkflowStats {
    pub compute_time_fmt: Option<String>,
    pub succeed_count: Option<i64>,
    pub failed_count: Option<i64>,
    pub cached_count: Option<i64>,
    pub ignored_count: Option<i64>,
    pub succeed_pct: Option<f64>,
    pub failed_pct: Option<f64>,
    pub cached_pct: Option<f64>,
    pub ignored_pct: Option<f64>,
    pub succeed_duration: Option<i64>,
    pub failed_duration: Option<i64>,
    pub cached_duration: Option<i64>,
}

/// `ComputePlatformDto`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ComputePlatformRef {
    pub id: Option<String>,
    pub name: Option<String>,
}

/// `PipelineMinInfoResponse`: which saved pipeline (and version) a run came from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PipelineMinInfo {
    pub id: Option<i64>,
    pub workspace_id: Option<i64>,
    pub version: Option<PipelineVersion>,
}

/// `GET /workflow/{workflowId}/progress`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgressResponse {
    pub progress: Option<ProgressData>,
}

/// `ProgressData`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgressData {
    pub workflow_progress: Option<WorkflowLoad>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub processes_progress: Vec<ProcessLoad>,
    pub total_processes: Option<i64>,
}

/// `WorkflowLoad`: task counters and resource use of a whole run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkflowLoad {
    pub pending: Option<i64>,
    pub submitted: Option<i64>,
    pub running: Option<i64>,
    pub succeeded: Option<i64>,
    pub failed: Option<i64>,
    pub cached: Option<i64>,
    pub aborted: Option<i64>,
    pub ignored: Option<i64>,
    pub retries: Option<i64>,
    pub cpus: Option<i64>,
    /// CPU time in milliseconds.
    pub cpu_time: Option<i64>,
    pub cpu_load: Option<i64>,
    pub memory_rss: Option<i64>,
    pub memory_req: Option<i64>,
    pub read_bytes: Option<i64>,
    pub write_bytes: Option<i64>,
    pub load_tasks: Option<i64>,
    pub load_cpus: Option<i64>,
    pub load_memory: Option<i64>,
    pub peak_cpus: Option<i64>,
    pub peak_tasks: Option<i64>,
    pub peak_memory: Option<i64>,
    pub cost: Option<f64>,
    pub cpu_efficiency: Option<f64>,
    pub memory_efficiency: Option<f64>,
    pub executors: Option<Vec<String>>,
    pub date_created: Option<Timestamp>,
    pub last_updated: Option<Timestamp>,
}

/// `ProcessLoad`: the same counters for one process.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProcessLoad {
    pub process: Option<String>,
    pub pending: Option<i64>,
    pub submitted: Option<i64>,
    pub running: Option<i64>,
    pub succeeded: Option<i64>,
    pub failed: Option<i64>,
    pub cached: Option<i64>,
    pub aborted: Option<i64>,
    pub ignored: Option<i64>,
    pub retries: Option<i64>,
    pub load_cpus: Option<i64>,
    pub load_memory: Option<i64>,
    pub peak_cpus: Option<i64>,
    pub peak_tasks: Option<i64>,
    pub peak_memory: Option<i64>,
    pub cpu_efficiency: Option<f64>,
    pub memory_efficiency: Option<f64>,
}

// ---------------------------------------------------------------------------------------------
// Actions
// ---------------------------------------------------------------------------------------------

/// `GET /actions` (not paged).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionsResponse {
    #[serde(default, deserialize_with = "null_as_default")]
    pub actions: Vec<ActionSummary>,
}

/// `ListActionsResponse.ActionInfo`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionSummary {
    pub id: Option<String>,
    pub name: Option<String>,
    pub pipeline: Option<String>,
    pub source: Option<ActionSource>,
    pub status: Option<ActionStatus>,
    pub endpoint: Option<String>,
    pub usage_cmd: Option<String>,
    pub hint: Option<String>,
    pub error: Option<String>,
    pub event: Option<ActionEvent>,
    pub config: Option<ActionConfig>,
    pub labels: Option<Vec<Label>>,
    pub last_seen: Option<Timestamp>,
    pub next_execution: Option<Timestamp>,
    pub date_created: Option<Timestamp>,
}

/// `GET /actions/{actionId}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionResponse {
    pub action: Option<Action>,
}

/// `ActionResponseDto`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Action {
    pub id: Option<String>,
    pub name: Option<String>,
    pub source: Option<ActionSource>,
    pub status: Option<ActionStatus>,
    pub hook_id: Option<String>,
    pub hook_url: Option<String>,
    pub error: Option<String>,
    pub message: Option<String>,
    pub launch: Option<Launch>,
    pub event: Option<ActionEvent>,
    pub config: Option<ActionConfig>,
    pub labels: Option<Vec<Label>>,
    pub deleted: Option<bool>,
    pub last_seen: Option<Timestamp>,
    pub next_execution: Option<Timestamp>,
    pub date_created: Option<Timestamp>,
    pub last_updated: Option<Timestamp>,
}

/// `Action.EventType`: the last trigger, polymorphic by `discriminator`; the rest in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionEvent {
    pub discriminator: Option<String>,
    pub timestamp: Option<Timestamp>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `Action.ConfigType`, polymorphic by `discriminator`; the rest in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionConfig {
    pub discriminator: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

// ---------------------------------------------------------------------------------------------
// Studios
// ---------------------------------------------------------------------------------------------

/// `GET /studios`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StudiosResponse {
    #[serde(default, deserialize_with = "null_as_default")]
    pub studios: Vec<Studio>,
    pub total_size: Option<i64>,
}

/// `DataStudioDto`: one Studio session (also the whole body of `GET /studios/{sessionId}`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Studio {
    pub session_id: Option<String>,
    pub workspace_id: Option<i64>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub user: Option<StudioUser>,
    pub studio_url: Option<String>,
    pub compute_env: Option<ComputeEnvRef>,
    pub template: Option<StudioTemplate>,
    pub configuration: Option<StudioConfiguration>,
    pub status_info: Option<StudioStatusInfo>,
    pub is_private: Option<bool>,
    pub effective_lifespan_hours: Option<i32>,
    pub base_image: Option<String>,
    pub custom_image: Option<bool>,
    pub wave_build_url: Option<String>,
    pub labels: Option<Vec<Label>>,
    pub mounted_data_links: Option<Vec<Value>>,
    pub progress: Option<Vec<StudioProgressStep>>,
    pub date_created: Option<Timestamp>,
    pub last_updated: Option<Timestamp>,
}

/// `StudioUser`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StudioUser {
    pub id: Option<i64>,
    pub user_name: Option<String>,
    pub email: Option<String>,
    pub avatar: Option<String>,
}

/// `DataStudioConfiguration`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StudioConfiguration {
    pub cpu: Option<i32>,
    pub memory: Option<i32>,
    pub gpu: Option<i32>,
    pub lifespan_hours: Option<i32>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub mount_data: Vec<String>,
    pub conda_environment: Option<String>,
}

/// `DataStudioStatusInfo`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StudioStatusInfo {
    pub status: Option<StudioStatus>,
    pub message: Option<String>,
    pub stop_reason: Option<String>,
    pub last_update: Option<Timestamp>,
}

/// `DataStudioProgressStep`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StudioProgressStep {
    pub status: Option<String>,
    pub message: Option<String>,
    pub warnings: Option<Vec<String>>,
}

/// `GET /studios/templates`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StudioTemplatesResponse {
    #[serde(default, deserialize_with = "null_as_default")]
    pub templates: Vec<StudioTemplate>,
    pub total_size: Option<i64>,
}

/// `DataStudioTemplate`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StudioTemplate {
    pub repository: Option<String>,
    pub icon: Option<String>,
    pub status: Option<String>,
    pub tool: Option<String>,
}
