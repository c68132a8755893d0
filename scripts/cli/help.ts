import { FORMAT_CHOICES } from "@/lib/formats/choices";

/** Words joined by `separator` in lines of at most 100 characters, continued at column `indent`. */
function wrapped(words: string[], separator: string, indent: number): string {
  const lines = [""];
  for (const [i, word] of words.entries()) {
    const piece = i === words.length - 1 ? ` ${word}` : `${i === 0 ? "" : " "}${word}${i < words.length - 2 ? separator.trimEnd() : ""}`;
    if (indent + lines.at(-1)!.length + piece.length > 100 && lines.at(-1) !== "") lines.push(piece.trimStart());
    else lines[lines.length - 1] += piece;
  }
  return lines.join(`\n${" ".repeat(indent)}`);
}

export const IMPORT_USAGE = `usage: npm run cai -- import FILE --dataset NAME [options]

Imports FILE (JSONL or CSV, plain or gzip; or Parquet) into the studio's database, all or nothing.

  --dataset NAME        the dataset to import into (made if it does not exist); needed for every
                        format except constitution files
  --format FORMAT       ${wrapped([...Object.keys(FORMAT_CHOICES), "(default: auto)"], " | ", 24)}
  --constitution NAME   the constitution a principles file adds a version to (default: the file's name)
  --skip-bad-lines      import the good lines and report the bad ones, instead of failing
  --tags a,b            tags for every imported prompt
  --producer LABEL      who produced the imported responses (default: the file's name)
  --max-line-mb N       the longest line accepted, in MB`;

export const PAIRS_USAGE = `usage: npm run cai -- pairs --dataset D --from chains|samples [options]

Makes comparison pairs from responses the dataset holds (making them twice adds nothing).

  --from chains          each chain's initial response against its last revision
    --points consecutive   or each revision against the one before
    --run N                only the chains of SL-CAI run N
  --from samples         stored samples of a prompt paired in order (1 with 2, 3 with 4...)
    --producer P           only the samples of producer P`;

export const SCORES_USAGE = `usage: npm run cai -- scores fit --dataset D [--run NAME|ID] [--humans review|imported|all]

Fits Bradley-Terry strengths to the dataset's soft labels and stores two scores per response:
BRADLEY_TERRY (the natural-log strength) and ELO (the same fit as 1500 + 400 log10 strength), named
after what was fitted ("bt:run 12", "bt:human", "bt:run 12+human-review"). Each prompt's responses
are fitted on their own: strengths compare within a prompt. Fitting again replaces the scores.

  --run NAME|ID          a labeling run of the dataset: its verdicts' P(A) (clamped under chain of thought)
  --humans WHO           people's current answers (A = 1, B = 0, tie = 0.5): review (reviewers),
                         imported (e.g. hh-rlhf crowdworkers) or all
  --prior W              weight of each response's virtual tie against strength 1 (default 1; 0 = plain
                         maximum likelihood, which fails when a response never wins or never loses)`;

export const RUN_USAGE = `usage: npm run cai -- run sl --dataset D --endpoint E --constitution C [options]
       npm run cai -- run label --dataset D --endpoint E --constitution C [options]
       npm run cai -- run sample --dataset D --endpoint E [options]
       npm run cai -- run score --dataset D --endpoint E --over chains|pairs [options]
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
  --work                      also run a worker in this process until the run ends

run label (RL-CAI preference labels on the dataset's pairs; make them with: npm run cai -- pairs):
  --principles K              preference principles per pair, drawn from the seed (default 1)
  --one-order                 judge (A, B) only; by default also (B, A), and flips are flagged
  --cot                       chain of thought, then the answer's log-probs; clamped to 40-60%
  --method M                  logprobs (default) | sampled[:k] | stated, for endpoints without log-probs
  --few-shot --format chat|raw --seed S --temperature T --max-tokens N --concurrency N
  --source IMPORTED|CHAIN|SAMPLES --pairs-from-run N --unjudged --limit N   which pairs

run sample (two fresh answers per prompt at temperature T, default 1, made into pairs):
  --temperature T --tag T --search WORDS --limit N --format chat|raw --concurrency N

run score --dataset D --endpoint E --over chains|pairs (E: a scoring endpoint; no constitution):
  --over chains               every chain's initial answer and revisions, each scored once
  --over pairs                both responses of every pair
  --score-name NAME           the Score name (default pm:<endpoint name>)
  --source-run N              only the chains (or sampled pairs) of run N
  --concurrency N --name NAME --wait --work`;

export const EXPERIMENT_USAGE = `usage: npm run cai -- experiment create FILE
       npm run cai -- experiment run NAME [--wait | --work]
       npm run cai -- experiment list
       npm run cai -- experiment report NAME --out DIR [--seed N] [--resamples N]

A constitution experiment: two or more arms (each an SL-CAI configuration) over one fixed prompt
set, sharing the principle-draw seed; once every arm's run is done, each prompt's final answers of
every two arms are judged in both orders by a labeling run (and optionally scored).

  create FILE   a JSON file: {"name", "dataset", "prompts": {"kind": "all"} | {"kind": "filter",
                "tag", "q", "limit"} | {"kind": "sample", "n", "seed"}, "seed", "arms": [{"name",
                "endpoint", "constitution", "version", "revisions", "sampling": {"mode":
                "uniform"|"fixed"}, "fewShot", "promptFormat", "reuseExistingResponse", "params",
                "concurrency"}, ...], "judge": {"endpoint", "constitution", "version",
                "principlesPerPair", "method", "chainOfThought", "fewShot", "revisions"},
                "score": {"endpoint"}}; names or ids, a constitution's latest version unless
                "version" gives its number
  run NAME      start the arms, or move the experiment on (the studio's workers also do it as
                runs end); NAME is a name or an id
    --wait        follow it until it is judged, moving it on as its runs end (exit 1 if it failed)
    --work        also run a worker in this process meanwhile, for a machine with no studio running
  list          every experiment and where it is
  report NAME   write its report into --out DIR: report.json, report.csv (one row per statistic
                with its 95% interval and p-value) and report.svg (the win-rate forest plot)
    --seed N      the bootstrap's seed (default: the experiment's seed)
    --resamples N bootstrap resamples (default 2,000)`;

export const EXPORT_USAGE = `usage: npm run cai -- export DEFINITION --out DIR [--push-to-hub NAMESPACE/NAME [--public]]

Runs an export in this process (a progress line on a terminal) and copies its files, its dataset
card (README.md) and manifest.json into DIR (made if missing), and/or pushes the files and card to
a Hugging Face Hub dataset. The run (and push) is kept like one started in the studio.

  DEFINITION    a saved export's name or id, or a JSON file {"name", "layout", "fileType",
                "definition"} (layout SFT | PREFERENCE | H4_CAI, fileType JSONL | CSV | PARQUET,
                definition: the filters of lib/schemas/exports.ts), saved first, or updating the
                saved export of that name
  --out DIR     where the files go (optional with --push-to-hub)
  --push-to-hub NAMESPACE/NAME
                push to this Hub dataset (made if missing, private unless --public; an existing
                one keeps its visibility), then print its address. The token is HF_TOKEN's, the
                Hub HF_ENDPOINT's (default https://huggingface.co); manifest.json is not pushed
  --public      make a new Hub dataset public

Exit codes: 0 written (and pushed), 1 the export or the push failed (the message says why), 2 called wrongly.`;

export const REPAIR_ANSWERS_USAGE = `usage: npm run cai -- repair-answers [--dataset NAME] [--dry-run]

Cleans answers stored before the studio cleaned them on the way in, by the same rule: whitespace
around an answer trimmed, a turn marker at its end ("\\n\\nHuman:", as the paper's RL samples have)
cut. Each range of answers changed is one audit entry ("answers.repair") holding the texts as they
were. Comparisons whose two answers become the same text are listed, not deleted.

  --dataset NAME   only this dataset's answers (default: every dataset)
  --dry-run        count what would change and write nothing`;

export const USAGE = `CAI Studio command line: npm run cai -- COMMAND [arguments]

Commands:
  import FILE --dataset NAME   import a file too big for the browser (see: npm run cai -- help import)
  run sl --dataset D --endpoint E --constitution C   start an SL-CAI run (see: npm run cai -- help run)
  run label --dataset D --endpoint E --constitution C   label the dataset's pairs (RL-CAI)
  run sample --dataset D --endpoint E                 two fresh samples per prompt, paired
  run score --dataset D --endpoint E --over chains|pairs   scores from a scoring endpoint
  pairs --dataset D --from chains|samples             make pairs from stored responses
  scores fit --dataset D --run R|--humans WHO         fit Bradley-Terry / Elo scores to soft labels
  run status|pause|resume|cancel|retry ID            look at or steer a run
  experiment create FILE | run NAME | list   constitution experiments (see: npm run cai -- help experiment)
  export DEFINITION --out DIR  run a saved export (name or id) or a JSON definition, files into DIR
                               (and/or --push-to-hub NAMESPACE/NAME)
  experiment report NAME --out DIR   an experiment's report: report.json, report.csv, report.svg
  repair-answers [--dry-run]   clean answers stored before answers were cleaned on import
  help [COMMAND]               show this help, or a command's

The database: DATABASE_URL if set; else the embedded database of a running studio (npm start);
else the embedded database in .data (or CAI_DATA_DIR), opened by the command while it runs.

Formats (--format):
${Object.entries(FORMAT_CHOICES)
  .map(([name, { label }]) => `  ${name.padEnd(20)} ${label}`)
  .join("\n")}`;

export const COMMAND_USAGE: Record<string, string> = {
  import: IMPORT_USAGE,
  run: RUN_USAGE,
  pairs: PAIRS_USAGE,
  scores: SCORES_USAGE,
  experiment: EXPERIMENT_USAGE,
  export: EXPORT_USAGE,
  "repair-answers": REPAIR_ANSWERS_USAGE,
};

export function help(args: string[]): number {
  console.log(COMMAND_USAGE[args[0] ?? ""] ?? USAGE);
  return 0;
}
