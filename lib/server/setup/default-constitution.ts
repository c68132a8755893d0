import "server-only";
import type pg from "pg";
import defaultConstitution from "@/lib/cai/default-constitution.json";
import { parseConstitutionFile } from "@/lib/formats/constitution";
import { insertConstitutionIfNew, insertVersion } from "../constitutions/store";

// The studio ships a constitution of its own so a first run needs no import. It is made once, as
// v1 of "Studio default"; if a constitution of that name exists (made earlier, or edited since),
// it is left exactly as it is.

export const DEFAULT_CONSTITUTION_NAME = "Studio default";

export interface DefaultConstitutionResult {
  created: boolean;
  constitutionId?: number;
  versionId?: number;
}

/**
 * Runs on `db` inside the caller's transaction. Two processes starting at once both try the
 * INSERT; the unique name makes the second wait for the first and then do nothing.
 */
export async function ensureDefaultConstitution(db: pg.ClientBase, name = DEFAULT_CONSTITUTION_NAME): Promise<DefaultConstitutionResult> {
  const constitutionId = await insertConstitutionIfNew(
    db,
    name,
    "The studio's own constitution: critique-revision pairs and preference principles in the spirit of the Constitutional AI paper.",
  );
  if (constitutionId === undefined) return { created: false };
  const parts = parseConstitutionFile(JSON.stringify(defaultConstitution), "lib/cai/default-constitution.json");
  const versionId = await insertVersion(db, {
    constitutionId,
    version: 1,
    note: "The studio's default constitution",
    content: { critiqueRevision: parts.critiqueRevision ?? [], preference: parts.preference ?? [], fewShots: parts.fewShots?.examples ?? [] },
  });
  return { created: true, constitutionId, versionId };
}
