import "server-only";
import type { EndpointView } from "@/lib/schemas/endpoints";
import { prisma } from "../db";
import { NotFoundError } from "../errors";
import { ENDPOINT_VIEW_SELECT, toEndpointView } from "./views";

// Reading endpoints for the settings page and the API: views only, keys never loaded.

export async function listEndpoints(): Promise<EndpointView[]> {
  const [rows, withStoredKey] = await Promise.all([
    prisma.modelEndpoint.findMany({ orderBy: [{ fromEnv: "desc" }, { name: "asc" }], select: ENDPOINT_VIEW_SELECT }),
    storedKeyIds(),
  ]);
  return rows.map((row) => toEndpointView(row, withStoredKey.has(row.id)));
}

export async function getEndpoint(id: number): Promise<EndpointView> {
  const row = await prisma.modelEndpoint.findUnique({ where: { id }, select: ENDPOINT_VIEW_SELECT });
  if (!row) throw new NotFoundError(`There is no endpoint #${id}.`);
  return toEndpointView(row, (await storedKeyIds(id)).has(id));
}

/** Which endpoints hold a stored key, asked as a filter so the ciphertext itself is never read. */
async function storedKeyIds(id?: number): Promise<Set<number>> {
  const rows = await prisma.modelEndpoint.findMany({ where: { apiKeyCiphertext: { not: null }, ...(id ? { id } : {}) }, select: { id: true } });
  return new Set(rows.map((row) => row.id));
}
