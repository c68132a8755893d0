import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { mulberry32 } from "../../lib/cai/seeded-random";
import { anthropicError, anthropicMessage, anthropicModelList } from "./anthropic-wire";
import { defaultReply } from "./default-reply";
import { failureAction, kindOf, type FailureAction } from "./failures";
import { generate } from "./generation";
import { credentialOf, readBody, recordableHeaders, sendEventStream, sendHalfThenDrop, sendJson } from "./http-io";
import { chatCompletion, chatCompletionChunks, modelList, openAiError, textCompletion, textCompletionChunks, type ResponseIdentity } from "./openai-wire";
import { ProviderLimits } from "./provider-limits";
import { InvalidRequest, parseRequest, type ParsedRequest } from "./request-parsing";
import { defaultScore, SCORER_ROUTES, scoredResponse, scorerReply, type ScorerRoute } from "./scorer-wire";
import type { Dialect, FailureSpec, FakeLlmBehaviour, FakeLlmOptions, FakeLlmServer, FakeLlmStats, RecordedRequest } from "./types";

// A fake model provider over real HTTP: OpenAI-compatible /v1/chat/completions (JSON and SSE),
// /v1/completions, /v1/models, and Anthropic /v1/messages, and a preference-model scorer (vLLM's
// /pooling and /v1/score, a plain JSON form), with latency, injected failures and, when asked, a
// provider's own limits (429 beyond them). GET /fake/stats answers stats() for a test or bench
// that runs it as a process (main.ts).
// Clients under test use their real SDKs against it; nothing of theirs is mocked.

const ROUTES: Record<string, Dialect> = {
  "/v1/chat/completions": "openai-chat",
  "/v1/completions": "openai-completions",
  "/v1/messages": "anthropic",
};

export const DEFAULT_FAILURE_KINDS: FailureSpec[] = ["429", "500", "503", "drop", "malformed"];

export async function startFakeLlmServer(options: FakeLlmOptions = {}): Promise<FakeLlmServer> {
  const { host = "127.0.0.1", port = 0, recordRequests = true, ...behaviourOptions } = options;
  const behaviour: FakeLlmBehaviour = {
    latencyMs: 0,
    reply: defaultReply,
    score: defaultScore,
    failNext: [],
    failureRate: 0,
    failureKinds: DEFAULT_FAILURE_KINDS,
    seed: 1,
    ...behaviourOptions,
  };
  behaviour.failNext = [...behaviour.failNext];
  let failureRandom = mulberry32(behaviour.seed);
  let latencyRandom = mulberry32(behaviour.seed ^ 0x9e3779b9);
  const requests: RecordedRequest[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let sequence = 0;
  let received = 0;
  let completed = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const providerLimits = new ProviderLimits();
  const stats = (): FakeLlmStats => ({
    received,
    completed,
    inFlight,
    maxInFlight,
    rejected: providerLimits.rejected,
    mostInAnyMinute: providerLimits.mostInAnyWindow(),
  });

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms <= 0) return resolve();
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const latency = () => {
    const setting = behaviour.latencyMs;
    return Array.isArray(setting) ? setting[0] + latencyRandom() * (setting[1] - setting[0]) : setting;
  };

  const nextFailure = (): FailureSpec | undefined => {
    if (behaviour.failNext.length > 0) return behaviour.failNext.shift();
    if (behaviour.failureRate > 0 && failureRandom() < behaviour.failureRate && behaviour.failureKinds.length > 0) {
      return behaviour.failureKinds[Math.floor(failureRandom() * behaviour.failureKinds.length)];
    }
    return undefined;
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? "/", "http://fake").pathname;
    if (request.method === "GET" && path === "/fake/stats") return sendJson(response, 200, stats());
    received++;
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    response.on("finish", () => completed++);
    response.on("close", () => inFlight--);

    const rawBody = await readBody(request);
    const record = makeRecord(++sequence, request, path, rawBody);
    if (recordRequests) requests.push(record);
    const anthropicClient = request.headers["anthropic-version"] !== undefined;

    if (request.method === "GET" && path === "/v1/models") {
      const models = behaviour.knownModels ?? ["fake-model"];
      return sendJson(response, 200, anthropicClient ? anthropicModelList(models) : modelList(models, nowSeconds()));
    }
    const scorerRoute = request.method === "POST" ? SCORER_ROUTES[path] : undefined;
    if (scorerRoute) {
      if (!admitted(response, record, "openai-chat")) return;
      await wait(latency());
      if (response.destroyed) return;
      return answerScore(scorerRoute, request, response, record, rawBody);
    }
    const dialect = request.method === "POST" ? ROUTES[path] : undefined;
    if (!dialect) {
      const message = `Unknown request URL: ${request.method} ${path}`;
      return sendJson(response, 404, anthropicClient ? anthropicError("not_found_error", message) : openAiError(message, "invalid_request_error", "unknown_url"));
    }
    if (!admitted(response, record, dialect)) return;
    await wait(latency());
    if (response.destroyed) return;
    await answerCompletion(dialect, request, response, record, rawBody);
  }

  /** Within the provider's own limits (it answers when done); else refused with a 429 at once. */
  function admitted(response: ServerResponse, record: RecordedRequest, dialect: Dialect): boolean {
    const done = providerLimits.admit(behaviour.providerLimits);
    if (done) response.on("close", done);
    else {
      record.failure = "429";
      void applyFailure(failureAction("429", dialect, undefined), response, () => "");
    }
    return done !== undefined;
  }

  async function answerCompletion(dialect: Dialect, request: IncomingMessage, response: ServerResponse, record: RecordedRequest, rawBody: string): Promise<void> {
    const error = (status: number, openAiType: string, anthropicType: string, message: string, code: string | null = null) =>
      sendJson(response, status, dialect === "anthropic" ? anthropicError(anthropicType, message) : openAiError(message, openAiType, code));

    const rawCredential = request.headers.authorization ?? (request.headers["x-api-key"] as string | undefined);
    if (behaviour.requireApiKey !== undefined && record.sentApiKey !== behaviour.requireApiKey) {
      record.failure = "401";
      return applyFailure(failureAction("401", dialect, rawCredential), response, () => "");
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(rawBody) as Record<string, unknown>;
      if (!body || typeof body !== "object" || Array.isArray(body)) throw new InvalidRequest("the body must be a JSON object");
    } catch (parseError) {
      return error(400, "invalid_request_error", "invalid_request_error", `Could not parse the request body: ${(parseError as Error).message}`);
    }
    let parsed: ParsedRequest;
    try {
      parsed = parseRequest(dialect, body, request.headers as Record<string, string | undefined>);
    } catch (invalid) {
      if (!(invalid instanceof InvalidRequest)) throw invalid;
      return error(400, "invalid_request_error", "invalid_request_error", invalid.message);
    }
    if (behaviour.knownModels && !behaviour.knownModels.includes(parsed.request.model)) {
      const message = `The model \`${parsed.request.model}\` does not exist or you do not have access to it.`;
      return error(404, "invalid_request_error", "not_found_error", message, "model_not_found");
    }

    const failure = nextFailure();
    if (failure) record.failure = kindOf(failure);
    const render = () => renderSuccess(dialect, parsed, record.seq);
    if (failure) return applyFailure(failureAction(failure, dialect, rawCredential), response, render);
    sendSuccess(response, render());
  }

  async function answerScore(route: ScorerRoute, request: IncomingMessage, response: ServerResponse, record: RecordedRequest, rawBody: string): Promise<void> {
    const rawCredential = request.headers.authorization;
    if (behaviour.requireApiKey !== undefined && record.sentApiKey !== behaviour.requireApiKey) {
      record.failure = "401";
      return applyFailure(failureAction("401", "openai-chat", rawCredential), response, () => "");
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(rawBody) as Record<string, unknown>;
    } catch (parseError) {
      return sendJson(response, 400, openAiError(`Could not parse the request body: ${(parseError as Error).message}`, "invalid_request_error"));
    }
    const scored = body && typeof body === "object" ? scoredResponse(route, body) : { invalid: "the body must be a JSON object" };
    if ("invalid" in scored) return sendJson(response, 400, openAiError(scored.invalid, "invalid_request_error"));
    const failure = nextFailure();
    if (failure) record.failure = kindOf(failure);
    const render = () => JSON.stringify(scorerReply(route, behaviour.reportModelAs ?? String(body.model), behaviour.score(scored.response), record.seq, nowSeconds()));
    if (failure) return applyFailure(failureAction(failure, "openai-chat", rawCredential), response, render);
    sendSuccess(response, render());
  }

  function renderSuccess(dialect: Dialect, parsed: ParsedRequest, seq: number): string | string[] {
    const generation = generate(parsed.request, behaviour.reply(parsed.request), parsed.limits);
    const identity: ResponseIdentity = { id: `fake${seq.toString(36)}`, model: behaviour.reportModelAs ?? parsed.request.model, created: nowSeconds() };
    const withLogprobs = parsed.topLogprobs !== undefined;
    if (dialect === "anthropic") return JSON.stringify(anthropicMessage(generation, identity));
    if (dialect === "openai-chat") {
      return parsed.stream ? chatCompletionChunks(generation, identity, withLogprobs, parsed.streamUsage) : JSON.stringify(chatCompletion(generation, identity, withLogprobs));
    }
    return parsed.stream ? textCompletionChunks(generation, identity, withLogprobs, parsed.streamUsage) : JSON.stringify(textCompletion(generation, identity, withLogprobs));
  }

  function sendSuccess(response: ServerResponse, rendered: string | string[]): void {
    if (response.destroyed) return;
    if (Array.isArray(rendered)) return sendEventStream(response, rendered);
    response.writeHead(200, { "content-type": "application/json", "content-length": String(Buffer.byteLength(rendered)) });
    response.end(rendered);
  }

  async function applyFailure(action: FailureAction, response: ServerResponse, render: () => string | string[]): Promise<void> {
    switch (action.type) {
      case "status":
        return sendJson(response, action.status, action.body, action.headers);
      case "hang":
        return; // the response stays open until the client gives up or the server closes
      case "late": {
        await wait(action.afterMs);
        return sendSuccess(response, render());
      }
      case "drop": {
        const rendered = render();
        const isStream = Array.isArray(rendered);
        const text = isStream ? rendered.map((payload) => `data: ${payload}\n\n`).join("") : rendered;
        return sendHalfThenDrop(response, text, isStream ? "text/event-stream" : "application/json");
      }
      case "malformed": {
        const rendered = render();
        if (Array.isArray(rendered)) return sendEventStream(response, ['{"id": "chatcmpl-broken", "choi', "[DONE]"]);
        const text = '{"id": "chatcmpl-broken", "choices": [{"message": ';
        response.writeHead(200, { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)) });
        return void response.end(text);
      }
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((failure: unknown) => {
      // A throwing reply function is a bug in the test: answer 500 with its message so it shows
      if (!response.headersSent) sendJson(response, 500, openAiError(`fake-llm: ${(failure as Error).message}`, "fake_server_bug"));
      else response.destroy();
    });
  });
  // Longer than any client's keep-alive, so an idle pooled connection is never closed under a request
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    requests,
    stats,
    setBehaviour(patch) {
      Object.assign(behaviour, patch);
      if (patch.failNext) behaviour.failNext = [...patch.failNext];
      if (patch.seed !== undefined) {
        failureRandom = mulberry32(patch.seed);
        latencyRandom = mulberry32(patch.seed ^ 0x9e3779b9);
      }
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function makeRecord(seq: number, request: IncomingMessage, path: string, rawBody: string): RecordedRequest {
  let body: unknown = rawBody;
  try {
    body = rawBody ? JSON.parse(rawBody) : undefined;
  } catch {
    // kept as text: the test may be checking what a client sent when it was not JSON
  }
  const record: RecordedRequest = {
    seq,
    method: request.method ?? "",
    path,
    receivedAt: performance.timeOrigin + performance.now(),
    headers: recordableHeaders(request),
    body,
  };
  Object.defineProperty(record, "sentApiKey", { value: credentialOf(request), enumerable: false });
  return record;
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
