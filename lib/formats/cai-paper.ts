import { nonBlankStringAt, nonEmptyArrayAt, numberAt, objectAt, stringAt, tagsAt } from "./fields";
import { FieldError } from "./problems";
import type { ImportRecord, PrincipleText } from "./records";
import { checkConversation } from "./prompts";
import { parseTranscript } from "./transcript";

// The Constitutional AI paper's supplementary sample files. Both carry the red-team prompt as a
// raw transcript in "rl_prompt" and its source in "comparison_dataset" (kept as a tag).
//   SL-CAI chains: initial_response[0].sample, then cst[i] = {cst_key, cst_value: {prompt: [critique
//                  request], edit_request}, critique: {sample}, revision: {sample}}
//   RL samples:    sampled_answers[i] = {sampled_string, pm_scores: [{pm_score}]}

export function slChainRecord(row: unknown, line: number): ImportRecord {
  const fields = objectAt(row);
  const initial = objectAt(nonEmptyArrayAt(fields.initial_response, "initial_response")[0], "initial_response[0]");
  const steps = nonEmptyArrayAt(fields.cst, "cst").map((raw, i) => {
    const at = `cst[${i}]`;
    const step = objectAt(raw, at);
    const value = objectAt(step.cst_value, `${at}.cst_value`);
    const principle: PrincipleText = {
      key: nonBlankStringAt(step.cst_key, `${at}.cst_key`),
      critiqueRequest: cleanRequest(nonEmptyArrayAt(value.prompt, `${at}.cst_value.prompt`)[0], `${at}.cst_value.prompt[0]`, "CritiqueRequest"),
      revisionRequest: cleanRequest(value.edit_request, `${at}.cst_value.edit_request`, "RevisionRequest"),
    };
    return {
      principle,
      critique: stringAt(objectAt(step.critique, `${at}.critique`).sample, `${at}.critique.sample`),
      revision: stringAt(objectAt(step.revision, `${at}.revision`).sample, `${at}.revision.sample`),
    };
  });
  return {
    line,
    ...promptOf(fields),
    chain: { initial: stringAt(initial.sample, "initial_response[0].sample"), steps },
  };
}

export function rlSamplesRecord(row: unknown, line: number): ImportRecord {
  const fields = objectAt(row);
  const samples = nonEmptyArrayAt(fields.sampled_answers, "sampled_answers").map((raw, i) => {
    const at = `sampled_answers[${i}]`;
    const sample = objectAt(raw, at);
    const scores = sample.pm_scores === undefined ? [] : nonEmptyArrayAt(sample.pm_scores, `${at}.pm_scores`);
    return {
      text: stringAt(sample.sampled_string, `${at}.sampled_string`),
      scores: scores.map((s, k) => numberAt(objectAt(s, `${at}.pm_scores[${k}]`).pm_score, `${at}.pm_scores[${k}].pm_score`)),
    };
  });
  return { line, ...promptOf(fields), samples };
}

function promptOf(fields: Record<string, unknown>) {
  const turns = parseTranscript(nonBlankStringAt(fields.rl_prompt, "rl_prompt"));
  checkConversation(turns, "rl_prompt");
  return { turns, tags: tagsAt(fields.comparison_dataset, "comparison_dataset") };
}

type RequestLabel = "CritiqueRequest" | "RevisionRequest";
const REQUEST_PATTERNS: Record<RequestLabel, { prefix: RegExp; suffix: RegExp }> = {
  CritiqueRequest: { prefix: /^\s*CritiqueRequest:\s*/, suffix: /\s*Critique:\s*$/ },
  RevisionRequest: { prefix: /^\s*RevisionRequest:\s*/, suffix: /\s*Revision:\s*$/ },
};

/**
 * "\n\nCritiqueRequest: Identify ...\n\nCritique:" -> "Identify ...". The studio stores the request
 * itself; the prompt builder puts the labels back in whichever format a run uses.
 */
export function cleanRequest(value: unknown, field: string, label: RequestLabel): string {
  const { prefix, suffix } = REQUEST_PATTERNS[label];
  const cleaned = stringAt(value, field).replace(prefix, "").replace(suffix, "").trim();
  if (!cleaned) throw new FieldError(field, "is empty");
  return cleaned;
}
