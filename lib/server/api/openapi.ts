import "server-only";
import { z } from "zod";
import { operations } from "@/lib/generated/api/contract";
import { apiErrorSchema } from "@/lib/schemas/api-error";
import { publicUrl } from "../auth/origins";
import type { ContractOperation } from "./contract-types";

// The OpenAPI 3.1 document of the studio's API, built from the contract that
// scripts/api-contract/generate.ts reads off the route files: the zod schemas each handler parses
// become its parameters and request body, the response types the browser uses become its answers,
// and every failure answers the one error shape (lib/schemas/api-error.ts). Served at
// /api/openapi.json and read by the reference page (/api-reference).

type Json = Record<string, unknown>;

const ERROR_STATUSES: Record<number, string> = {
  400: "The request is wrong: `fields` names each field and what is wrong with it.",
  401: "No session and no API token, or a token that is unknown, expired or revoked.",
  403: "The caller's role is too low, or a cookie session's change came from another site.",
  404: "Nothing has that id.",
  409: "The thing is in a state where this makes no sense; `error` says which.",
};

const JSON_SCHEMA_OPTIONS = { io: "input", unrepresentable: "any", target: "draft-2020-12" } as const;

function toJsonSchema(schema: z.ZodType): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, JSON_SCHEMA_OPTIONS) as Json;
  return rest;
}

type ObjectSchema = { properties?: Record<string, Json>; required?: string[]; anyOf?: ObjectSchema[]; oneOf?: ObjectSchema[] };

/**
 * Path or query parameters from an object schema: one parameter per property. A union of objects
 * (a query whose `mode` decides the rest) gives each property once, required when every variant
 * requires it.
 */
function parameters(schema: z.ZodType | undefined, where: "path" | "query"): Json[] {
  if (!schema) return [];
  const root = toJsonSchema(schema) as ObjectSchema;
  const variants = root.anyOf ?? root.oneOf ?? [root];
  const names = [...new Set(variants.flatMap((variant) => Object.keys(variant.properties ?? {})))];
  return names.map((name) => {
    const options = variants.flatMap((variant) => (variant.properties?.[name] ? [variant.properties[name]] : []));
    return {
      name,
      in: where,
      required: where === "path" || variants.every((variant) => (variant.required ?? []).includes(name)),
      schema: options.length === 1 ? options[0] : { anyOf: options },
    };
  });
}

/** The path parameters a route's path names but its handler does not parse itself (Better Auth's). */
function unparsedPathParameters(operation: ContractOperation, parsed: Json[]): Json[] {
  const names = [...operation.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
  return names.filter((name) => !parsed.some((p) => p.name === name)).map((name) => ({ name, in: "path", required: true, schema: { type: "string" } }));
}

function answerOf(operation: ContractOperation): Json {
  const description = operation.status === 201 ? "Made." : "Done.";
  if ("stream" in operation.answer) return { description, content: { [operation.answer.stream]: {} } };
  if (operation.answer.json === null) return { description: "Done; no body." };
  return { description, content: { "application/json": { schema: operation.answer.json } } };
}

function describe(operation: ContractOperation): Json {
  const path = parameters(operation.params, "path");
  const refusals = operation.role === null ? [400] : [400, 401, 403, 404, 409];
  return {
    operationId: operationId(operation),
    summary: operation.summary.split(/(?<=[.:])\s/)[0],
    description: operation.summary,
    tags: [operation.path.split("/")[2]],
    ...(operation.role === null ? { security: [] } : { "x-minimum-role": operation.role }),
    parameters: [...path, ...unparsedPathParameters(operation, path), ...parameters(operation.query, "query")],
    ...(operation.body ? { requestBody: { required: true, content: { "application/json": { schema: toJsonSchema(operation.body) } } } } : {}),
    ...(operation.rawBody ? { requestBody: { required: true, content: { [operation.rawBody]: { schema: { type: "string", format: "binary" } } } } } : {}),
    responses: {
      [operation.status]: answerOf(operation),
      ...Object.fromEntries(
        refusals.map((status) => [status, { description: ERROR_STATUSES[status], content: { "application/json": { schema: { $ref: "#/components/schemas/ApiError" } } } }]),
      ),
    },
    "x-route-file": operation.file,
  };
}

/** "getRunsIdItems" for GET /api/runs/{id}/items: unique, stable, readable in generated clients. */
function operationId(operation: ContractOperation): string {
  const words = operation.path
    .replace(/^\/api\//, "")
    .split(/[/-]/)
    .map((part) => part.replace(/[{}]/g, ""))
    .filter(Boolean);
  return operation.method.toLowerCase() + words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join("");
}

export function openApiDocument(): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const operation of operations) (paths[operation.path] ??= {})[operation.method.toLowerCase()] = describe(operation);
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "CAI Studio API",
      version: "1",
      description:
        "Everything the studio's pages do, for scripts and notebooks. Send a personal API token (Settings → API tokens) as `Authorization: Bearer <token>`; it acts as its owner with the token's role. Every error answers `{error, fields: [{path, message}]}`.",
    },
    servers: [{ url: publicUrl() }],
    security: [{ bearerToken: [] }, { sessionCookie: [] }],
    components: {
      securitySchemes: {
        bearerToken: { type: "http", scheme: "bearer", description: "A personal API token, made in Settings → API tokens." },
        sessionCookie: { type: "apiKey", in: "cookie", name: "cai-studio.session_token", description: "The studio's own pages; a change must come from the studio's origin." },
      },
      schemas: { ApiError: toJsonSchema(apiErrorSchema) },
    },
    paths,
  };
}
