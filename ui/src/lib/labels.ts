// Workspace labels and the Studios session lifespan: who may change them, how they are written,
// and the lifespan field's parsing. Rules from the Platform (docs/PLATFORM-FACTS.md, "Labels",
// "Studios settings"): owners, admins and maintainers manage labels; changing the Studios settings
// needs workspace_studio:write (owners and admins); a lifespan is 1 to 120 hours, or "Always keep
// the session running". The backend checks the same rules again.
import type { Permission } from "./roles";
import { normRole, yourRole } from "./roles";

const ok: Permission = { allowed: true, reason: null };
const no = (reason: string): Permission => ({ allowed: false, reason });

export function canManageLabels(
  workspaceRole: string | null | undefined,
  orgRole: string | null | undefined,
): Permission {
  const w = normRole(workspaceRole);
  if (w === "owner" || w === "admin" || w === "maintain" || normRole(orgRole) === "owner") return ok;
  return no(`Adding, editing and deleting labels needs the owner, admin or maintain role in the workspace${yourRole(workspaceRole)}.`);
}

export function canEditStudiosSettings(
  workspaceRole: string | null | undefined,
  orgRole: string | null | undefined,
): Permission {
  const w = normRole(workspaceRole);
  if (w === "owner" || w === "admin" || normRole(orgRole) === "owner") return ok;
  return no(`Changing the Studios settings needs the owner or admin role in the workspace${yourRole(workspaceRole)}.`);
}

/** `name` or `name=value`, as the Platform writes labels. */
export function labelText(l: { name: string; value: string | null }): string {
  return l.value === null ? l.name : `${l.name}=${l.value}`;
}

export const LIFESPAN_MIN = 1;
export const LIFESPAN_MAX = 120;
export const NO_LIMIT = "Always keep the session running";

export function lifespanWords(hours: number | null): string {
  if (hours === null) return NO_LIMIT;
  return hours === 1 ? "1 hour" : `${hours} hours`;
}

/** The lifespan field: hours typed, or no limit. `hours: null` means no limit. */
export function parseLifespan(
  text: string,
  noLimit: boolean,
): { ok: true; hours: number | null } | { ok: false; error: string } {
  if (noLimit) return { ok: true, hours: null };
  const t = text.trim();
  if (!/^\d+$/.test(t)) return { ok: false, error: `Enter a whole number of hours from ${LIFESPAN_MIN} to ${LIFESPAN_MAX}, or choose ${NO_LIMIT}.` };
  const n = Number(t);
  if (n < LIFESPAN_MIN || n > LIFESPAN_MAX)
    return { ok: false, error: `The session lifespan must be between ${LIFESPAN_MIN} and ${LIFESPAN_MAX} hours.` };
  return { ok: true, hours: n };
}
