import "server-only";
import { sql } from "kysely";
import type pg from "pg";
import { cleanAnswer } from "@/lib/cai/answer-text";
import type { ImportRecord, PrincipleText } from "@/lib/formats/records";
import { critiquePrincipleHash, ensureConstitution, insertCritiquePrinciples, insertVersion, versionContent, versionHash } from "../constitutions/store";
import { dbOn } from "../db";
import { sha256 } from "../hashing";
import { transactionOn } from "../pg";
import { appendRows, serverSpeaksCopy, type Cell } from "./append-rows";
import { ProblemLog } from "./problem-log";

// Writes import records into a dataset on one connection, inside the caller's transaction, in
// batches (append-rows.ts says how). While one batch is in the database the next one is parsed.
// With commitEachBatch (the embedded database, where an open transaction stops every other
// connection) each batch is its own short transaction instead, and a failed import is undone by
// undoImport (undo-import.ts) rather than rolled back.
//
// Nothing is stored twice: a conversation is one Prompt per dataset (by content hash), and what a
// record attaches to it (an answer, a chain, samples, a pair) is keyed by the record's own hash, so
// importing the same file again adds nothing and says so.
//
// Answers are stored as cleanAnswer (lib/cai/answer-text.ts) leaves them: trimmed, a trailing turn
// marker cut. The record's hash is taken from the file's text first, so a file imported before
// that rule existed is still recognised. A pair whose two answers are the same once cleaned is not
// a comparison: its answer is stored once, with no comparison or label, and counted.

export interface WriterContext {
  datasetId: number;
  importId: number;
  fileName: string;
  /** who produced the imported responses, e.g. the file's name */
  producer: string;
  /** tags added to every prompt of the import */
  tags: string[];
  /** each batch in a transaction of its own, not the caller's */
  commitEachBatch?: boolean;
}

export interface ImportStats {
  records: number;
  promptsNew: number;
  promptsExisting: number;
  recordsDuplicate: number;
  responses: number;
  chains: number;
  steps: number;
  comparisons: number;
  humanLabels: number;
  scores: number;
  principlesNew: number;
  /** answers stored differently from the file: whitespace around them, or a turn marker, cut */
  answersTrimmed: number;
  /** of those, answers that ended in a turn marker ("\n\nHuman:") */
  markersCut: number;
  /** answers that are empty (as stored) */
  emptyAnswers: number;
  /** pairs whose two answers were the same: the answer stored once, no comparison made */
  identicalPairs: number;
}

const BATCH_RECORDS = 1000;
/**
 * With commitEachBatch: a page request's statements each wait for the batch in the database, so
 * batches are kept short (a 1,000-chain batch held the embedded database about 1.5 s).
 */
const BATCH_RECORDS_COMMITTED_EACH = 50;

interface Prepared {
  record: ImportRecord;
  turnsJson: string;
  promptHash: string;
  /** hash of what the record attaches to the prompt; undefined for a bare prompt */
  recordKey?: string;
  /** what cleaning the record's answers did, added to the stats if the record is stored */
  cleaning?: AnswerCleaning;
}

type AnswerCleaning = Pick<ImportStats, "answersTrimmed" | "markersCut" | "emptyAnswers" | "identicalPairs">;

type Row = Cell[];

export class DatasetWriter {
  readonly stats: ImportStats = {
    records: 0,
    promptsNew: 0,
    promptsExisting: 0,
    recordsDuplicate: 0,
    responses: 0,
    chains: 0,
    steps: 0,
    comparisons: 0,
    humanLabels: 0,
    scores: 0,
    principlesNew: 0,
    answersTrimmed: 0,
    markersCut: 0,
    emptyAnswers: 0,
    identicalPairs: 0,
  };
  /** lines that repeat what is already there: reported, not fatal */
  readonly notices = new ProblemLog();
  private pending: Prepared[] = [];
  private inFlight: Promise<void> = Promise.resolve();
  private principleIds = new Map<string, { id: number; versionId: number }>();
  private importVersion?: { id: number; nextPosition: number };
  private readonly useCopy: Promise<boolean>;

  constructor(
    private readonly db: pg.ClientBase,
    private readonly ctx: WriterContext,
  ) {
    this.useCopy = serverSpeaksCopy(db);
    this.useCopy.catch(() => {}); // awaited by the first batch
  }

  /** Hashing happens here, while the previous batch is in the database. */
  async add(record: ImportRecord): Promise<void> {
    this.pending.push(this.prepare(record));
    if (this.pending.length >= (this.ctx.commitEachBatch ? BATCH_RECORDS_COMMITTED_EACH : BATCH_RECORDS)) await this.flush();
  }

  /** After a failure: waits for the batch being written, so nothing else runs on the connection meanwhile. */
  async settle(): Promise<void> {
    await this.inFlight.catch(() => {});
  }

  /** Writes what is left; the caller commits. */
  async finish(): Promise<ImportStats> {
    await this.flush();
    await this.inFlight;
    await this.inBatchTransaction(() => this.sealImportVersion());
    return this.stats;
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    await this.inFlight;
    if (batch.length === 0) return;
    this.inFlight = this.writeBatch(batch);
    this.inFlight.catch(() => {}); // awaited by the next flush; keeps Node from calling it unhandled
  }

  private writeBatch(batch: Prepared[]): Promise<void> {
    return this.inBatchTransaction(() => this.writeRows(batch));
  }

  private async inBatchTransaction(work: () => Promise<void>): Promise<void> {
    if (this.ctx.commitEachBatch) await transactionOn(this.db, work);
    else await work();
  }

  private async writeRows(batch: Prepared[]): Promise<void> {
    this.stats.records += batch.length;
    const prepared = this.dedupeWithinBatch(batch);
    const promptIds = await this.upsertPrompts(prepared);
    const fresh = await this.dropImportedRecords(prepared, promptIds);
    await this.bumpCountersOfExistingPrompts(fresh, promptIds);
    await this.insertAttachments(fresh, promptIds);
  }

  private prepare(record: ImportRecord): Prepared {
    const turnsJson = JSON.stringify(record.turns);
    const { response, chain, samples, pair } = record;
    const attached = response !== undefined || chain || samples || pair;
    const prepared = {
      record,
      turnsJson,
      promptHash: sha256(turnsJson),
      recordKey: attached ? sha256(JSON.stringify([turnsJson, response, chain, samples, pair])) : undefined,
    };
    return attached ? { ...prepared, ...cleanAnswers(record) } : prepared;
  }

  /** The second of two identical lines in one batch is only reported. */
  private dedupeWithinBatch(prepared: Prepared[]): Prepared[] {
    const firstLine = new Map<string, number>();
    return prepared.filter((p) => {
      const key = p.recordKey ?? p.promptHash;
      const first = firstLine.get(key);
      if (first === undefined) {
        firstLine.set(key, p.record.line);
        return true;
      }
      this.notices.push({ line: p.record.line, message: `repeats line ${first}; kept once` });
      this.stats.recordsDuplicate++;
      return false;
    });
  }

  /**
   * Finds the batch's prompts that are already in the dataset and inserts the others, with the
   * counts of what this batch attaches. Looking first keeps a re-import from using up an id per line.
   */
  private async upsertPrompts(prepared: Prepared[]): Promise<Map<string, { id: number; isNew: boolean }>> {
    const byHash = new Map<string, Prepared[]>();
    for (const p of prepared) byHash.set(p.promptHash, [...(byHash.get(p.promptHash) ?? []), p]);
    const existing = await this.existingPrompts([...byHash.keys()]);
    const rows: Row[] = [...byHash.values()]
      .filter((group) => !existing.has(group[0].promptHash))
      .map((group) => {
        const { record, turnsJson, promptHash } = group[0];
        const tags = [...new Set([...group.flatMap((p) => p.record.tags), ...this.ctx.tags])];
        const counts = countsOf(group.map((p) => p.record));
        return [turnsJson, record.turns.map((t) => t.content).join("\n\n"), promptHash, JSON.stringify(tags), record.line, counts.chains, counts.comparisons, counts.labels];
      });
    const ids = new Map<string, { id: number; isNew: boolean }>();
    if (rows.length > 0) {
      const [turns, text, hash, tags, line, chains, comparisons, labels] = columns(rows, 8);
      const inserted = await dbOn(this.db)
        .insertInto("Prompt")
        .columns(["datasetId", "turns", "text", "contentHash", "tags", "importId", "sourceLine", "chainCount", "comparisonCount", "labelCount"])
        .expression(
          sql`SELECT ${this.ctx.datasetId}, t.turns, t.text, t.hash, ARRAY(SELECT jsonb_array_elements_text(t.tags)), ${this.ctx.importId}, t.line, t.chains, t.comparisons, t.labels
            FROM unnest(${turns}::jsonb[], ${text}::text[], ${hash}::text[], ${tags}::jsonb[], ${line}::int[], ${chains}::int[], ${comparisons}::int[], ${labels}::int[])
              AS t(turns, text, hash, tags, line, chains, comparisons, labels)`,
        )
        .onConflict((conflict) => conflict.columns(["datasetId", "contentHash"]).doNothing())
        .returning(["id", "contentHash"])
        .execute();
      for (const row of inserted) ids.set(row.contentHash, { id: row.id, isNew: true });
      this.stats.promptsNew += inserted.length;
      // another import into the same dataset may have committed the same prompt meanwhile
      const raced = rows.map((r) => r[2] as string).filter((hash) => !ids.has(hash));
      for (const [hash, row] of await this.existingPrompts(raced)) existing.set(hash, row);
    }

    for (const [hash, row] of existing) {
      ids.set(hash, { id: row.id, isNew: false });
      const sameImport = row.importId === this.ctx.importId;
      if (!sameImport) this.stats.promptsExisting++;
      for (const p of byHash.get(hash)!) {
        if (p.recordKey) continue;
        this.stats.recordsDuplicate++;
        this.notices.push({
          line: p.record.line,
          message: sameImport ? `repeats the prompt of line ${row.sourceLine}; kept once` : "this prompt is already in the dataset; kept once",
        });
      }
    }
    return ids;
  }

  private async existingPrompts(hashes: string[]) {
    const found = new Map<string, { id: number; importId: number | null; sourceLine: number | null }>();
    if (hashes.length === 0) return found;
    const rows = await dbOn(this.db)
      .selectFrom("Prompt")
      .select(["id", "contentHash", "importId", "sourceLine"])
      .where("datasetId", "=", this.ctx.datasetId)
      .where("contentHash", "=", sql<string>`ANY(${hashes}::text[])`)
      .execute();
    for (const { contentHash, ...row } of rows) found.set(contentHash, row);
    return found;
  }

  /** Drops records whose attachments an earlier import (or an earlier batch) already stored. */
  private async dropImportedRecords(prepared: Prepared[], promptIds: Map<string, { id: number; isNew: boolean }>): Promise<Prepared[]> {
    const attached = prepared.filter((p) => p.recordKey);
    const onExisting = attached.filter((p) => !promptIds.get(p.promptHash)!.isNew);
    if (onExisting.length === 0) return attached;
    const promptIdList = onExisting.map((p) => promptIds.get(p.promptHash)!.id);
    const keys = onExisting.map((p) => `${p.recordKey}:${firstRole(p.record)}`);
    const rows = await dbOn(this.db)
      .selectFrom("Response")
      .select("sourceKey")
      .where("promptId", "=", sql<number>`ANY(${promptIdList}::int[])`)
      .where("sourceKey", "=", sql<string>`ANY(${keys}::text[])`)
      // matched by a key, so it has one
      .$narrowType<{ sourceKey: string }>()
      .execute();
    const known = new Set(rows.map((r) => r.sourceKey.slice(0, r.sourceKey.indexOf(":"))));
    return attached.filter((p) => {
      if (!known.has(p.recordKey!)) return true;
      this.notices.push({ line: p.record.line, message: "already imported into this dataset; skipped" });
      this.stats.recordsDuplicate++;
      return false;
    });
  }

  private async bumpCountersOfExistingPrompts(fresh: Prepared[], promptIds: Map<string, { id: number; isNew: boolean }>) {
    const byPrompt = new Map<number, ImportRecord[]>();
    for (const p of fresh) {
      const prompt = promptIds.get(p.promptHash)!;
      if (!prompt.isNew) byPrompt.set(prompt.id, [...(byPrompt.get(prompt.id) ?? []), p.record]);
    }
    if (byPrompt.size === 0) return;
    const rows: Row[] = [...byPrompt].map(([id, records]) => {
      const c = countsOf(records);
      return [id, c.chains, c.comparisons, c.labels];
    });
    const [ids, chains, comparisons, labels] = columns(rows, 4);
    await sql`
      UPDATE "Prompt" p SET "chainCount" = p."chainCount" + u.chains, "comparisonCount" = p."comparisonCount" + u.comparisons,
         "labelCount" = p."labelCount" + u.labels
       FROM unnest(${ids}::int[], ${chains}::int[], ${comparisons}::int[], ${labels}::int[]) AS u(id, chains, comparisons, labels) WHERE p.id = u.id`.execute(dbOn(this.db));
  }

  private async insertAttachments(fresh: Prepared[], promptIds: Map<string, { id: number; isNew: boolean }>) {
    if (fresh.length === 0) return;
    const responseCount = fresh.reduce((n, p) => n + responsesOf(p.record), 0);
    const responseIds = await this.allocateIds("Response", responseCount);
    const chainIds = await this.allocateIds("Chain", fresh.filter((p) => p.record.chain).length);
    const comparisonIds = await this.allocateIds("Comparison", fresh.filter((p) => p.record.pair).length);
    const principleIds = await this.principleIdsFor(fresh.flatMap((p) => p.record.chain?.steps.map((s) => s.principle) ?? []));

    const responses: Row[] = [];
    const chains: Row[] = [];
    const steps: Row[] = [];
    const comparisons: Row[] = [];
    const humanLabels: Row[] = [];
    const scores: Row[] = [];
    const addResponse = (promptId: number, key: string, role: string, text: string, origin: string) => {
      const id = responseIds.next();
      responses.push([id, promptId, text, origin, `${key}:${role}`]);
      return id;
    };

    for (const { record, recordKey, promptHash, cleaning } of fresh) {
      for (const [name, count] of Object.entries(cleaning ?? {})) this.stats[name as keyof AnswerCleaning] += count;
      const promptId = promptIds.get(promptHash)!.id;
      const key = recordKey!;
      if (record.response !== undefined) addResponse(promptId, key, "response", record.response, "IMPORTED");
      if (record.chain) {
        const chainId = chainIds.next();
        const initialId = addResponse(promptId, key, "initial", record.chain.initial, "INITIAL");
        const stepPrinciples = record.chain.steps.map((s) => principleIds.get(principleKey(s.principle))!);
        const versions = new Set(stepPrinciples.map((p) => p.versionId));
        chains.push([chainId, promptId, initialId, versions.size === 1 ? stepPrinciples[0].versionId : null]);
        record.chain.steps.forEach((step, i) => {
          const revisionId = addResponse(promptId, key, `rev${i + 1}`, step.revision, "REVISION");
          steps.push([chainId, i + 1, stepPrinciples[i].id, step.critique, revisionId]);
        });
      }
      record.samples?.forEach((sample, i) => {
        const responseId = addResponse(promptId, key, `sample${i}`, sample.text, "SAMPLE");
        for (const value of sample.scores) scores.push([responseId, value]);
      });
      if (record.pair) {
        // Which answer is shown as A is fixed by the record's hash, so a reviewer cannot learn
        // "A is always the chosen one" and the assignment is the same on every import.
        const chosenIsA = parseInt(key[0], 16) % 2 === 0;
        const chosenId = addResponse(promptId, key, "chosen", record.pair.chosen, "IMPORTED");
        const rejectedId = addResponse(promptId, key, "rejected", record.pair.rejected, "IMPORTED");
        const comparisonId = comparisonIds.next();
        comparisons.push([comparisonId, promptId, chosenIsA ? chosenId : rejectedId, chosenIsA ? rejectedId : chosenId]);
        humanLabels.push([comparisonId, chosenIsA ? "A" : "B", record.pair.note ?? null]);
      }
    }

    const { importId, producer } = this.ctx;
    const copy = await this.useCopy;
    await appendRows(this.db, copy, {
      table: "Response",
      columns: [
        ["id", "int"],
        ["promptId", "int"],
        ["text", "text"],
        ["origin", '"ResponseOrigin"'],
        ["sourceKey", "text"],
        ["producer", "text"],
        ["importId", "int"],
      ],
      rows: responses.map((r) => [...r, producer, importId]),
    });
    await appendRows(this.db, copy, {
      table: "Chain",
      columns: [
        ["id", "int"],
        ["promptId", "int"],
        ["initialResponseId", "int"],
        ["constitutionVersionId", "int"],
        ["importId", "int"],
      ],
      rows: chains.map((c) => [...c, importId]),
    });
    await appendRows(this.db, copy, {
      table: "ChainStep",
      columns: [
        ["chainId", "int"],
        ["index", "int"],
        ["principleId", "int"],
        ["critique", "text"],
        ["revisionId", "int"],
      ],
      rows: steps,
    });
    await appendRows(this.db, copy, {
      table: "Comparison",
      columns: [
        ["id", "int"],
        ["promptId", "int"],
        ["responseAId", "int"],
        ["responseBId", "int"],
        ["source", '"ComparisonSource"'],
        ["importId", "int"],
      ],
      rows: comparisons.map((c) => [...c, "IMPORTED", importId]),
    });
    await appendRows(this.db, copy, {
      table: "HumanLabel",
      columns: [
        ["comparisonId", "int"],
        ["choice", '"HumanChoice"'],
        ["note", "text"],
        ["source", '"HumanLabelSource"'],
        ["sourceName", "text"],
      ],
      rows: humanLabels.map((l) => [...l, "IMPORTED", producer]),
    });
    await appendRows(this.db, copy, {
      table: "Score",
      columns: [
        ["responseId", "int"],
        ["value", "float8"],
        ["source", '"ScoreSource"'],
        ["name", "text"],
        ["importId", "int"],
      ],
      rows: scores.map((s) => [...s, "IMPORTED", "pm_score", importId]),
    });
    Object.assign(this.stats, {
      responses: this.stats.responses + responses.length,
      chains: this.stats.chains + chains.length,
      steps: this.stats.steps + steps.length,
      comparisons: this.stats.comparisons + comparisons.length,
      humanLabels: this.stats.humanLabels + humanLabels.length,
      scores: this.stats.scores + scores.length,
    });
  }

  /** Reserves ids from a table's sequence, so rows can reference each other before they exist. */
  private async allocateIds(table: string, count: number): Promise<{ next(): number }> {
    if (count === 0)
      return {
        next: () => {
          throw new Error(`no ${table} ids were allocated`);
        },
      };
    const { rows } = await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence(${`"${table}"`}, 'id'))::int AS id FROM generate_series(1, ${count})`.execute(dbOn(this.db));
    let i = 0;
    return { next: () => rows[i++].id };
  }

  /**
   * Principles the steps used, found by key and text in any constitution version, or added to one
   * version made for this import ("Principles from <file>") the first time a new one appears.
   */
  private async principleIdsFor(principles: PrincipleText[]) {
    const unknown = new Map<string, PrincipleText>();
    for (const p of principles) if (!this.principleIds.has(principleKey(p))) unknown.set(principleKey(p), p);
    if (unknown.size > 0) {
      const hashes = [...unknown.values()].map(critiquePrincipleHash);
      const rows = await dbOn(this.db)
        .selectFrom("Principle")
        .distinctOn(["key", "contentHash"])
        .select(["id", "versionId", "key", "contentHash"])
        .where("kind", "=", "CRITIQUE_REVISION")
        .where("contentHash", "=", sql<string>`ANY(${hashes}::text[])`)
        .orderBy("key")
        .orderBy("contentHash")
        .orderBy("id")
        .execute();
      for (const row of rows) {
        const k = `${row.key}\u0000${row.contentHash}`;
        if (unknown.delete(k)) this.principleIds.set(k, { id: row.id, versionId: row.versionId });
      }
    }
    if (unknown.size > 0) await this.addToImportVersion([...unknown.values()]);
    return this.principleIds;
  }

  private async addToImportVersion(principles: PrincipleText[]) {
    if (!this.importVersion) {
      const name = `Principles from ${this.ctx.fileName}`;
      const constitutionId = await ensureConstitution(this.db, name, "The critique-revision principles found in imported chains.");
      const { next } = await dbOn(this.db)
        .selectFrom("ConstitutionVersion")
        .select(sql<number>`coalesce(max(version), 0) + 1`.as("next"))
        .where("constitutionId", "=", constitutionId)
        .executeTakeFirstOrThrow();
      const id = await insertVersion(this.db, {
        constitutionId,
        version: next,
        note: `made by import #${this.ctx.importId}`,
        importId: this.ctx.importId,
        content: { critiqueRevision: [], preference: [], fewShots: [] },
      });
      this.importVersion = { id, nextPosition: 0 };
    }
    const version = this.importVersion;
    const ids = await insertCritiquePrinciples(this.db, version.id, principles, version.nextPosition);
    version.nextPosition += principles.length;
    principles.forEach((p, i) => this.principleIds.set(principleKey(p), { id: ids[i], versionId: version.id }));
    this.stats.principlesNew += principles.length;
  }

  /** Gives the import's version the hash of what it ended up holding. */
  private async sealImportVersion(): Promise<void> {
    if (!this.importVersion) return;
    const { id } = this.importVersion;
    const hash = versionHash(await versionContent(this.db, id));
    await dbOn(this.db).updateTable("ConstitutionVersion").set({ contentHash: hash }).where("id", "=", id).execute();
  }
}

// A chain file repeats its few principles on every line: hash each distinct text once.
const principleKeys = new Map<string, string>();

function principleKey(p: PrincipleText): string {
  const text = `${p.key}\u0000${p.critiqueRequest}\u0000${p.revisionRequest}`;
  let key = principleKeys.get(text);
  if (key === undefined) {
    if (principleKeys.size > 10_000) principleKeys.clear();
    key = `${p.key}\u0000${critiquePrincipleHash(p)}`;
    principleKeys.set(text, key);
  }
  return key;
}

/** The record with its answers as they are stored, and what that took. */
function cleanAnswers(record: ImportRecord): { record: ImportRecord; cleaning: AnswerCleaning } {
  const cleaning: AnswerCleaning = { answersTrimmed: 0, markersCut: 0, emptyAnswers: 0, identicalPairs: 0 };
  const clean = (raw: string) => {
    const { text, markerCut } = cleanAnswer(raw);
    if (text !== raw) cleaning.answersTrimmed++;
    if (markerCut) cleaning.markersCut++;
    if (text === "") cleaning.emptyAnswers++;
    return text;
  };
  const { response, chain, samples, pair, ...rest } = record;
  const cleaned: ImportRecord = { ...rest };
  if (response !== undefined) cleaned.response = clean(response);
  if (chain) cleaned.chain = { initial: clean(chain.initial), steps: chain.steps.map((s) => ({ ...s, revision: clean(s.revision) })) };
  if (samples) cleaned.samples = samples.map((s) => ({ ...s, text: clean(s.text) }));
  if (pair) {
    const chosen = clean(pair.chosen);
    const rejected = clean(pair.rejected);
    if (chosen === rejected) {
      // stored once, as the answer that came with the prompt
      cleaning.identicalPairs++;
      if (chosen === "") cleaning.emptyAnswers--;
      cleaned.response = chosen;
    } else {
      cleaned.pair = { ...pair, chosen, rejected };
    }
  }
  return { record: cleaned, cleaning };
}

function countsOf(records: ImportRecord[]) {
  return {
    chains: records.filter((r) => r.chain).length,
    comparisons: records.filter((r) => r.pair).length,
    labels: records.filter((r) => r.pair).length,
  };
}

function responsesOf(record: ImportRecord): number {
  return (record.response !== undefined ? 1 : 0) + (record.chain ? 1 + record.chain.steps.length : 0) + (record.samples?.length ?? 0) + (record.pair ? 2 : 0);
}

/** The role of the first response a record stores: checking it tells whether the record is in. */
function firstRole(record: ImportRecord): string {
  if (record.response !== undefined) return "response";
  if (record.chain) return "initial";
  if (record.samples) return "sample0";
  return "chosen";
}

/** Rows to unnest() columns: one array per column. */
function columns(rows: Row[], width: number): unknown[][] {
  const out: unknown[][] = Array.from({ length: width }, () => new Array(rows.length));
  rows.forEach((row, r) => row.forEach((value, c) => (out[c][r] = value)));
  return out;
}
