// An in-memory stand-in for Towerdesk's Rust backend, for the browser tests only. It is bundled
// (vite.fake.config.ts) into an IIFE that Playwright injects with addInitScript before the shipped
// UI (ui/dist) boots, so the real entry carries no test code. It answers every command of
// src/lib/bindings.ts and the tauri-plugin-store calls used by src/lib/prefs.ts through
// @tauri-apps/api/mocks' mockIPC, and records every call in window.__fake.calls. Like the core,
// it tells the window what changed with the event core-event (mockIPC's event mocking): after
// each of its writes, and when a test says a sync ran (window.__fake.syncStep, finishSync,
// serverRun, emit). Nothing moves by itself: a test drives every sync.
//
// A test picks a starting point by setting window.__FAKE_SCENARIO__ in an earlier init script.
//
// Who may do what is not decided here: like the core's views, every organization, workspace and
// participant carries its permissions, written out below for each scenario with the core's
// sentences (src-tauri/crates/core/src/rules/permissions.rs), and each command refuses exactly
// what they refuse, as the core does.
import { emit } from "@tauri-apps/api/event";
import { mockIPC } from "@tauri-apps/api/mocks";
import type {
  Account,
  AccountStatus,
  AppError,
  AppState,
  ChangeItem,
  ChangeOp,
  ComputeEnvView,
  Credential,
  PipelineAction,
  OrgMember,
  OrgPeople,
  OrgPeoplePermissions,
  MenuAction,
  Connection,
  CoreEvent,
  BudgetView,
  Forecast,
  CreditsReport,
  CreditsScope,
  OrgCredits,
  ReportBy,
  ReportRow,
  Spend,
  WorkspaceCredits,
  Draft,
  Entity,
  FieldError,
  Label,
  LabelInput,
  LaunchForm,
  LaunchInput,
  LaunchOutcome,
  Organization,
  ParamIssue,
  OrganizationPermissions,
  Participant,
  ParticipantCandidate,
  ParticipantInput,
  ParticipantPermissions,
  Permission,
  Pipeline,
  PipelineInput,
  PipelinesFrom,
  Run,
  RunDetails,
  RunList,
  RunPage,
  SearchResult,
  TaskCounts,
  Workspace,
  WorkspaceInput,
  WorkspacePermissions,
  StudiosSettingsInput,
  WorkspaceSettings,
} from "../../src/lib/bindings";
import { ROLES } from "../../src/lib/participants";

export type Scenario = {
  /** "none": the welcome screen; "demo": the demo account already synced */
  accounts?: "none" | "demo";
  storeError?: AppError | null;
  connection?: Connection;
  pending?: number;
  conflicts?: number;
  rejected?: number;
  lastError?: string | null;
  lastSyncMinutesAgo?: number;
  /** the demo user's role in the seqera-demo organization: "owner" (the default) or "member" */
  orgRole?: "owner" | "member";
  /** steps (window.__fake.syncStep) before the demo's first sync ends */
  demoSyncSteps?: number;
  /** addAccount fails with this message */
  addAccountError?: string;
  /** createWorkspace fails with this error even when the input is valid */
  createError?: AppError;
  /** listParticipantCandidates fails as when the server cannot be reached */
  participantsOffline?: boolean;
  /**
   * As the core stores what an older Platform release answers: "sandbox" has no full name,
   * visibility or role that any response gave (null, shown as unknown).
   */
  unknownDetails?: boolean;
  /** Pipeline drafts already kept (as the core would have them after a restart). */
  pipelineDrafts?: Draft[];
  /** the launch form's server cannot be reached (the core's `online: false`, `offline` errors) */
  launchOffline?: boolean;
  /**
   * A big workspace: this many more pipelines, `bulk-0001` … (every fourth one shared from
   * shared-pipelines, so seen in analysis with "This and shared workspaces"; the others
   * analysis's own), in that order after the demo's. Made from their number alone.
   */
  manyPipelines?: number;
  /**
   * analysis holds this many runs in all: the demo's five, then `bulk_run_006` … older and
   * older (finished ones, fixed dates). The list shows at most 500, as the core does.
   */
  manyRuns?: number;
};

type Call = { cmd: string; args: Record<string, unknown> };

declare global {
  interface Window {
    __FAKE_SCENARIO__?: Scenario;
    __fake: {
      calls: Call[];
      scenario: Scenario;
      /** how many times the window asked for get_app_state */
      stateReads: number;
      /** the events sent to the window, in order */
      events: CoreEvent[];
      /** one step of the account's running sync; the last one ends it. False when none runs. */
      syncStep: (accountId?: number) => boolean;
      /** runs the account's sync to its end */
      finishSync: (accountId?: number) => void;
      /** a sync brought a new run to the workspace (local id) */
      serverRun: (workspaceId: number, runName: string) => void;
      /** the queued changes' summaries */
      changeSummaries: () => string[];
      /** a sync brought a new action to the workspace (local id) */
      serverAction: (workspaceId: number, name: string) => void;
      /** a sync brought a new team to the organization (local id) */
      serverTeam: (organizationId: number, name: string) => void;
      /** the server's run moves one step on (read at the next refresh of the run) */
      serverProgress: (runId: number) => void;
      /** sends an event as the core would */
      emit: (e: CoreEvent) => void;
      /** a native menu item was chosen */
      menu: (action: MenuAction) => void;
    };
  }
}

const scenario: Scenario = window.__FAKE_SCENARIO__ ?? {};
const calls: Call[] = [];
const sent: CoreEvent[] = [];

// ---- events ---------------------------------------------------------------------------------

/** Sends after the command that caused them has answered, in order, as the core's forwarder does. */
function send(...es: CoreEvent[]) {
  queueMicrotask(() => {
    for (const e of es) {
      sent.push(e);
      void emit("core-event", e);
    }
  });
}

type DataSection = Extract<CoreEvent, { kind: "dataChanged" }>["section"];

function dataChanged(accountId: number, workspaceId: number | null, sections: DataSection[]): CoreEvent[] {
  return sections.map((section) => ({ kind: "dataChanged", accountId, workspaceId, section }));
}

/** After a local write, as the core's `wrote`: its sections, and the queued changes. */
function wrote(accountId: number, workspaceId: number | null, sections: DataSection[]) {
  send(...dataChanged(accountId, workspaceId, sections), ...dataChanged(accountId, null, ["changes"]));
}

const CHANGE_SECTIONS: Record<string, DataSection[]> = {
  workspace: ["workspaces", "organizations"],
  workspace_settings: ["settings"],
  label: ["settings"],
  participant: ["participants"],
  primary_compute_env: ["computeEnvs"],
};

const NAME_RE = /^[a-zA-Z\d](?:[a-zA-Z\d]|[-_](?=[a-zA-Z\d])){1,38}$/;
const now = () => new Date();
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();

function fail(kind: AppError["kind"], message: string): never {
  throw { kind, message } satisfies AppError;
}

// ---- permissions, as the core's views carry them -------------------------------------------

const yes: Permission = { allowed: true, reason: null };
const no = (reason: string): Permission => ({ allowed: false, reason });

/** A command goes on only where its permission allows it, refused with the same reason. */
function allow(p: Permission) {
  if (!p.allowed) fail("forbidden", p.reason ?? "not allowed");
}

/** What the core gives a workspace's owner (and every role of an organization owner). */
const AS_OWNER: WorkspacePermissions = {
  edit: yes,
  delete: yes,
  manageParticipants: yes,
  makeOwners: yes,
  manageLabels: yes,
  editStudiosSettings: yes,
  addPipelines: yes,
  editPipelines: yes,
  launch: yes,
};

const AS_ADMIN: WorkspacePermissions = {
  ...AS_OWNER,
  delete: no("Only an owner of the workspace can delete it (your role: admin)."),
  makeOwners: no("Only an owner can make another owner."),
};

const AS_VIEW: WorkspacePermissions = {
  edit: no("Editing the workspace needs the owner or admin role in it (your role: view)."),
  delete: no("Only an owner of the workspace can delete it (your role: view)."),
  manageParticipants: no("Managing participants needs the owner or admin role in the workspace (your role: view)."),
  makeOwners: no("Managing participants needs the owner or admin role in the workspace (your role: view)."),
  manageLabels: no("Adding, editing and deleting labels needs the owner, admin or maintain role in the workspace (your role: view)."),
  editStudiosSettings: no("Changing the Studios settings needs the owner or admin role in the workspace (your role: view)."),
  addPipelines: no("Adding pipelines needs the owner, admin or maintain role in the workspace (your role: view)."),
  editPipelines: no("Editing pipelines needs the owner, admin or maintain role in the workspace (your role: view)."),
  launch: no("Launching pipelines needs the owner, admin, maintain or launch role in the workspace (your role: view)."),
};

const UNKNOWN_ROLE = " (your role in it is unknown: the server has not said it)";
const AS_UNKNOWN: WorkspacePermissions = {
  edit: no(`Editing the workspace needs the owner or admin role in it${UNKNOWN_ROLE}.`),
  delete: no(`Only an owner of the workspace can delete it${UNKNOWN_ROLE}.`),
  manageParticipants: no(`Managing participants needs the owner or admin role in the workspace${UNKNOWN_ROLE}.`),
  makeOwners: no(`Managing participants needs the owner or admin role in the workspace${UNKNOWN_ROLE}.`),
  manageLabels: no(`Adding, editing and deleting labels needs the owner, admin or maintain role in the workspace${UNKNOWN_ROLE}.`),
  editStudiosSettings: no(`Changing the Studios settings needs the owner or admin role in the workspace${UNKNOWN_ROLE}.`),
  addPipelines: no(`Adding pipelines needs the owner, admin or maintain role in the workspace${UNKNOWN_ROLE}.`),
  editPipelines: no(`Editing pipelines needs the owner, admin or maintain role in the workspace${UNKNOWN_ROLE}.`),
  launch: no(`Launching pipelines needs the owner, admin, maintain or launch role in the workspace${UNKNOWN_ROLE}.`),
};

const PERSONAL: WorkspacePermissions = {
  ...AS_OWNER,
  edit: no("Your user workspace cannot be edited or deleted."),
  delete: no("Your user workspace cannot be edited or deleted."),
  manageParticipants: no("Your user workspace has no participants."),
  makeOwners: no("Your user workspace has no participants."),
  editStudiosSettings: no("Your user workspace has no Studios settings."),
};

const ORG_ROLE = scenario.orgRole ?? "owner";

/** seqera-demo's permissions per scenario; community's are a member's in every scenario. */
const SEQERA_DEMO: Record<"owner" | "member", OrganizationPermissions> = {
  owner: { addWorkspace: yes },
  member: { addWorkspace: no("Adding a workspace needs the owner or admin role in the organization (your role: member).") },
};
const COMMUNITY: OrganizationPermissions = {
  addWorkspace: no("Adding a workspace needs the owner or admin role in the organization (your role: member)."),
};

/** The workspaces' permissions per scenario (by local id): an owner of seqera-demo acts as an owner of each. */
const WORKSPACE_PERMISSIONS: Record<"owner" | "member", Record<number, WorkspacePermissions>> = {
  owner: { 1: PERSONAL, 2: AS_OWNER, 3: AS_OWNER, 4: AS_OWNER, 5: AS_VIEW },
  member: { 1: PERSONAL, 2: AS_OWNER, 3: AS_ADMIN, 4: scenario.unknownDetails ? AS_UNKNOWN : AS_VIEW, 5: AS_VIEW },
};

/** A participant anyone who manages participants may remove or give any role (`owner` as `makeOwners` says). */
function freely(makeOwners: Permission): ParticipantPermissions {
  return { remove: yes, roles: ROLES.map((role) => ({ role, permission: role === "owner" ? makeOwners : yes })) };
}

/** The workspace's last owner, as the core words it. */
function lastOwner(name: string): ParticipantPermissions {
  return {
    remove: no(`${name} is the last owner and cannot be removed: make someone else an owner first.`),
    roles: ROLES.map((role) => ({ role, permission: role === "owner" ? yes : no(`${name} is the last owner: make someone else an owner first.`) })),
  };
}

/** Everything refused with one reason (a role that may not manage participants). */
function refused(p: Permission): ParticipantPermissions {
  return { remove: p, roles: ROLES.map((role) => ({ role, permission: p })) };
}

// ---- the data -------------------------------------------------------------------------------

const DEMO_ACCOUNT: Account = {
  id: 1,
  serverUrl: "http://127.0.0.1:8990",
  label: "Demo",
  userName: "demo-user",
  email: "demo@example.org",
  kind: "demo",
};

type AccountRecord = {
  account: Account;
  status: Omit<AccountStatus, "account">;
  syncStepsLeft: number;
  synced: boolean;
};

const accounts: AccountRecord[] = [];
let nextAccountId = 2;

const organizations: Organization[] = [
  {
    id: 1,
    accountId: 1,
    orgId: 101,
    name: "seqera-demo",
    fullName: "Seqera Demo Lab",
    description: "Genomics core facility",
    role: ORG_ROLE,
    workspaceCount: 3,
    permissions: SEQERA_DEMO[ORG_ROLE],
  },
  {
    id: 2,
    accountId: 1,
    orgId: 202,
    name: "community",
    fullName: "Community Showcase",
    description: null,
    role: "member",
    workspaceCount: 1,
    permissions: COMMUNITY,
  },
];

function ws(
  id: number,
  orgId: number | null,
  name: string,
  fullName: string | null,
  visibility: "PRIVATE" | "SHARED" | null,
  role: string | null,
  description: string | null = null,
): Workspace {
  const org = organizations.find((o) => o.orgId === orgId);
  return {
    id,
    accountId: 1,
    orgId,
    orgName: org?.name ?? null,
    workspaceId: 1000 + id,
    name,
    fullName,
    description,
    visibility,
    role,
    personal: orgId === null,
    changeState: null,
    changeMessage: null,
    lastUpdated: daysAgo(id),
    permissions: WORKSPACE_PERMISSIONS[ORG_ROLE][id],
  };
}

const workspaces: Workspace[] = [
  ws(1, null, "demo-user", "demo-user's workspace", "PRIVATE", "owner"),
  ws(2, 101, "analysis", "Analysis Team", "PRIVATE", "owner", "Day-to-day analysis"),
  ws(3, 101, "shared-pipelines", "Shared Pipelines", "SHARED", "admin", "Curated pipelines for the lab"),
  scenario.unknownDetails ? ws(4, 101, "sandbox", null, null, null) : ws(4, 101, "sandbox", "Sandbox", "PRIVATE", "view"),
  ws(5, 202, "showcase", "Community Showcase", "SHARED", "view"),
];
let nextWorkspaceId = 10;

type PipelineRow = Omit<Pipeline, "shared" | "workspaceRef" | "changeState" | "changeMessage"> & { workspaceLocalId: number };
const pipelines: PipelineRow[] = [
  {
    id: 1,
    pipelineId: 501,
    workspaceLocalId: 2,
    name: "nf-core-rnaseq",
    description: "RNA sequencing analysis pipeline with gene/isoform counts and extensive QC.",
    repository: "https://github.com/nf-core/rnaseq",
    icon: null,
    computeEnvName: "aws-batch-eu",
    labels: ["rna", "production"],
    lastUpdated: daysAgo(2),
  },
  {
    id: 2,
    pipelineId: 502,
    workspaceLocalId: 2,
    name: "nf-core-sarek",
    description: "Germline and somatic variant calling.",
    repository: "https://github.com/nf-core/sarek",
    icon: null,
    computeEnvName: null,
    labels: ["dna"],
    lastUpdated: daysAgo(9),
  },
  {
    id: 3,
    pipelineId: 503,
    workspaceLocalId: 3,
    name: "nf-core-viralrecon",
    description: "Assembly and intrahost/low-frequency variant calling for viral samples.",
    repository: "https://github.com/nf-core/viralrecon",
    icon: null,
    computeEnvName: "shared-batch",
    labels: ["viral"],
    lastUpdated: daysAgo(4),
  },
  {
    id: 4,
    pipelineId: 504,
    workspaceLocalId: 5,
    name: "hello",
    description: "A tiny demo pipeline.",
    repository: "https://github.com/nextflow-io/hello",
    icon: null,
    computeEnvName: null,
    labels: [],
    lastUpdated: daysAgo(30),
  },
];

// A big workspace's pipelines (scenario.manyPipelines): made from their number, no randomness
// and no clock, so every run of a test sees the same cards.
for (let i = 1; i <= (scenario.manyPipelines ?? 0); i++) {
  const name = `bulk-${String(i).padStart(4, "0")}`;
  pipelines.push({
    id: 10_000 + i,
    pipelineId: 20_000 + i,
    workspaceLocalId: i % 4 === 0 ? 3 : 2,
    name,
    description:
      i % 3 === 0
        ? `Bulk pipeline number ${i}: alignment, quantification and a long report of quality control for every sample.`
        : `Bulk pipeline number ${i}.`,
    repository: `https://github.com/example/${name}`,
    icon: null,
    computeEnvName: i % 5 === 0 ? null : "aws-batch-eu",
    labels: i % 2 === 0 ? ["bulk", `batch-${i % 7}`] : ["bulk"],
    lastUpdated: new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString(),
  });
}

const runs: Record<number, Run[]> = {
  2: [
    run(2, 1, "amazing_turing", "nf-core/rnaseq", "running", 12, 64, 0.42, true),
    run(2, 2, "sleepy_curie", "nf-core/sarek", "succeeded", 60 * 5, 100, 18.42, false),
    run(2, 3, "brave_hopper", "nf-core/rnaseq", "failed", 60 * 30, 37, 4.1, true),
    run(2, 4, "quiet_lovelace", "nf-core/atacseq", "submitted", 2, 0, null, true),
    run(2, 5, "bold_franklin", "nf-core/sarek", "cancelled", 60 * 60, 12, 0.75, false),
  ],
  3: [run(3, 6, "swift_mendel", "nf-core/viralrecon", "succeeded", 60 * 50, 100, 7.5, false)],
  4: [run(4, 7, "eager_pasteur", "nf-core/rnaseq", "running", 30, 40, 1.2, true)],
};

// A big workspace's runs (scenario.manyRuns): finished, older and older, from fixed dates.
for (let i = 6; i <= (scenario.manyRuns ?? 0); i++) {
  const status = ["succeeded", "failed", "cancelled"][i % 3];
  const submitted = Date.UTC(2025, 5, 1, 12) - i * 17 * 60_000;
  runs[2].push({
    ...run(2, 1000 + i, `bulk_run_${String(i).padStart(3, "0")}`, i % 2 === 0 ? "nf-core/rnaseq" : "nf-core/sarek", status, 0, 100, (i % 40) / 4, false),
    submitted: new Date(submitted).toISOString(),
    start: new Date(submitted + 60_000).toISOString(),
    complete: new Date(submitted + 21 * 60_000).toISOString(),
  });
}

/** The core's cancel_run, with its sentences. */
function cancelPermission(workspaceId: number, status: string): Permission {
  if (!["submitted", "running"].includes(status)) {
    return no(`Only a submitted or running run can be cancelled (this one is ${status}).`);
  }
  const launch = findWorkspace(workspaceId).permissions.launch;
  return launch.allowed ? yes : no((launch.reason ?? "").replace("Launching pipelines", "Cancelling runs"));
}

function run(
  workspaceId: number,
  id: number,
  runName: string,
  projectName: string,
  status: string,
  submittedMinutesAgo: number,
  progressPercent: number,
  credits: number | null,
  creditsEstimate: boolean,
): Run {
  const finished = !["submitted", "running"].includes(status);
  return {
    id,
    workflowId: `wf${id}abc`,
    runName,
    projectName,
    status,
    userName: "demo-user",
    submitted: minutesAgo(submittedMinutesAgo),
    start: minutesAgo(submittedMinutesAgo - 1),
    complete: finished ? minutesAgo(submittedMinutesAgo - 20) : null,
    progressPercent,
    cost: finished ? credits : 0,
    cpuHours: 12.5,
    memoryGibHours: 48,
    costIsEstimate: creditsEstimate,
    labels: id === 1 ? ["prod"] : [],
    computeEnv: null,
    credits,
    creditsEstimate,
    durationMs: finished ? 21 * 60_000 : null,
    permissions: {
      cancel: workspaceId === 4 ? no("Cancelling runs needs the owner, admin, maintain or launch role in the workspace (your role: view).") : finished ? no(`Only a submitted or running run can be cancelled (this one is ${status}).`) : yes,
      relaunch: workspaceId === 4 ? no("Launching pipelines needs the owner, admin, maintain or launch role in the workspace (your role: view).") : yes,
    },
  };
}

/** What the server holds of a run's progress: each serverProgress(runId) moves it one step. */
const serverSteps: Record<number, number> = {};
const readSteps: Record<number, number> = {};
const runDetails: Record<number, RunDetails> = {};

function findRun(id: number): { ws: number; r: Run } {
  for (const [ws, list] of Object.entries(runs)) {
    const r = list.find((x) => x.id === id);
    if (r) return { ws: Number(ws), r };
  }
  fail("not_found", `run ${id} not found`);
}

function counts(done: number, running: number, waiting: number): TaskCounts {
  return { pending: waiting, submitted: 0, running, cached: 0, succeeded: done, failed: 0, aborted: 0 };
}

/**
 * The core's refresh_run: reads what the server holds (steps moved by serverProgress). Answers
 * whether the server had moved since the last read: only then does it tell the window, so
 * nothing reloads unless a test moved the server.
 */
function readRun(id: number): boolean {
  if (scenario.connection === "offline") {
    fail("offline", "The server could not be reached (connection refused). Your changes are kept and will be sent when it can.");
  }
  const { ws, r } = findRun(id);
  const step = serverSteps[id] ?? 0;
  const moved = step !== (readSteps[id] ?? 0);
  readSteps[id] = step;
  const going = ["submitted", "running"].includes(r.status);
  if (going && step >= 4) {
    r.status = "succeeded";
    r.complete = new Date().toISOString();
    r.durationMs = 40 * 60_000;
    r.creditsEstimate = false;
    r.permissions = { ...r.permissions, cancel: cancelPermission(ws, r.status) };
  } else if (going && step > 0) {
    r.status = "running";
  }
  const done = ["succeeded"].includes(r.status) ? 10 : Math.min(10, 2 + step * 2);
  const running = ["running"].includes(r.status) ? 2 : 0;
  const tasks = counts(done, running, Math.max(0, 10 - done - running));
  if (["running"].includes(r.status)) r.credits = 0.42 + step * 0.25;
  r.progressPercent = done * 10;
  r.computeEnv = "aws-batch-eu";
  runDetails[id] = {
    workDir: `s3://demo-bucket/work/${r.workflowId}`,
    repository: `https://github.com/${r.projectName}`,
    revision: "3.14.0",
    configProfiles: ["docker"],
    params: JSON.stringify({ input: "samplesheet.csv", outdir: "results" }, null, 2),
    tasks,
    processes: [
      { process: "FASTQC", tasks: counts(Math.min(5, done), 0, 5 - Math.min(5, done)) },
      { process: "MULTIQC", tasks: counts(Math.max(0, done - 5), running, Math.max(0, 5 - Math.max(0, done - 5) - running)) },
    ],
    cpuTimeMs: done * 600_000,
    memoryRss: done * 2 * 1024 ** 3,
    wallTimeMs: r.durationMs ?? 12 * 60_000 + step * 5_000,
    errorMessage: null,
    readAt: new Date().toISOString(),
  };
  return moved;
}

function runPage(id: number): RunPage {
  const { ws, r } = findRun(id);
  return { run: r, workspaceId: ws, details: runDetails[id] ?? null };
}

/** The core's RunSearch, for the terms the tests use. */
function listRuns(workspaceId: number, search: string | null): RunList {
  findWorkspace(workspaceId);
  const notApplied: string[] = [];
  let list = runs[workspaceId] ?? [];
  for (const token of (search ?? "").split(/\s+/).filter(Boolean)) {
    const [k, v] = token.includes(":") ? [token.slice(0, token.indexOf(":")).toLowerCase(), token.slice(token.indexOf(":") + 1)] : ["", token];
    if (k === "status") {
      if (!["submitted", "running", "succeeded", "failed", "cancelled", "unknown"].includes(v.toLowerCase())) {
        fail("validation", `Unknown status '${v}': use submitted, running, succeeded, failed, cancelled or unknown.`);
      }
      list = list.filter((r) => r.status === v.toLowerCase());
    } else if (k === "label") list = list.filter((r) => r.labels.some((l) => l.toLowerCase() === v.toLowerCase() || l.split("=")[0].toLowerCase() === v.toLowerCase()));
    else if (k === "username") list = list.filter((r) => (r.userName ?? "").toLowerCase() === v.toLowerCase());
    else if (k === "is" || k === "sessionid") notApplied.push(token);
    else list = list.filter((r) => r.runName.toLowerCase().includes(token.toLowerCase()) || (r.projectName ?? "").toLowerCase().includes(token.toLowerCase()));
  }
  // The core lists at most 500 (RUNS_SHOWN in core/src/service/runs.rs).
  return { runs: list.slice(0, 500), notApplied };
}

const credentials: Record<number, Credential[]> = {
  2: [
    { id: "cred-aws", name: "aws-analysis", provider: "aws", lastUsed: daysAgo(1) },
    { id: "cred-gh", name: "github-token", provider: "github", lastUsed: null },
  ],
};

/** An action as the core hands it: the API's spellings and the Platform's words (rules/actions.rs). */
function action(id: string, name: string, pipeline: string | null, source: string | null, status: string | null, lastSeen: string | null): PipelineAction {
  const sources: Record<string, string> = { github: "GitHub webhook", tower: "Tower launch hook" };
  const statuses: Record<string, string> = { CREATING: "Creating", ACTIVE: "Active", ERROR: "Error", PAUSED: "Paused" };
  return {
    id,
    name,
    pipeline,
    source,
    status,
    lastSeen,
    dateCreated: daysAgo(60),
    eventSource: source === null ? null : (sources[source] ?? source),
    statusText: status === null ? null : (statuses[status] ?? status),
  };
}

const actions: Record<number, PipelineAction[]> = {
  2: [
    action("act-fusion", "fusion-on-push", "https://github.com/nf-core/rnafusion", "github", "ERROR", daysAgo(3)),
    action("act-qc", "nightly-qc-hook", "https://github.com/nf-core/chipseq", "tower", "PAUSED", daysAgo(1)),
    action("act-new", "scrna-hook", "https://github.com/nf-core/scrnaseq", "tower", "CREATING", null),
    action("act-sarek", "somatic-on-push", "https://github.com/nf-core/sarek", "github", "ACTIVE", daysAgo(0.1)),
  ],
};

// The organizations' people as a sync leaves them (by the organization's local id): seqera-demo
// lists all three; community (where the user is a member) refuses the members and collaborators
// listings, as a Platform may, and has no teams.
function member(id: number, userName: string, first: string | null, last: string | null, role: string | null, email: string | null = `${userName}@seqera-demo.example.org`): OrgMember {
  const roleWords: Record<string, string> = { owner: "Owner", member: "Member", collaborator: "Collaborator" };
  return {
    memberId: id,
    userName,
    email,
    firstName: first,
    lastName: last,
    avatar: null,
    role,
    name: first || last ? [first, last].filter(Boolean).join(" ") : null,
    roleText: role === null ? null : (roleWords[role] ?? role),
  };
}

function orgPeoplePermissions(role: string): OrgPeoplePermissions {
  return role === "owner"
    ? { manageMembers: yes, manageTeams: yes }
    : {
        manageMembers: no(`Adding or removing members needs the owner role in the organization (your role: ${role}).`),
        manageTeams: no(`Managing teams needs the owner role in the organization (your role: ${role}).`),
      };
}

const orgPeople: Record<number, OrgPeople> = {
  1: {
    members: {
      rows: [
        member(5101, "alice-nakamura", "Alice", "Nakamura", "owner"),
        member(5102, "ben-okafor", "Ben", "Okafor", "member"),
        member(5100, "demo-user", "Demo", "User", ORG_ROLE),
        member(5103, "jfernandez74", null, null, "member", "jfernandez74@gmail.com"),
      ],
      lastListing: { outcome: "listed", at: minutesAgo(3) },
    },
    teams: {
      rows: [
        { teamId: 7001, name: "bioinformatics", description: "Pipeline developers", membersCount: 3 },
        { teamId: 7002, name: "lab-ops", description: null, membersCount: 1 },
      ],
      lastListing: { outcome: "listed", at: minutesAgo(3) },
    },
    collaborators: {
      rows: [member(5200, "priya-shah", "Priya", "Shah", "collaborator", "priya@partner.example.com")],
      lastListing: { outcome: "listed", at: minutesAgo(3) },
    },
    permissions: orgPeoplePermissions(ORG_ROLE),
  },
  2: {
    members: { rows: [], lastListing: { outcome: "refused", at: minutesAgo(3) } },
    teams: { rows: [], lastListing: { outcome: "listed", at: minutesAgo(3) } },
    collaborators: { rows: [], lastListing: { outcome: "refused", at: minutesAgo(3) } },
    permissions: orgPeoplePermissions("member"),
  },
};

type ComputeEnvRow = Omit<ComputeEnvView, "changeState" | "changeMessage" | "makePrimary">;
const computeEnvs: Record<number, ComputeEnvRow[]> = {
  2: [
    { id: "ce1", name: "aws-batch-eu", platform: "aws-batch", status: "AVAILABLE", primary: true, workDir: "s3://seqera-demo-eu/work" },
    { id: "ce2", name: "seqera-compute", platform: "seqeracompute-platform", status: "CREATING", primary: false, workDir: null },
    { id: "ce4", name: "aws-batch-gpu", platform: "aws-batch", status: "AVAILABLE", primary: false, workDir: "s3://seqera-demo-eu/gpu-work" },
  ],
  3: [{ id: "ce3", name: "shared-batch", platform: "aws-batch", status: "AVAILABLE", primary: true, workDir: "s3://shared/work" }],
  4: [
    { id: "ce5", name: "sandbox-k8s", platform: "k8s-platform", status: "AVAILABLE", primary: true, workDir: "/scratch/work" },
    { id: "ce6", name: "sandbox-batch", platform: "aws-batch", status: "AVAILABLE", primary: false, workDir: "s3://seqera-demo-sandbox/work" },
  ],
};
/** The compute environment each queued Make primary puts the mark on, and the one it replaced. */
const primaryChanges: Record<number, { target: string; base: string | null }> = {};

/** The core's make_primary_compute_env rule: owners and admins, and only an AVAILABLE environment. */
function makePrimaryPermission(w: Workspace, status: string | null): Permission {
  if (!w.personal && !w.permissions.edit.allowed) {
    const your = w.role ? ` (your role: ${w.role})` : UNKNOWN_ROLE;
    return no(`Making a compute environment primary needs the owner or admin role in the workspace${your}.`);
  }
  if ((status ?? "").toUpperCase() !== "AVAILABLE")
    return no(
      status
        ? `Only an available compute environment can be made primary (this one is ${status}).`
        : "Only an available compute environment can be made primary (the status of this one is unknown: sync, then try again).",
    );
  return yes;
}

function computeEnvViews(workspaceId: number): ComputeEnvView[] {
  const w = findWorkspace(workspaceId);
  const rows = [...(computeEnvs[workspaceId] ?? [])].sort(
    (a, b) => Number(b.primary) - Number(a.primary) || a.name.localeCompare(b.name),
  );
  return rows.map((ce) => {
    const c = [...changes]
      .reverse()
      .find((x) => x.entity === "primary_compute_env" && x.localId === workspaceId && primaryChanges[x.id]?.target === ce.id);
    return {
      ...ce,
      changeState: c?.state ?? null,
      changeMessage: c ? (c.message ?? WAITING) : null,
      makePrimary: makePrimaryPermission(w, ce.status),
    };
  });
}

function markPrimary(workspaceId: number, id: string | null) {
  for (const ce of computeEnvs[workspaceId] ?? []) ce.primary = ce.id === id;
}

function participant(
  id: number,
  type: string,
  name: string,
  email: string | null,
  role: string,
  ref: { memberId?: number; teamId?: number },
  permissions: ParticipantPermissions,
): Participant {
  return {
    id,
    participantId: 10 + id,
    type,
    memberId: ref.memberId ?? null,
    teamId: ref.teamId ?? null,
    userName: type === "TEAM" ? null : name,
    name,
    email,
    role,
    changeState: null,
    changeMessage: null,
    permissions,
  };
}

// The participants' permissions are fixed per scenario, as a sync leaves them: a test that
// changes who owns a workspace must write the new ones.
const sandbox = WORKSPACE_PERMISSIONS[ORG_ROLE][4];
const participants: Record<number, Participant[]> = {
  2: [
    participant(1, "MEMBER", "demo-user", "demo@example.org", "owner", { memberId: 31 }, lastOwner("demo-user")),
    participant(2, "TEAM", "bioinformatics", null, "maintain", { teamId: 41 }, freely(yes)),
    participant(3, "COLLABORATOR", "jane-doe", "jane@partner.org", "launch", { memberId: 33 }, freely(yes)),
  ],
  4: [
    participant(
      4,
      "MEMBER",
      "demo-user",
      "demo@example.org",
      "view",
      { memberId: 31 },
      sandbox.manageParticipants.allowed ? freely(sandbox.makeOwners) : refused(sandbox.manageParticipants),
    ),
  ],
};
let nextParticipantId = 10;

/** The seqera-demo organization's members, collaborators and teams, for the Add participant picker. */
const candidates: ParticipantCandidate[] = [
  { type: "TEAM", memberId: null, teamId: 41, name: "bioinformatics", userName: null, email: null, alreadyParticipant: false },
  { type: "TEAM", memberId: null, teamId: 42, name: "sequencing-ops", userName: null, email: null, alreadyParticipant: false },
  { type: "MEMBER", memberId: 31, teamId: null, name: "Demo User", userName: "demo-user", email: "demo@example.org", alreadyParticipant: false },
  { type: "MEMBER", memberId: 32, teamId: null, name: "Ben Okafor", userName: "ben-okafor", email: "ben@lab.org", alreadyParticipant: false },
  { type: "COLLABORATOR", memberId: 33, teamId: null, name: "Jane Doe", userName: "jane-doe", email: "jane@partner.org", alreadyParticipant: false },
];

function label(id: number, name: string, value: string | null, isDefault = false): Label {
  return { id, labelId: 900 + id, name, value, resource: value !== null, isDefault, changeState: null, changeMessage: null };
}

function studios(hours: number | null, labels: Label[] = []): WorkspaceSettings {
  return {
    studiosLifespanHours: hours,
    studiosKnown: true,
    studiosPrivateByDefault: false,
    studiosContainerRepository: "",
    studiosNameStrategy: "tagPrefix",
    studiosChangeState: null,
    studiosChangeMessage: null,
    labels,
  };
}

const settings: Record<number, WorkspaceSettings> = {
  2: studios(8, [label(1, "production", null), label(2, "team", "analysis", true)]),
  3: studios(null),
};
let nextLabelId = 10;

const changes: ChangeItem[] = [];
let nextChangeId = 1;

// ---- accounts and status ----------------------------------------------------------------------

function addDemoAccount(synced: boolean): Account {
  accounts.push({
    account: DEMO_ACCOUNT,
    synced,
    syncStepsLeft: synced ? 0 : (scenario.demoSyncSteps ?? 3),
    status: {
      connection: synced ? (scenario.connection ?? "online") : "syncing",
      progress: synced ? null : { what: "workspaces", done: 0, total: 5, secondsLeft: null },
      pending: scenario.pending ?? 0,
      conflicts: scenario.conflicts ?? 0,
      rejected: scenario.rejected ?? 0,
      lastSync: synced ? minutesAgo(scenario.lastSyncMinutesAgo ?? 2) : null,
      lastError: scenario.lastError ?? null,
    },
  });
  return DEMO_ACCOUNT;
}

if (scenario.accounts === "demo") {
  addDemoAccount(true);
  seedChanges();
}

function seedChanges() {
  const mk = (
    state: ChangeItem["state"],
    summary: string,
    message: string | null,
    localId: number | null,
    editable: boolean,
  ) =>
    changes.push({
      id: nextChangeId++,
      accountId: 1,
      entity: "workspace",
      op: "update",
      summary,
      state,
      message,
      createdAt: minutesAgo(5),
      attempts: state === "waiting" ? 0 : 1,
      localId,
      editable,
    });
  for (let i = 0; i < (scenario.pending ?? 0); i++) mk("waiting", `Update workspace sandbox (${i + 1})`, null, 4, true);
  for (let i = 0; i < (scenario.conflicts ?? 0); i++)
    mk("conflict", "Update workspace analysis", "The workspace was also changed on the server.", 2, false);
  for (let i = 0; i < (scenario.rejected ?? 0); i++)
    mk("rejected", "Create workspace bad", "403 Forbidden: you are not allowed to create workspaces.", null, false);
}

function recount(accountId: number) {
  const rec = accounts.find((a) => a.account.id === accountId);
  if (!rec) return;
  const mine = changes.filter((c) => c.accountId === accountId);
  rec.status.pending = mine.filter((c) => c.state === "waiting").length;
  rec.status.conflicts = mine.filter((c) => c.state === "conflict").length;
  rec.status.rejected = mine.filter((c) => c.state === "rejected").length;
}

function syncStep(accountId = 1): boolean {
  const rec = accounts.find((a) => a.account.id === accountId);
  if (!rec || rec.status.connection !== "syncing" || rec.synced) return false;
  rec.syncStepsLeft -= 1;
  const p = rec.status.progress;
  if (p && p.total !== null) p.done = Math.min(p.total, p.done + 2);
  if (rec.syncStepsLeft > 0) {
    send({ kind: "syncProgress", accountId, progress: structuredClone(p) });
    return true;
  }
  rec.synced = true;
  rec.status.connection = "online";
  rec.status.progress = null;
  rec.status.lastSync = now().toISOString();
  // The first pull brought everything.
  send(
    ...dataChanged(accountId, null, ["organizations", "workspaces", "pipelines", "computeEnvs", "credentials", "actions", "orgPeople", "runs", "participants", "settings", "credits"]),
    { kind: "accountStatus", accountId },
  );
  return true;
}

function appState(): AppState {
  if (scenario.storeError) return { store: null, storeError: scenario.storeError, accounts: [] };
  return {
    store: { path: "/tmp/towerdesk-test/towerdesk.db", schemaVersion: 1 },
    storeError: null,
    accounts: accounts.map((r) => ({ account: r.account, ...structuredClone(r.status) })),
  };
}

function accountRecord(accountId: number): AccountRecord {
  const rec = accounts.find((a) => a.account.id === accountId);
  if (!rec) fail("not_found", `No account ${accountId}.`);
  return rec;
}

function syncedData(accountId: number): boolean {
  const rec = accountRecord(accountId);
  return rec.synced && rec.account.kind === "demo";
}

// ---- workspaces ---------------------------------------------------------------------------

function check(orgId: number, input: WorkspaceInput, selfId: number | null): FieldError[] {
  const errors: FieldError[] = [];
  const org = organizations.find((o) => o.orgId === orgId);
  if (input.name.trim() === "") errors.push({ field: "name", message: "Name is required." });
  else if (!NAME_RE.test(input.name))
    errors.push({
      field: "name",
      message: "Name must be 2 to 39 letters or digits, with single - or _ between them, not at the ends.",
    });
  else if (workspaces.some((w) => w.orgId === orgId && w.id !== selfId && w.name === input.name))
    errors.push({ field: "name", message: `A workspace named ${input.name} already exists in ${org?.name}.` });
  if (input.fullName.trim() === "") errors.push({ field: "fullName", message: "Full name is required." });
  else if (input.fullName.length > 100)
    errors.push({ field: "fullName", message: "Full name must be at most 100 characters." });
  if (input.description && input.description.length > 1000)
    errors.push({ field: "description", message: "Description must be at most 1000 characters." });
  return errors;
}

function queueChange(
  accountId: number,
  op: ChangeOp,
  summary: string,
  localId: number | null = null,
  entity: Entity = "workspace",
) {
  changes.push({
    id: nextChangeId++,
    accountId,
    entity,
    op,
    summary,
    state: "waiting",
    message: null,
    createdAt: now().toISOString(),
    attempts: 0,
    localId,
    editable: entity === "workspace" && op !== "delete" && localId !== null,
  });
  recount(accountId);
}

function findWorkspace(id: number): Workspace {
  const w = workspaces.find((x) => x.id === id);
  if (!w) fail("not_found", `No workspace ${id}.`);
  return w;
}

/** The core's search (store/src/search.rs, rules/search.rs), over the fake's data. */
function searchEverything(query: string): SearchResult[] {
  const q = query.trim().toLowerCase();
  if (q === "") return [];
  const rank = (name: string, others: (string | null)[]) => {
    const n = name.toLowerCase();
    if (n === q) return 0;
    if (n.startsWith(q)) return 1;
    if (n.includes(q)) return 2;
    return others.some((o) => (o ?? "").toLowerCase().includes(q)) ? 3 : null;
  };
  const place = (w: Workspace) => (w.orgName ? `${w.orgName}/${w.name}` : w.name);
  const hits: SearchResult[] = [];
  const add = (kind: string, id: number, title: string, detail: string | null, w: Workspace | null, orgId: number | null, r: number | null, where: string, section: string) => {
    if (r !== null) hits.push({ kind, id, title, detail, accountId: 1, orgId, workspaceId: w?.id ?? null, place: where, rank: r, section });
  };
  for (const o of organizations) add("organization", o.id, o.name, o.fullName, null, o.orgId, rank(o.name, [o.fullName]), o.name, "org");
  for (const w of workspaces) add("workspace", w.id, w.name, w.fullName, w, w.orgId, rank(w.name, [w.fullName]), place(w), "launchpad");
  for (const p of pipelines) {
    const w = findWorkspace(p.workspaceLocalId);
    add("pipeline", p.id, p.name, p.repository, w, w.orgId, rank(p.name, [p.repository, p.description, ...p.labels]), place(w), "launchpad");
  }
  for (const [wsId, list] of Object.entries(runs)) {
    const w = findWorkspace(Number(wsId));
    for (const r of list)
      add("run", r.id, r.runName, `${r.status}${r.projectName ? ` · ${r.projectName}` : ""}`, w, w.orgId, r.status === q ? 2 : rank(r.runName, []), place(w), "runs");
  }
  const order = ["workspace", "pipeline", "run", "organization", "participant", "label"];
  return hits.sort((a, b) => a.rank - b.rank || order.indexOf(a.kind) - order.indexOf(b.kind)).slice(0, 30);
}

function listPipelines(workspaceId: number, from: PipelinesFrom, search: string | null): Pipeline[] {
  const here = findWorkspace(workspaceId);
  const ref = (w: Workspace) => `${w.orgName ?? w.name}/${w.name}`;
  const out: Pipeline[] = [];
  for (const p of pipelines) {
    const owner = findWorkspace(p.workspaceLocalId);
    const { workspaceLocalId: _omit, ...rest } = p;
    const queued = changes.filter((c) => c.entity === "pipeline" && c.localId === p.id).pop();
    const change = { changeState: queued?.state ?? null, changeMessage: queued?.message ?? null };
    if (owner.id === here.id) out.push({ ...rest, ...change, shared: false, workspaceRef: ref(owner) });
    else if (
      from === "this_and_shared" &&
      here.orgId !== null &&
      owner.orgId === here.orgId &&
      owner.visibility === "SHARED"
    )
      out.push({ ...rest, ...change, shared: true, workspaceRef: ref(owner) });
  }
  const q = search?.trim().toLowerCase();
  if (!q) return out;
  return out.filter((p) =>
    [p.name, p.description ?? "", p.repository ?? "", ...p.labels].some((s) => s.toLowerCase().includes(q)),
  );
}

// ---- the launch form (the core decides; these answers are written out as it would give them) ----

const RNASEQ_SCHEMA = JSON.stringify({
  $schema: "http://json-schema.org/draft-07/schema",
  definitions: { input_output_options: { title: "Input/output options", required: ["input", "outdir"] } },
});

let launchDraftSeq = 100;

/** The core's relaunch_form: the launch form of the run's pipeline, with how the run was launched. */
function relaunchForm(runId: number): LaunchForm {
  const { ws, r } = findRun(runId);
  const here = findWorkspace(ws);
  const p = listPipelines(ws, "this_and_shared", null).find((x) => r.projectName !== null && (x.repository ?? "").endsWith(r.projectName));
  if (!p) fail("validation", `${r.runName} was launched from ${r.projectName}, which is not in the Launchpad of ${here.name}: add it there to relaunch.`);
  const form = launchForm(ws, p.id);
  const params = runDetails[runId]?.params ?? `{"outdir": "s3://results/${r.runName}"}`;
  return { ...form, values: { ...form.values, runName: "keen_hopper", revision: "3.18.0", paramsText: params } };
}

function launchForm(workspaceId: number, pipelineId: number): LaunchForm {
  const here = findWorkspace(workspaceId);
  const p = listPipelines(workspaceId, "this_and_shared", null).find((x) => x.id === pipelineId);
  if (!p) fail("not_found", `not found: pipeline ${pipelineId} in workspace ${workspaceId}`);
  const own = (computeEnvs[workspaceId] ?? []).map((c) => ({ id: c.id, name: c.name, primary: c.primary, fromWorkspace: null }));
  const primary = own.find((c) => c.primary) ?? null;
  const sharedCe = p.shared && p.computeEnvName ? { id: "shared-ce", name: p.computeEnvName, primary: false, fromWorkspace: p.workspaceRef } : null;
  const computeEnv = sharedCe
    ? {
        computeEnv: sharedCe,
        reason: `${p.name} is shared from ${p.workspaceRef} with its compute environment ${sharedCe.name}: the run uses it by default.`,
        offered: [sharedCe, ...own],
      }
    : {
        computeEnv: primary,
        reason: primary
          ? `${p.name} has no compute environment: the run uses ${primary.name}, the primary compute environment of ${here.name}.`
          : `${p.name} has no compute environment, and ${here.name} has no primary compute environment: choose a compute environment.`,
        offered: own,
      };
  const online = !scenario.launchOffline;
  const withSchema = online && p.name === "nf-core-rnaseq";
  return {
    workspaceId,
    pipeline: {
      id: p.id,
      // The Launchpad offers Launch only for pipelines the server has (a server id).
      pipelineId: p.pipelineId as number,
      name: p.name,
      repository: p.repository,
      ownerWorkspaceId: null,
      ownerRef: p.workspaceRef,
      shared: p.shared,
      computeEnvId: sharedCe?.id ?? null,
      computeEnvName: p.computeEnvName,
    },
    draftId: null,
    values: { pipelineId, runName: "grave_williams", computeEnvId: computeEnv.computeEnv?.id ?? null, revision: online ? "3.19.0" : null, configProfiles: [] },
    computeEnv,
    schema: withSchema
      ? {
          title: "nf-core/rnaseq pipeline parameters",
          description: null,
          groups: [
            {
              id: "input_output_options",
              title: "Input/output options",
              description: "Define where the pipeline should find input data and save output data.",
              fields: [
                { name: "input", kind: "string", description: "Path to the samplesheet.", helpText: null, default: null, options: [], required: true, hidden: false, pattern: null, format: "file-path", minimum: null, maximum: null },
                { name: "outdir", kind: "string", description: "The output directory.", helpText: null, default: null, options: [], required: true, hidden: false, pattern: null, format: "directory-path", minimum: null, maximum: null },
                { name: "aligner", kind: "string", description: null, helpText: null, default: "star_salmon", options: ["star_salmon", "hisat2"], required: false, hidden: false, pattern: null, format: null, minimum: null, maximum: null },
              ],
            },
          ],
        }
      : null,
    schemaText: withSchema ? RNASEQ_SCHEMA : null,
    schemaNote: withSchema
      ? "Run parameters are checked against the pipeline's schema (nextflow_schema.json)."
      : online
        ? "This pipeline has no schema: type the run parameters as JSON or YAML."
        : "The server could not be reached: type the run parameters as JSON or YAML.",
    online,
    permission: here.permissions.launch,
  };
}

/** The core's check, for the schema above: `input` and `outdir` are required. */
function checkRunParams(schemaText: string | null, text: string): ParamIssue[] {
  if (schemaText === null) return [];
  return ["input", "outdir"]
    .filter((k) => !new RegExp(`"?${k}"?\\s*:\\s*"?\\S`).test(text))
    .map((k) => ({ param: null, line: null, message: `"${k}" is a required property` }));
}

function launchCommand(cmd: string, a: Record<string, unknown>): unknown {
  if (cmd === "check_run_params") return checkRunParams(a.schemaText as string | null, String(a.paramsText ?? ""));
  if (cmd === "relaunch_form") return relaunchForm(Number(a.runId));
  const w = findWorkspace(Number(a.workspaceId));
  switch (cmd) {
    case "launch_form":
      return launchForm(w.id, Number(a.pipelineId));

    case "save_launch_draft":
      return a.draftId === null ? ++launchDraftSeq : Number(a.draftId);
    case "launch": {
      allow(w.permissions.launch);
      const input = a.input as LaunchInput;
      const draftId = a.draftId === null ? ++launchDraftSeq : Number(a.draftId);
      const form = launchForm(w.id, input.pipelineId);
      const known = settingsOf(w.id).labels.map((l) => labelText(l).toLowerCase());
      const missing = (input.labels ?? []).map((l) => l.trim()).find((l) => l !== "" && !known.includes(l.toLowerCase()));
      if (missing !== undefined)
        fail("validation", `Label '${missing}' is not one of the labels of ${w.name}: add it in Settings → Labels, or remove it.`);
      const issues = checkRunParams(form.schemaText, input.paramsText ?? "");
      if (issues.length > 0) fail("validation", `Run parameters: ${issues.map((i) => i.message).join("; ")}`);
      const run = input.runName ?? "";
      if (scenario.launchOffline && !a.whenOnline)
        fail("offline", `The server cannot be reached, so ${run} was not launched. Choose Launch when back online to queue it; the form is kept.`);
      const ce = form.computeEnv.offered.find((c) => c.id === input.computeEnvId) ?? form.computeEnv.computeEnv;
      wrote(w.accountId, w.id, ["runs"]);
      const outcome: LaunchOutcome = a.whenOnline
        ? { state: "queued", runName: run, draftId, message: `${run} is queued: it will be launched once, when the server answers.` }
        : { state: "launched", runName: run, draftId, message: `${run} was launched on ${ce?.name ?? ""}.` };
      return outcome;
    }
    default:
      fail("internal", `fake backend: unknown command ${cmd}`);
  }
}

// ---- labels and Studios settings ------------------------------------------------------------

function settingsOf(workspaceId: number): WorkspaceSettings {
  findWorkspace(workspaceId);
  settings[workspaceId] ??= studios(8);
  return settings[workspaceId];
}

function labelText(l: { name: string; value: string | null }): string {
  return l.value === null ? l.name : `${l.name}=${l.value}`;
}

function checkLabel(workspaceId: number, input: LabelInput, selfId: number | null): FieldError[] {
  const errors: FieldError[] = [];
  if (input.name === "") errors.push({ field: "name", message: "Name is required." });
  else if (!NAME_RE.test(input.name)) errors.push({ field: "name", message: "Name must be 2 to 39 characters long." });
  if (input.resource && input.value === null) errors.push({ field: "value", message: "A resource label needs a value." });
  else if (input.resource && input.value !== null && !NAME_RE.test(input.value))
    errors.push({ field: "value", message: "Value must be 2 to 39 characters long." });
  const taken = settingsOf(workspaceId).labels.some(
    (l) => l.id !== selfId && l.resource === input.resource && l.name.toLowerCase() === input.name.toLowerCase() && l.value === input.value,
  );
  if (errors.length === 0 && taken)
    errors.push({ field: "name", message: `A label named '${labelText(input)}' already exists in this workspace.` });
  return errors;
}

function findLabel(labelId: number): { ws: Workspace; s: WorkspaceSettings; l: Label } {
  for (const [wsId, s] of Object.entries(settings)) {
    const l = s.labels.find((x) => x.id === labelId);
    if (l) return { ws: findWorkspace(Number(wsId)), s, l };
  }
  fail("not_found", `No label ${labelId}.`);
}


// ---- pipelines and drafts (the core's rules in rules/pipelines.rs, the same sentences) ----
const pipelineDrafts: Draft[] = scenario.pipelineDrafts ?? [];
let nextDraftId = 100 + pipelineDrafts.length;
let nextPipelineId = 50;

function checkPipeline(workspaceId: number, form: PipelineInput, editing: number | null): FieldError[] {
  const errs: FieldError[] = [];
  const name = form.name.trim();
  if (name === "") errs.push({ field: "name", message: "Name is required." });
  else if (
    pipelines.some(
      (p) => p.workspaceLocalId === workspaceId && p.id !== editing && p.name.toLowerCase() === name.toLowerCase(),
    )
  )
    errs.push({ field: "name", message: `A pipeline named '${name}' already exists in this workspace.` });
  const url = form.pipeline.trim();
  if (url === "") errs.push({ field: "pipeline", message: "Pipeline to launch is required: the Git URL of the pipeline." });
  else if (!/^https?:\/\/[^/]+\/.+/.test(url))
    errs.push({
      field: "pipeline",
      message: `Pipeline to launch must be a Git URL starting with https://, e.g. https://github.com/nf-core/rnaseq (got '${url}').`,
    });
  for (const [field, label] of [
    ["preRunScript", "Pre-run script"],
    ["postRunScript", "Post-run script"],
  ] as const) {
    const bytes = new TextEncoder().encode(form[field]).length;
    if (bytes > 1024)
      errs.push({ field, message: `${label} must be at most 1 KB (1024 bytes); it is ${bytes} bytes.` });
  }
  const params = form.paramsText.trim();
  if (params.startsWith("{")) {
    try {
      JSON.parse(params);
    } catch {
      errs.push({ field: "paramsText", message: "Pipeline parameters are not valid JSON: line 1: expected value." });
    }
  }
  return errs;
}

function findDraft(id: number): Draft {
  const d = pipelineDrafts.find((x) => x.id === id);
  if (!d) fail("not_found", `Not found: draft ${id}`);
  return d;
}

const WAITING = "Waiting to be sent to the server.";

// ---- credits report, budgets, entered credits (issue 12) -------------------------------------

const RATES = { cpuPerHour: 0.1, memoryPerGibHour: 0.025, storagePerGbMonth: 0.025 };

function spend(credits: number, creditsEstimated: number, cloudCost: number, cloudCostEstimated: number, runs: number): Spend {
  return {
    credits,
    creditsEstimated,
    cloudCost,
    cloudCostEstimated,
    unknownCost: 0,
    unknownCostEstimated: 0,
    estimated: creditsEstimated + cloudCostEstimated,
    cpuHours: Math.round((credits + cloudCost) * 60) / 10,
    memoryGibHours: Math.round((credits + cloudCost) * 160) / 10,
    runs,
    estimatedRuns: creditsEstimated + cloudCostEstimated > 0 ? 1 : 0,
    unpricedRuns: 0,
  };
}

const REPORT_ROWS: Record<ReportBy, ReportRow[]> = {
  workspace: [
    { key: "seqera-demo/analysis", ...spend(18.4, 1.2, 7.24, 0, 5), unknownCost: 2.5 },
    { key: "seqera-demo/shared-pipelines", ...spend(0, 0, 7.5, 0, 1) },
  ],
  pipeline: [
    { key: "nf-core/rnaseq", ...spend(12.1, 1.2, 4.5, 0, 3) },
    { key: "nf-core/sarek", ...spend(6.3, 0, 10.24, 0, 3) },
  ],
  user: [
    { key: "demo-user", ...spend(14.0, 1.2, 9.74, 0, 4) },
    { key: "ben", ...spend(4.4, 0, 5.0, 0, 2) },
  ],
  "compute-env": [
    { key: "seqera-compute-atlas", ...spend(18.4, 1.2, 0, 0, 3) },
    { key: "azure-batch-analysis", ...spend(0, 0, 14.74, 0, 3) },
  ],
  day: [
    { key: "2026-11-28", ...spend(6.1, 0, 2.0, 0, 2) },
    { key: "2026-11-29", ...spend(12.3, 1.2, 12.74, 0, 4) },
  ],
  week: [{ key: "2026-11-23", ...spend(18.4, 1.2, 14.74, 0, 6) }],
  month: [
    { key: "2026-10", ...spend(4.2, 0, 6.0, 0, 2) },
    { key: "2026-11", ...spend(14.2, 1.2, 8.74, 0, 4) },
  ],
};

function total(rows: ReportRow[]): Spend {
  const t = spend(0, 0, 0, 0, 0);
  for (const r of rows) {
    for (const k of Object.keys(t) as (keyof Spend)[]) t[k] += r[k];
  }
  return t;
}

function creditsReport(scope: CreditsScope, from: string | null, to: string | null, by: ReportBy, timeZone: string | null): CreditsReport {
  let rows = REPORT_ROWS[by];
  if (scope.workspace !== null && by === "workspace") {
    const w = findWorkspace(scope.workspace);
    rows = rows.filter((r) => r.key.endsWith(`/${w.name}`));
  }
  return { rates: RATES, by, from, to, timeZone: timeZone ?? "UTC", rows, total: total(rows), lastSynced: "2026-11-29T10:00:00Z" };
}

/** The core's forecast (spent ÷ days elapsed × days in the month) on the fake's 29 November. */
function fakeForecast(spent: number, budget: number | null, balanceLeft: number | null = null): Forecast {
  const burn = spent / 29;
  const reachDay = budget === null ? null : spent >= budget ? 29 : Math.ceil(budget / burn);
  return {
    spent,
    daysElapsed: 29,
    daysInMonth: 30,
    burnPerDay: burn,
    monthEnd: burn * 30,
    budget,
    budgetReachedOn: reachDay !== null && reachDay <= 30 ? `2026-11-${String(reachDay).padStart(2, "0")}` : null,
    crossesBudget: budget !== null && burn * 30 > budget,
    balanceLeft,
    balanceRunsOutOn: null,
  };
}

/** This month's spend of the fake: credits, or the cloud cost for a budget in USD. */
const monthSpent = (unit: string) => (unit === "usd" ? 8.74 : 14.2);

/** Runs of the fake whose compute environment is not known yet (see REPORT_ROWS' compute-env ''). */
let unknownRuns = 3;

const budgets: BudgetView[] = [];
let nextBudget = 1;
const orgCredits: OrgCredits[] = [];

function workspaceCredits(id: number): WorkspaceCredits {
  const w = findWorkspace(id);
  const entered = orgCredits.find((c) => c.accountId === w.accountId && c.orgId === w.orgId);
  const thisMonth = spend(14.2, 1.2, 8.74, 0, 4);
  const allTime = spend(18.4, 1.2, 14.74, 0, 6);
  const budget = budgets.find((b) => b.workspace === id && b.unit === "credits")?.monthlyAmount ?? null;
  const balanceLeft = entered ? Math.round((entered.credits - allTime.credits) * 100) / 100 : null;
  return {
    rates: RATES,
    workspace: id,
    orgId: w.orgId,
    orgName: w.orgName,
    thisMonth,
    allTime,
    enteredCredits: entered?.credits ?? null,
    enteredAt: entered?.enteredAt ?? null,
    orgCreditsSpent: allTime.credits,
    balanceLeft,
    budget,
    forecast: fakeForecast(thisMonth.credits, budget, balanceLeft),
    lastSynced: "2026-11-29T10:00:00Z",
  };
}

// ---- participants ---------------------------------------------------------------------------

function queueParticipantChange(accountId: number, op: ChangeOp, summary: string) {
  queueChange(accountId, op, summary, null, "participant");
}

function findParticipant(id: number): [Workspace, Participant[], Participant] {
  for (const [ws, list] of Object.entries(participants)) {
    const p = list.find((x) => x.id === id);
    if (p) return [findWorkspace(Number(ws)), list, p];
  }
  fail("not_found", "That participant is no longer in the workspace.");
}

function participantCommand(cmd: string, a: Record<string, unknown>): unknown {
  switch (cmd) {
    case "list_participant_candidates": {
      if (scenario.participantsOffline)
        fail("offline", "The server could not be reached (connection refused). Your changes are kept and will be sent when it can.");
      const here = participants[Number(a.workspaceId)] ?? [];
      return candidates.map((c) => ({
        ...c,
        alreadyParticipant: here.some((p) => (c.teamId !== null ? p.teamId === c.teamId : p.memberId === c.memberId)),
      }));
    }
    case "add_participant": {
      const w = findWorkspace(Number(a.workspaceId));
      const input = a.input as ParticipantInput;
      allow(input.role === "owner" ? w.permissions.makeOwners : w.permissions.manageParticipants);
      const list = (participants[w.id] ??= []);
      const typed = input.userNameOrEmail?.trim() ?? "";
      if (input.memberId === null && input.teamId === null && typed === "")
        fail("validation", "Choose a member or team of the organization, or enter a user name or email.");
      const same = list.find(
        (p) =>
          (input.memberId !== null && p.memberId === input.memberId) ||
          (input.teamId !== null && p.teamId === input.teamId) ||
          (typed !== "" && [p.userName, p.email].some((x) => x?.toLowerCase() === typed.toLowerCase())),
      );
      if (same) fail("validation", `'${same.name}' is already a participant of workspace '${w.name}'.`);
      const name = input.name ?? typed;
      const p: Participant = {
        id: nextParticipantId++,
        participantId: null,
        type: input.teamId !== null ? "TEAM" : "MEMBER",
        memberId: input.memberId,
        teamId: input.teamId,
        userName: typed.includes("@") ? null : typed || null,
        name,
        email: input.email ?? (typed.includes("@") ? typed : null),
        role: input.role,
        changeState: "waiting",
        changeMessage: null,
        permissions: freely(w.permissions.makeOwners),
      };
      list.push(p);
      queueParticipantChange(w.accountId, "create", `Add participant ${name} as ${input.role}`);
      wrote(w.accountId, w.id, ["participants"]);
      return p;
    }
    case "change_participant_role": {
      const [w, , p] = findParticipant(Number(a.participantId));
      const role = String(a.role);
      const choice = p.permissions.roles.find((c) => c.role === role);
      if (!choice) fail("validation", `'${role}' is not a workspace role: use owner, admin, maintain, launch, connect or view.`);
      allow(choice.permission);
      Object.assign(p, { role, changeState: "waiting" });
      queueParticipantChange(w.accountId, "update", `Change role of ${p.name} to ${role}`);
      wrote(w.accountId, w.id, ["participants"]);
      return p;
    }
    case "remove_participant": {
      const [w, list, p] = findParticipant(Number(a.participantId));
      allow(p.permissions.remove);
      list.splice(list.indexOf(p), 1);
      queueParticipantChange(w.accountId, "delete", `Remove participant ${p.name} from ${w.name}`);
      wrote(w.accountId, w.id, ["participants"]);
      return null;
    }
    default:
      fail("internal", `fake backend: unknown command ${cmd}`);
  }
}

// ---- the store plugin -----------------------------------------------------------------------

const prefs = new Map<string, unknown>();

function storePlugin(cmd: string, args: Record<string, unknown>): unknown {
  switch (cmd) {
    case "plugin:store|load":
    case "plugin:store|get_store":
      return 1;
    case "plugin:store|get":
      return [prefs.get(String(args.key)) ?? null, prefs.has(String(args.key))];
    case "plugin:store|set":
      prefs.set(String(args.key), args.value);
      return null;
    case "plugin:store|has":
      return prefs.has(String(args.key));
    case "plugin:store|delete":
      return prefs.delete(String(args.key));
    case "plugin:store|save":
    case "plugin:store|reload":
      return null;
    default:
      fail("internal", `fake store: ${cmd} not implemented`);
  }
}

// ---- dispatch -------------------------------------------------------------------------------

function handle(cmd: string, a: Record<string, unknown>): unknown {
  if (cmd.startsWith("plugin:store|")) return storePlugin(cmd, a);
  if (scenario.storeError && cmd !== "get_app_state") fail(scenario.storeError.kind, scenario.storeError.message);
  switch (cmd) {
    case "get_app_state":
      return appState();
    case "open_demo": {
      const existing = accounts.find((r) => r.account.kind === "demo");
      if (existing) return existing.account;
      const demo = addDemoAccount(false);
      send({ kind: "accountStatus", accountId: demo.id }, ...dataChanged(demo.id, null, ["organizations", "workspaces"]));
      return demo;
    }
    case "add_account": {
      if (scenario.addAccountError) fail("auth_expired", scenario.addAccountError);
      const url = String(a.serverUrl);
      const account: Account = {
        id: nextAccountId++,
        serverUrl: url,
        label: new URL(url).host,
        userName: "someone",
        email: null,
        kind: "keyring",
      };
      accounts.push({
        account,
        synced: true,
        syncStepsLeft: 0,
        status: { connection: "online", progress: null, pending: 0, conflicts: 0, rejected: 0, lastSync: now().toISOString(), lastError: null },
      });
      send({ kind: "accountStatus", accountId: account.id }, ...dataChanged(account.id, null, ["organizations", "workspaces"]));
      return account;
    }
    case "sync_account":
      accountRecord(Number(a.accountId));
      return null;
    case "list_organizations":
      return syncedData(Number(a.accountId)) ? organizations : [];
    case "list_workspaces": {
      if (!syncedData(Number(a.accountId))) return [];
      const orgId = a.orgId as number | null;
      return orgId === null ? workspaces : workspaces.filter((w) => w.orgId === orgId);
    }
    case "check_workspace_input":
      return check(Number(a.orgId), a.input as WorkspaceInput, a.workspaceId as number | null);
    case "create_workspace": {
      const input = a.input as WorkspaceInput;
      const orgId = Number(a.orgId);
      const errs = check(orgId, input, null);
      if (errs.length > 0) fail("validation", errs[0].message);
      const org = organizations.find((o) => o.orgId === orgId);
      if (!org) fail("not_found", "That organization is not known here. Sync and try again.");
      allow(org.permissions.addWorkspace);
      if (scenario.createError) throw scenario.createError;
      const w: Workspace = {
        id: nextWorkspaceId++,
        accountId: Number(a.accountId),
        orgId,
        orgName: org?.name ?? null,
        workspaceId: null,
        name: input.name,
        fullName: input.fullName,
        description: input.description,
        visibility: input.visibility,
        role: "owner",
        personal: false,
        changeState: "waiting",
        changeMessage: "Waiting to be sent to the server.",
        lastUpdated: now().toISOString(),
        // The user made it, so owns it.
        permissions: AS_OWNER,
      };
      workspaces.push(w);
      queueChange(w.accountId, "create", `Create workspace ${w.name}`, w.id);
      wrote(w.accountId, null, ["workspaces", "organizations"]);
      return w;
    }
    case "update_workspace": {
      const w = findWorkspace(Number(a.workspaceId));
      allow(w.permissions.edit);
      const input = a.input as WorkspaceInput;
      const errs = check(w.orgId ?? 0, input, w.id);
      if (errs.length > 0) fail("validation", errs[0].message);
      Object.assign(w, input, { changeState: "waiting", changeMessage: "Waiting to be sent to the server." });
      queueChange(w.accountId, "update", `Update workspace ${w.name}`, w.id);
      wrote(w.accountId, w.id, ["workspaces"]);
      return w;
    }
    case "delete_workspace": {
      const w = findWorkspace(Number(a.workspaceId));
      allow(w.permissions.delete);
      workspaces.splice(workspaces.indexOf(w), 1);
      queueChange(w.accountId, "delete", `Delete workspace ${w.name}`);
      wrote(w.accountId, null, ["workspaces", "organizations"]);
      return null;
    }
    case "focus_workspace":
      return null;
    case "list_pipelines":
      return listPipelines(Number(a.workspaceId), a.from as PipelinesFrom, a.search as string | null);
    case "list_runs":
      return listRuns(Number(a.workspaceId), (a.search as string | null) ?? null);
    case "get_run":
      return runPage(Number(a.runId));
    case "refresh_run": {
      const id = Number(a.runId);
      const { ws } = findRun(id);
      if (readRun(id)) send(...dataChanged(findWorkspace(ws).accountId, ws, ["runs", "credits"]));
      return runPage(id);
    }
    case "refresh_active_runs": {
      const ws = Number(a.workspaceId);
      const going = (runs[ws] ?? []).filter((r) => ["submitted", "running"].includes(r.status));
      let changed = false;
      for (const r of going) changed = readRun(r.id) || changed;
      if (changed) send(...dataChanged(findWorkspace(ws).accountId, ws, ["runs", "credits"]));
      return (runs[ws] ?? []).filter((r) => ["submitted", "running"].includes(r.status)).length;
    }
    case "cancel_run": {
      const id = Number(a.runId);
      const { ws, r } = findRun(id);
      allow(r.permissions.cancel);
      if (scenario.connection === "offline") fail("offline", "Cancelling a run needs a connection to the server: it was not cancelled.");
      r.status = "cancelled";
      r.complete = new Date().toISOString();
      r.durationMs = 13 * 60_000;
      r.permissions = { ...r.permissions, cancel: cancelPermission(ws, r.status) };
      readRun(id);
      send(...dataChanged(findWorkspace(ws).accountId, ws, ["runs", "credits"]));
      return runPage(id);
    }
    case "list_participants":
      return participants[Number(a.workspaceId)] ?? [];
    case "list_participant_candidates":
    case "add_participant":
    case "change_participant_role":
    case "remove_participant":
      return participantCommand(cmd, a);
    case "check_pipeline_input":
      return checkPipeline(Number(a.workspaceId), a.form as PipelineInput, (a.pipelineId as number | null) ?? null);
    case "get_pipeline_form": {
      const p = pipelines.find((x) => x.id === Number(a.pipelineId));
      if (!p) fail("not_found", `Not found: pipeline ${a.pipelineId}`);
      const form: PipelineInput = {
        name: p.name,
        description: p.description ?? "",
        labels: p.labels,
        computeEnvId: "",
        pipeline: p.repository ?? "",
        revision: "",
        configProfiles: [],
        workDir: "",
        paramsText: "",
        preRunScript: "",
        postRunScript: "",
        configText: "",
      };
      return form;
    }
    case "save_pipeline_draft": {
      const ws = findWorkspace(Number(a.workspaceId));
      const form = a.form as PipelineInput;
      const at = now().toISOString();
      const existing = a.draftId == null ? null : findDraft(Number(a.draftId));
      if (existing) {
        Object.assign(existing, { title: form.name.trim(), body: JSON.stringify(form), form, updatedAt: at });
        if (existing.state === "published") Object.assign(existing, { state: "draft", changeId: null });
        return existing;
      }
      const d: Draft = {
        id: nextDraftId++,
        accountId: ws.accountId,
        workspaceId: ws.id,
        workspaceRef: `${ws.orgName ?? ws.name}/${ws.name}`,
        kind: "pipeline",
        title: form.name.trim(),
        body: JSON.stringify(form),
        state: "draft",
        message: null,
        pipelineLocalId: (a.pipelineId as number | null) ?? null,
        changeId: null,
        updatedAt: at,
        form,
      };
      pipelineDrafts.unshift(d);
      return d;
    }
    case "list_pipeline_drafts":
      return pipelineDrafts.filter((d) => d.accountId === Number(a.accountId));
    case "discard_pipeline_draft": {
      const d = findDraft(Number(a.draftId));
      pipelineDrafts.splice(pipelineDrafts.indexOf(d), 1);
      return null;
    }
    case "publish_pipeline_draft": {
      const d = findDraft(Number(a.draftId));
      const ws = findWorkspace(d.workspaceId ?? 0);
      const form = JSON.parse(d.body) as PipelineInput;
      allow(d.pipelineLocalId === null ? ws.permissions.addPipelines : ws.permissions.editPipelines);
      const errs = checkPipeline(ws.id, form, d.pipelineLocalId);
      if (errs.length > 0) fail("validation", errs[0].message);
      let p = pipelines.find((x) => x.id === d.pipelineLocalId);
      if (!p) {
        p = {
          id: nextPipelineId++,
          pipelineId: null,
          workspaceLocalId: ws.id,
          name: form.name.trim(),
          description: form.description.trim() || null,
          repository: form.pipeline.trim(),
          icon: null,
          computeEnvName: null,
          labels: form.labels,
          lastUpdated: null,
        };
        pipelines.push(p);
        queueChange(ws.accountId, "create", `Add pipeline ${p.name} to ${ws.name}`, p.id, "pipeline");
      } else {
        Object.assign(p, { name: form.name.trim(), description: form.description.trim() || null, repository: form.pipeline.trim() });
        queueChange(ws.accountId, "update", `Edit pipeline ${p.name} in ${ws.name}`, p.id, "pipeline");
      }
      Object.assign(d, { state: "waiting", pipelineLocalId: p.id, changeId: changes[changes.length - 1].id });
      wrote(ws.accountId, ws.id, ["pipelines"]);
      return d;
    }
    case "delete_pipeline": {
      const p = pipelines.find((x) => x.id === Number(a.pipelineId));
      if (!p) fail("not_found", `Not found: pipeline ${a.pipelineId}`);
      const ws = findWorkspace(p.workspaceLocalId);
      allow(ws.permissions.editPipelines);
      pipelines.splice(pipelines.indexOf(p), 1);
      queueChange(ws.accountId, "delete", `Delete pipeline ${p.name} from ${ws.name}`, p.id, "pipeline");
      wrote(ws.accountId, ws.id, ["pipelines"]);
      return null;
    }
    case "list_compute_envs":
      return computeEnvViews(Number(a.workspaceId));
    case "make_primary_compute_env": {
      const w = findWorkspace(Number(a.workspaceId));
      const rows = computeEnvs[w.id] ?? [];
      const target = rows.find((c) => c.id === String(a.computeEnvId));
      if (!target) fail("not_found", `Compute environment ${String(a.computeEnvId)} is not in ${w.name} here: sync, then try again.`);
      const p = makePrimaryPermission(w, target.status);
      if (!p.allowed) fail(w.permissions.edit.allowed || w.personal ? "validation" : "forbidden", p.reason ?? "");
      if (!target.primary) {
        const base = rows.find((c) => c.primary)?.id ?? null;
        markPrimary(w.id, target.id);
        queueChange(w.accountId, "update", `Make ${target.name} the primary compute environment of ${w.name}`, w.id, "primary_compute_env");
        primaryChanges[nextChangeId - 1] = { target: target.id, base };
        wrote(w.accountId, w.id, ["computeEnvs"]);
      }
      return computeEnvViews(w.id);
    }
    case "list_credentials":
      return credentials[Number(a.workspaceId)] ?? [];
    case "list_org_people": {
      const people = orgPeople[Number(a.organizationId)];
      if (!people) fail("not_found", "This organization is no longer here.");
      return people;
    }
    case "list_actions":
      return actions[Number(a.workspaceId)] ?? [];
    case "launch_form":
    case "relaunch_form":
    case "check_run_params":
    case "save_launch_draft":
    case "launch":
      return launchCommand(cmd, a);
    case "get_workspace_settings":
      return settingsOf(Number(a.workspaceId));
    case "check_label_input":
      return checkLabel(Number(a.workspaceId), a.input as LabelInput, a.labelId as number | null);
    case "create_label": {
      const ws = findWorkspace(Number(a.workspaceId));
      allow(ws.permissions.manageLabels);
      const input = a.input as LabelInput;
      const errs = checkLabel(ws.id, input, null);
      if (errs.length > 0) fail("validation", errs[0].message);
      const l: Label = { id: nextLabelId++, labelId: null, ...input, changeState: "waiting", changeMessage: WAITING };
      settingsOf(ws.id).labels.push(l);
      queueChange(ws.accountId, "create", `Add label ${labelText(l)} to ${ws.name}`, l.id, "label");
      wrote(ws.accountId, ws.id, ["settings"]);
      return l;
    }
    case "update_label": {
      const { ws, l } = findLabel(Number(a.labelId));
      allow(ws.permissions.manageLabels);
      const input = a.input as LabelInput;
      const errs = checkLabel(ws.id, input, l.id);
      if (errs.length > 0) fail("validation", errs[0].message);
      const before = labelText(l);
      Object.assign(l, { name: input.name, value: input.value, isDefault: input.isDefault, changeState: "waiting", changeMessage: WAITING });
      queueChange(ws.accountId, "update", `Change label ${before} to ${labelText(l)} in ${ws.name}`, l.id, "label");
      wrote(ws.accountId, ws.id, ["settings"]);
      return l;
    }
    case "delete_label": {
      const { ws, s, l } = findLabel(Number(a.labelId));
      allow(ws.permissions.manageLabels);
      s.labels.splice(s.labels.indexOf(l), 1);
      queueChange(ws.accountId, "delete", `Delete label ${labelText(l)} from ${ws.name}`, l.id, "label");
      wrote(ws.accountId, ws.id, ["settings"]);
      return null;
    }
    case "update_studios_settings": {
      // As the core: checks first (nothing queued on bad input), then only the fields that differ.
      const ws = findWorkspace(Number(a.workspaceId));
      allow(ws.permissions.editStudiosSettings);
      const input = a.input as StudiosSettingsInput;
      const s = settingsOf(ws.id);
      const hours = input.lifespanHours === null ? undefined : input.lifespanHours === 0 ? null : input.lifespanHours;
      if (typeof hours === "number" && (hours < 1 || hours > 120))
        fail("validation", "The session lifespan must be between 1 and 120 hours, or choose Always keep the session running.");
      const repo = input.containerRepository === null ? undefined : input.containerRepository.trim();
      if (repo !== undefined && /\s/.test(repo)) fail("validation", "The container repository cannot contain spaces.");
      if (repo?.includes("://"))
        fail("validation", "Enter the container repository without a scheme, such as cr.seqera.io/my-org/studios.");
      const strategy = input.nameStrategy === null ? undefined : input.nameStrategy.trim();
      if (strategy !== undefined && !["", "tagPrefix", "imageSuffix", "none"].includes(strategy))
        fail("validation", `The container naming strategy must be tagPrefix or imageSuffix (or none), not '${strategy}'.`);
      const parts: string[] = [];
      if (hours !== undefined && hours !== s.studiosLifespanHours) {
        s.studiosLifespanHours = hours;
        parts.push(`session lifespan to ${hours === null ? "Always keep the session running" : `${hours} hour${hours === 1 ? "" : "s"}`}`);
      }
      const isPrivate = input.privateStudioByDefault;
      if (isPrivate !== null && isPrivate !== s.studiosPrivateByDefault) {
        s.studiosPrivateByDefault = isPrivate;
        parts.push(`collaboration mode to ${isPrivate ? "Private" : "Collaborative"}`);
      }
      if (repo !== undefined && repo !== s.studiosContainerRepository) {
        s.studiosContainerRepository = repo;
        parts.push(`container repository to ${repo === "" ? "not set" : repo}`);
      }
      if (strategy !== undefined && strategy !== s.studiosNameStrategy) {
        s.studiosNameStrategy = strategy;
        parts.push(`container naming strategy to ${strategy === "" ? "not set" : strategy}`);
      }
      if (parts.length > 0) {
        Object.assign(s, { studiosChangeState: "waiting", studiosChangeMessage: WAITING });
        queueChange(ws.accountId, "update", `Set Studios settings of ${ws.name}: ${parts.join(", ")}`, ws.id, "workspace_settings");
        wrote(ws.accountId, ws.id, ["settings"]);
      }
      return s;
    }
    case "search":
      return searchEverything(String(a.query ?? ""));
    case "credits_report":
      return creditsReport(a.scope as CreditsScope, (a.from as string | null) ?? null, (a.to as string | null) ?? null, a.by as ReportBy, (a.timeZone as string | null) ?? null);
    case "workspace_credits":
      return workspaceCredits(Number(a.workspaceId));
    case "list_budgets": {
      const id = a.accountId as number | null;
      return budgets.filter((b) => id === null || b.accountId === id);
    }
    case "set_budget": {
      const scope = a.scope as CreditsScope;
      const unit = String(a.unit);
      if (unit !== "credits" && unit !== "usd") fail("validation", `a budget is in credits or usd, not ${unit}`);
      const w = scope.workspace !== null ? findWorkspace(scope.workspace) : null;
      const accountId = w ? w.accountId : (scope.accountId ?? fail("validation", "A budget is for a workspace or an organization."));
      const i = budgets.findIndex((b) => b.accountId === accountId && b.unit === unit && b.workspace === (w?.id ?? null) && b.orgId === (w ? null : scope.orgId));
      if (i >= 0) budgets.splice(i, 1);
      const b: BudgetView = {
        id: nextBudget++,
        accountId,
        workspace: w?.id ?? null,
        orgId: w ? null : scope.orgId,
        target: w ? `${w.orgName}/${w.name}` : `organization ${scope.orgId}`,
        unit,
        monthlyAmount: Number(a.monthlyAmount),
        updatedAt: "2026-11-29T10:00:00Z",
        forecast: fakeForecast(monthSpent(unit), Number(a.monthlyAmount)),
      };
      budgets.push(b);
      wrote(accountId, null, ["credits"]);
      return b;
    }
    case "open_link":
      // The shell opens it in the system browser; the fake only records the call.
      return null;
    case "locate_runs": {
      // The fake's unknown spend: 3 runs, read at most `limit` at a time.
      const n = Math.min(Number(a.limit), unknownRuns);
      unknownRuns -= n;
      if (unknownRuns === 0) for (const r of Object.values(REPORT_ROWS).flat()) (r.unknownCost = 0), (r.unknownCostEstimated = 0);
      wrote(1, null, ["credits"]);
      return { read: n, left: unknownRuns, stoppedBy: null };
    }
    case "export_credits_csv": {
      // The shell's save dialog is not drawn here: the fake says where it "saved".
      creditsReport(a.scope as CreditsScope, (a.from as string | null) ?? null, (a.to as string | null) ?? null, a.by as ReportBy, (a.timeZone as string | null) ?? null);
      return `/home/demo/${String(a.fileName)}`;
    }
    case "remove_budget": {
      const i = budgets.findIndex((b) => b.id === Number(a.budgetId));
      if (i < 0) fail("not_found", `There is no budget ${a.budgetId}.`);
      const [b] = budgets.splice(i, 1);
      wrote(b.accountId, null, ["credits"]);
      return null;
    }
    case "set_org_credits": {
      const c: OrgCredits = { accountId: Number(a.accountId), orgId: Number(a.orgId), credits: Number(a.credits), enteredAt: "2026-11-29T10:00:00Z" };
      const i = orgCredits.findIndex((x) => x.accountId === c.accountId && x.orgId === c.orgId);
      if (i >= 0) orgCredits.splice(i, 1);
      orgCredits.push(c);
      wrote(c.accountId, null, ["credits"]);
      return c;
    }
    case "clear_org_credits": {
      const i = orgCredits.findIndex((x) => x.accountId === Number(a.accountId) && x.orgId === Number(a.orgId));
      if (i >= 0) orgCredits.splice(i, 1);
      wrote(Number(a.accountId), null, ["credits"]);
      return null;
    }
    case "list_changes": {
      const id = a.accountId as number | null;
      return changes.filter((c) => id === null || c.accountId === id);
    }
    case "edit_change": {
      const c = changes.find((x) => x.id === Number(a.changeId));
      if (!c || !c.editable || c.localId === null) fail("validation", "This change cannot be edited.");
      const w = findWorkspace(c.localId);
      const input = a.input as WorkspaceInput;
      const errs = check(w.orgId ?? 0, input, w.id);
      if (errs.length > 0) fail("validation", errs[0].message);
      Object.assign(w, input, { changeState: "waiting", changeMessage: null });
      c.state = "waiting";
      c.message = null;
      c.summary = `${c.op === "create" ? "Add" : "Edit"} workspace ${w.name}`;
      recount(c.accountId);
      wrote(c.accountId, null, CHANGE_SECTIONS[c.entity] ?? []);
      return w;
    }
    case "retry_change": {
      const c = changes.find((x) => x.id === Number(a.changeId));
      if (!c) fail("not_found", "No such change.");
      c.state = "waiting";
      c.attempts += 1;
      recount(c.accountId);
      wrote(c.accountId, null, CHANGE_SECTIONS[c.entity] ?? []);
      return null;
    }
    case "discard_change": {
      const i = changes.findIndex((x) => x.id === Number(a.changeId));
      if (i < 0) fail("not_found", "No such change.");
      const [c] = changes.splice(i, 1);
      const primary = primaryChanges[c.id];
      if (primary && c.localId !== null) markPrimary(c.localId, primary.base);
      recount(c.accountId);
      wrote(c.accountId, null, CHANGE_SECTIONS[c.entity] ?? []);
      return null;
    }
    case "remove_account": {
      const i = accounts.findIndex((r) => r.account.id === Number(a.accountId));
      if (i >= 0) accounts.splice(i, 1);
      send({ kind: "accountStatus", accountId: Number(a.accountId) });
      return null;
    }
    default:
      fail("internal", `fake backend: unknown command ${cmd}`);
  }
}

window.__fake = {
  calls,
  scenario,
  stateReads: 0,
  events: sent,
  syncStep,
  finishSync(accountId = 1) {
    while (syncStep(accountId));
  },
  serverRun(workspaceId, runName) {
    const w = findWorkspace(workspaceId);
    const list = (runs[w.id] ??= []);
    const id = Math.max(0, ...Object.values(runs).flat().map((r) => r.id)) + 1;
    list.unshift(run(w.id, id, runName, "nf-core/rnaseq", "submitted", 1, 0, null, true));
    send(...dataChanged(w.accountId, w.id, ["runs"]), ...dataChanged(w.accountId, null, ["credits"]));
  },
  /** An action added on the server, brought by a sync: the Actions section is told. */
  serverAction(workspaceId, name) {
    const w = findWorkspace(workspaceId);
    const list = (actions[w.id] ??= []);
    list.push(action(`act-${name}`, name, "https://github.com/nf-core/ampliseq", "bucket", "ACTIVE", null));
    list.sort((x, y) => x.name.localeCompare(y.name, undefined, { sensitivity: "base" }));
    send(...dataChanged(w.accountId, w.id, ["actions"]));
  },
  serverTeam(organizationId, name) {
    const people = orgPeople[organizationId];
    people.teams.rows.push({ teamId: 7100 + people.teams.rows.length, name, description: null, membersCount: 0 });
    people.teams.rows.sort((x, y) => (x.name ?? "").localeCompare(y.name ?? "", undefined, { sensitivity: "base" }));
    send(...dataChanged(1, null, ["orgPeople"]));
  },
  /** The queued changes' summaries, as the Changes panel lists them. */
  changeSummaries() {
    return changes.map((c) => c.summary);
  },
  serverProgress(runId) {
    serverSteps[runId] = (serverSteps[runId] ?? 0) + 1;
  },
  emit(e) {
    send(e);
  },
  /** A native menu item chosen (the shell's MenuAction event). */
  menu(action) {
    void emit("menu-action", action);
  },
};

mockIPC(
  (cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    if (cmd === "get_app_state") window.__fake.stateReads += 1;
    else calls.push({ cmd, args: structuredClone(args) });
    return handle(cmd, args);
  },
  { shouldMockEvents: true },
);
