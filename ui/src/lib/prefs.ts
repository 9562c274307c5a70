// UI preferences (not data): the Launchpad "Pipelines from" filter per workspace, the last
// workspace per account and the theme. Kept by tauri-plugin-store in prefs.json; when the plugin is unavailable
// (a plain browser, a missing capability, a broken file) they live in memory for this session.
import { load } from "@tauri-apps/plugin-store";
import type { PipelinesFrom } from "./bindings";
import { isTheme, type Theme } from "./theme";

export interface KeyValue {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

export class MemoryKeyValue implements KeyValue {
  private map = new Map<string, unknown>();
  async get(key: string): Promise<unknown> {
    return this.map.get(key);
  }
  async set(key: string, value: unknown): Promise<void> {
    this.map.set(key, value);
  }
}

export class Prefs {
  private kv: Promise<KeyValue>;
  /** false once the persistent store failed and prefs fell back to memory */
  persistent = true;

  constructor(open: () => Promise<KeyValue>) {
    this.kv = open().catch(() => {
      this.persistent = false;
      return new MemoryKeyValue();
    });
  }

  private async get(key: string): Promise<unknown> {
    try {
      return await (await this.kv).get(key);
    } catch {
      return undefined;
    }
  }

  private async set(key: string, value: unknown): Promise<void> {
    const kv = await this.kv;
    try {
      await kv.set(key, value);
    } catch {
      // The store broke after opening: keep the value for this session rather than lose it.
      this.persistent = false;
      const mem = new MemoryKeyValue();
      await mem.set(key, value);
      this.kv = Promise.resolve(mem);
    }
  }

  async pipelinesFrom(workspaceKey: string): Promise<PipelinesFrom> {
    const v = await this.get(`launchpad.pipelinesFrom.${workspaceKey}`);
    return v === "this_and_shared" ? "this_and_shared" : "this_workspace";
  }

  async setPipelinesFrom(workspaceKey: string, value: PipelinesFrom): Promise<void> {
    await this.set(`launchpad.pipelinesFrom.${workspaceKey}`, value);
  }

  async theme(): Promise<Theme> {
    const v = await this.get("theme");
    return isTheme(v) ? v : "system";
  }

  async setTheme(theme: Theme): Promise<void> {
    await this.set("theme", theme);
  }

  async lastWorkspace(accountId: number): Promise<number | null> {
    const v = await this.get(`lastWorkspace.${accountId}`);
    return typeof v === "number" ? v : null;
  }

  async setLastWorkspace(accountId: number, workspaceLocalId: number | null): Promise<void> {
    await this.set(`lastWorkspace.${accountId}`, workspaceLocalId);
  }
}

async function openPluginStore(): Promise<KeyValue> {
  const store = await load("prefs.json", { defaults: {}, autoSave: 200 });
  return {
    get: (key) => store.get(key),
    set: (key, value) => store.set(key, value),
  };
}

export const prefs = new Prefs(openPluginStore);
