import "server-only";
import { createModelClient } from "@/lib/llm";
import type { EndpointLimiter } from "@/lib/llm/limiter";
import { withLimiter } from "@/lib/llm/limited-client";
import { ScorerClient, type ScoreRequest, type ScoreResult } from "@/lib/llm/scorer";
import type { EndpointConfig, ModelClient } from "@/lib/llm/types";
import { SharedLimits, type SharedLimitOptions } from "../../endpoints/shared-limit";

/** A scoring endpoint's client with every call going through the endpoint's limiter. */
export interface LimitedScorer {
  score(request: ScoreRequest): Promise<ScoreResult>;
}

// Model clients for the endpoints runs use, one per endpoint, all calls through the endpoint's
// limiter, whose limits hold across every worker on the database (endpoints/shared-limit.ts).
// Re-read every half minute, so a new key or limit set in Settings reaches a running worker
// without a restart.

/** An endpoint's config with its key read from `env` (the worker's environment). */
export type ResolveEndpoint = (endpointId: number, env: NodeJS.ProcessEnv) => Promise<{ name: string; config: EndpointConfig }>;

const REFRESH_MS = 30_000;

export class EndpointClients {
  private readonly clients = new Map<number, Cached<ModelClient>>();
  private readonly scorers = new Map<number, Cached<LimitedScorer>>();
  private readonly limits: SharedLimits;

  constructor(
    private readonly resolve: (endpointId: number) => Promise<{ name: string; config: EndpointConfig }>,
    shared: SharedLimitOptions,
  ) {
    this.limits = new SharedLimits(shared);
  }

  client(endpointId: number): Promise<ModelClient> {
    return this.cached(this.clients, endpointId, (config, limiter) => withLimiter(createModelClient(config), limiter));
  }

  scorer(endpointId: number): Promise<LimitedScorer> {
    return this.cached(this.scorers, endpointId, (config, limiter): LimitedScorer => {
      const scorer = new ScorerClient(config);
      return { score: (request) => limiter.run(() => scorer.score(request), request.signal) };
    });
  }

  /** The endpoint's client from `cache` while fresh, else built anew from its current config and limiter. */
  private cached<T>(cache: Map<number, Cached<T>>, endpointId: number, build: (config: EndpointConfig, limiter: EndpointLimiter) => T): Promise<T> {
    const cached = cache.get(endpointId);
    if (cached && Date.now() - cached.at < REFRESH_MS) return cached.client;
    const client = this.resolve(endpointId).then(({ config }) =>
      build(config, this.limits.limiter(endpointId, { maxConcurrency: config.maxConcurrency, requestsPerMinute: config.requestsPerMinute })),
    );
    client.catch(() => cache.delete(endpointId));
    cache.set(endpointId, { client, at: Date.now() });
    return client;
  }

  /** The worker stops, its calls ended: its shares of the endpoints' limits go to the other workers at once. */
  close(): Promise<void> {
    return this.limits.close();
  }
}

type Cached<T> = { client: Promise<T>; at: number };
