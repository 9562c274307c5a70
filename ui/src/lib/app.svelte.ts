// The window's state: what the backend reports, and what the person has picked. Components read
// it; only the methods here change it. Nothing is polled: the state is read once at start, and
// again only when the core says what changed (events.coreEvent, see onEvent).
import {
  commands,
  events,
  type AccountStatus,
  type AppError,
  type AppState,
  type CoreEvent,
  type MenuAction,
  type Organization,
  type SearchResult,
  type Section as DataSection,
  type Workspace,
} from "./bindings";
import { prefs } from "./prefs";
import { errorMessage, unwrap } from "./result";
import { applyTheme } from "./theme";

export type Section = "org" | "launchpad" | "runs" | "actions" | "compute" | "credentials" | "participants" | "settings" | "credits";

/**
 * The sections a workspace has, in the sidebar's order (the Platform's: Launchpad, Runs, Actions,
 * Compute environments, Credentials, Participants, Settings; Ctrl/Cmd+1…7 in lib/shortcuts.ts and
 * the menu follow it): a user workspace (or one outside any
 * organization) has no Participants or Settings, as on the Platform.
 */
export function workspaceSections(ws: Workspace): { id: Section; label: string }[] {
  const items: { id: Section; label: string }[] = [
    { id: "launchpad", label: "Launchpad" },
    { id: "runs", label: "Runs" },
    { id: "actions", label: "Actions" },
    { id: "compute", label: "Compute environments" },
    { id: "credentials", label: "Credentials" },
  ];
  if (!ws.personal && ws.orgId !== null) items.push({ id: "participants", label: "Participants" }, { id: "settings", label: "Settings" });
  return items;
}

/** how often relative times ("2 min ago") are redrawn; the tick asks the backend nothing */
export const CLOCK_MS = 15_000;

class AppModel {
  /** the last answer of getAppState, null before the first one */
  state = $state<AppState | null>(null);
  /** getAppState itself failed (not a store error: the bridge or the backend) */
  bootError = $state<AppError | null>(null);
  /** ticks every CLOCK_MS so relative times stay fresh */
  now = $state(new Date());
  /**
   * What the core said changed, counted per key: `section:workspace` (a local id), `section:*`
   * (the account's, or every workspace's), `section:any` (some workspace's) and `*` (everything).
   * Sections read them through watch().
   */
  private changes = $state<Record<string, number>>({});

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
  /** The search across everything (Ctrl/Cmd+K). */
  searchOpen = $state(false);
  /** Help → Keyboard Shortcuts. */
  shortcutsOpen = $state(false);
  /** File → Add Workspace: the organization page opens its Add Workspace form, then clears it. */
  addWorkspaceRequested = $state(false);
  /** Why the last Sync Now failed (shown beside ⟳), or null. */
  syncError = $state<string | null>(null);
  /**
   * What a search result asked its section to show, once open: a pipeline (the Launchpad searches
   * for its name) or a run (its page). The section takes it and sets it back to null.
   */
  reveal = $state<{ kind: "pipeline" | "run"; id: number; title: string; workspaceId: number } | null>(null);

  private clock: ReturnType<typeof setInterval> | null = null;
  private unlisten: (() => void) | null = null;
  private unlistenMenu: (() => void) | null = null;
  private syncRequested = false;
  private stateLoad: Promise<void> | null = null;
  private stateAgain = false;
  private listsLoad: Promise<void> | null = null;
  private listsAgain = false;

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

  /** listens to the core, then reads the state once */
  async start(): Promise<void> {
    if (this.unlisten === null) {
      try {
        this.unlisten = await events.coreEvent.listen((e) => this.onEvent(e.payload));
        this.unlistenMenu = await events.menuAction.listen((e) => this.onMenu(e.payload));
      } catch (e) {
        this.bootError = { kind: "internal", message: errorMessage(e) };
        return;
      }
    }
    await this.reloadState();
    this.clock ??= setInterval(() => (this.now = new Date()), CLOCK_MS);
  }

  stop(): void {
    if (this.clock) clearInterval(this.clock);
    this.clock = null;
    this.unlisten?.();
    this.unlisten = null;
    this.unlistenMenu?.();
    this.unlistenMenu = null;
  }

  /**
   * Read inside an $effect: it runs again when the core says `section` changed for this account,
   * of `workspaceId` (a local id) or of the account as a whole (null: any of them).
   */
  watch(section: DataSection, workspaceId: number | null = null): number {
    const c = this.changes;
    const own = workspaceId === null ? `${section}:any` : `${section}:${workspaceId}`;
    return (c["*"] ?? 0) + (c[`${section}:*`] ?? 0) + (c[own] ?? 0);
  }

  private bump(key: string): void {
    this.changes[key] = (this.changes[key] ?? 0) + 1;
  }

  /** what the core said changed: reload only that */
  private onEvent(e: CoreEvent): void {
    switch (e.kind) {
      case "accountStatus":
        void this.reloadState();
        return;
      case "syncProgress": {
        const a = this.state?.accounts.find((x) => x.account.id === e.accountId);
        if (a && a.connection === "syncing") a.progress = e.progress;
        else void this.reloadState();
        return;
      }
      case "dataChanged":
        // The status bar counts the queued changes.
        if (e.section === "changes") void this.reloadState();
        if (e.accountId !== this.accountId) return;
        if (e.section === "organizations" || e.section === "workspaces") void this.reloadLists();
        this.bump(`${e.section}:${e.workspaceId ?? "*"}`);
        if (e.workspaceId !== null) this.bump(`${e.section}:any`);
        return;
      case "everything":
        void this.reloadState();
        void this.reloadLists();
        this.bump("*");
        return;
    }
  }

  /** reads the state now; calls while one read runs are folded into one more read after it */
  async reloadState(): Promise<void> {
    if (this.stateLoad) {
      this.stateAgain = true;
      return this.stateLoad;
    }
    this.stateLoad = (async () => {
      do {
        this.stateAgain = false;
        await this.loadState();
      } while (this.stateAgain);
    })();
    try {
      await this.stateLoad;
    } finally {
      this.stateLoad = null;
    }
  }

  private async loadState(): Promise<void> {
    try {
      const next = await unwrap(commands.getAppState());
      this.bootError = null;
      this.now = new Date();
      this.state = next;
      if (next.store && next.accounts.length > 0 && !next.accounts.some((a) => a.account.id === this.accountId))
        await this.selectAccount(next.accounts[0].account.id);
    } catch (e) {
      this.bootError = { kind: "internal", message: errorMessage(e) };
    }
  }

  /** reloads organizations and workspaces (folded like reloadState) */
  async reloadLists(): Promise<void> {
    if (this.listsLoad) {
      this.listsAgain = true;
      return this.listsLoad;
    }
    this.listsLoad = (async () => {
      do {
        this.listsAgain = false;
        await this.refreshLists();
      } while (this.listsAgain);
    })();
    try {
      await this.listsLoad;
    } finally {
      this.listsLoad = null;
    }
  }

  private async refreshLists(): Promise<void> {
    if (this.accountId === null) return;
    const accountId = this.accountId;
    await this.loadLists(accountId);
    // Nothing was open (the first sync had not brought anything yet): open the default now.
    if (this.accountId === accountId && this.workspaceLocalId === null && this.organization === null && this.section !== "credits")
      await this.openDefault(accountId);
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

  /** Sync Now (⟳, File → Sync Now, Ctrl/Cmd+R): the current account, once at a time. */
  async syncNow(): Promise<void> {
    const id = this.accountId;
    // A shortcut can arrive twice (the menu's accelerator and the window's own key handler).
    if (id === null || this.syncRequested || this.current?.connection === "syncing") return;
    this.syncRequested = true;
    try {
      this.syncError = null;
      const r = await commands.syncAccount(id);
      if (r.status === "error") this.syncError = r.error.message;
      await this.reloadState();
    } finally {
      this.syncRequested = false;
    }
  }

  /**
   * A section from the menu or its shortcut: those of a workspace when one is open (Participants
   * and Settings only in an organization's workspace, as the sidebar offers them); Credits always.
   */
  openSection(section: Section): void {
    if (section === "credits" || section === "org") {
      this.section = section;
      return;
    }
    const ws = this.workspace;
    if (!ws || !workspaceSections(ws).some((s) => s.id === section)) return;
    this.section = section;
  }

  /** What a menu item (or its shortcut) asked: the same as the window's own buttons. */
  onMenu(action: MenuAction): void {
    const sections: Partial<Record<MenuAction, Section>> = {
      launchpad: "launchpad",
      runs: "runs",
      actions: "actions",
      computeEnvs: "compute",
      credentials: "credentials",
      participants: "participants",
      settings: "settings",
      credits: "credits",
    };
    const section = sections[action];
    if (section) return this.openSection(section);
    switch (action) {
      case "addAccount":
        this.addAccountOpen = true;
        break;
      case "addWorkspace":
        if (this.organization) {
          this.openOrganizationPage();
          this.addWorkspaceRequested = true;
        }
        break;
      case "syncNow":
        void this.syncNow();
        break;
      case "search":
        this.searchOpen = true;
        break;
      case "keyboardShortcuts":
        this.shortcutsOpen = true;
        break;
      case "themeSystem":
      case "themeLight":
      case "themeDark": {
        const theme = action === "themeSystem" ? "system" : action === "themeLight" ? "light" : "dark";
        applyTheme(theme);
        void prefs.setTheme(theme);
        break;
      }
    }
  }

  /** Opens a search result where it lives: its account, organization, workspace and section. */
  async openSearchResult(r: SearchResult): Promise<void> {
    if (this.accountId !== r.accountId) await this.selectAccount(r.accountId);
    if (r.kind === "organization") {
      this.selectOrganization(r.orgId);
      return;
    }
    const ws = this.workspaces.find((w) => w.id === r.workspaceId);
    if (!ws) return;
    this.openWorkspace(ws);
    this.section = r.section as Section;
    if (r.kind === "pipeline" || r.kind === "run") this.reveal = { kind: r.kind, id: r.id, title: r.title, workspaceId: ws.id };
  }

  openOrganizationPage(): void {
    this.workspaceLocalId = null;
    this.section = "org";
  }

  /**
   * After a create/update/delete: the lists and the status bar at once. The section that made
   * the change reloads on the core's event for it, sent before the command returned.
   */
  async changed(): Promise<void> {
    await Promise.all([this.reloadLists(), this.reloadState()]);
  }
}

export const app = new AppModel();
