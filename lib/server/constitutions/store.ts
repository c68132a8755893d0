import "server-only";
import type pg from "pg";
import type { ConstitutionParts, FewShot } from "@/lib/formats/constitution";
import type { PreferencePrinciple } from "@/lib/formats/constitution";
import type { PrincipleText } from "@/lib/formats/records";
import { sha256 } from "../hashing";

// Writes constitution versions in SQL on a caller's connection, so an import can create them inside
// its own transaction. Versions are append-only: a change makes version n+1, an unchanged import
// makes nothing.

type Db = pg.ClientBase;

export interface VersionContent {
  critiqueRevision: PrincipleText[];
  preference: PreferencePrinciple[];
  fewShots: FewShot[];
}

export function critiquePrincipleHash(p: Omit<PrincipleText, "key">): string {
  return sha256(JSON.stringify(["CRITIQUE_REVISION", p.critiqueRequest, p.revisionRequest]));
}

export function preferencePrincipleHash(p: Omit<PreferencePrinciple, "key">): string {
  return sha256(JSON.stringify(["PREFERENCE", p.text]));
}

export function versionHash(content: VersionContent): string {
  return sha256(JSON.stringify([content.critiqueRevision, content.preference, content.fewShots]));
}

export interface SavedVersion {
  constitutionId: number;
  versionId: number;
  version: number;
  /** true when the content equals the latest version's and no version was made */
  unchanged: boolean;
}

/** Makes the next version of `name` (creating the constitution if needed) from `parts`; parts the
 *  file does not hold are carried over from the latest version. */
export async function saveConstitutionParts(
  db: Db,
  input: { name: string; parts: ConstitutionParts; note: string; importId?: number },
): Promise<SavedVersion> {
  const constitutionId = await ensureConstitution(db, input.name);
  const latest = await latestVersion(db, constitutionId);
  const content: VersionContent = {
    critiqueRevision: input.parts.critiqueRevision ?? latest?.content.critiqueRevision ?? [],
    preference: input.parts.preference ?? latest?.content.preference ?? [],
    fewShots: mergeFewShots(latest?.content.fewShots ?? [], input.parts.fewShots),
  };
  if (latest && versionHash(content) === latest.contentHash) {
    return { constitutionId, versionId: latest.id, version: latest.version, unchanged: true };
  }
  const version = (latest?.version ?? 0) + 1;
  const versionId = await insertVersion(db, { constitutionId, version, note: input.note, importId: input.importId, content });
  return { constitutionId, versionId, version, unchanged: false };
}

export async function ensureConstitution(db: Db, name: string, description = ""): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO "Constitution" (name, description) VALUES ($1, $2)
     ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    [name, description],
  );
  return rows[0].id;
}

export async function insertVersion(
  db: Db,
  v: { constitutionId: number; version: number; note: string; importId?: number; content: VersionContent },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO "ConstitutionVersion" ("constitutionId", version, note, "contentHash", "importId")
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [v.constitutionId, v.version, v.note, versionHash(v.content), v.importId ?? null],
  );
  const versionId = rows[0].id;
  await insertVersionContent(db, versionId, v.content);
  return versionId;
}

/** Fills an empty version with principles and few-shot examples (positions in the order given). */
export async function insertVersionContent(db: Db, versionId: number, content: VersionContent): Promise<void> {
  await insertCritiquePrinciples(db, versionId, content.critiqueRevision, 0);
  const preference = content.preference;
  if (preference.length > 0) {
    await db.query(
      `INSERT INTO "Principle" ("versionId", kind, key, position, text, "contentHash")
       SELECT $1, 'PREFERENCE', key, position, text, hash
       FROM unnest($2::text[], $3::int[], $4::text[], $5::text[]) AS p(key, position, text, hash)`,
      [versionId, preference.map((p) => p.key), preference.map((_, i) => i), preference.map((p) => p.text), preference.map(preferencePrincipleHash)],
    );
  }
  const fewShots = content.fewShots;
  if (fewShots.length > 0) {
    await db.query(
      `INSERT INTO "FewShotExample" ("versionId", kind, position, content)
       SELECT $1, kind::"FewShotKind", position, content
       FROM unnest($2::text[], $3::int[], $4::jsonb[]) AS f(kind, position, content)`,
      [versionId, fewShots.map((f) => f.kind), fewShots.map((_, i) => i), fewShots.map((f) => JSON.stringify(f.content))],
    );
  }
}

/** Adds critique-revision principles to a version; returns their ids in order. */
export async function insertCritiquePrinciples(db: Db, versionId: number, principles: PrincipleText[], firstPosition: number): Promise<number[]> {
  if (principles.length === 0) return [];
  const { rows } = await db.query<{ id: number; key: string }>(
    `INSERT INTO "Principle" ("versionId", kind, key, position, "critiqueRequest", "revisionRequest", "contentHash")
     SELECT $1, 'CRITIQUE_REVISION', key, position, critique, revision, hash
     FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[]) AS p(key, position, critique, revision, hash)
     RETURNING id, key`,
    [
      versionId,
      principles.map((p) => p.key),
      principles.map((_, i) => firstPosition + i),
      principles.map((p) => p.critiqueRequest),
      principles.map((p) => p.revisionRequest),
      principles.map(critiquePrincipleHash),
    ],
  );
  const idByKey = new Map(rows.map((r) => [r.key, r.id]));
  return principles.map((p) => idByKey.get(p.key)!);
}

async function latestVersion(db: Db, constitutionId: number) {
  const { rows } = await db.query<{ id: number; version: number; contentHash: string }>(
    `SELECT id, version, "contentHash" FROM "ConstitutionVersion" WHERE "constitutionId" = $1 ORDER BY version DESC LIMIT 1`,
    [constitutionId],
  );
  if (rows.length === 0) return undefined;
  return { ...rows[0], content: await versionContent(db, rows[0].id) };
}

export async function versionContent(db: Db, versionId: number): Promise<VersionContent> {
  const principles = await db.query<{ kind: string; key: string; critiqueRequest: string; revisionRequest: string; text: string }>(
    `SELECT kind, key, "critiqueRequest", "revisionRequest", text FROM "Principle" WHERE "versionId" = $1 ORDER BY kind, position`,
    [versionId],
  );
  const fewShots = await db.query<FewShot>(
    `SELECT kind, content FROM "FewShotExample" WHERE "versionId" = $1 ORDER BY kind, position`,
    [versionId],
  );
  return {
    critiqueRevision: principles.rows
      .filter((p) => p.kind === "CRITIQUE_REVISION")
      .map(({ key, critiqueRequest, revisionRequest }) => ({ key, critiqueRequest, revisionRequest })),
    preference: principles.rows.filter((p) => p.kind === "PREFERENCE").map(({ key, text }) => ({ key, text })),
    fewShots: fewShots.rows.map(({ kind, content }) => ({ kind, content })),
  };
}

const FEW_SHOT_ORDER = ["CRITIQUE_REVISION", "PREFERENCE", "PREFERENCE_COT"];

/** The incoming kind replaces the previous examples of that kind; the order is the one SQL reads back. */
function mergeFewShots(previous: FewShot[], incoming: ConstitutionParts["fewShots"]): FewShot[] {
  if (!incoming) return previous;
  return [...previous.filter((f) => f.kind !== incoming.kind), ...incoming.examples].sort(
    (a, b) => FEW_SHOT_ORDER.indexOf(a.kind) - FEW_SHOT_ORDER.indexOf(b.kind),
  );
}
