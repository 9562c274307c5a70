// What the Participants section lets a role do, and why not (the same rules the backend applies
// in towerdesk-core's rules/participants.rs, so a control is disabled before a click fails):
// owners and admins of the workspace manage its participants (an owner of the organization owns
// every workspace); only an owner makes another owner; the last owner can be neither removed nor
// demoted.
import type { Participant } from "./bindings";
import { normRole, yourRole, type Permission } from "./roles";

/** The workspace roles, as the API spells them, most powerful first. */
export const ROLES = ["owner", "admin", "maintain", "launch", "connect", "view"] as const;
export type RoleName = (typeof ROLES)[number];

/** The Platform's words for the roles. */
export const ROLE_LABEL: Record<RoleName, string> = {
  owner: "Owner",
  admin: "Admin",
  maintain: "Maintain",
  launch: "Launch",
  connect: "Connect",
  view: "View",
};

/** A new participant's role unless one is chosen (the Platform's default). */
export const DEFAULT_ROLE: RoleName = "launch";

const ok: Permission = { allowed: true, reason: null };
const no = (reason: string): Permission => ({ allowed: false, reason });

/** The role the person acts with: an organization owner is an owner of every workspace. */
export function actingRole(workspaceRole: string | null | undefined, orgRole: string | null | undefined): string | null {
  if (normRole(orgRole) === "owner") return "owner";
  return normRole(workspaceRole);
}

export function canManageParticipants(
  workspaceRole: string | null | undefined,
  orgRole: string | null | undefined,
): Permission {
  const r = actingRole(workspaceRole, orgRole);
  if (r === "owner" || r === "admin") return ok;
  return no(
    `Managing participants needs the owner or admin role in the workspace${yourRole(r)}.`,
  );
}

export function ownerCount(people: Participant[]): number {
  return people.filter((p) => normRole(p.role) === "owner").length;
}

function lastOwner(p: Participant, people: Participant[]): boolean {
  return normRole(p.role) === "owner" && ownerCount(people) <= 1;
}

export function canRemove(p: Participant, people: Participant[], manage: Permission): Permission {
  if (!manage.allowed) return manage;
  if (lastOwner(p, people)) return no(`${p.name} is the last owner and cannot be removed: make someone else an owner first.`);
  return ok;
}

/** Why `role` cannot be picked for `p`, or null. */
export function roleRefusal(
  p: Participant,
  role: string,
  people: Participant[],
  acting: string | null,
): string | null {
  if (role === "owner" && acting !== "owner") return "Only an owner can make another owner.";
  if (role !== "owner" && lastOwner(p, people)) return `${p.name} is the last owner: make someone else an owner first.`;
  return null;
}
