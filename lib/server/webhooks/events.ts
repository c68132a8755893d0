import "server-only";
import { sql } from "kysely";
import type pg from "pg";
import { dbOn } from "../db";
import { inTransaction } from "../pg";
import { completeSql, queueItemsSql } from "../review/criteria";
import type { QueueRecord } from "../review/queue-record";
import { emit } from "./emit";

// The studio's events, one function per hook point, each called on the transaction of the change
// it tells of (docs/decisions/011-webhooks.md lists where). Each says what the event's data holds:
// ids, names, counts and the studio page's path; never file paths, error texts or model output.

/** Runs that just ended (SUCCEEDED or FAILED), on the transaction that ended them. */
export async function runsEnded(client: pg.ClientBase, runIds: number[]): Promise<void> {
  if (runIds.length === 0) return;
  await emit(client, ["run.succeeded", "run.failed"], async () => {
    const runs = await dbOn(client)
      .selectFrom("Run as r")
      .leftJoin("RunItem as i", "i.runId", "r.id")
      .select([
        "r.id",
        "r.name",
        "r.kind",
        "r.status",
        sql<number>`count(i.id)::int`.as("total"),
        sql<number>`count(i.id) FILTER (WHERE i.status = 'DONE')::int`.as("done"),
        sql<number>`count(i.id) FILTER (WHERE i.status = 'FAILED')::int`.as("failed"),
      ])
      .where("r.id", "in", runIds)
      .where("r.status", "in", ["SUCCEEDED", "FAILED"])
      .groupBy("r.id")
      .execute();
    return runs.map((run) => ({
      type: run.status === "SUCCEEDED" ? "run.succeeded" : "run.failed",
      subject: `run:${run.id}`,
      data: { runId: run.id, name: run.name, kind: run.kind, status: run.status, items: { total: run.total, done: run.done, failed: run.failed }, path: `/runs/${run.id}` },
    }));
  });
}

/** An export run that just ended, on the transaction that marked it SUCCEEDED or FAILED. */
export async function exportRunEnded(client: pg.ClientBase, exportRunId: number): Promise<void> {
  await emit(client, ["export.succeeded", "export.failed"], async () => {
    const run = await dbOn(client)
      .selectFrom("ExportRun as r")
      .innerJoin("Export as e", "e.id", "r.exportId")
      .select(["r.id", "r.exportId", "e.name", "r.status", "r.layout", "r.fileType", "r.rowsWritten", "r.totalRows"])
      .where("r.id", "=", exportRunId)
      .where("r.status", "in", ["SUCCEEDED", "FAILED"])
      .executeTakeFirst();
    if (!run) return [];
    return [
      {
        type: run.status === "SUCCEEDED" ? "export.succeeded" : "export.failed",
        subject: `export_run:${run.id}`,
        data: {
          exportRunId: run.id,
          exportId: run.exportId,
          name: run.name,
          status: run.status,
          layout: run.layout,
          fileType: run.fileType,
          rows: { written: run.rowsWritten, selected: run.totalRows },
          path: `/exports/runs/${run.id}`,
        },
      },
    ];
  });
}

export interface ImportedFile {
  importId: number;
  fileName: string;
  kind: "dataset" | "constitution";
  /** the dataset or constitution it went into */
  into: { id: number; name: string };
  counts: Record<string, number>;
}

/** An import that just succeeded, on the transaction that marked it SUCCEEDED. */
export async function importSucceeded(client: pg.ClientBase, imported: ImportedFile): Promise<void> {
  await emit(client, ["import.succeeded"], async () => [
    {
      type: "import.succeeded",
      subject: `import:${imported.importId}`,
      data: { ...imported, path: `/imports/${imported.importId}` },
    },
  ]);
}

/**
 * Tells of a review queue that has every answer it needs, once per webhook. Called after an answer
 * committed, in a transaction of its own: inside the answer's, two reviewers answering the last
 * two items at once would each miss the other's answer and neither would see the queue complete.
 * The queue's row lock (FOR NO KEY UPDATE: answers, which only reference the row, go on) makes
 * two such checks take turns, so the second sees the first's deliveries and says nothing more.
 */
export async function reviewQueueCompleteIfDone(queue: QueueRecord): Promise<void> {
  await inTransaction((client) =>
    emit(
      client,
      ["review_queue.completed"],
      async () => {
        const k = dbOn(client);
        await k.selectFrom("ReviewQueue").select("id").where("id", "=", queue.id).forNoKeyUpdate().execute();
        const items = queueItemsSql(queue);
        const { rows } = await sql<{ total: number; done: number }>`
          SELECT (SELECT count(*) FROM (${items}) i)::int AS total,
                 (SELECT count(*) FROM (${items}) i WHERE i.id IN (${completeSql(queue.reviewersPerItem)}))::int AS done`.execute(k);
        const { total, done } = rows[0];
        if (total === 0 || done < total) return [];
        return [
          {
            type: "review_queue.completed",
            subject: `review_queue:${queue.id}`,
            data: { queueId: queue.id, name: queue.name, items: total, reviewersPerItem: queue.reviewersPerItem, path: `/review/${queue.id}` },
          },
        ];
      },
      { once: true },
    ),
  );
}
