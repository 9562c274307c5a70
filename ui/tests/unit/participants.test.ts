import { describe, expect, it } from "vitest";
import type { Participant } from "../../src/lib/bindings";
import { actingRole, canManageParticipants, canRemove, ownerCount, roleRefusal } from "../../src/lib/participants";

function person(id: number, name: string, role: string): Participant {
  return {
    id,
    participantId: 100 + id,
    type: "MEMBER",
    memberId: id,
    teamId: null,
    userName: name.toLowerCase(),
    name,
    email: null,
    role,
    changeState: null,
    changeMessage: null,
  };
}

describe("who manages participants", () => {
  it.each([
    ["owner", "member", true],
    ["admin", null, true],
    ["maintain", "member", false],
    ["launch", null, false],
    ["view", "owner", true],
    [null, "owner", true],
    [null, null, false],
  ])("workspace role %s, org role %s -> %s", (ws, org, allowed) => {
    expect(canManageParticipants(ws, org).allowed).toBe(allowed);
  });

  it("says why not, naming the role", () => {
    expect(canManageParticipants("launch", "member")).toEqual({
      allowed: false,
      reason: "Managing participants needs the owner or admin role in the workspace (your role: launch).",
    });
    expect(actingRole("view", "OWNER")).toBe("owner");
  });
});

describe("the last owner and owner grants", () => {
  const ada = person(1, "Ada", "owner");
  const ben = person(2, "Ben", "launch");
  const manage = canManageParticipants("owner", null);

  it("keeps the last owner", () => {
    const people = [ada, ben];
    expect(ownerCount(people)).toBe(1);
    expect(canRemove(ada, people, manage)).toEqual({
      allowed: false,
      reason: "Ada is the last owner and cannot be removed: make someone else an owner first.",
    });
    expect(canRemove(ben, people, manage).allowed).toBe(true);
    expect(roleRefusal(ada, "admin", people, "owner")).toBe("Ada is the last owner: make someone else an owner first.");
    expect(roleRefusal(ada, "owner", people, "owner")).toBeNull();
    const two = [ada, person(3, "Cy", "owner"), ben];
    expect(canRemove(ada, two, manage).allowed).toBe(true);
    expect(roleRefusal(ada, "view", two, "owner")).toBeNull();
  });

  it("lets only owners make owners", () => {
    expect(roleRefusal(ben, "owner", [ada, ben], "admin")).toBe("Only an owner can make another owner.");
    expect(roleRefusal(ben, "owner", [ada, ben], "owner")).toBeNull();
    expect(roleRefusal(ben, "maintain", [ada, ben], "admin")).toBeNull();
  });

  it("passes on the reason a role may not manage at all", () => {
    const refused = canManageParticipants("maintain", null);
    expect(canRemove(ben, [ada, ben], refused)).toBe(refused);
  });
});
