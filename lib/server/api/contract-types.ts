import type { z } from "zod";
import type { Role } from "@/lib/auth/roles";

// One operation of the API as scripts/api-contract/generate.ts reads it from its route file: the
// generated list (lib/generated/api/contract.ts) holds the very zod schemas the handler parses.

export interface ContractOperation {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** "/api/runs/{id}/pause" */
  path: string;
  /** the route file, from the repository's root */
  file: string;
  /** the route file's own words about this method */
  summary: string;
  /** the lowest role it answers; null for the routes used signed out */
  role: Role | null;
  /** the status of a success */
  status: number;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  /** the media type of a body that is not JSON (an import's file) */
  rawBody?: string;
  /** a JSON answer's schema (null: no body), or the media type of a stream or a file */
  answer: { json: Record<string, unknown> | null } | { stream: string };
}
