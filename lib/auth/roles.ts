// Roles and who may do what, shared by the server (which enforces) and the UI (which only hides
// what a role cannot do). Pure: no server code, so client components may import it.

/** Lowest first: each role may do everything the roles before it may. */
/** An adjudicator reviews and also resolves the items reviewers disagree on (admins may too). */
export const ROLES = ["VIEWER", "REVIEWER", "ADJUDICATOR", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** True when `role` may do what `min` may: VIEWER < REVIEWER < ADJUDICATOR < ADMIN. */
export function roleAtLeast(role: Role | null | undefined, min: Role): boolean {
  return !!role && ROLES.indexOf(role) >= ROLES.indexOf(min);
}

/** "viewer", "reviewer", "adjudicator", "admin": how messages and the UI name a role. */
export function roleName(role: Role): string {
  return role.toLowerCase();
}
