import { promptListQuerySchema } from "@/lib/schemas/prompts";
import { parseInput, respond, searchParamsObject } from "@/lib/server/http";
import { listPrompts } from "@/lib/server/prompts/list";

// GET /api/prompts?q=&in=&dataset=&tag=&hasChains=&hasLabels=&before=|after=: one page of the prompts table.

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return respond(request, "VIEWER", async () => {
    const query = parseInput(promptListQuerySchema, searchParamsObject(request.url));
    return Response.json(await listPrompts(query));
  });
}
