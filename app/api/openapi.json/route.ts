import { openApiDocument } from "@/lib/server/api/openapi";
import { respondSignedOut } from "@/lib/server/http";

// GET /api/openapi.json: the API's OpenAPI 3.1 document, generated from the route files' own zod
// schemas and answer types (lib/server/api/openapi.ts). Readable signed out, as API descriptions
// are: it says what the routes take, and every route but this one still asks who is calling.

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return respondSignedOut(request, async () => Response.json(openApiDocument(), { headers: { "cache-control": "no-cache" } }));
}
