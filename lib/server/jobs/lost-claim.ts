import "server-only";

// The fence of every claim a worker holds (a run item, an export run): a write that only matches
// while the claim is still the worker's matched nothing, so the worker stopped heartbeating in time,
// another took the row over, or it was cancelled. The worker writes nothing more for it. Raised
// through claims.ts (lostClaim, mustHold), which names the row from its table's description.

export class LostClaimError extends Error {
  /** `what`: the claimed row, e.g. "run item 12" */
  constructor(what: string) {
    super(`${what} is no longer claimed by this worker`);
  }
}
