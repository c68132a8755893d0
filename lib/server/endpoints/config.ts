import "server-only";
import type { EndpointConfig } from "@/lib/llm";
import { ENDPOINT_KIND_LABELS, isReservedVariable, reservedVariableMessage, type EndpointDraftTestInput, type EndpointKindName } from "@/lib/schemas/endpoints";
import { MissingEnvironmentError, NotFoundError, UserError } from "../errors";
import { db } from "../db";
import { decryptSecret } from "./secret-box";
import { storedParams } from "./views";

// Endpoint rows turned into what lib/llm needs, with the key resolved: read from the environment
// variable the endpoint names, or decrypted. Only the worker and the Test button call these; the
// result stays in the process.

export interface ResolvedEndpoint {
  id: number;
  name: string;
  config: EndpointConfig;
}

/** One plain query: a worker resolves endpoints and need not load the Prisma client for it. */
export async function endpointConfig(id: number, env: NodeJS.ProcessEnv = process.env): Promise<ResolvedEndpoint> {
  const row = await db
    .selectFrom("ModelEndpoint")
    .select(["id", "name", "kind", "baseUrl", "model", "apiKeyEnv", "apiKeyCiphertext", "params", "maxConcurrency", "requestsPerMinute"])
    .where("id", "=", id)
    .executeTakeFirst();
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
  else if (draft.apiKey.source === "stored") apiKey = draft.apiKey.value ?? (await storedKeyOf(draft.id, draft));
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

/** The stored key of endpoint `id`, for a draft that goes where that endpoint goes (keyDestinationCheck). */
async function storedKeyOf(id: number | undefined, draft: KeyTarget): Promise<string> {
  const row = id ? await db.selectFrom("ModelEndpoint").select(["name", "kind", "baseUrl", "apiKeyCiphertext"]).where("id", "=", id).executeTakeFirst() : undefined;
  if (!row?.apiKeyCiphertext) throw UserError.about("apiKey.value", "there is no stored key to test with yet; paste the key");
  keyDestinationCheck(row.name, row, draft, "test against");
  return decryptSecret(row.apiKeyCiphertext, `endpoint "${row.name}"`);
}

type KeyTarget = { kind: EndpointKindName; baseUrl?: string | null };

/** Where a key is sent: the origin of the base URL, or the provider's own address when there is none. */
function keyDestination(target: KeyTarget): string {
  return target.baseUrl ? new URL(target.baseUrl).origin : `the ${ENDPOINT_KIND_LABELS[target.kind]}'s own address`;
}

/**
 * A stored key goes only to the host it was saved for: testing or saving an endpoint with its key
 * kept but another host (scheme, name or port) would otherwise hand the key to that host. A
 * different host needs the key typed again, by someone who has it.
 */
export function keyDestinationCheck(name: string, saved: KeyTarget, next: KeyTarget, verb: string): void {
  const from = keyDestination(saved);
  const to = keyDestination(next);
  if (from !== to) {
    throw UserError.about("apiKey.value", `the stored key of endpoint "${name}" is only sent to ${from}, where it was saved; to ${verb} ${to}, paste the key again`);
  }
}

function keyFromEnvironment(variable: string, owner: string, env: NodeJS.ProcessEnv = process.env): string {
  // checked again here, for a row written before the rule or by hand
  if (isReservedVariable(variable)) throw new UserError(`The API key of ${owner}: ${reservedVariableMessage(variable)}.`);
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
