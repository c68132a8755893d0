import { EndpointLimiter, type EndpointLimits } from "./limiter";

// One limiter per endpoint per process, so two runs on the same endpoint share its limits. Kept on
// globalThis because Next's dev server re-evaluates modules, which would otherwise make a second
// limiter for the same endpoint. Limits hold per process: N workers may together use N times them.

const globalForLimiters = globalThis as typeof globalThis & { caiEndpointLimiters?: Map<string, EndpointLimiter> };
const limiters = (globalForLimiters.caiEndpointLimiters ??= new Map<string, EndpointLimiter>());

/** The endpoint's limiter, created on first use; later calls apply edited limits to it. */
export function limiterForEndpoint(endpointId: string, limits: EndpointLimits): EndpointLimiter {
  const existing = limiters.get(endpointId);
  if (existing) {
    existing.setLimits(limits);
    return existing;
  }
  const limiter = new EndpointLimiter(limits);
  limiters.set(endpointId, limiter);
  return limiter;
}

/** For an endpoint that was deleted. */
export function forgetEndpointLimiter(endpointId: string): void {
  limiters.delete(endpointId);
}
