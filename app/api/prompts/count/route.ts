import { promptListQuerySchema } from "@/lib/schemas/prompts";
import { parseInput, respond, searchParamsObject } from "@/lib/server/http";
import { countPrompts } from "@/lib/server/prompts/list";

// GET /api/prompts/count?q=&in=&dataset=&tag=&hasChains=&hasLabels=: how many prompts the table's
// query matches. Asked apart from the page, so a slow count never holds the rows up.

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return respond(request, "VIEWER", async () => {
    const query = parseInput(promptListQuerySchema, searchParamsObject(request.url));
    return Response.json(await countPrompts(query));
  });
}
