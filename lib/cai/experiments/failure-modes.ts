// Failure modes per arm, the ways a constitution can make answers worse while a judge still likes
// them: evasive refusals and Goodhart boilerplate (phrases that spread, like the paper's "you are
// valid, valued, and cared for"), and length. The detectors are the studio's own, reused:
//   - evasive share: lib/cai/charts/evasive.ts's isEvasive over every answer of the arm;
//   - Goodhart phrases: lib/cai/charts/ngram-growth.ts's ngramGrowth finds, for each arm, the
//     phrases whose document frequency grows most from the other arms (pooled) to it; or the caller
//     names the phrases (e.g. those the Goodhart chart found across revisions). A phrase's share in
//     an arm is the share of its answers that contain it (each answer once), matched as
//     ngramGrowth counts: lower-case words in order within one sentence, punctuation ignored;
//   - mean answer length in characters (and words, as tokenize counts them).
// Phrases are found and their shares read in a seeded sample of each arm's answers (default 200 per
// arm, the whole arm when smaller), as the Goodhart chart reads 200 per group: counting every
// phrase of 10,000 answers per arm would cost seconds (ngramGrowth takes about 0.15 s for 2 x 300
// answers of 140 words), and at 200 a share is within about 7 points (95%, at worst), enough to see
// boilerplate in a third of the answers. Evasive share and length are over all answers.

import { isEvasive, type EvasiveOptions } from "../charts/evasive";
import { ngramGrowth, tokenize } from "../charts/ngram-growth";
import { SeededRandom } from "./random";

export interface ArmAnswers {
  arm: string;
  /** the arm's final answers */
  texts: readonly string[];
}

export interface FailureModeOptions extends EvasiveOptions {
  /** phrases to measure; default: found by ngramGrowth, `top` per arm */
  phrases?: readonly string[];
  /** phrases found per arm (default 5) */
  top?: number;
  /** phrase lengths in words (default 2 to 4, the Goodhart chart's) */
  minN?: number;
  maxN?: number;
  /** answers per arm the phrases are found and counted in (default 200, as the Goodhart chart) */
  sample?: number;
  /** seed of the sample (default 0) */
  seed?: number | string;
}

export interface ArmFailureModes {
  arm: string;
  answers: number;
  evasive: number;
  /** evasive / answers; null without answers */
  evasiveShare: number | null;
  /** mean characters per answer; null without answers */
  meanLength: number | null;
  /** answers the phrase shares were counted in */
  sampled: number;
}

export interface PhraseShares {
  phrase: string;
  /** per arm, in the arms' order: sampled answers containing the phrase */
  counts: number[];
  /** counts / sampled (0 for an arm without answers) */
  shares: number[];
}

export interface FailureModes {
  arms: ArmFailureModes[];
  phrases: PhraseShares[];
}

// ngramGrowth's sentence ends: a phrase never crosses one
const SENTENCE_END = /[.!?;:]+(?=\s|$)|\n+/;

export function failureModes(arms: readonly ArmAnswers[], options: FailureModeOptions = {}): FailureModes {
  const { top = 5, minN = 2, maxN = 4, sample = 200, seed = 0, maxWords = 30 } = options;
  const samples = arms.map((arm, i) => seededSample(arm.texts, sample, `${seed}:${i}`));
  const { phrases, counts } = options.phrases
    ? countGiven(samples, [...new Set(options.phrases.map((p) => tokenize(p).join(" ")).filter(Boolean))])
    : findPhrases(samples, { top, minN, maxN });
  return {
    arms: arms.map(({ arm, texts }, i) => {
      let evasive = 0,
        characters = 0;
      for (const text of texts) {
        if (fewWords(text, maxWords) && isEvasive(text, options)) evasive++;
        characters += text.length;
      }
      const n = texts.length;
      return {
        arm,
        answers: n,
        evasive,
        evasiveShare: n > 0 ? evasive / n : null,
        meanLength: n > 0 ? characters / n : null,
        sampled: samples[i].length,
      };
    }),
    phrases: phrases.map((phrase, p) => ({
      phrase,
      counts: counts[p],
      shares: counts[p].map((c, a) => (samples[a].length > 0 ? c / samples[a].length : 0)),
    })),
  };
}

/** Up to `size` of the texts, drawn without replacement by a seeded partial Fisher-Yates shuffle, in their original order. */
export function seededSample<T>(items: readonly T[], size: number, seed: number | string): T[] {
  if (items.length <= size) return [...items];
  const random = new SeededRandom(seed);
  const order = Int32Array.from({ length: items.length }, (_, i) => i);
  for (let i = 0; i < size; i++) {
    const j = i + random.below(items.length - i);
    const swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }
  return Array.from(order.subarray(0, size))
    .sort((a, b) => a - b)
    .map((i) => items[i]);
}

/**
 * isEvasive counts the whitespace-separated pieces holding a letter or digit and clears any answer
 * of more than maxWords: the same count, stopped as soon as it passes maxWords, spares the long
 * answers (nearly all) its lower-casing and regular expressions. The result is isEvasive's.
 */
export function fewWords(text: string, maxWords: number): boolean {
  const pieces = /\S+/g;
  let words = 0;
  for (let match = pieces.exec(text); match; match = pieces.exec(text)) {
    if (/[\p{L}\p{N}]/u.test(match[0]) && ++words > maxWords) return false;
  }
  return true;
}

/**
 * For each arm, the `top` phrases whose share grows most from the other arms' pooled answers to
 * its own (growth > 0 only), from one ngramGrowth pass over all arms' samples; the union, most
 * growth first. Counts are per arm in the samples.
 */
function findPhrases(samples: readonly string[][], options: { top: number; minN: number; maxN: number }): { phrases: string[]; counts: number[][] } {
  if (samples.length < 2) return { phrases: [], counts: [] };
  const all = ngramGrowth(
    samples.map((texts, key) => ({ key, texts: [...texts] })),
    { ...options, minCount: 2, top: Infinity },
  );
  const sizes = samples.map((texts) => texts.length);
  const total = sizes.reduce((sum, n) => sum + n, 0);
  const chosen = new Map<string, { counts: number[]; growth: number }>();
  samples.forEach((_, a) => {
    const rest = total - sizes[a];
    const growthOf = (counts: number[]) => {
      const own = sizes[a] > 0 ? counts[a] / sizes[a] : 0;
      const others = rest > 0 ? (counts.reduce((sum, c) => sum + c, 0) - counts[a]) / rest : 0;
      return own - others;
    };
    all
      .map((phrase) => ({ phrase: phrase.phrase, counts: phrase.counts, growth: growthOf(phrase.counts) }))
      .filter((p) => p.growth > 0)
      .sort((p, q) => q.growth - p.growth || (p.phrase < q.phrase ? -1 : p.phrase > q.phrase ? 1 : 0))
      .slice(0, options.top)
      .forEach((p) => {
        const known = chosen.get(p.phrase);
        if (!known || known.growth < p.growth) chosen.set(p.phrase, { counts: p.counts, growth: p.growth });
      });
  });
  const ordered = [...chosen].sort(([p, x], [q, y]) => y.growth - x.growth || (p < q ? -1 : 1));
  return { phrases: ordered.map(([phrase]) => phrase), counts: ordered.map(([, v]) => v.counts) };
}

/** counts[phrase][arm]: the arm's texts holding the phrase's words in order within one sentence. */
function countGiven(samples: readonly string[][], phrases: string[]): { phrases: string[]; counts: number[][] } {
  const counts = phrases.map(() => samples.map(() => 0));
  if (phrases.length === 0) return { phrases, counts };
  const byFirstWord = new Map<string, { id: number; words: string[] }[]>();
  phrases.forEach((phrase, id) => {
    const words = phrase.split(" ");
    byFirstWord.set(words[0], [...(byFirstWord.get(words[0]) ?? []), { id, words }]);
  });
  const seen = new Int32Array(phrases.length).fill(-1);
  let textIndex = 0;
  samples.forEach((texts, arm) => {
    for (const text of texts) {
      textIndex++;
      for (const sentence of text.split(SENTENCE_END)) {
        const words = tokenize(sentence);
        for (let i = 0; i < words.length; i++) {
          const candidates = byFirstWord.get(words[i]);
          if (!candidates) continue;
          for (const { id, words: phrase } of candidates) {
            if (seen[id] === textIndex || i + phrase.length > words.length) continue;
            let match = true;
            for (let k = 1; k < phrase.length && match; k++) match = words[i + k] === phrase[k];
            if (match) {
              seen[id] = textIndex;
              counts[id][arm]++;
            }
          }
        }
      }
    }
  });
  return { phrases, counts };
}
