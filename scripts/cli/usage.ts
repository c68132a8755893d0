// Errors in how a command was called: exit code 2, with the command's usage, and no database touched.
export class UsageError extends Error {}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
