// Which controls a role may use, and why not. The UI disables (never hides) what a role cannot do
// and shows the reason on hover and focus. Rules from the Platform's role matrix
// (docs/PLATFORM-FACTS.md, "Organization roles", "Workspace roles", "Who may do what"): org owners
// and admins add workspaces; workspace owners and admins edit a workspace; only an owner deletes
// it; an org owner has owner access to every workspace of the organization.

export type Permission = { allowed: true; reason: null } | { allowed: false; reason: string };

const ok: Permission = { allowed: true, reason: null };
const no = (reason: string): Permission => ({ allowed: false, reason });

export function normRole(role: string | null | undefined): string | null {
  return role ? role.trim().toLowerCase() : null;
}

// An unknown role (an older server that lists none, and no participant row of the user's own) is
// said to be unknown, so a disabled control tells why.
export function yourRole(role: string | null | undefined): string {
  const r = normRole(role);
  return r ? ` (your role: ${r})` : " (your role in it is unknown: the server has not said it)";
}

export function canAddWorkspace(orgRole: string | null | undefined): Permission {
  const r = normRole(orgRole);
  if (r === "owner" || r === "admin") return ok;
  return no(`Adding a workspace needs the owner or admin role in the organization${yourRole(orgRole)}.`);
}

export function canEditWorkspace(
  workspaceRole: string | null | undefined,
  orgRole: string | null | undefined,
): Permission {
  const w = normRole(workspaceRole);
  if (w === "owner" || w === "admin" || normRole(orgRole) === "owner") return ok;
  return no(`Editing the workspace needs the owner or admin role in it${yourRole(workspaceRole)}.`);
}

export function canDeleteWorkspace(
  workspaceRole: string | null | undefined,
  orgRole: string | null | undefined,
): Permission {
  if (normRole(workspaceRole) === "owner" || normRole(orgRole) === "owner") return ok;
  return no(`Only an owner of the workspace can delete it${yourRole(workspaceRole)}.`);
}
