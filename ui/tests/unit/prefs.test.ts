import { describe, expect, it } from "vitest";
import { MemoryKeyValue, Prefs, type KeyValue } from "../../src/lib/prefs";

describe("Prefs", () => {
  it("remembers Pipelines from per workspace in the store", async () => {
    const kv = new MemoryKeyValue();
    const prefs = new Prefs(async () => kv);
    expect(await prefs.pipelinesFrom("1:2")).toBe("this_workspace");
    await prefs.setPipelinesFrom("1:2", "this_and_shared");
    expect(await prefs.pipelinesFrom("1:2")).toBe("this_and_shared");
    expect(await prefs.pipelinesFrom("1:3")).toBe("this_workspace");
    expect(await kv.get("launchpad.pipelinesFrom.1:2")).toBe("this_and_shared");
    expect(prefs.persistent).toBe(true);
  });

  it("ignores values it does not know", async () => {
    const kv = new MemoryKeyValue();
    await kv.set("launchpad.pipelinesFrom.1:2", "everything");
    await kv.set("lastWorkspace.1", "seven");
    const prefs = new Prefs(async () => kv);
    expect(await prefs.pipelinesFrom("1:2")).toBe("this_workspace");
    expect(await prefs.lastWorkspace(1)).toBeNull();
  });

  it("falls back to memory when the store plugin is unavailable", async () => {
    const prefs = new Prefs(async () => {
      throw new Error("plugin store not found");
    });
    await prefs.setLastWorkspace(1, 42);
    expect(await prefs.lastWorkspace(1)).toBe(42);
    expect(prefs.persistent).toBe(false);
  });

  it("keeps a value in memory when the store breaks while writing", async () => {
    const broken: KeyValue = {
      get: async () => undefined,
      set: async () => {
        throw new Error("disk full");
      },
    };
    const prefs = new Prefs(async () => broken);
    await prefs.setPipelinesFrom("1:2", "this_and_shared");
    expect(await prefs.pipelinesFrom("1:2")).toBe("this_and_shared");
    expect(prefs.persistent).toBe(false);
  });
});
