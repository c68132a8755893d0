import { z } from "zod";

// Editing constitutions in the browser: the version editor checks its fields with these schemas
// before sending, and the routes parse with the same ones. Texts are kept exactly as typed (no
// trimming): whitespace is part of what the model sees, and an untouched version must hash the same.

const id = z.number().int().positive().max(2_147_483_647);

const nonBlank = (what: string) =>
  z
    .string({ error: `${what} must be text` })
    .max(20_000, `${what} is too long (at most 20,000 characters)`)
    .refine((text) => text.trim() !== "", `${what} is empty`);

const principleKey = z
  .string({ error: "the key must be text" })
  .max(100, "the key is too long (at most 100 characters)")
  .refine((key) => key.trim() !== "", "give the principle a key, e.g. harm")
  .refine((key) => key === key.trim(), "the key must not start or end with a space");

export const critiqueRevisionPairSchema = z.object({
  key: principleKey,
  critiqueRequest: nonBlank("the critique request"),
  revisionRequest: nonBlank("the revision request"),
});

export const preferencePrincipleSchema = z.object({
  key: principleKey,
  text: nonBlank("the question"),
});

export const FEW_SHOT_KINDS = ["CRITIQUE_REVISION", "PREFERENCE", "PREFERENCE_COT"] as const;
export type FewShotKindName = (typeof FEW_SHOT_KINDS)[number];

export const fewShotSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("CRITIQUE_REVISION"), content: z.object({ transcript: nonBlank("the transcript") }) }),
  z.object({ kind: z.literal("PREFERENCE_COT"), content: z.object({ transcript: nonBlank("the transcript") }) }),
  z.object({
    kind: z.literal("PREFERENCE"),
    content: z.object({ prompt: nonBlank("the prompt"), corrects: z.array(z.string()).max(50), incorrects: z.array(z.string()).max(50) }),
  }),
]);

export type FewShotInput = z.infer<typeof fewShotSchema>;

export const versionContentSchema = z
  .object({
    critiqueRevision: z.array(critiqueRevisionPairSchema).max(1000),
    preference: z.array(preferencePrincipleSchema).max(1000),
    fewShots: z.array(fewShotSchema).max(200),
  })
  .superRefine((content, context) => {
    // Chain steps and labels find their principle by key within a version, so keys are unique
    for (const list of ["critiqueRevision", "preference"] as const) {
      const seen = new Map<string, number>();
      content[list].forEach((principle, index) => {
        const first = seen.get(principle.key);
        if (first !== undefined) {
          context.addIssue({ code: "custom", path: [list, index, "key"], message: `the key "${principle.key}" is already used by principle ${first + 1}` });
        } else seen.set(principle.key, index);
      });
    }
  });

export type VersionContentInput = z.infer<typeof versionContentSchema>;

export const saveVersionSchema = z.object({
  /** what changed; becomes the version's note */
  note: z.string().trim().max(500, "the note is too long (at most 500 characters)").default(""),
  content: versionContentSchema,
});

export type SaveVersionInput = z.infer<typeof saveVersionSchema>;

export const createConstitutionSchema = z.object({
  name: z.string().trim().min(1, "give the constitution a name").max(200, "the name is too long (at most 200 characters)"),
  description: z.string().trim().max(2000, "the description is too long").default(""),
  /** start as a copy of this version; empty when absent */
  copyFromVersionId: id.optional(),
});

export type CreateConstitutionInput = z.infer<typeof createConstitutionSchema>;

/** How a save ended: an unused latest version is changed in place, a frozen one gets a successor. */
export type SaveOutcome = "in-place" | "new-version" | "unchanged";

export interface SaveVersionResult {
  outcome: SaveOutcome;
  versionId: number;
  version: number;
  /** the version that was edited (the page the save came from) */
  editedVersion: number;
}

export interface VersionEditState {
  /** true when runs, chains or labels point at it (or an import made it): a save makes a new version */
  frozen: boolean;
  reasons: string[];
  isLatest: boolean;
  latestVersion: number;
}

/** Field errors keyed "critiqueRevision.2.key", for showing each message under its field. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.join(".");
    errors[path] ??= issue.message;
  }
  return errors;
}
