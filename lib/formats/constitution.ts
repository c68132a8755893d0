import { arrayAt, nonBlankStringAt, nonEmptyArrayAt, objectAt, stringAt } from "./fields";
import { cleanRequest } from "./cai-paper";
import { FieldError, FormatError } from "./problems";
import type { PrincipleText } from "./records";

// Constitution files: the paper's principles and few-shot JSON files, or the studio's own
// {critiqueRevision, preference, fewShots} form. A file holds one or more of these parts; an import
// replaces those parts in a constitution's next version and keeps the others.

export type FewShotKind = "CRITIQUE_REVISION" | "PREFERENCE" | "PREFERENCE_COT";

export interface PreferencePrinciple {
  key: string;
  text: string;
}

export interface FewShot {
  kind: FewShotKind;
  content: { transcript: string } | { prompt: string; corrects: string[]; incorrects: string[] };
}

export interface ConstitutionParts {
  critiqueRevision?: PrincipleText[];
  preference?: PreferencePrinciple[];
  fewShots?: { kind: FewShotKind; examples: FewShot[] };
}

export function parseConstitutionFile(text: string, file: string): ConstitutionParts {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new FormatError(file, { line: lineOfJsonError(text, error as Error), message: `is not valid JSON (${(error as Error).message})` });
  }
  try {
    const parts = constitutionParts(value);
    if (!parts.critiqueRevision && !parts.preference && !parts.fewShots) {
      throw new FieldError(undefined, "holds no principles or few-shot examples this studio recognises");
    }
    return parts;
  } catch (error) {
    if (error instanceof FieldError) throw new FormatError(file, { line: 1, field: error.field, message: error.message });
    throw error;
  }
}

function constitutionParts(value: unknown): ConstitutionParts {
  if (Array.isArray(value)) return arrayParts(value);
  const fields = objectAt(value);
  if ("critiqueRevision" in fields || "preference" in fields || "fewShots" in fields) return studioParts(fields);
  // the paper's CritiqueRevisionInstructions.json: {"harmful0": {"prompt": [...], "edit_request": ...}}
  return {
    critiqueRevision: Object.entries(fields).map(([key, raw]) => {
      const entry = objectAt(raw, key);
      return {
        key,
        critiqueRequest: cleanRequest(nonEmptyArrayAt(entry.prompt, `${key}.prompt`)[0], `${key}.prompt[0]`, "CritiqueRequest"),
        revisionRequest: cleanRequest(entry.edit_request, `${key}.edit_request`, "RevisionRequest"),
      };
    }),
  };
}

function arrayParts(items: unknown[]): ConstitutionParts {
  if (items.length === 0) throw new FieldError(undefined, "is an empty array");
  if (items.every((item) => typeof item === "string")) {
    const strings = items as string[];
    if (strings.some((s) => s.includes("CritiqueRequest:"))) {
      return { fewShots: { kind: "CRITIQUE_REVISION", examples: strings.map((transcript) => ({ kind: "CRITIQUE_REVISION", content: { transcript } })) } };
    }
    // the paper's RLMadisonInstructions.json: preference questions ending with "Options:"
    return { preference: strings.map((s, i) => ({ key: `preference${i}`, text: cleanPreference(s, `[${i}]`) })) };
  }
  const examples = items.map((raw, i) => objectAt(raw, `[${i}]`));
  if (examples.every((e) => "corrects" in e)) {
    return {
      fewShots: {
        kind: "PREFERENCE",
        examples: examples.map((e, i) => ({
          kind: "PREFERENCE",
          content: {
            prompt: stringAt(e.prompt, `[${i}].prompt`),
            corrects: arrayAt(e.corrects, `[${i}].corrects`).map((c, k) => stringAt(c, `[${i}].corrects[${k}]`)),
            incorrects: arrayAt(e.incorrects, `[${i}].incorrects`).map((c, k) => stringAt(c, `[${i}].incorrects[${k}]`)),
          },
        })),
      },
    };
  }
  // the paper's RLMadisonPrecogFewShotPrompts.json: chain-of-thought transcripts under "prompt"
  return {
    fewShots: {
      kind: "PREFERENCE_COT",
      examples: examples.map((e, i) => ({ kind: "PREFERENCE_COT", content: { transcript: nonBlankStringAt(e.prompt, `[${i}].prompt`) } })),
    },
  };
}

function studioParts(fields: Record<string, unknown>): ConstitutionParts {
  const parts: ConstitutionParts = {};
  if (fields.critiqueRevision !== undefined) {
    parts.critiqueRevision = arrayAt(fields.critiqueRevision, "critiqueRevision").map((raw, i) => {
      const at = `critiqueRevision[${i}]`;
      const p = objectAt(raw, at);
      return {
        key: nonBlankStringAt(p.key, `${at}.key`),
        critiqueRequest: nonBlankStringAt(p.critiqueRequest, `${at}.critiqueRequest`),
        revisionRequest: nonBlankStringAt(p.revisionRequest, `${at}.revisionRequest`),
      };
    });
  }
  if (fields.preference !== undefined) {
    parts.preference = arrayAt(fields.preference, "preference").map((raw, i) => {
      const p = objectAt(raw, `preference[${i}]`);
      return { key: nonBlankStringAt(p.key, `preference[${i}].key`), text: nonBlankStringAt(p.text, `preference[${i}].text`) };
    });
  }
  if (fields.fewShots !== undefined) {
    const nested = arrayParts(arrayAt(fields.fewShots, "fewShots"));
    if (!nested.fewShots) throw new FieldError("fewShots", "must hold few-shot examples");
    parts.fewShots = nested.fewShots;
  }
  for (const key of ["critiqueRevision", "preference"] as const) {
    const seen = new Set<string>();
    for (const p of parts[key] ?? []) {
      if (seen.has(p.key)) throw new FieldError(key, `key "${p.key}" appears twice`);
      seen.add(p.key);
    }
  }
  return parts;
}

function cleanPreference(text: string, field: string): string {
  const cleaned = text
    .trim()
    .replace(/\s*Options:\s*$/, "")
    .trim();
  if (!cleaned) throw new FieldError(field, "is empty");
  return cleaned;
}

function lineOfJsonError(text: string, error: Error): number {
  const position = /position (\d+)/.exec(error.message);
  if (!position) return 1;
  return text.slice(0, Number(position[1])).split("\n").length;
}
