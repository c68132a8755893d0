import "server-only";
import { pgPool } from "../../pg";
import type { VersionTexts } from "./sl-item";

// A constitution version's critique-revision principles and few-shot transcripts, read once per
// worker: versions a run uses never change (an edit makes a new version).
export class VersionTextsCache {
  private readonly cache = new Map<string, Promise<VersionTexts>>();

  get(versionId: number, withFewShots: boolean): Promise<VersionTexts> {
    const key = `${versionId}:${withFewShots}`;
    let texts = this.cache.get(key);
    if (!texts) {
      texts = load(versionId, withFewShots);
      texts.catch(() => this.cache.delete(key));
      this.cache.set(key, texts);
    }
    return texts;
  }
}

async function load(versionId: number, withFewShots: boolean): Promise<VersionTexts> {
  const db = pgPool();
  const [principles, fewShots] = await Promise.all([
    db.query<{ id: number; critiqueRequest: string; revisionRequest: string }>(
      `SELECT id, "critiqueRequest", "revisionRequest" FROM "Principle"
       WHERE "versionId" = $1 AND kind = 'CRITIQUE_REVISION' ORDER BY position, id`,
      [versionId],
    ),
    withFewShots
      ? db.query<{ transcript: string }>(
          `SELECT content->>'transcript' AS transcript FROM "FewShotExample"
           WHERE "versionId" = $1 AND kind = 'CRITIQUE_REVISION' ORDER BY position`,
          [versionId],
        )
      : Promise.resolve({ rows: [] }),
  ]);
  if (principles.rows.length === 0) throw new Error(`constitution version ${versionId} has no critique-revision principles`);
  return { principles: principles.rows, fewShots: fewShots.rows.map((r) => r.transcript) };
}
