// queue-total.ts's measurement, on the database in DATABASE_URL. argv: REPEATS. Prints one JSON line: {items, recountMs, timesMs}.
import { createQueueSchema } from "@/lib/schemas/review";
import { prisma } from "@/lib/server/db";
import { pgPool } from "@/lib/server/pg";
import { createQueue } from "@/lib/server/review/queues";
import { queueTotal } from "@/lib/server/review/total";
import { ensureChartData } from "./chart-data";

const NAME = "bench queue of every pair";
const repeats = Number(process.argv[2]);
const pool = pgPool();
const client = await pool.connect();
const data = await ensureChartData(client).finally(() => client.release());
let queue = await prisma.reviewQueue.findFirst({ where: { name: NAME, labelRunId: data.labelRunId }, select: { id: true } });
if (!queue) {
  const user = await prisma.user.upsert({
    where: { email: "bench-queues@bench.test" },
    create: { email: "bench-queues@bench.test", name: "Bench queues", role: "REVIEWER" },
    update: {},
    select: { id: true },
  });
  queue = await createQueue(createQueueSchema.parse({ name: NAME, labelRunId: data.labelRunId, criteria: { kind: "all" } }), user.id);
}
// a labeling worker re-storing a verdict changes nothing it counts, but may have: the next read counts again
const verdict = await prisma.aiVerdict.findFirstOrThrow({ where: { runId: data.labelRunId }, select: { id: true, pA: true } });
await prisma.aiVerdict.update({ where: { id: verdict.id }, data: { pA: verdict.pA } });
const started = performance.now();
const items = await queueTotal(queue.id);
const recountMs = performance.now() - started;
const timesMs: number[] = [];
for (let i = 0; i < repeats; i++) {
  const t = performance.now();
  await queueTotal(queue.id);
  timesMs.push(performance.now() - t);
}
await prisma.$disconnect();
await pool.end();
console.log(JSON.stringify({ items, recountMs, timesMs }));
