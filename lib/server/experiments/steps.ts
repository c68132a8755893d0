import "server-only";
import { SweepOnlyHandler, type HandlerBasics } from "../jobs/handler";
import { advanceExperimentsOfRuns, advanceStalledExperiments } from "./advance";

// The worker's part in experiments: when one of its runs ends, the experiment that owns it moves
// on (its judging run starts once every arm is done) without anyone asking; and every sweep moves
// on any started experiment with a step waiting, so one whose worker died between a run ending and
// the next step is not left behind. It takes no jobs of its own: the steps are short database
// writes, and the runs they start are worked on the run-item queue like any other.

export class ExperimentSteps extends SweepOnlyHandler {
  private readonly log: (message: string) => void;

  constructor(basics: HandlerBasics) {
    super();
    this.log = basics.log;
  }

  /** The run-item handler's onRunsEnded. */
  runsEnded(runIds: number[]): Promise<void> {
    return advanceExperimentsOfRuns(runIds, this.log);
  }

  describe(): string {
    return "experiment steps";
  }

  sweep(): Promise<void> {
    return advanceStalledExperiments(this.log);
  }
}
