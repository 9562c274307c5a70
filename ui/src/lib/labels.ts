// Workspace labels and the Studios settings: how they are written, and the lifespan field's
// parsing (docs/PLATFORM-FACTS.md, "Labels", "Studios settings"): a lifespan is 1 to 120 hours, or
// "Always keep the session running"; the collaboration mode is Collaborative or Private; the
// container repository and naming strategy may be not set (empty), or unknown (null: the server
// did not say). Who may change them comes from the core, in the
// workspace's permissions (manageLabels, editStudiosSettings); the backend checks the same again.

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

/** The Platform's words for a collaboration mode (`privateStudioByDefault`); null: unknown. */
export function collaborationWords(isPrivate: boolean | null): string {
  if (isPrivate === null) return "Unknown";
  return isPrivate ? "Private" : "Collaborative";
}

/** A container repository or naming strategy as kept: "" is not set, null is unknown. */
export function settingWords(value: string | null): string {
  if (value === null) return "Unknown";
  return value === "" ? "Not set (the Platform's default)" : value;
}

/** The naming strategies to offer: the two the Platform's settings page has, and the one kept
 * here when it is another (`none`, or not set). */
export function nameStrategyChoices(current: string | null): { value: string; label: string }[] {
  const choices = [
    { value: "tagPrefix", label: "tagPrefix" },
    { value: "imageSuffix", label: "imageSuffix" },
  ];
  if (current === "none") choices.push({ value: "none", label: "none" });
  if (current === "") choices.unshift({ value: "", label: settingWords("") });
  return choices;
}
