import { afterAll, describe, expect, it } from "vitest";
import { slRunRequestSchema } from "@/lib/schemas/runs";
import { pgPool } from "@/lib/server/pg";
import { createSlRun } from "@/lib/server/runs/kinds/sl";
import { claimItem, finishItem, MAX_ATTEMPTS, reclaimStaleItems } from "@/lib/server/runs/worker/claims";
import { endpointFor, fakeProvider, fixtureConstitution, importedDataset } from "./harness";

afterAll(() => pgPool().end());

/** A run of one prompt, with no worker: the test plays the workers. */
async function oneItemRun() {
  const server = await fakeProvider();
  const [dataset, constitution, endpointId] = await Promise.all([importedDataset(), fixtureConstitution(), endpointFor(server)]);
  const { runId } = await createSlRun(slRunRequestSchema.parse({ datasetId: dataset.id, endpointId, constitutionVersionId: constitution.versionId, filter: { limit: 1 } }));
  const { rows } = await pgPool().query<{ id: number }>(`SELECT id FROM "RunItem" WHERE "runId" = $1`, [runId]);
  return { server, rows };
}

describe("the claim protocol", () => {
  it("ends a run as soon as its last items finish, even when they finish at the same moment", async () => {
    const server = await fakeProvider();
    const [dataset, constitution, endpointId] = await Promise.all([importedDataset(), fixtureConstitution(), endpointFor(server)]);
    try {
      for (let round = 0; round < 10; round++) {
        const { runId } = await createSlRun(slRunRequestSchema.parse({ datasetId: dataset.id, endpointId, constitutionVersionId: constitution.versionId, filter: { limit: 2 } }));
        const { rows } = await pgPool().query<{ id: number }>(`SELECT id FROM "RunItem" WHERE "runId" = $1`, [runId]);
        const claimed = await Promise.all(rows.map((r) => claimItem(pgPool(), r.id, `test-worker-${r.id}`, 30)));
        // no worker runs here, so no sweeper either: the finishing items alone must end the run
        await Promise.all(claimed.map((item) => finishItem(item!, `test-worker-${item!.id}`, { status: "DONE" })));
        const run = await pgPool().query<{ status: string }>(`SELECT status FROM "Run" WHERE id = $1`, [runId]);
        expect(run.rows[0].status, `round ${round}`).toBe("SUCCEEDED");
      }
    } finally {
      await server.close();
    }
  });

  it("lets only one worker hold an item, and another take it once the holder's heartbeat is stale", async () => {
    const { server, rows } = await oneItemRun();
    try {
      const [first, second] = await Promise.all([claimItem(pgPool(), rows[0].id, "a", 30), claimItem(pgPool(), rows[0].id, "b", 30)]);
      expect([first, second].filter(Boolean)).toHaveLength(1);
      const holder = first ? "a" : "b";
      await pgPool().query(`UPDATE "RunItem" SET "heartbeatAt" = now() - interval '1 minute' WHERE id = $1`, [rows[0].id]);
      const taker = await claimItem(pgPool(), rows[0].id, "c", 30);
      expect(taker?.attempts).toBe(2);
      // the old holder's write is fenced off: it no longer owns the item
      await expect(finishItem((first ?? second)!, holder, { status: "DONE" })).rejects.toThrow(/no longer claimed by this worker/);
    } finally {
      await server.close();
    }
  });

  it("fails an item its workers died on MAX_ATTEMPTS times, saying so, instead of taking it back again", async () => {
    const { server, rows } = await oneItemRun();
    try {
      const die = () => pgPool().query(`UPDATE "RunItem" SET "heartbeatAt" = now() - interval '1 minute' WHERE id = $1`, [rows[0].id]);
      // each worker claims it (a fresh claim, or a takeover of the last one's) and dies on it
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        expect((await claimItem(pgPool(), rows[0].id, `doomed-${attempt}`, 30))?.attempts).toBe(attempt);
        await die();
      }
      expect(await claimItem(pgPool(), rows[0].id, "next", 30)).toBeUndefined();
      expect(await reclaimStaleItems(30)).toBe(0);
      const { rows: after } = await pgPool().query(`SELECT status, "errorKind", error FROM "RunItem" WHERE id = $1`, [rows[0].id]);
      expect(after[0]).toEqual({
        status: "FAILED",
        errorKind: "internal",
        error: `gave up after ${MAX_ATTEMPTS} attempts: each worker that took it stopped heartbeating (it died or hung) before finishing it`,
      });
      const { rows: errors } = await pgPool().query(`SELECT kind, retried FROM "RunError" WHERE "runItemId" = $1`, [rows[0].id]);
      expect(errors).toEqual([{ kind: "internal", retried: false }]);
    } finally {
      await server.close();
    }
  });
});
