// The studio's command line: `npm run cai -- COMMAND ...`. Each command lives in scripts/cli/ and
// returns its exit code: 0 done, 1 the work failed, 2 the command was called wrongly.
import { hostname, userInfo } from "node:os";
import path from "node:path";
import { DatabaseUnavailableError } from "./cli/database";
import { EXPORT_USAGE, help, IMPORT_USAGE, PAIRS_USAGE, REPAIR_ANSWERS_USAGE, RUN_USAGE, SCORES_USAGE, USAGE } from "./cli/help";
import { EXPERIMENT_USAGE, experimentCommand } from "./cli/experiment";
import { exportCommand } from "./cli/export";
import { importCommand } from "./cli/import";
import { pairsCommand } from "./cli/pairs";
import { repairAnswersCommand } from "./cli/repair-answers";
import { runCommand } from "./cli/run";
import { scoresCommand } from "./cli/scores";
import { EXIT, UsageError } from "./cli/usage";

const ROOT = path.resolve(import.meta.dirname, "..");
// what the command line does is audited as "cli user@host"
process.env.CAI_ACTOR ??= `cli ${userInfo().username}@${hostname()}`;

const COMMANDS: Record<string, { run: (args: string[]) => Promise<number> | number; usage: string }> = {
  import: { run: (args) => importCommand(args, ROOT), usage: IMPORT_USAGE },
  run: { run: (args) => runCommand(args, ROOT), usage: RUN_USAGE },
  pairs: { run: (args) => pairsCommand(args, ROOT), usage: PAIRS_USAGE },
  scores: { run: (args) => scoresCommand(args, ROOT), usage: SCORES_USAGE },
  export: { run: (args) => exportCommand(args, ROOT), usage: EXPORT_USAGE },
  experiment: { run: (args) => experimentCommand(args, ROOT), usage: EXPERIMENT_USAGE },
  "repair-answers": { run: (args) => repairAnswersCommand(args, ROOT), usage: REPAIR_ANSWERS_USAGE },
  help: { run: help, usage: USAGE },
};

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "--help" || name === "-h") return help([]);
  const command = COMMANDS[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${USAGE}`);
    return EXIT.usage;
  }
  // `cai COMMAND ... --help` anywhere after the command: its usage, exit 0, nothing touched
  if (args.includes("--help") || args.includes("-h")) {
    console.log(command.usage);
    return EXIT.ok;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${command.usage}`);
      return EXIT.usage;
    }
    if (error instanceof DatabaseUnavailableError) {
      console.error(error.message);
      return EXIT.failed;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(EXIT.failed);
  },
);
