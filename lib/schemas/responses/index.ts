import type { calibration } from "@/lib/server/charts/calibration";
import type { goodhartSignals } from "@/lib/server/charts/goodhart";
import type { phraseResponses } from "@/lib/server/charts/phrase-responses";
import type { pmByRevision } from "@/lib/server/charts/pm-by-revision";
import type { positionBiasChart } from "@/lib/server/charts/position-bias";
import type { principleAnalytics } from "@/lib/server/charts/principles";
import type { scoreScatter } from "@/lib/server/charts/score-scatter";
import type { softLabelHistogram } from "@/lib/server/charts/soft-labels";
import type { findLabelCalls } from "@/lib/server/comparisons/calls";
import type { comparisonForViewer } from "@/lib/server/comparisons/for-viewer";
import type { listComparisons } from "@/lib/server/comparisons/list";
import type { pairSources } from "@/lib/server/comparisons/options";
import type { listRunPairs } from "@/lib/server/comparisons/run-pairs";
import type { createConstitution, saveConstitutionVersion } from "@/lib/server/constitutions/edit";
import type { createEndpoint, updateEndpoint } from "@/lib/server/endpoints/mutations";
import type { advanceExperiment } from "@/lib/server/experiments/advance";
import type { createExperiment } from "@/lib/server/experiments/create";
import type { experimentDetail, listExperiments } from "@/lib/server/experiments/status";
import type { experimentReport } from "@/lib/server/experiments/report";
import type { getEndpoint, listEndpoints } from "@/lib/server/endpoints/queries";
import type { testEndpoint, testEndpointDraft } from "@/lib/server/endpoints/test-endpoint";
import type { cancelExportRun } from "@/lib/server/exports/cancel";
import type { createExport, getExport, getExportRun, listExportRuns, listExports, updateExport } from "@/lib/server/exports/definitions";
import type { createHubPush, listHubPushes } from "@/lib/server/exports/hub-pushes";
import type { previewExport } from "@/lib/server/exports/preview";
import type { makePairs, previewPairs } from "@/lib/server/labels/pairs";
import type { labelRunSummary } from "@/lib/server/labels/summary";
import type { countPrompts, listPrompts } from "@/lib/server/prompts/list";
import type { adjudicationItem, adjudicationList, resolveItem } from "@/lib/server/review/adjudication";
import type { answerItem } from "@/lib/server/review/answer";
import type { reviewItem } from "@/lib/server/review/item-view";
import type { listQueueItems } from "@/lib/server/review/items";
import type { archiveQueue, createQueue, listQueues, previewQueue, queueSummary } from "@/lib/server/review/queues";
import type { revealItem } from "@/lib/server/review/reveal";
import type { runProgress } from "@/lib/server/runs/progress";
import type { findRunCalls, listRunItems, listRuns } from "@/lib/server/runs/queries";
import type { fitScores } from "@/lib/server/scores/fit";
import type { changeRole, createUser } from "@/lib/server/auth/users";
import type { createApiToken, listApiTokens, revokeApiToken } from "@/lib/server/auth/api-tokens";
import type { createWebhook, rotateWebhookSecret, sendTestEvent, updateWebhook } from "@/lib/server/webhooks/mutations";
import type { listDeliveries, listWebhooks } from "@/lib/server/webhooks/queries";
import type { Done, FirstAdmin, PairSelectionCount, PromptSelectionCount, StartedExportRun, StartedRun } from "./bodies";
import type { AnswerOf, Json } from "./json";

// What each API route answers when it succeeds, by method and path (an id is `${number}`, a query
// string `?${string}`). Most handlers pass on one server function's answer, so their entry is that
// function's answer as JSON (AnswerOf); the bodies handlers write themselves are in ./bodies.ts.
// The browser's fetch helpers (components/ui/fetch-json.ts) read their answer types from here, so
// a call site names a path, never a type. Failures all answer lib/schemas/api-error.ts.
// The answers that are not one JSON body are in ApiOtherAnswers. The API's OpenAPI document is
// generated from these types (scripts/api-contract/generate.ts).

type Id = `${number}`;
type Query = `?${string}`;

export interface ApiGet {
  "/api/runs": AnswerOf<typeof listRuns>;
  [path: `/api/runs${Query}`]: AnswerOf<typeof listRuns>;
  [path: `/api/runs/${Id}`]: AnswerOf<typeof runProgress>;
  [path: `/api/runs/${Id}/items${"" | Query}`]: AnswerOf<typeof listRunItems>;
  [path: `/api/runs/${Id}/calls${Query}`]: AnswerOf<typeof findRunCalls>;
  [path: `/api/runs/${Id}/pairs${"" | Query}`]: AnswerOf<typeof listRunPairs>;
  [path: `/api/runs/${Id}/summary`]: AnswerOf<typeof labelRunSummary>;
  [path: `/api/runs/selection${Query}`]: PromptSelectionCount;
  [path: `/api/labels/runs/selection${Query}`]: PairSelectionCount;
  "/api/comparisons": AnswerOf<typeof listComparisons>;
  [path: `/api/comparisons${Query}`]: AnswerOf<typeof listComparisons>;
  [path: `/api/comparisons/${Id}${"" | Query}`]: NonNullable<AnswerOf<typeof comparisonForViewer>>;
  [path: `/api/comparisons/${Id}/calls${Query}`]: AnswerOf<typeof findLabelCalls>;
  [path: `/api/pairs/sources${Query}`]: AnswerOf<typeof pairSources>;
  [path: `/api/pairs/preview${Query}`]: AnswerOf<typeof previewPairs>;
  "/api/prompts": AnswerOf<typeof listPrompts>;
  [path: `/api/prompts${Query}`]: AnswerOf<typeof listPrompts>;
  "/api/prompts/count": AnswerOf<typeof countPrompts>;
  [path: `/api/prompts/count${Query}`]: AnswerOf<typeof countPrompts>;
  "/api/exports": AnswerOf<typeof listExports>;
  [path: `/api/exports/${Id}`]: NonNullable<AnswerOf<typeof getExport>>;
  [path: `/api/exports/${Id}/runs`]: AnswerOf<typeof listExportRuns>;
  [path: `/api/export-runs/${Id}`]: NonNullable<AnswerOf<typeof getExportRun>>;
  [path: `/api/export-runs/${Id}/push`]: AnswerOf<typeof listHubPushes>;
  "/api/review/queues": AnswerOf<typeof listQueues>;
  [path: `/api/review/queues/${Id}`]: AnswerOf<typeof queueSummary>;
  [path: `/api/review/queues/${Id}/items${"" | Query}`]: AnswerOf<typeof listQueueItems>;
  [path: `/api/review/queues/${Id}/items/${Id}${"" | Query}`]: AnswerOf<typeof reviewItem>;
  [path: `/api/review/queues/${Id}/adjudication`]: Json<Awaited<ReturnType<typeof adjudicationList>>["rows"]>;
  [path: `/api/review/queues/${Id}/adjudication/${Id}`]: AnswerOf<typeof adjudicationItem>;
  "/api/endpoints": AnswerOf<typeof listEndpoints>;
  [path: `/api/endpoints/${Id}`]: AnswerOf<typeof getEndpoint>;
  "/api/webhooks": AnswerOf<typeof listWebhooks>;
  [path: `/api/webhooks/${Id}/deliveries${"" | Query}`]: AnswerOf<typeof listDeliveries>;
  "/api/experiments": AnswerOf<typeof listExperiments>;
  [path: `/api/experiments/${Id}`]: AnswerOf<typeof experimentDetail>;
  /** with ?format=csv or ?format=svg, a file instead */
  [path: `/api/experiments/${Id}/report${"" | Query}`]: AnswerOf<typeof experimentReport>;
  [path: `/api/charts/calibration${Query}`]: AnswerOf<typeof calibration>;
  [path: `/api/charts/goodhart${Query}`]: AnswerOf<typeof goodhartSignals>;
  [path: `/api/charts/goodhart/responses${Query}`]: AnswerOf<typeof phraseResponses>;
  [path: `/api/charts/harmless-vs-helpful${Query}`]: AnswerOf<typeof scoreScatter>;
  [path: `/api/charts/pm-by-revision${Query}`]: AnswerOf<typeof pmByRevision>;
  [path: `/api/charts/position-bias${Query}`]: AnswerOf<typeof positionBiasChart>;
  [path: `/api/charts/principles${Query}`]: AnswerOf<typeof principleAnalytics>;
  [path: `/api/charts/soft-labels${Query}`]: AnswerOf<typeof softLabelHistogram>;
  "/api/tokens": AnswerOf<typeof listApiTokens>;
}

/** Where each kind of run is started. */
export type RunStartPath = "/api/runs" | "/api/labels/runs" | "/api/labels/sample-runs" | "/api/scores/runs";

export type ApiPost = { [path in RunStartPath]: StartedRun } & {
  [path: `/api/runs/${Id}/${"pause" | "resume" | "retry" | "cancel"}`]: Done;
  "/api/scores/fit": AnswerOf<typeof fitScores>;
  "/api/pairs": AnswerOf<typeof makePairs>;
  "/api/experiments": AnswerOf<typeof createExperiment>;
  [path: `/api/experiments/${Id}/run`]: AnswerOf<typeof advanceExperiment>;
  "/api/exports": AnswerOf<typeof createExport>;
  "/api/exports/preview": AnswerOf<typeof previewExport>;
  [path: `/api/exports/${Id}/runs`]: Json<StartedExportRun>;
  [path: `/api/export-runs/${Id}/cancel`]: AnswerOf<typeof cancelExportRun>;
  [path: `/api/export-runs/${Id}/push`]: AnswerOf<typeof createHubPush>;
  "/api/review/queues": AnswerOf<typeof createQueue>;
  "/api/review/queues/preview": AnswerOf<typeof previewQueue>;
  [path: `/api/review/queues/${Id}/archive`]: AnswerOf<typeof archiveQueue>;
  // the review walk's query string, when there is one, follows as it is
  [path: `/api/review/queues/${Id}/answers${string}`]: AnswerOf<typeof answerItem>;
  [path: `/api/review/queues/${Id}/items/${Id}/reveal${string}`]: AnswerOf<typeof revealItem>;
  [path: `/api/review/queues/${Id}/adjudication`]: AnswerOf<typeof resolveItem>;
  "/api/constitutions": AnswerOf<typeof createConstitution>;
  "/api/endpoints": AnswerOf<typeof createEndpoint>;
  "/api/endpoints/test-draft": AnswerOf<typeof testEndpointDraft>;
  [path: `/api/endpoints/${Id}/test`]: AnswerOf<typeof testEndpoint>;
  "/api/users": AnswerOf<typeof createUser>;
  [path: `/api/users/${string}/password`]: Done;
  "/api/tokens": AnswerOf<typeof createApiToken>;
  "/api/webhooks": AnswerOf<typeof createWebhook>;
  [path: `/api/webhooks/${Id}/rotate-secret`]: AnswerOf<typeof rotateWebhookSecret>;
  [path: `/api/webhooks/${Id}/test`]: AnswerOf<typeof sendTestEvent>;
  "/api/setup": FirstAdmin;
};

export interface ApiPut {
  [path: `/api/exports/${Id}`]: AnswerOf<typeof updateExport>;
  [path: `/api/endpoints/${Id}`]: AnswerOf<typeof updateEndpoint>;
  [path: `/api/constitutions/versions/${Id}`]: AnswerOf<typeof saveConstitutionVersion>;
}

export interface ApiPatch {
  [path: `/api/users/${string}`]: AnswerOf<typeof changeRole>;
  [path: `/api/webhooks/${Id}`]: AnswerOf<typeof updateWebhook>;
}

export interface ApiDelete {
  /** 204, no body. */
  [path: `/api/endpoints/${Id}`]: undefined;
  [path: `/api/tokens/${Id}`]: AnswerOf<typeof revokeApiToken>;
  /** 204, no body. */
  [path: `/api/webhooks/${Id}`]: undefined;
}

export interface ApiAnswers {
  GET: ApiGet;
  POST: ApiPost;
  PUT: ApiPut;
  PATCH: ApiPatch;
  DELETE: ApiDelete;
}

/** Answers that are not one JSON body, by "METHOD path" as the API document writes it: their media type. */
export interface ApiOtherAnswers {
  /** progress events, then one done or error event (lib/schemas/import.ts) */
  "POST /api/imports": "application/x-ndjson";
  /** a file of a finished export, as an attachment */
  "GET /api/export-runs/{id}/files/{name}": "application/octet-stream";
  /** Better Auth's own endpoints (sign-in, sign-out, session): used by the studio's pages, not by scripts */
  "GET /api/auth/{all}": "application/json";
  "POST /api/auth/{all}": "application/json";
  /** this API's OpenAPI 3.1 document */
  "GET /api/openapi.json": "application/json";
}

/** Requests whose body is not JSON, by "METHOD path": its media type. */
export interface ApiRawBodies {
  /** the file's own bytes, as read from disk (gzip-compressed or not); the options are in the query string */
  "POST /api/imports": "application/octet-stream";
}
