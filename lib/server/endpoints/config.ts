import "server-only";
import type { EndpointConfig } from "@/lib/llm";
import type { EndpointDraftTestInput } from "@/lib/schemas/endpoints";
import { MissingEnvironmentError, NotFoundError, UserError } from "../errors";
import { pgPool } from "../pg";
import { decryptSecret } from "./secret-box";
import { storedParams } from "./views";

// Endpoint rows turned into what lib/llm needs, with the key resolved: read from the environment
// variable the endpoint names, or decrypted. Only the worker and the Test button call these; the
// result stays in the process.

interface EndpointRow {
  id: number;
  name: string;
  kind: EndpointConfig["kind"];
  baseUrl: string | null;
  model: string;
  apiKeyEnv: string | null;
  apiKeyCiphertext: Buffer | null;
  params: unknown;
  maxConcurrency: number;
  requestsPerMinute: number | null;
}

export interface ResolvedEndpoint {
  id: number;
  name: string;
  config: EndpointConfig;
}

/** One plain query: a worker resolves endpoints and need not load the Prisma client for it. */
export async function endpointConfig(id: number, env: NodeJS.ProcessEnv = process.env): Promise<ResolvedEndpoint> {
  const { rows } = await pgPool().query<EndpointRow>(
    `SELECT id, name, kind, "baseUrl", model, "apiKeyEnv", "apiKeyCiphertext", params, "maxConcurrency", "requestsPerMinute"
     FROM "ModelEndpoint" WHERE id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row) throw new NotFoundError(`There is no endpoint #${id}.`);
  const owner = `endpoint "${row.name}"`;
  const apiKey = row.apiKeyEnv ? keyFromEnvironment(row.apiKeyEnv, owner, env) : row.apiKeyCiphertext ? decryptSecret(row.apiKeyCiphertext, owner, env) : undefined;
  const params = storedParams(row.params);
  return {
    id: row.id,
    name: row.name,
    config: {
      kind: row.kind,
      baseUrl: row.baseUrl ?? undefined,
      model: row.model,
      apiKey,
      params,
      scoreFormat: params.scoreFormat,
      maxConcurrency: row.maxConcurrency,
      requestsPerMinute: row.requestsPerMinute,
    },
  };
}

/** The config of a settings form that was not saved; a kept stored key is read from endpoint `id`. */
export async function draftEndpointConfig(draft: EndpointDraftTestInput): Promise<EndpointConfig> {
  const owner = draft.name ? `endpoint "${draft.name}"` : "this endpoint";
  let apiKey: string | undefined;
  if (draft.apiKey.source === "env") apiKey = keyFromEnvironment(draft.apiKey.env, owner);
  else if (draft.apiKey.source === "stored") apiKey = draft.apiKey.value ?? (await storedKeyOf(draft.id));
  return {
    kind: draft.kind,
    baseUrl: draft.baseUrl,
    model: draft.model,
    apiKey,
    params: draft.params,
    scoreFormat: draft.params.scoreFormat,
    maxConcurrency: draft.maxConcurrency,
    requestsPerMinute: draft.requestsPerMinute,
  };
}

async function storedKeyOf(id: number | undefined): Promise<string> {
  const { rows } = id
    ? await pgPool().query<{ name: string; apiKeyCiphertext: Buffer | null }>(`SELECT name, "apiKeyCiphertext" FROM "ModelEndpoint" WHERE id = $1`, [id])
    : { rows: [] };
  const row = rows[0];
  if (!row?.apiKeyCiphertext) throw new UserError("apiKey.value: there is no stored key to test with yet; paste the key");
  return decryptSecret(row.apiKeyCiphertext, `endpoint "${row.name}"`);
}

function keyFromEnvironment(variable: string, owner: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[variable];
  if (!value) {
    throw new MissingEnvironmentError(
      variable,
      `The API key of ${owner} comes from the environment variable ${variable}, which is not set in this process. ` +
        "Set it in the environment of the studio and of every worker, then restart them.",
    );
  }
  return value;
}
