import "server-only";
import { roleAtLeast, type Role } from "@/lib/auth/roles";
import { endpointParamsSchema, type EndpointParams, type EndpointView, type KeySourceView } from "@/lib/schemas/endpoints";

// The one way an endpoint row leaves the server. It is built field by field from a selection that
// never includes the ciphertext, so a new column cannot slip into an answer by accident.

export const ENDPOINT_VIEW_SELECT = {
  id: true,
  name: true,
  kind: true,
  baseUrl: true,
  model: true,
  apiKeyEnv: true,
  params: true,
  maxConcurrency: true,
  requestsPerMinute: true,
  supportsLogprobs: true,
  lastTestOk: true,
  lastTestedAt: true,
  fromEnv: true,
  updatedAt: true,
  _count: { select: { runs: true } },
} as const;

export interface EndpointViewRow {
  id: number;
  name: string;
  kind: EndpointView["kind"];
  baseUrl: string | null;
  model: string;
  apiKeyEnv: string | null;
  params: unknown;
  maxConcurrency: number;
  requestsPerMinute: number | null;
  supportsLogprobs: boolean | null;
  lastTestOk: boolean | null;
  lastTestedAt: Date | null;
  fromEnv: boolean;
  updatedAt: Date;
  _count: { runs: number };
}

/** `audience`: the role of who will read it; only admins learn which variable holds a key and whether it is set. */
export function toEndpointView(row: EndpointViewRow, hasStoredKey: boolean, audience: Role): EndpointView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    baseUrl: row.baseUrl,
    model: row.model,
    params: storedParams(row.params),
    maxConcurrency: row.maxConcurrency,
    requestsPerMinute: row.requestsPerMinute,
    key: keySource(row.apiKeyEnv, hasStoredKey, roleAtLeast(audience, "ADMIN")),
    supportsLogprobs: row.supportsLogprobs,
    lastTest: row.lastTestOk === null ? null : { ok: row.lastTestOk, at: row.lastTestedAt?.toISOString() ?? null },
    fromEnv: row.fromEnv,
    runs: row._count.runs,
    updatedAt: row.updatedAt.toISOString(),
  };
}

function keySource(apiKeyEnv: string | null, hasStoredKey: boolean, admin: boolean): KeySourceView {
  if (apiKeyEnv) return admin ? { source: "env", env: apiKeyEnv, isSet: Boolean(process.env[apiKeyEnv]) } : { source: "env" };
  return hasStoredKey ? { source: "stored" } : { source: "none" };
}

/** Params as written by this studio; anything else in the column (a hand edit) is dropped, not shown. */
export function storedParams(value: unknown): EndpointParams {
  const parsed = endpointParamsSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : {};
}
