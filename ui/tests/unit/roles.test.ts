import { describe, expect, it } from "vitest";
import { canAddWorkspace, canDeleteWorkspace, canEditWorkspace } from "../../src/lib/roles";
import { runStatusTone } from "../../src/lib/runs";

describe("Add Workspace (organization role)", () => {
  it.each([
    ["owner", true],
    ["OWNER", true],
    ["admin", true],
    ["member", false],
    ["collaborator", false],
    [null, false],
  ])("%s → %s", (role, allowed) => {
    const p = canAddWorkspace(role);
    expect(p.allowed).toBe(allowed);
    if (!p.allowed) expect(p.reason).toMatch(/owner or admin role in the organization/);
  });

  it("names the role in the reason", () => {
    expect(canAddWorkspace("member").reason).toBe(
      "Adding a workspace needs the owner or admin role in the organization (your role: member).",
    );
  });
});

describe("Edit and Delete workspace", () => {
  it.each<[string | null, string | null, boolean, boolean]>([
    ["owner", "member", true, true],
    ["admin", "member", true, false],
    ["maintain", "member", false, false],
    ["launch", "member", false, false],
    ["view", "member", false, false],
    ["view", "owner", true, true],
    [null, null, false, false],
  ])("workspace %s, org %s → edit %s, delete %s", (ws, org, edit, del) => {
    expect(canEditWorkspace(ws, org).allowed).toBe(edit);
    expect(canDeleteWorkspace(ws, org).allowed).toBe(del);
  });

  it("says when the role is unknown rather than leaving it out", () => {
    expect(canEditWorkspace(null, null).reason).toBe(
      "Editing the workspace needs the owner or admin role in it (your role in it is unknown: the server has not said it).",
    );
    // An organization owner needs no workspace role at all.
    expect(canEditWorkspace(null, "owner").allowed).toBe(true);
  });

  it("explains a refused delete", () => {
    expect(canDeleteWorkspace("admin", "member").reason).toBe("Only an owner of the workspace can delete it (your role: admin).");
  });
});

describe("run status colours", () => {
  it.each([
    ["SUCCEEDED", "ok"],
    ["running", "busy"],
    ["SUBMITTED", "busy"],
    ["FAILED", "error"],
    ["CANCELLED", "warn"],
    ["UNKNOWN", "muted"],
    ["something new", "muted"],
  ])("%s → %s", (status, tone) => {
    expect(runStatusTone(status)).toBe(tone);
  });
});
