import "server-only";
import type { Role } from "@/lib/auth/roles";
import { MODEL_ENDPOINT_KINDS, type EndpointView, type ModelEndpointOption, type ModelEndpointKind } from "@/lib/schemas/endpoints";
import { prisma } from "../db";
import { NotFoundError } from "../errors";
import { ENDPOINT_VIEW_SELECT, toEndpointView } from "./views";

// Reading endpoints for the settings page and the API: views only, keys never loaded. Each read
// says for whom (`audience`): the server's environment is shown to admins only.

export async function listEndpoints(audience: Role): Promise<EndpointView[]> {
  const [rows, withStoredKey] = await Promise.all([prisma.modelEndpoint.findMany({ orderBy: [{ fromEnv: "desc" }, { name: "asc" }], select: ENDPOINT_VIEW_SELECT }), storedKeyIds()]);
  return rows.map((row) => toEndpointView(row, withStoredKey.has(row.id), audience));
}

export async function getEndpoint(id: number, audience: Role): Promise<EndpointView> {
  const row = await prisma.modelEndpoint.findUnique({ where: { id }, select: ENDPOINT_VIEW_SELECT });
  if (!row) throw new NotFoundError(`There is no endpoint #${id}.`);
  return toEndpointView(row, (await storedKeyIds(id)).has(id), audience);
}

/** The endpoints a run that prompts a model can use, for the run forms: scoring endpoints left out. */
export async function listModelEndpointOptions(): Promise<ModelEndpointOption[]> {
  const rows = await prisma.modelEndpoint.findMany({
    where: { kind: { in: [...MODEL_ENDPOINT_KINDS] } },
    orderBy: { name: "asc" },
    select: { id: true, name: true, kind: true, model: true, supportsLogprobs: true, lastTestOk: true },
  });
  return rows.filter((row): row is typeof row & { kind: ModelEndpointKind } => (MODEL_ENDPOINT_KINDS as readonly string[]).includes(row.kind));
}

/** Which endpoints hold a stored key, asked as a filter so the ciphertext itself is never read. */
async function storedKeyIds(id?: number): Promise<Set<number>> {
  const rows = await prisma.modelEndpoint.findMany({ where: { apiKeyCiphertext: { not: null }, ...(id ? { id } : {}) }, select: { id: true } });
  return new Set(rows.map((row) => row.id));
}
