import "server-only";
import { sql, type Kysely } from "kysely";
import type pg from "pg";
import type { FewShot } from "@/lib/formats/constitution";
import type { CreateConstitutionInput, FewShotKindName, SaveVersionInput, SaveVersionResult, VersionContentInput, VersionEditState } from "@/lib/schemas/constitutions";
import { ConflictError, NotFoundError } from "../errors";
import { recordAudit, type Actor } from "../audit/record";
import type { DB } from "@/lib/generated/db/types";
import { db, dbOn } from "../db";
import { inTransaction } from "../pg";
import { insertConstitutionIfNew, insertVersion, insertVersionContent, versionContent, versionHash, type VersionContent } from "./store";

// Editing constitutions in the browser. The rule that keeps results traceable: a version that a
// run, a chain or an AI label points at is frozen, and saving an edit of it makes version n+1.
// Only the latest version, while nothing uses it, is changed in place (a draft being written).
// Versions made by an import are frozen too, so the import's record keeps saying what the file held.

type Db = pg.ClientBase;

export async function createConstitution(input: CreateConstitutionInput, by: Actor = {}): Promise<{ constitutionId: number; versionId: number }> {
  return inTransaction(async (client) => {
    const source = input.copyFromVersionId ? await versionHeader(client, input.copyFromVersionId) : undefined;
    const content = source ? await versionContent(client, source.id) : { critiqueRevision: [], preference: [], fewShots: [] };
    const constitutionId = await insertConstitutionIfNew(client, input.name, input.description);
    if (constitutionId === undefined) throw ConflictError.about("name", `a constitution named "${input.name}" already exists`);
    const note = source ? `Copied from ${source.name} v${source.version}` : "Started empty";
    const versionId = await insertVersion(client, { constitutionId, version: 1, note, content });
    await recordAudit(client, { ...by, action: "constitution.create", entityType: "constitution", entityId: constitutionId, after: { name: input.name, note, versionId } });
    return { constitutionId, versionId };
  });
}

/** Saves an edit of version `versionId`: in place when allowed, else as the constitution's next version. */
export async function saveConstitutionVersion(versionId: number, input: SaveVersionInput, by: Actor = {}): Promise<SaveVersionResult> {
  return inTransaction(async (client): Promise<SaveVersionResult> => {
    const result = await saveVersion(client, versionId, input);
    if (result.outcome !== "unchanged") {
      await recordAudit(client, {
        ...by,
        action: result.outcome === "in-place" ? "constitution.edit" : "constitution.version",
        entityType: "constitution-version",
        entityId: versionId,
        before: { version: result.editedVersion },
        after: { versionId: result.versionId, version: result.version, principles: input.content.critiqueRevision.length + input.content.preference.length },
      });
    }
    return result;
  }).catch((error: unknown) => {
    // a chain step or label that arrived between our check and the delete: the foreign key refused it
    if ((error as { code?: unknown })?.code === "23503") {
      throw new ConflictError("This version was used by a run while you saved it, so it was not changed. Save again to make a new version.");
    }
    throw error;
  });
}

async function saveVersion(client: Db, versionId: number, input: SaveVersionInput): Promise<SaveVersionResult> {
  const header = await versionHeader(client, versionId);
  // Lock order: constitution, then version (an import locks the constitution first too). The
  // constitution lock serialises saves, so two editors never both make version n+1; the version
  // lock (FOR UPDATE) waits for, and then sees, any run being started on it at this moment.
  await dbOn(client).selectFrom("Constitution").select("id").where("id", "=", header.constitutionId).forUpdate().execute();
  await dbOn(client).selectFrom("ConstitutionVersion").select("id").where("id", "=", versionId).forUpdate().execute();
  const content = canonicalContent(input.content);
  const base = { versionId, version: header.version, editedVersion: header.version };
  if (versionHash(await versionContent(client, versionId)) === versionHash(content)) return { ...base, outcome: "unchanged" };

  const state = await editState(dbOn(client), versionId);
  if (!state.frozen && state.isLatest) {
    await dbOn(client).deleteFrom("Principle").where("versionId", "=", versionId).execute();
    await dbOn(client).deleteFrom("FewShotExample").where("versionId", "=", versionId).execute();
    await insertVersionContent(client, versionId, content);
    // an empty note keeps the one the version has
    await dbOn(client)
      .updateTable("ConstitutionVersion")
      .set({ contentHash: versionHash(content), ...(input.note === "" ? {} : { note: input.note }) })
      .where("id", "=", versionId)
      .execute();
    return { ...base, outcome: "in-place" };
  }
  const version = state.latestVersion + 1;
  const note = input.note || `Edited from v${header.version}`;
  const newId = await insertVersion(client, { constitutionId: header.constitutionId, version, note, content });
  return { versionId: newId, version, editedVersion: header.version, outcome: "new-version" };
}

/** Whether a save would change version `versionId` in place, and why not. */
export async function versionEditState(versionId: number): Promise<VersionEditState> {
  return editState(db, versionId);
}

async function editState(on: Kysely<DB>, versionId: number): Promise<VersionEditState> {
  // EXISTS, not counts: at paper scale a version has 700k chain steps and only "any?" matters here
  const row = await on
    .selectFrom("ConstitutionVersion as v")
    .select([
      sql<number>`(SELECT count(*)::int FROM "Run" WHERE "constitutionVersionId" = v.id)`.as("runs"),
      sql<boolean>`EXISTS (SELECT 1 FROM "Chain" WHERE "constitutionVersionId" = v.id)`.as("chains"),
      sql<boolean>`EXISTS (SELECT 1 FROM "ChainStep" s JOIN "Principle" p ON p.id = s."principleId" WHERE p."versionId" = v.id)`.as("steps"),
      sql<boolean>`EXISTS (SELECT 1 FROM "AiLabel" l JOIN "Principle" p ON p.id = l."principleId" WHERE p."versionId" = v.id)`.as("labels"),
      "v.importId",
      "v.version",
      sql<number>`(SELECT max(version) FROM "ConstitutionVersion" WHERE "constitutionId" = v."constitutionId")`.as("latest"),
    ])
    .where("v.id", "=", versionId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError(`There is no constitution version #${versionId}.`);
  const reasons = [
    row.runs > 0 && `${row.runs} run${row.runs === 1 ? " has" : "s have"} used it`,
    (row.chains || row.steps) && "chains were made with its principles",
    row.labels && "AI labels were made with its principles",
    row.importId !== null && `import #${row.importId} made it`,
  ].filter((reason): reason is string => typeof reason === "string");
  return { frozen: reasons.length > 0, reasons, isLatest: row.version === row.latest, latestVersion: row.latest };
}

async function versionHeader(client: Db, versionId: number) {
  const header = await dbOn(client)
    .selectFrom("ConstitutionVersion as v")
    .innerJoin("Constitution as c", "c.id", "v.constitutionId")
    .select(["v.id", "v.version", "v.constitutionId", "c.name"])
    .where("v.id", "=", versionId)
    .executeTakeFirst();
  if (!header) throw new NotFoundError(`There is no constitution version #${versionId}.`);
  return header;
}

const FEW_SHOT_ORDER: FewShotKindName[] = ["CRITIQUE_REVISION", "PREFERENCE", "PREFERENCE_COT"];

/**
 * The content with fields in the order store.ts reads them back (and few-shots grouped by kind as
 * SQL orders them), so equal texts give equal hashes and an untouched version saves as unchanged.
 */
function canonicalContent(content: VersionContentInput): VersionContent {
  const fewShots: FewShot[] = content.fewShots
    .map((example, index) => ({ example, index }))
    .sort((a, b) => FEW_SHOT_ORDER.indexOf(a.example.kind) - FEW_SHOT_ORDER.indexOf(b.example.kind) || a.index - b.index)
    .map(({ example }) =>
      example.kind === "PREFERENCE"
        ? { kind: example.kind, content: { prompt: example.content.prompt, corrects: example.content.corrects, incorrects: example.content.incorrects } }
        : { kind: example.kind, content: { transcript: example.content.transcript } },
    );
  return {
    critiqueRevision: content.critiqueRevision.map((p) => ({ key: p.key, critiqueRequest: p.critiqueRequest, revisionRequest: p.revisionRequest })),
    preference: content.preference.map((p) => ({ key: p.key, text: p.text })),
    fewShots,
  };
}
