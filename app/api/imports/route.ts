import { importRequestSchema } from "@/lib/schemas/import";
import { importErrorEvent, importUpload, receiveUpload } from "@/lib/server/datasets/upload-import";
import { ndjsonResponse, parseInput, respond, searchParamsObject } from "@/lib/server/http";

// POST /api/imports?fileName=...&dataset=...: the body is the file's raw bytes. The answer is
// application/x-ndjson: progress events while the import runs, then one done or error event.

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  return respond(request, "REVIEWER", async (user) => {
    const input = parseInput(importRequestSchema, searchParamsObject(request.url));
    const upload = await receiveUpload(request.body, request.headers.get("content-length"));
    return ndjsonResponse((emit) => importUpload(upload, input, user.id, emit), importErrorEvent);
  });
}
