import { runBenchChild, spread } from "./child";

// issue 17: a review queue's total count at paper scale. On the paper-scale database with the chart
// data's labeling run (chart-data.ts: 182,831 verdicts), a queue of all the run's pairs is made
// once (found again by its name), and its total is read as the queue and item pages read it
// (queueTotal), in a process of its own (queue-total-child.ts): first after a verdict of the run
// changed (counted and stored again), then `repeats` times with nothing changed.

export interface QueueTotalFigures {
  items: number;
  /** the first read after a change: the count over the queue's items, as every read was before */
  recountMs: number;
  p50: number;
  p95: number;
  max: number;
}

export async function benchQueueTotal(databaseUrl: string, repeats = 50): Promise<QueueTotalFigures> {
  const child = await runBenchChild<{ items: number; recountMs: number; timesMs: number[] }>("scripts/bench/queue-total-child.ts", databaseUrl, [String(repeats)]);
  return { items: child.items, recountMs: child.recountMs, ...spread(child.timesMs) };
}
