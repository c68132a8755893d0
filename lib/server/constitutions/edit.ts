import "server-only";
import type pg from "pg";
import type { FewShot } from "@/lib/formats/constitution";
import type {
  CreateConstitutionInput,
  FewShotKindName,
  SaveVersionInput,
  SaveVersionResult,
  VersionContentInput,
  VersionEditState,
} from "@/lib/schemas/constitutions";
import { ConflictError, NotFoundError } from "../errors";
import { recordAudit, type Actor } from "../audit/record";
import { inTransaction, pgPool } from "../pg";
import { insertVersion, insertVersionContent, versionContent, versionHash, type VersionContent } from "./store";

// Editing constitutions in the browser. The rule that keeps results traceable: a version that a
// run, a chain or an AI label points at is frozen, and saving an edit of it makes version n+1.
// Only the latest version, while nothing uses it, is changed in place (a draft being written).
// Versions made by an import are frozen too, so the import's record keeps saying what the file held.

type Db = pg.ClientBase;

export async function createConstitution(input: CreateConstitutionInput, by: Actor = {}): Promise<{ constitutionId: number; versionId: number }> {
  return inTransaction(async (db) => {
    const source = input.copyFromVersionId ? await versionHeader(db, input.copyFromVersionId) : undefined;
    const content = source ? await versionContent(db, source.id) : { critiqueRevision: [], preference: [], fewShots: [] };
    const { rows } = await db.query<{ id: number }>(
      `INSERT INTO "Constitution" (name, description) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING id`,
      [input.name, input.description],
    );
    if (rows.length === 0) throw new ConflictError(`name: a constitution named "${input.name}" already exists`);
    const constitutionId = rows[0].id;
    const note = source ? `Copied from ${source.name} v${source.version}` : "Started empty";
    const versionId = await insertVersion(db, { constitutionId, version: 1, note, content });
    await recordAudit(db, { ...by, action: "constitution.create", entityType: "constitution", entityId: constitutionId, after: { name: input.name, note, versionId } });
    return { constitutionId, versionId };
  });
}

/** Saves an edit of version `versionId`: in place when allowed, else as the constitution's next version. */
export async function saveConstitutionVersion(versionId: number, input: SaveVersionInput, by: Actor = {}): Promise<SaveVersionResult> {
  return inTransaction(async (db): Promise<SaveVersionResult> => {
    const result = await saveVersion(db, versionId, input);
    if (result.outcome !== "unchanged") {
      await recordAudit(db, {
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

async function saveVersion(db: Db, versionId: number, input: SaveVersionInput): Promise<SaveVersionResult> {
  const header = await versionHeader(db, versionId);
  // Lock order: constitution, then version (an import locks the constitution first too). The
  // constitution lock serialises saves, so two editors never both make version n+1; the version
  // lock (FOR UPDATE) waits for, and then sees, any run being started on it at this moment.
  await db.query(`SELECT id FROM "Constitution" WHERE id = $1 FOR UPDATE`, [header.constitutionId]);
  await db.query(`SELECT id FROM "ConstitutionVersion" WHERE id = $1 FOR UPDATE`, [versionId]);
  const content = canonicalContent(input.content);
  const base = { versionId, version: header.version, editedVersion: header.version };
  if (versionHash(await versionContent(db, versionId)) === versionHash(content)) return { ...base, outcome: "unchanged" };

  const state = await editState(db, versionId);
  if (!state.frozen && state.isLatest) {
    await db.query(`DELETE FROM "Principle" WHERE "versionId" = $1`, [versionId]);
    await db.query(`DELETE FROM "FewShotExample" WHERE "versionId" = $1`, [versionId]);
    await insertVersionContent(db, versionId, content);
    await db.query(`UPDATE "ConstitutionVersion" SET "contentHash" = $2, note = CASE WHEN $3 = '' THEN note ELSE $3 END WHERE id = $1`, [
      versionId,
      versionHash(content),
      input.note,
    ]);
    return { ...base, outcome: "in-place" };
  }
  const version = state.latestVersion + 1;
  const note = input.note || `Edited from v${header.version}`;
  const newId = await insertVersion(db, { constitutionId: header.constitutionId, version, note, content });
  return { versionId: newId, version, editedVersion: header.version, outcome: "new-version" };
}

/** Whether a save would change version `versionId` in place, and why not. */
export async function versionEditState(versionId: number): Promise<VersionEditState> {
  const client = await pgPool().connect();
  try {
    return await editState(client, versionId);
  } finally {
    client.release();
  }
}

async function editState(db: Db, versionId: number): Promise<VersionEditState> {
  // EXISTS, not counts: at paper scale a version has 700k chain steps and only "any?" matters here
  const { rows } = await db.query<{
    runs: number;
    chains: boolean;
    steps: boolean;
    labels: boolean;
    importId: number | null;
    version: number;
    latest: number;
  }>(
    `SELECT
       (SELECT count(*)::int FROM "Run" WHERE "constitutionVersionId" = v.id) AS runs,
       EXISTS (SELECT 1 FROM "Chain" WHERE "constitutionVersionId" = v.id) AS chains,
       EXISTS (SELECT 1 FROM "ChainStep" s JOIN "Principle" p ON p.id = s."principleId" WHERE p."versionId" = v.id) AS steps,
       EXISTS (SELECT 1 FROM "AiLabel" l JOIN "Principle" p ON p.id = l."principleId" WHERE p."versionId" = v.id) AS labels,
       v."importId", v.version,
       (SELECT max(version) FROM "ConstitutionVersion" WHERE "constitutionId" = v."constitutionId") AS latest
     FROM "ConstitutionVersion" v WHERE v.id = $1`,
    [versionId],
  );
  if (rows.length === 0) throw new NotFoundError(`There is no constitution version #${versionId}.`);
  const row = rows[0];
  const reasons = [
    row.runs > 0 && `${row.runs} run${row.runs === 1 ? " has" : "s have"} used it`,
    (row.chains || row.steps) && "chains were made with its principles",
    row.labels && "AI labels were made with its principles",
    row.importId !== null && `import #${row.importId} made it`,
  ].filter((reason): reason is string => typeof reason === "string");
  return { frozen: reasons.length > 0, reasons, isLatest: row.version === row.latest, latestVersion: row.latest };
}

async function versionHeader(db: Db, versionId: number) {
  const { rows } = await db.query<{ id: number; version: number; constitutionId: number; name: string }>(
    `SELECT v.id, v.version, v."constitutionId", c.name FROM "ConstitutionVersion" v JOIN "Constitution" c ON c.id = v."constitutionId" WHERE v.id = $1`,
    [versionId],
  );
  if (rows.length === 0) throw new NotFoundError(`There is no constitution version #${versionId}.`);
  return rows[0];
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
