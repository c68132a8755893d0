import "server-only";
import { SweepOnlyHandler, type HandlerBasics } from "../jobs/handler";
import { rebuildStaleSummaries } from "./summaries";

// The worker's part in the chart summaries: every sweep (staleSeconds / 3, 10 s by default) starts
// a rebuild when a write marked them stale, so no chart request waits for one (summaries.ts). Every
// worker sweeps; chart_refresh lets one rebuild run at a time, and the others pass at once. The
// rebuild runs beside the sweep, not in it (11 s at paper scale): the other handlers' sweeps, which
// take back what dead workers left, do not wait for it.

export class ChartSummaryRebuilds extends SweepOnlyHandler {
  private readonly log: (message: string) => void;
  private rebuilding?: Promise<void>;

  constructor(basics: HandlerBasics) {
    super();
    this.log = basics.log;
  }

  describe(): string {
    return "chart summary rebuilds";
  }

  async sweep(): Promise<void> {
    this.rebuilding ??= this.rebuild().finally(() => (this.rebuilding = undefined));
  }

  /** A rebuild in flight is one transaction: it ends (commits or fails) before the pool does. */
  override async stop(): Promise<void> {
    await this.rebuilding;
  }

  private async rebuild(): Promise<void> {
    const started = performance.now();
    try {
      if (await rebuildStaleSummaries()) this.log(`chart summaries rebuilt in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } catch (error) {
      this.log(`chart summaries rebuild failed: ${(error as Error).message}`);
    }
  }
}
