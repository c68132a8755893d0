import "server-only";
import { z } from "zod";
import type { Role } from "@/lib/auth/roles";
import { isSameOriginRequest } from "./auth/origins";
import { requireUser, type Caller } from "./auth/session";
import type { ApiErrorBody, FieldIssue } from "@/lib/schemas/api-error";
import { describeError, ForbiddenError, UserError } from "./errors";

// The one place where thrown errors become HTTP answers, all in one shape (lib/schemas/api-error.ts).
// A UserError was written for the person using the studio, so its message and the fields it names
// go out with its status; anything else is a bug or an outage whose details belong in the server
// log, never in a browser.

export function errorResponse(error: unknown): Response {
  const { status, message, fields } = describeError(error);
  return Response.json({ error: message, fields } satisfies ApiErrorBody, { status });
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Every API route handler goes through here: the caller (a session, or an API token) and the role
 * are checked on the server before the work runs (the role is a required argument, so a handler
 * cannot forget it), a state-changing request with a session cookie must come from the studio's
 * own pages (CSRF; a bearer token is not something a browser sends on its own), and errors are
 * answered the same way everywhere.
 */
export async function respond(request: Request, minRole: Role, work: (user: Caller) => Promise<Response>): Promise<Response> {
  try {
    const user = await requireUser(request, minRole);
    if (user.tokenId === undefined) assertSameOrigin(request);
    return await work(user);
  } catch (error) {
    return errorResponse(error);
  }
}

/** For the few routes that must work signed out (the first-run setup): the CSRF check and error mapping only. */
export async function respondSignedOut(request: Request, work: () => Promise<Response>): Promise<Response> {
  try {
    assertSameOrigin(request);
    return await work();
  } catch (error) {
    return errorResponse(error);
  }
}

function assertSameOrigin(request: Request): void {
  if (!SAFE_METHODS.has(request.method) && !isSameOriginRequest(request)) throw new ForbiddenError("cross-site request refused");
}

/**
 * Parses input with a schema; a mismatch is the caller's mistake (400), named by field. A NUL byte
 * anywhere in the input is refused first: Postgres text cannot hold one, so it would otherwise
 * reach the database and come back as a 500.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const nul = findNulByte(input, []);
  if (nul) throw UserError.ofFields([nul]);
  const result = schema.safeParse(input);
  if (!result.success) {
    const fields = result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
    throw UserError.ofFields(fields);
  }
  return result.data;
}

/** Parses a request's JSON body with a schema: a body that is not JSON is named as such (400). */
export async function parseBody<S extends z.ZodType>(schema: S, request: Request): Promise<z.infer<S>> {
  const body = await request.json().catch(() => {
    throw new UserError("The request body must be a JSON object.");
  });
  return parseInput(schema, body);
}

export function searchParamsObject(url: string | URL): Record<string, string> {
  return Object.fromEntries(new URL(url).searchParams);
}

const NUL = "\u0000";
const NUL_SHOWN = "NUL byte (\\u0000)";

/** Where the first NUL byte in parsed JSON or query parameters is (the path is "" for the input itself), or null. */
function findNulByte(value: unknown, path: string[]): FieldIssue | null {
  const where = (at: string[]) => at.map((part) => part.replaceAll(NUL, "\\u0000")).join(".");
  if (typeof value === "string") return value.includes(NUL) ? { path: where(path), message: `must not contain a ${NUL_SHOWN}` } : null;
  if (typeof value !== "object" || value === null) return null;
  for (const [key, item] of Object.entries(value)) {
    const inner = [...path, key];
    if (key.includes(NUL)) return { path: where(inner), message: `a field name must not contain a ${NUL_SHOWN}` };
    const found = findNulByte(item, inner);
    if (found) return found;
  }
  return null;
}

/** The issues as one message, "path: message; path: message" (an issue about the whole input has no path). */
/**
 * A streaming application/x-ndjson answer: `produce` writes events as they happen. An error thrown
 * by `produce` after the stream started is turned into a final event by `onError`, because the
 * status line has already gone out.
 */
export function ndjsonResponse<E>(produce: (emit: (event: E) => void) => Promise<void>, onError: (error: unknown) => E): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      // A browser that went away cancels the stream; the work itself goes on and is recorded.
      let open = true;
      const emit = (event: E) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
        } catch {
          open = false;
        }
      };
      try {
        await produce(emit);
      } catch (error) {
        emit(onError(error));
      } finally {
        if (open) {
          try {
            controller.close();
          } catch {
            // already cancelled by the browser
          }
        }
      }
    },
  });
  // no-transform keeps a compressing proxy (or Next's own compression) from holding events back.
  return new Response(stream, {
    headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store, no-transform", "x-content-type-options": "nosniff" },
  });
}
