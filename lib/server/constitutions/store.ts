import "server-only";
import { sql } from "kysely";
import type pg from "pg";
import type { ConstitutionParts, FewShot } from "@/lib/formats/constitution";
import type { PreferencePrinciple } from "@/lib/formats/constitution";
import type { PrincipleText } from "@/lib/formats/records";
import { dbOn } from "../db";
import { sha256 } from "../hashing";

// Writes constitution versions on a caller's connection (Kysely on it: dbOn), so an import can create them inside
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
export async function saveConstitutionParts(db: Db, input: { name: string; parts: ConstitutionParts; note: string; importId?: number }): Promise<SavedVersion> {
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

/** A new constitution named `name`; undefined when one of that name exists. */
export async function insertConstitutionIfNew(db: Db, name: string, description: string): Promise<number | undefined> {
  const created = await dbOn(db)
    .insertInto("Constitution")
    .values({ name, description })
    .onConflict((conflict) => conflict.column("name").doNothing())
    .returning("id")
    .executeTakeFirst();
  return created?.id;
}

export async function ensureConstitution(db: Db, name: string, description = ""): Promise<number> {
  const row = await dbOn(db)
    .insertInto("Constitution")
    .values({ name, description })
    .onConflict((conflict) => conflict.column("name").doUpdateSet((eb) => ({ name: eb.ref("excluded.name") })))
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertVersion(db: Db, v: { constitutionId: number; version: number; note: string; importId?: number; content: VersionContent }): Promise<number> {
  const { id: versionId } = await dbOn(db)
    .insertInto("ConstitutionVersion")
    .values({ constitutionId: v.constitutionId, version: v.version, note: v.note, contentHash: versionHash(v.content), importId: v.importId ?? null })
    .returning("id")
    .executeTakeFirstOrThrow();
  await insertVersionContent(db, versionId, v.content);
  return versionId;
}

/** Fills an empty version with principles and few-shot examples (positions in the order given). */
export async function insertVersionContent(db: Db, versionId: number, content: VersionContent): Promise<void> {
  await insertCritiquePrinciples(db, versionId, content.critiqueRevision, 0);
  const preference = content.preference;
  if (preference.length > 0) {
    await dbOn(db)
      .insertInto("Principle")
      .columns(["versionId", "kind", "key", "position", "text", "contentHash"])
      .expression(
        sql`SELECT ${versionId}, 'PREFERENCE', key, position, text, hash
          FROM unnest(${preference.map((p) => p.key)}::text[], ${preference.map((_, i) => i)}::int[], ${preference.map((p) => p.text)}::text[],
                      ${preference.map(preferencePrincipleHash)}::text[]) AS p(key, position, text, hash)`,
      )
      .execute();
  }
  const fewShots = content.fewShots;
  if (fewShots.length > 0) {
    await dbOn(db)
      .insertInto("FewShotExample")
      .columns(["versionId", "kind", "position", "content"])
      .expression(
        sql`SELECT ${versionId}, kind::"FewShotKind", position, content
          FROM unnest(${fewShots.map((f) => f.kind)}::text[], ${fewShots.map((_, i) => i)}::int[], ${fewShots.map((f) => JSON.stringify(f.content))}::jsonb[]) AS f(kind, position, content)`,
      )
      .execute();
  }
}

/** Adds critique-revision principles to a version; returns their ids in order. */
export async function insertCritiquePrinciples(db: Db, versionId: number, principles: PrincipleText[], firstPosition: number): Promise<number[]> {
  if (principles.length === 0) return [];
  const rows = await dbOn(db)
    .insertInto("Principle")
    .columns(["versionId", "kind", "key", "position", "critiqueRequest", "revisionRequest", "contentHash"])
    .expression(
      sql`SELECT ${versionId}, 'CRITIQUE_REVISION', key, position, critique, revision, hash
        FROM unnest(${principles.map((p) => p.key)}::text[], ${principles.map((_, i) => firstPosition + i)}::int[], ${principles.map((p) => p.critiqueRequest)}::text[],
                    ${principles.map((p) => p.revisionRequest)}::text[], ${principles.map(critiquePrincipleHash)}::text[]) AS p(key, position, critique, revision, hash)`,
    )
    .returning(["id", "key"])
    .execute();
  const idByKey = new Map(rows.map((r) => [r.key, r.id]));
  return principles.map((p) => idByKey.get(p.key)!);
}

async function latestVersion(db: Db, constitutionId: number) {
  const row = await dbOn(db)
    .selectFrom("ConstitutionVersion")
    .select(["id", "version", "contentHash"])
    .where("constitutionId", "=", constitutionId)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!row) return undefined;
  return { ...row, content: await versionContent(db, row.id) };
}

export async function versionContent(db: Db, versionId: number): Promise<VersionContent> {
  const principles = await dbOn(db)
    .selectFrom("Principle")
    .select(["kind", "key", "critiqueRequest", "revisionRequest", "text"])
    .where("versionId", "=", versionId)
    .orderBy("kind")
    .orderBy("position")
    // a critique-revision principle has both requests, a preference principle its text
    .$narrowType<{ critiqueRequest: string; revisionRequest: string; text: string }>()
    .execute();
  const fewShots = await dbOn(db)
    .selectFrom("FewShotExample")
    .select(["kind", "content"])
    .where("versionId", "=", versionId)
    .orderBy("kind")
    .orderBy("position")
    // written from a FewShot by insertVersionContent
    .$castTo<FewShot>()
    .execute();
  return {
    critiqueRevision: principles.filter((p) => p.kind === "CRITIQUE_REVISION").map(({ key, critiqueRequest, revisionRequest }) => ({ key, critiqueRequest, revisionRequest })),
    preference: principles.filter((p) => p.kind === "PREFERENCE").map(({ key, text }) => ({ key, text })),
    fewShots: fewShots.map(({ kind, content }) => ({ kind, content })),
  };
}

const FEW_SHOT_ORDER = ["CRITIQUE_REVISION", "PREFERENCE", "PREFERENCE_COT"];

/** The incoming kind replaces the previous examples of that kind; the order is the one SQL reads back. */
function mergeFewShots(previous: FewShot[], incoming: ConstitutionParts["fewShots"]): FewShot[] {
  if (!incoming) return previous;
  return [...previous.filter((f) => f.kind !== incoming.kind), ...incoming.examples].sort((a, b) => FEW_SHOT_ORDER.indexOf(a.kind) - FEW_SHOT_ORDER.indexOf(b.kind));
}
