import "server-only";
import { sql } from "kysely";
import type pg from "pg";
import { environmentEndpointSchema, type EnvironmentEndpoint } from "@/lib/schemas/endpoints";
import { dbOn } from "../db";
import { UserError } from "../errors";

// Endpoints defined by CAI_ENDPOINTS (a JSON array) are written to the database at every start,
// matched by name, so runs can point at them like at any other endpoint. They carry no key, only
// the name of the environment variable that holds it.

export const ENDPOINTS_ENV = "CAI_ENDPOINTS";

/** The entries of CAI_ENDPOINTS, checked with the settings form's own rules. */
export function parseEnvironmentEndpoints(raw: string | undefined): EnvironmentEndpoint[] {
  if (raw === undefined || raw.trim() === "") return [];
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw new UserError(
      `${ENDPOINTS_ENV} is not valid JSON (${(error as Error).message}). It should be an array like [{"name": "local", "kind": "OPENAI_COMPATIBLE", "baseUrl": "http://127.0.0.1:8000/v1", "model": "..."}].`,
    );
  }
  if (!Array.isArray(value)) throw new UserError(`${ENDPOINTS_ENV} must be a JSON array of endpoints, not ${value === null ? "null" : typeof value}.`);
  const names = new Set<string>();
  return value.map((entry, index) => {
    const parsed = environmentEndpointSchema.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue.path.length ? `.${issue.path.join(".")}` : "";
      const keys = issue.code === "unrecognized_keys" ? ` (${issue.keys.join(", ")}; a key is given by naming its variable in apiKeyEnv)` : "";
      throw new UserError(`${ENDPOINTS_ENV}[${index}]${field}: ${issue.message}${keys}`);
    }
    if (names.has(parsed.data.name)) throw new UserError(`${ENDPOINTS_ENV}[${index}].name: "${parsed.data.name}" appears twice`);
    names.add(parsed.data.name);
    return parsed.data;
  });
}

export interface EnvironmentSyncResult {
  /** names written from CAI_ENDPOINTS */
  synced: string[];
  /** env endpoints no longer listed and used by no run: deleted */
  removed: string[];
  /** env endpoints no longer listed but used by runs: kept, now editable in the studio */
  released: string[];
}

/**
 * Writes CAI_ENDPOINTS to the database on `client` (the caller's transaction). Safe when two processes
 * start at once: the upserts take row locks and ON CONFLICT decides, so neither fails nor duplicates.
 */
export async function syncEnvironmentEndpoints(client: pg.ClientBase, raw: string | undefined = process.env[ENDPOINTS_ENV]): Promise<EnvironmentSyncResult> {
  // A process started without the variable (a CLI command, a worker on another machine) says
  // nothing about the endpoints: it must not remove the ones the studio's environment defines.
  // CAI_ENDPOINTS='[]' is how to say "none".
  if (raw === undefined) return { synced: [], removed: [], released: [] };
  const entries = parseEnvironmentEndpoints(raw);
  const db = dbOn(client);
  // a different server or model may answer differently: its log-prob support is unknown again
  const sameTarget = sql<boolean>`("ModelEndpoint".kind, "ModelEndpoint"."baseUrl", "ModelEndpoint".model) IS NOT DISTINCT FROM (EXCLUDED.kind, EXCLUDED."baseUrl", EXCLUDED.model)`;
  for (const [index, entry] of entries.entries()) {
    const written = await db
      .insertInto("ModelEndpoint")
      .values({
        name: entry.name,
        kind: entry.kind,
        baseUrl: entry.baseUrl ?? null,
        model: entry.model,
        apiKeyEnv: entry.apiKeyEnv ?? null,
        params: sql<string>`${JSON.stringify(entry.params)}::jsonb`,
        maxConcurrency: entry.maxConcurrency,
        requestsPerMinute: entry.requestsPerMinute ?? null,
        fromEnv: true,
        updatedAt: sql`now()`,
      })
      .onConflict((conflict) =>
        conflict
          .column("name")
          .doUpdateSet((eb) => ({
            kind: eb.ref("excluded.kind"),
            baseUrl: eb.ref("excluded.baseUrl"),
            model: eb.ref("excluded.model"),
            apiKeyEnv: eb.ref("excluded.apiKeyEnv"),
            apiKeyCiphertext: null,
            params: eb.ref("excluded.params"),
            maxConcurrency: eb.ref("excluded.maxConcurrency"),
            requestsPerMinute: eb.ref("excluded.requestsPerMinute"),
            updatedAt: sql`now()`,
            supportsLogprobs: sql`CASE WHEN ${sameTarget} THEN "ModelEndpoint"."supportsLogprobs" END`,
            lastTestOk: sql`CASE WHEN ${sameTarget} THEN "ModelEndpoint"."lastTestOk" END`,
            lastTestedAt: sql`CASE WHEN ${sameTarget} THEN "ModelEndpoint"."lastTestedAt" END`,
          }))
          .where(sql<boolean>`"ModelEndpoint"."fromEnv"`),
      )
      .returning("id")
      .executeTakeFirst();
    if (!written) {
      // never overwrite an endpoint someone made in the studio: its key and settings are theirs
      throw new UserError(`${ENDPOINTS_ENV}[${index}].name: an endpoint named "${entry.name}" was made in the studio's settings; rename one of them.`);
    }
  }
  const names = entries.map((entry) => entry.name);
  const removed = await db
    .deleteFrom("ModelEndpoint as e")
    .where(sql<boolean>`e."fromEnv" AND NOT (e.name = ANY(${names}::text[]))`)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("Run as r")
            .select(sql`1`.as("one"))
            .whereRef("r.endpointId", "=", "e.id"),
        ),
      ),
    )
    .returning("name")
    .execute();
  const released = await db
    .updateTable("ModelEndpoint")
    .set({ fromEnv: false, updatedAt: sql`now()` })
    .where(sql<boolean>`"fromEnv" AND NOT (name = ANY(${names}::text[]))`)
    .returning("name")
    .execute();
  return { synced: names, removed: removed.map((r) => r.name), released: released.map((r) => r.name) };
}
