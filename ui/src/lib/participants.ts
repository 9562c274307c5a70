// The workspace roles as the Participants section shows them. Who may add, change and remove
// participants, and which roles may be given, comes from the core: the workspace's permissions
// (manageParticipants, makeOwners) and each participant's (remove, roles).

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
