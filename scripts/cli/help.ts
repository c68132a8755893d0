import { FORMAT_CHOICES } from "@/lib/formats/choices";

export const IMPORT_USAGE = `usage: npm run cai -- import FILE --dataset NAME [options]

Imports FILE (plain or gzip) into the studio's database, all or nothing.

  --dataset NAME        the dataset to import into (made if it does not exist); needed for every
                        format except constitution files
  --format FORMAT       ${Object.keys(FORMAT_CHOICES).join(" | ")} (default: auto)
  --constitution NAME   the constitution a principles file adds a version to (default: the file's name)
  --skip-bad-lines      import the good lines and report the bad ones, instead of failing
  --tags a,b            tags for every imported prompt
  --producer LABEL      who produced the imported responses (default: the file's name)
  --max-line-mb N       the longest line accepted, in MB`;

export const RUN_USAGE = `usage: npm run cai -- run sl --dataset D --endpoint E --constitution C [options]
       npm run cai -- run status|pause|resume|cancel|retry RUN_ID

Starts an SL-CAI run (critique, then revise, N times per prompt) that workers carry out: the studio
(npm start) runs one, npm run worker adds more. D, E and C are names or ids.

  --constitution NAME         its latest version; or --constitution-version ID for an exact one
  --revisions N               critique-revision steps per prompt (default 4)
  --seed S                    seed of the random principle draws (default: drawn and recorded)
  --fixed-order               principles in order instead of random draws
  --few-shot                  prepend the version's critique-revision few-shot examples
  --format chat|raw           chat messages, or the paper's raw Human:/Assistant: text (default chat)
  --no-reuse                  generate an initial answer even when the prompt came with one
  --temperature T --top-p P --max-tokens N   override the endpoint's sampling parameters
  --concurrency N             prompts worked on at once, per worker (default 8)
  --tag T --search WORDS --without-chains --limit N   which prompts of the dataset (default: all)
  --name NAME                 a name for the run
  --wait                      show progress until the run ends (exit 1 if any prompt failed)
  --work                      also run a worker in this process until the run ends`;

export const USAGE = `CAI Studio command line: npm run cai -- COMMAND [arguments]

Commands:
  import FILE --dataset NAME   import a file too big for the browser (see: npm run cai -- help import)
  run sl --dataset D --endpoint E --constitution C   start an SL-CAI run (see: npm run cai -- help run)
  run status|pause|resume|cancel|retry ID            look at or steer a run
  help [COMMAND]               show this help, or a command's

The database: DATABASE_URL if set; else the embedded database of a running studio (npm start);
else the embedded database in .data (or CAI_DATA_DIR), opened by the command while it runs.

Formats (--format):
${Object.entries(FORMAT_CHOICES)
  .map(([name, { label }]) => `  ${name.padEnd(16)} ${label}`)
  .join("\n")}`;

const COMMAND_USAGE: Record<string, string> = { import: IMPORT_USAGE, run: RUN_USAGE };

export function help(args: string[]): number {
  console.log(COMMAND_USAGE[args[0] ?? ""] ?? USAGE);
  return 0;
}
