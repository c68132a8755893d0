import { EXPERIMENT_REPORT_USAGE, experimentReportCommand } from "./experiment-report";
import { UsageError } from "./usage";

// `npm run cai -- experiment SUBCOMMAND ...`: constitution experiments (issue 15). Each subcommand
// lives in its own file; this only dispatches.

export const EXPERIMENT_USAGE = `usage: npm run cai -- experiment report NAME --out DIR

${EXPERIMENT_REPORT_USAGE}`;

export async function experimentCommand(argv: string[], root: string): Promise<number> {
  const [subcommand, ...args] = argv;
  if (subcommand === "report") return experimentReportCommand(args, root);
  throw new UsageError(subcommand === undefined ? "experiment needs a subcommand" : `unknown experiment subcommand "${subcommand}"`);
}
