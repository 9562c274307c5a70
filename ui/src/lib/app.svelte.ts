// The window's state: what the backend reports (polled), and what the person has picked.
// Components read it; only the methods here change it.
import {
  commands,
  type AccountStatus,
  type AppError,
  type AppState,
  type Organization,
  type Workspace,
} from "./bindings";
import { prefs } from "./prefs";
import { errorMessage, unwrap } from "./result";

export type Section = "org" | "launchpad" | "runs" | "compute" | "participants" | "settings" | "credits";

export const POLL_MS = 1500;

class AppModel {
  /** the last answer of getAppState, null before the first one */
  state = $state<AppState | null>(null);
  /** getAppState itself failed (not a store error: the bridge or the backend) */
  bootError = $state<AppError | null>(null);
  /** ticks with every poll so relative times stay fresh */
  now = $state(new Date());
  /** bumped whenever listings may have changed (a sync ended, a change was made) */
  version = $state(0);

  accountId = $state<number | null>(null);
  organizations = $state<Organization[]>([]);
  workspaces = $state<Workspace[]>([]);
  listsLoaded = $state(false);
  listsError = $state<string | null>(null);
  /** the server's org id; null = the personal workspace */
  orgId = $state<number | null>(null);
  /** the local id of the open workspace; null = the organization page */
  workspaceLocalId = $state<number | null>(null);
  section = $state<Section>("launchpad");

  /** the add-account form as a dialog over the shell */
  addAccountOpen = $state(false);
  changesOpen = $state(false);

  private timer: ReturnType<typeof setInterval> | null = null;
  private lastConnection = new Map<number, string>();
  private polling = false;

  get accounts(): AccountStatus[] {
    return this.state?.accounts ?? [];
  }

  get current(): AccountStatus | null {
    return this.accounts.find((a) => a.account.id === this.accountId) ?? null;
  }

  get organization(): Organization | null {
    return this.organizations.find((o) => o.orgId === this.orgId) ?? null;
  }

  get workspace(): Workspace | null {
    return this.workspaces.find((w) => w.id === this.workspaceLocalId) ?? null;
  }

  /** the workspaces the workspace picker offers: the picked org's, or the personal one(s) */
  get pickerWorkspaces(): Workspace[] {
    return this.workspaces.filter((w) => (this.orgId === null ? w.orgId === null || w.personal : w.orgId === this.orgId));
  }

  async start(): Promise<void> {
    await this.poll();
    this.timer = setInterval(() => void this.poll(), POLL_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const next = await unwrap(commands.getAppState());
      this.bootError = null;
      this.now = new Date();
      let syncEnded = false;
      for (const a of next.accounts) {
        const before = this.lastConnection.get(a.account.id);
        const busy = (c: string | undefined) => c === "syncing" || c === "never_synced";
        if (before !== undefined && busy(before) && !busy(a.connection)) syncEnded = true;
        this.lastConnection.set(a.account.id, a.connection);
      }
      this.state = next;
      if (next.store && next.accounts.length > 0 && !next.accounts.some((a) => a.account.id === this.accountId)) {
        await this.selectAccount(next.accounts[0].account.id);
      } else if (syncEnded) {
        await this.refresh();
      }
    } catch (e) {
      this.bootError = { kind: "internal", message: errorMessage(e) };
    } finally {
      this.polling = false;
    }
  }

  /** reloads organizations and workspaces, and tells open sections to reload */
  async refresh(): Promise<void> {
    if (this.accountId !== null) {
      const accountId = this.accountId;
      await this.loadLists(accountId);
      // Nothing was open (the first sync had not brought anything yet): open the default now.
      if (this.accountId === accountId && this.workspaceLocalId === null && this.organization === null && this.section !== "credits")
        await this.openDefault(accountId);
    }
    this.version += 1;
  }

  /** the last workspace used on this account, else the first (the personal one), else an org page */
  private async openDefault(accountId: number): Promise<void> {
    const last = await prefs.lastWorkspace(accountId);
    if (this.accountId !== accountId) return;
    const ws = this.workspaces.find((w) => w.id === last) ?? this.workspaces[0] ?? null;
    if (ws) {
      this.openWorkspace(ws, false);
    } else {
      this.orgId = this.organizations[0]?.orgId ?? null;
      this.workspaceLocalId = null;
      this.section = this.orgId !== null ? "org" : "launchpad";
    }
  }

  private async loadLists(accountId: number): Promise<void> {
    try {
      const [orgs, wss] = await Promise.all([
        unwrap(commands.listOrganizations(accountId)),
        unwrap(commands.listWorkspaces(accountId, null)),
      ]);
      if (this.accountId !== accountId) return;
      this.organizations = orgs;
      this.workspaces = wss;
      this.listsError = null;
      this.listsLoaded = true;
      // The open workspace went away (deleted here or on the server): fall back to its org page.
      if (this.workspaceLocalId !== null && !wss.some((w) => w.id === this.workspaceLocalId)) {
        this.workspaceLocalId = null;
        if (this.section !== "credits") this.section = this.orgId === null ? "credits" : "org";
      }
    } catch (e) {
      this.listsError = errorMessage(e);
    }
  }

  async selectAccount(accountId: number): Promise<void> {
    this.accountId = accountId;
    this.listsLoaded = false;
    this.organizations = [];
    this.workspaces = [];
    this.orgId = null;
    this.workspaceLocalId = null;
    this.section = "launchpad";
    await this.loadLists(accountId);
    if (this.accountId !== accountId) return;
    await this.openDefault(accountId);
    this.version += 1;
  }

  selectOrganization(orgId: number | null): void {
    this.orgId = orgId;
    if (orgId === null) {
      const personal = this.pickerWorkspaces[0];
      if (personal) this.openWorkspace(personal);
      else {
        this.workspaceLocalId = null;
        this.section = "credits";
      }
    } else {
      this.workspaceLocalId = null;
      this.section = "org";
    }
  }

  openWorkspace(ws: Workspace, remember = true): void {
    this.orgId = ws.personal ? null : ws.orgId;
    this.workspaceLocalId = ws.id;
    const orgOnly = this.section === "participants" || this.section === "settings";
    if (this.section === "org" || (orgOnly && ws.personal)) this.section = "launchpad";
    if (remember && this.accountId !== null) void prefs.setLastWorkspace(this.accountId, ws.id);
    // The next sync brings this workspace before the others; a failure here changes nothing shown.
    void commands.focusWorkspace(ws.id).catch(() => undefined);
  }

  openOrganizationPage(): void {
    this.workspaceLocalId = null;
    this.section = "org";
  }

  /** after a create/update/delete: show it at once, then keep the lists true */
  async changed(): Promise<void> {
    await this.refresh();
    await this.poll();
  }
}

export const app = new AppModel();
