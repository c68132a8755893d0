import "server-only";
import type pg from "pg";
import { environmentEndpointSchema, type EnvironmentEndpoint } from "@/lib/schemas/endpoints";
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
    throw new UserError(`${ENDPOINTS_ENV} is not valid JSON (${(error as Error).message}). It should be an array like [{"name": "local", "kind": "OPENAI_COMPATIBLE", "baseUrl": "http://127.0.0.1:8000/v1", "model": "..."}].`);
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
 * Writes CAI_ENDPOINTS to the database on `db` (the caller's transaction). Safe when two processes
 * start at once: the upserts take row locks and ON CONFLICT decides, so neither fails nor duplicates.
 */
export async function syncEnvironmentEndpoints(db: pg.ClientBase, raw: string | undefined = process.env[ENDPOINTS_ENV]): Promise<EnvironmentSyncResult> {
  // A process started without the variable (a CLI command, a worker on another machine) says
  // nothing about the endpoints: it must not remove the ones the studio's environment defines.
  // CAI_ENDPOINTS='[]' is how to say "none".
  if (raw === undefined) return { synced: [], removed: [], released: [] };
  const entries = parseEnvironmentEndpoints(raw);
  for (const [index, entry] of entries.entries()) {
    const { rows } = await db.query(
      `INSERT INTO "ModelEndpoint" (name, kind, "baseUrl", model, "apiKeyEnv", params, "maxConcurrency", "requestsPerMinute", "fromEnv", "updatedAt")
       VALUES ($1, $2::"EndpointKind", $3, $4, $5, $6::jsonb, $7, $8, true, now())
       ON CONFLICT (name) DO UPDATE SET
         kind = EXCLUDED.kind, "baseUrl" = EXCLUDED."baseUrl", model = EXCLUDED.model, "apiKeyEnv" = EXCLUDED."apiKeyEnv",
         "apiKeyCiphertext" = NULL, params = EXCLUDED.params, "maxConcurrency" = EXCLUDED."maxConcurrency",
         "requestsPerMinute" = EXCLUDED."requestsPerMinute", "updatedAt" = now(),
         -- a different server or model may answer differently: its log-prob support is unknown again
         "supportsLogprobs" = CASE
           WHEN ("ModelEndpoint".kind, "ModelEndpoint"."baseUrl", "ModelEndpoint".model) IS NOT DISTINCT FROM (EXCLUDED.kind, EXCLUDED."baseUrl", EXCLUDED.model)
           THEN "ModelEndpoint"."supportsLogprobs" END,
         "lastTestOk" = CASE
           WHEN ("ModelEndpoint".kind, "ModelEndpoint"."baseUrl", "ModelEndpoint".model) IS NOT DISTINCT FROM (EXCLUDED.kind, EXCLUDED."baseUrl", EXCLUDED.model)
           THEN "ModelEndpoint"."lastTestOk" END,
         "lastTestedAt" = CASE
           WHEN ("ModelEndpoint".kind, "ModelEndpoint"."baseUrl", "ModelEndpoint".model) IS NOT DISTINCT FROM (EXCLUDED.kind, EXCLUDED."baseUrl", EXCLUDED.model)
           THEN "ModelEndpoint"."lastTestedAt" END
       WHERE "ModelEndpoint"."fromEnv"
       RETURNING id`,
      [entry.name, entry.kind, entry.baseUrl ?? null, entry.model, entry.apiKeyEnv ?? null, JSON.stringify(entry.params), entry.maxConcurrency, entry.requestsPerMinute],
    );
    if (rows.length === 0) {
      // never overwrite an endpoint someone made in the studio: its key and settings are theirs
      throw new UserError(`${ENDPOINTS_ENV}[${index}].name: an endpoint named "${entry.name}" was made in the studio's settings; rename one of them.`);
    }
  }
  const names = entries.map((entry) => entry.name);
  const { rows: removed } = await db.query<{ name: string }>(
    `DELETE FROM "ModelEndpoint" e WHERE e."fromEnv" AND NOT (e.name = ANY($1::text[]))
       AND NOT EXISTS (SELECT 1 FROM "Run" r WHERE r."endpointId" = e.id)
     RETURNING name`,
    [names],
  );
  const { rows: released } = await db.query<{ name: string }>(
    `UPDATE "ModelEndpoint" SET "fromEnv" = false, "updatedAt" = now() WHERE "fromEnv" AND NOT (name = ANY($1::text[])) RETURNING name`,
    [names],
  );
  return { synced: names, removed: removed.map((r) => r.name), released: released.map((r) => r.name) };
}
