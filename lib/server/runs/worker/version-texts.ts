import "server-only";
import type { PreferenceExample } from "@/lib/cai/label-prompts";
import { sql } from "kysely";
import { db } from "../../db";

// A constitution version's principles and few-shot examples, read once per worker: versions a run
// uses never change (an edit makes a new version).

export interface CritiqueTexts {
  principles: { id: number; critiqueRequest: string; revisionRequest: string }[];
  fewShots: string[];
}

export interface PreferenceTexts {
  principles: { id: number; key: string; text: string }[];
  examples: PreferenceExample[];
  cotExamples: string[];
}

export class VersionTextsCache {
  private readonly cache = new Map<string, Promise<unknown>>();

  critique(versionId: number, withFewShots: boolean): Promise<CritiqueTexts> {
    return this.cached(`critique:${versionId}:${withFewShots}`, () => loadCritique(versionId, withFewShots));
  }

  preference(versionId: number, withFewShots: boolean): Promise<PreferenceTexts> {
    return this.cached(`preference:${versionId}:${withFewShots}`, () => loadPreference(versionId, withFewShots));
  }

  private cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    let texts = this.cache.get(key) as Promise<T> | undefined;
    if (!texts) {
      texts = load();
      texts.catch(() => this.cache.delete(key));
      this.cache.set(key, texts);
    }
    return texts;
  }
}

async function loadCritique(versionId: number, withFewShots: boolean): Promise<CritiqueTexts> {
  const [principles, fewShots] = await Promise.all([
    sql<CritiqueTexts["principles"][number]>`
      SELECT id, "critiqueRequest", "revisionRequest" FROM "Principle"
      WHERE "versionId" = ${versionId} AND kind = 'CRITIQUE_REVISION' ORDER BY position, id`.execute(db),
    fewShotContents<{ transcript: string }>(versionId, withFewShots ? ["CRITIQUE_REVISION"] : []),
  ]);
  if (principles.rows.length === 0) throw new Error(`constitution version ${versionId} has no critique-revision principles`);
  return { principles: principles.rows, fewShots: fewShots.map((f) => f.content.transcript) };
}

async function loadPreference(versionId: number, withFewShots: boolean): Promise<PreferenceTexts> {
  const [principles, fewShots] = await Promise.all([
    sql<PreferenceTexts["principles"][number]>`
      SELECT id, key, text FROM "Principle" WHERE "versionId" = ${versionId} AND kind = 'PREFERENCE' ORDER BY position, id`.execute(db),
    fewShotContents<PreferenceExample & { transcript: string }>(versionId, withFewShots ? ["PREFERENCE", "PREFERENCE_COT"] : []),
  ]);
  if (principles.rows.length === 0) throw new Error(`constitution version ${versionId} has no preference principles`);
  return {
    principles: principles.rows,
    examples: fewShots.filter((f) => f.kind === "PREFERENCE").map((f) => f.content),
    cotExamples: fewShots.filter((f) => f.kind === "PREFERENCE_COT").map((f) => f.content.transcript),
  };
}

async function fewShotContents<T>(versionId: number, kinds: string[]): Promise<{ kind: string; content: T }[]> {
  if (kinds.length === 0) return [];
  const { rows } = await sql<{ kind: string; content: T }>`
    SELECT kind, content FROM "FewShotExample" WHERE "versionId" = ${versionId} AND kind = ANY(${kinds}::"FewShotKind"[]) ORDER BY kind, position`.execute(db);
  return rows;
}
