import { importRequestSchema } from "@/lib/schemas/import";
import { uploadImportResponse } from "@/lib/server/datasets/upload-import";
import { parseInput, respond, searchParamsObject } from "@/lib/server/http";

// POST /api/imports?fileName=...&dataset=...: the body is the file's raw bytes. The answer is
// application/x-ndjson: progress events while the import runs, then one done or error event; 429
// when the person (or the studio) already runs as many imports as it may.

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  return respond(request, "REVIEWER", async (user) => {
    const input = parseInput(importRequestSchema, searchParamsObject(request.url));
    return uploadImportResponse(request.body, request.headers.get("content-length"), input, user);
  });
}
