import "server-only";
import { createModelClient } from "@/lib/llm";
import { limiterForEndpoint } from "@/lib/llm/limiter-registry";
import { withLimiter } from "@/lib/llm/limited-client";
import { ScorerClient, type ScoreRequest, type ScoreResult } from "@/lib/llm/scorer";
import type { EndpointConfig, ModelClient } from "@/lib/llm/types";

/** A scoring endpoint's client with every call going through the endpoint's limiter. */
export interface LimitedScorer {
  score(request: ScoreRequest): Promise<ScoreResult>;
}

// Model clients for the endpoints runs use, one per endpoint, all calls through the endpoint's
// limiter. Re-read every half minute, so a new key or limit set in Settings reaches a running
// worker without a restart.

export type ResolveEndpoint = (endpointId: number) => Promise<{ name: string; config: EndpointConfig }>;

const REFRESH_MS = 30_000;

export class EndpointClients {
  private readonly cache = new Map<number, { client: Promise<ModelClient>; at: number }>();
  private readonly scorers = new Map<number, { client: Promise<LimitedScorer>; at: number }>();

  constructor(private readonly resolve: ResolveEndpoint) {}

  client(endpointId: number): Promise<ModelClient> {
    const cached = this.cache.get(endpointId);
    if (cached && Date.now() - cached.at < REFRESH_MS) return cached.client;
    const client = this.resolve(endpointId).then(({ config }) => {
      const limiter = limiterForEndpoint(String(endpointId), { maxConcurrency: config.maxConcurrency, requestsPerMinute: config.requestsPerMinute });
      return withLimiter(createModelClient(config), limiter);
    });
    client.catch(() => this.cache.delete(endpointId));
    this.cache.set(endpointId, { client, at: Date.now() });
    return client;
  }

  scorer(endpointId: number): Promise<LimitedScorer> {
    const cached = this.scorers.get(endpointId);
    if (cached && Date.now() - cached.at < REFRESH_MS) return cached.client;
    const client = this.resolve(endpointId).then(({ config }): LimitedScorer => {
      const limiter = limiterForEndpoint(String(endpointId), { maxConcurrency: config.maxConcurrency, requestsPerMinute: config.requestsPerMinute });
      const scorer = new ScorerClient(config);
      return { score: (request) => limiter.run(() => scorer.score(request), request.signal) };
    });
    client.catch(() => this.scorers.delete(endpointId));
    this.scorers.set(endpointId, { client, at: Date.now() });
    return client;
  }
}
