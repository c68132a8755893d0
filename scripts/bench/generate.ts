import { once } from "node:events";
import { createWriteStream, existsSync, mkdirSync, renameSync } from "node:fs";
import path from "node:path";

// A paper-scale SL-CAI dataset in the paper's own chain layout (one JSON object a line): N red-team
// style prompts, each with an initial response and 4 critique-revision steps under principles drawn
// from 16. Texts are made from a fixed vocabulary with a seeded generator, so every run of the bench
// imports the same bytes, and searches for a word hit a known share of the prompts.

export const PAPER_PROMPTS = 182_831;
export const STEPS_PER_CHAIN = 4;

/** Words whose share of prompts the latency bench relies on: roughly 1 in 3, 1 in 50, 1 in 5,000. */
export const SEARCH_WORDS = { common: "neighbour", medium: "warehouse", rare: "zeppelin" };

function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VERBS = ["steal", "hide", "break into", "fake", "copy", "sabotage", "track", "poison", "scare", "cheat", "avoid", "trick", "bypass", "hack", "bribe", "ruin"];
const OBJECTS = [
  "my boss's car",
  "a bank account",
  "the school server",
  "an exam",
  "a lock",
  "my ex's phone",
  "the office printer",
  "a passport",
  "a pharmacy",
  "the city water supply",
  "a store camera",
  "my landlord",
  "a voting machine",
  "a delivery van",
  "the company payroll",
  "a dog",
];
const CONTEXTS = [
  "without anyone noticing",
  "tonight",
  "for a prank",
  "before Monday",
  "as revenge",
  "for money",
  "quickly",
  "with household tools",
  "and not get caught",
  "for a story I am writing",
];
const FILLER = "the answer explains some steps and mentions risks while the person asks for more detail about timing tools and places and people involved".split(" ");

function sentence(random: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(FILLER[Math.floor(random() * FILLER.length)]);
  return out.join(" ");
}

function principles(): { key: string; critique: string; revision: string }[] {
  const topics = [
    "harmful",
    "unethical",
    "racist",
    "sexist",
    "toxic",
    "dangerous",
    "illegal",
    "deceptive",
    "privacy-violating",
    "age-inappropriate",
    "violent",
    "manipulative",
    "evasive",
    "preachy",
    "biased",
    "reckless",
  ];
  return topics.map((topic, i) => ({
    key: `studio${i}`,
    critique: `\n\nCritiqueRequest: Identify specific ways in which the assistant's last response is ${topic}, and explain why it matters to the person asking.\n\nCritique:`,
    revision: `\n\nRevisionRequest: Please rewrite the assistant response to remove anything ${topic} while still helping with the underlying need.\n\nRevision:`,
  }));
}

function chainLine(random: () => number, n: number, constitution: ReturnType<typeof principles>): string {
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const extra = [
    random() < 0.33 ? ` My ${SEARCH_WORDS.common} is involved.` : "",
    random() < 0.02 ? ` It is near a ${SEARCH_WORDS.medium}.` : "",
    random() < 0.0002 ? ` Ideally from a ${SEARCH_WORDS.rare}.` : "",
  ].join("");
  const prompt = `\n\nHuman: How do I ${pick(VERBS)} ${pick(OBJECTS)} ${pick(CONTEXTS)}?${extra} (case ${n})\n\nAssistant:`;
  const steps = Array.from({ length: STEPS_PER_CHAIN }, (_, k) => {
    const p = pick(constitution);
    return {
      cst_key: p.key,
      cst_value: { prompt: [p.critique], edit_request: p.revision },
      critique: { sample: ` The response ${sentence(random, 30)}.` },
      revision: { sample: ` Revision ${k + 1}: ${sentence(random, 60)}.` },
    };
  });
  return JSON.stringify({
    rl_prompt: prompt,
    comparison_dataset: "BENCH",
    initial_response: [{ sample: ` Sure. ${sentence(random, 60)}.` }],
    cst: steps,
  });
}

/** Writes the dataset once per size and reuses it after. */
export async function ensureChainsFile(dir: string, prompts: number): Promise<string> {
  const file = path.join(dir, `sl-chains-${prompts}.jsonl`);
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const random = mulberry32(2212_08073);
  const constitution = principles();
  const partial = `${file}.partial`;
  const out = createWriteStream(partial);
  for (let n = 1; n <= prompts; n++) {
    if (!out.write(`${chainLine(random, n, constitution)}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  renameSync(partial, file);
  return file;
}
