import { calibrationQuerySchema } from "@/lib/schemas/charts";
import { calibration } from "@/lib/server/charts/calibration";
import { parseInput, respond, searchParamsObject } from "@/lib/server/http";

// GET /api/charts/calibration: the reliability diagram of the AI's P(A) against people's current answers, with ECE and Brier. Aggregated in SQL: a few dozen numbers whatever the data's size.

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return respond(request, "VIEWER", async () => {
    const query = parseInput(calibrationQuerySchema, searchParamsObject(request.url));
    return Response.json(await calibration(query));
  });
}
