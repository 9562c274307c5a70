import { describe, expect, it } from "vitest";
import { actionStatusTone } from "../../src/lib/actions";

describe("actionStatusTone", () => {
  it("colours each status the API has, and anything else as muted", () => {
    expect(actionStatusTone("ACTIVE")).toBe("ok");
    expect(actionStatusTone("active")).toBe("ok");
    expect(actionStatusTone("CREATING")).toBe("busy");
    expect(actionStatusTone("PAUSED")).toBe("warn");
    expect(actionStatusTone("ERROR")).toBe("error");
    expect(actionStatusTone("SUSPENDED")).toBe("muted");
    expect(actionStatusTone(null)).toBe("muted");
  });
});
