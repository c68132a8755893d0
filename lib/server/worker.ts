import "server-only";
import { ChartSummaryRebuilds } from "./charts/rebuild-jobs";
import { ExperimentSteps } from "./experiments/steps";
import { HubPushJobs } from "./exports/hub-jobs";
import { ExportJobs } from "./exports/jobs";
import { JobWorker, type JobWorkerOptions } from "./jobs/worker";
import { RunItemJobs, type RunItemJobsOptions } from "./runs/worker/run-items";
import { WebhookJobs, type WebhookJobsOptions } from "./webhooks/jobs";

// The studio's worker: the job worker (jobs/worker.ts) with a handler per queue: run items (with
// the key queues, runs/queue.ts), export runs and their pushes to the Hugging Face Hub, webhook
// deliveries, the experiments' steps that follow the runs ending, and the chart summaries' rebuilds. `npm start`, `npm run
// worker` and `cai run --work` start one; a new kind of job is a
// handler and a line here.

export interface StudioWorkerOptions extends Omit<JobWorkerOptions, "handlers">, Pick<RunItemJobsOptions, "resolveEndpoint" | "env" | "slots"> {
  /** export runs written at once by this process; 0 for a worker on another machine */
  exportSlots?: number;
  /** webhook deliveries attempted at once by this process (4 by default; 0 for none) */
  webhookSlots?: number;
  /** the webhook timeout and retry backoff, shortened by tests */
  webhookPace?: WebhookJobsOptions["pace"];
}

export function studioWorker(options: StudioWorkerOptions): JobWorker {
  return new JobWorker({
    ...options,
    handlers: (basics) => {
      const experiments = new ExperimentSteps(basics);
      return [
        new RunItemJobs({ ...basics, resolveEndpoint: options.resolveEndpoint, env: options.env, slots: options.slots, onRunsEnded: (runIds) => experiments.runsEnded(runIds) }),
        new ExportJobs({ ...basics, slots: options.exportSlots ?? 1 }),
        new WebhookJobs({ ...basics, slots: options.webhookSlots ?? 4, pace: options.webhookPace }),
        // pushes read the export files of this machine, as exports write them: only where exports run
        ...((options.exportSlots ?? 1) > 0 ? [new HubPushJobs(basics)] : []),
        experiments,
        new ChartSummaryRebuilds(basics),
      ];
    },
  });
}
