import path from "node:path";

// The people of the e2e studio. scripts/e2e-server.ts makes the admin from CAI_ADMIN_EMAIL and
// CAI_ADMIN_PASSWORD (as `npm start` would); e2e/auth.setup.ts signs the admin in through the
// sign-in page, makes the others through the people API and keeps each one's session cookie in a
// storage state file. Specs run as the admin unless they open a context as someone else.

export const ROLE_PEOPLE = {
  admin: { email: "admin@e2e.test", name: "Ada Admin", role: "ADMIN" },
  reviewer1: { email: "rita@e2e.test", name: "Rita Reviewer", role: "REVIEWER" },
  reviewer2: { email: "rob@e2e.test", name: "Rob Reviewer", role: "REVIEWER" },
  viewer: { email: "vic@e2e.test", name: "Vic Viewer", role: "VIEWER" },
  adjudicator: { email: "jude@e2e.test", name: "Jude Adjudicator", role: "ADJUDICATOR" },
} as const;
export type Person = keyof typeof ROLE_PEOPLE;

/** Every e2e account has this password (the e2e database is recreated on every run). */
export const E2E_PASSWORD = "e2e-password-1234";

export function storageStatePath(person: Person): string {
  return path.join(import.meta.dirname, "../test-results/auth", `${person}.json`);
}
