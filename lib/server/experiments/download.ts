import "server-only";
import { experimentReportCsv } from "@/lib/formats/experiment-report-csv";
import { forestSvg } from "@/lib/formats/experiment-forest";
import type { ExperimentReportQuery } from "@/lib/schemas/experiment-report";
import { experimentReport } from "./report";

// The report in the format asked for, as the route sends it: JSON to read, CSV and SVG as files
// named after the experiment's id (its name is the user's text: kept out of the header).

export async function experimentReportDownload(experimentId: number, query: ExperimentReportQuery): Promise<Response> {
  const report = await experimentReport(experimentId, { seed: query.seed, resamples: query.resamples });
  const file = (body: string, type: string, extension: string) =>
    new Response(body, { headers: { "content-type": type, "content-disposition": `attachment; filename="experiment-${experimentId}-report.${extension}"` } });
  if (query.format === "csv") return file(experimentReportCsv(report), "text/csv; charset=utf-8", "csv");
  if (query.format === "svg") return file(forestSvg(report, `${report.experiment.name}: win rate with 95% interval`), "image/svg+xml", "svg");
  return Response.json(report);
}
