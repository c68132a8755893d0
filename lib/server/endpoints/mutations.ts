import "server-only";
import type { ApiKeySource, CreateEndpointInput, EndpointView, UpdateEndpointInput } from "@/lib/schemas/endpoints";
import { dbOn, prisma } from "../db";
import { ConflictError, NotFoundError, UserError } from "../errors";
import { inTransaction } from "../pg";
import { recordAudit, type Actor } from "../audit/record";
import { keyDestinationCheck } from "./config";
import { getEndpoint } from "./queries";
import { encryptSecret } from "./secret-box";

// Creating, editing and deleting endpoints made in the studio. Those defined by CAI_ENDPOINTS are
// read-only here: the environment is their source, and the next start would undo an edit.

export async function createEndpoint(input: CreateEndpointInput, by: Actor = {}): Promise<EndpointView> {
  try {
    const row = await prisma.$transaction(async (tx) => {
      const created = await tx.modelEndpoint.create({
        data: { ...settingsData(input), ...keyData(input.apiKey), fromEnv: false },
        select: { id: true },
      });
      await recordAudit(tx, { ...by, action: "endpoint.create", entityType: "endpoint", entityId: created.id, after: audited(input) });
      return created;
    });
    return getEndpoint(row.id, "ADMIN");
  } catch (error) {
    throw nameTaken(error, input.name);
  }
}

export async function updateEndpoint(id: number, input: UpdateEndpointInput, by: Actor = {}): Promise<EndpointView> {
  const existing = await editableEndpoint(id, "edited");
  const hasStoredKey = (await prisma.modelEndpoint.count({ where: { id, apiKeyCiphertext: { not: null } } })) > 0;
  if (input.apiKey.source === "stored" && !input.apiKey.value && !hasStoredKey) {
    throw UserError.about("apiKey.value", "this endpoint has no stored key yet; paste the key to store");
  }
  if (input.apiKey.source === "stored" && !input.apiKey.value) keyDestinationCheck(existing.name, existing, input, "send it to");
  // A different server or model may answer differently: its log-prob support is unknown again
  const sameTarget = existing.kind === input.kind && existing.baseUrl === (input.baseUrl ?? null) && existing.model === input.model;
  try {
    await prisma.$transaction(async (tx) => {
      const before = await tx.modelEndpoint.findUniqueOrThrow({ where: { id }, select: AUDITED_FIELDS });
      await tx.modelEndpoint.update({
        where: { id },
        data: {
          ...settingsData(input),
          ...(input.apiKey.source === "stored" && !input.apiKey.value ? {} : keyData(input.apiKey)),
          ...(sameTarget ? {} : { supportsLogprobs: null, lastTestOk: null, lastTestedAt: null }),
        },
      });
      await recordAudit(tx, { ...by, action: "endpoint.update", entityType: "endpoint", entityId: id, before, after: audited(input) });
    });
  } catch (error) {
    throw nameTaken(error, input.name);
  }
  return getEndpoint(id, "ADMIN");
}

export async function deleteEndpoint(id: number, by: Actor = {}): Promise<void> {
  const endpoint = await editableEndpoint(id, "deleted");
  await inTransaction(async (client) => {
    const db = dbOn(client);
    // FOR UPDATE waits for a run being started on this endpoint right now (its foreign key locks
    // the row), so the check below sees it instead of the run losing its endpoint
    await db.selectFrom("ModelEndpoint").select("id").where("id", "=", id).forUpdate().execute();
    const runs = await db.selectFrom("Run").select("id").where("endpointId", "=", id).orderBy("id").limit(6).execute();
    if (runs.length > 0) {
      const listed = runs
        .slice(0, 5)
        .map((run) => `#${run.id}`)
        .join(", ");
      throw new ConflictError(
        `Endpoint "${endpoint.name}" cannot be deleted: runs used it (${listed}${runs.length > 5 ? ", ..." : ""}), and their records name it. ` + "Edit it instead, or add a new endpoint.",
      );
    }
    await db.deleteFrom("ModelEndpoint").where("id", "=", id).execute();
    await recordAudit(client, { ...by, action: "endpoint.delete", entityType: "endpoint", entityId: id, before: { name: endpoint.name, kind: endpoint.kind, model: endpoint.model } });
  });
}

const AUDITED_FIELDS = { name: true, kind: true, baseUrl: true, model: true, apiKeyEnv: true, params: true, maxConcurrency: true, requestsPerMinute: true } as const;

/** An endpoint's settings as the trail keeps them: where its key comes from, never the key. */
function audited(input: CreateEndpointInput | UpdateEndpointInput) {
  const { apiKey, ...settings } = input;
  return { ...settings, key: apiKey.source === "stored" ? (apiKey.value ? "stored (new)" : "stored") : apiKey.source === "env" ? `env ${apiKey.env}` : "none" };
}

async function editableEndpoint(id: number, verb: string) {
  const endpoint = await prisma.modelEndpoint.findUnique({ where: { id }, select: { id: true, name: true, kind: true, baseUrl: true, model: true, fromEnv: true } });
  if (!endpoint) throw new NotFoundError(`There is no endpoint #${id}.`);
  if (endpoint.fromEnv) {
    throw new ConflictError(
      `Endpoint "${endpoint.name}" is defined by CAI_ENDPOINTS in the server's environment, so it cannot be ${verb} here: change CAI_ENDPOINTS and restart the studio.`,
    );
  }
  return endpoint;
}

function settingsData(input: CreateEndpointInput | UpdateEndpointInput) {
  return {
    name: input.name,
    kind: input.kind,
    baseUrl: input.baseUrl ?? null,
    model: input.model,
    params: input.params,
    maxConcurrency: input.maxConcurrency,
    requestsPerMinute: input.requestsPerMinute,
  };
}

/** One key source at a time: choosing one clears the other. */
function keyData(source: ApiKeySource) {
  switch (source.source) {
    case "none":
      return { apiKeyEnv: null, apiKeyCiphertext: null };
    case "env":
      return { apiKeyEnv: source.env, apiKeyCiphertext: null };
    case "stored":
      if (!source.value) throw UserError.about("apiKey.value", "paste the API key to store");
      return { apiKeyEnv: null, apiKeyCiphertext: new Uint8Array(encryptSecret(source.value)) };
  }
}

function nameTaken(error: unknown, name: string): unknown {
  if ((error as { code?: unknown })?.code === "P2002") return ConflictError.about("name", `an endpoint named "${name}" already exists`);
  return error;
}
