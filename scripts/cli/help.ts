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

export const USAGE = `CAI Studio command line: npm run cai -- COMMAND [arguments]

Commands:
  import FILE --dataset NAME   import a file too big for the browser (see: npm run cai -- help import)
  help [COMMAND]               show this help, or a command's

The database: DATABASE_URL if set; else the embedded database of a running studio (npm start);
else the embedded database in .data (or CAI_DATA_DIR), opened by the command while it runs.

Formats (--format):
${Object.entries(FORMAT_CHOICES)
  .map(([name, { label }]) => `  ${name.padEnd(16)} ${label}`)
  .join("\n")}`;

const COMMAND_USAGE: Record<string, string> = { import: IMPORT_USAGE };

export function help(args: string[]): number {
  console.log(COMMAND_USAGE[args[0] ?? ""] ?? USAGE);
  return 0;
}
