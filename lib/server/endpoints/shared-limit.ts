import "server-only";
import type pg from "pg";
import { fairShares } from "@/lib/llm/fair-share";
import { EndpointLimiter, systemClock, type EndpointLimits, type LimiterGate } from "@/lib/llm/limiter";
import { inTransaction, pgPool } from "../pg";
import { GRANT_WINDOW_MS, grantsInWindow, liveLeases, lockEndpointLimits, recordGrant, recordLease, releaseLease } from "./limit-leases";

// An endpoint's limits held across every worker on the database, not per process
// (docs/decisions/014-endpoint-limits-across-workers.md). The worker's limiter for the endpoint
// queues its calls as before; this gate tells it how many may be in flight (the worker's lease of
// the endpoint's concurrency) and hands out the starts granted against its requests per minute.
// Both come from one short transaction under the endpoint's lock, once a second while the
// endpoint is in use (sooner while the worker waits for slots, or its demand rose past what it
// holds): never one per call.
//   lease   live leases share the limit by fairShares of what each wants; a worker grows only into
//           slots nobody holds and records no fewer than its calls in flight, so the live rows hold
//           at most the limit between them and no worker has more in flight than it holds
//   grants  asked for in batches, granted while the window's grants stay within the limit; a batch
//           unused within GRANT_USE_MS is dropped (it still counts), so every call reaches the
//           provider inside the window its grant was counted in
//   lapse   a worker that cannot renew starts nothing new once half the staleness has passed since
//           its last renewal began; the others go on counting its lease until it is stale

/** A lease not renewed for this long is a dead worker's: the others no longer count it. */
export const LEASE_STALE_MS = 10_000;
/** How long granted starts may wait to be used; GRANT_WINDOW_MS leaves this and more to spare. */
export const GRANT_USE_MS = 500;
const RENEW_MS = 1_000;
/** the pace while waiting for slots another worker gives back, or giving some back */
const SOON_MS = 250;
/** renewals asked for by a rising demand, at most this often */
const MIN_GAP_MS = 50;
/** a lease unused this long is given back */
const IDLE_MS = 5_000;

export interface SharedLimitOptions {
  /** the lease holder: the worker's id */
  workerId: string;
  log: (message: string) => void;
  /** the process's pool unless given (a test gives each of its "workers" one) */
  pool?: pg.Pool;
  /** LEASE_STALE_MS unless given */
  staleMs?: number;
}

export class SharedEndpointLimit implements LimiterGate {
  readonly limiter: EndpointLimiter;
  private limits: { maxConcurrency: number; requestsPerMinute: number | null };
  private readonly pool: pg.Pool;
  private readonly staleMs: number;
  /** RENEW_MS, or less when the lease goes stale sooner (a test's) */
  private readonly renewMs: number;
  private waiting = 0;
  private running = 0;
  /** calls the last renewal allows in flight */
  private allowed = 0;
  /** until when (performance clock) the lease may be used */
  private leaseUntil = 0;
  /** whether the database has a lease row of this worker's */
  private leased = false;
  /** the demand the other workers saw at the last renewal */
  private told = 0;
  /** holding what it may use, with all it wants or its fair share: renewing once a second will do */
  private settled = true;
  /** starts granted, oldest first, each batch usable until its deadline */
  private readonly grants: { count: number; until: number }[] = [];
  /** when the window next has room for a grant */
  private roomAt = 0;
  /** starts in the current and the previous GRANT_USE_MS: the next batch asks for as many more */
  private pace = { at: 0, starts: 0, before: 0 };
  private busyAt = 0;
  private lastRenewalAt = -Infinity;
  private timer?: { at: number; handle: NodeJS.Timeout };
  private renewing?: Promise<void>;
  private failing = false;
  private closed = false;

  constructor(
    private readonly endpointId: number,
    limits: EndpointLimits,
    private readonly options: SharedLimitOptions,
  ) {
    this.pool = options.pool ?? pgPool();
    this.staleMs = options.staleMs ?? LEASE_STALE_MS;
    this.renewMs = Math.min(RENEW_MS, this.staleMs / 4);
    this.limits = { maxConcurrency: limits.maxConcurrency, requestsPerMinute: limits.requestsPerMinute ?? null };
    // last: the limiter asks this gate from its constructor on
    this.limiter = new EndpointLimiter(limits, systemClock, this);
  }

  /** Edited limits: the limiter applies them at once, the lease and grants from the next renewal. */
  setLimits(limits: EndpointLimits): void {
    this.limits = { maxConcurrency: limits.maxConcurrency, requestsPerMinute: limits.requestsPerMinute ?? null };
    this.limiter.setLimits(limits);
  }

  slots(): number {
    return performance.now() < this.leaseUntil ? this.allowed : 0;
  }

  takeStart(): boolean {
    if (this.limits.requestsPerMinute === null) return true;
    const now = performance.now();
    if (this.grantsLeft(now) === 0) return false;
    this.grants[0].count--;
    if (now - this.pace.at >= GRANT_USE_MS) this.pace = { at: now, starts: 0, before: this.recentStarts(now) };
    this.pace.starts++;
    return true;
  }

  demandChanged(waiting: number, running: number): void {
    // busy until the last call ends
    if (waiting + running > 0 || this.waiting + this.running > 0) this.busyAt = performance.now();
    this.waiting = waiting;
    this.running = running;
    if (this.needsRenewal()) this.renewAt(Math.max(performance.now(), this.lastRenewalAt + MIN_GAP_MS));
  }

  /** The worker stops: its lease goes at once (when no call of its is in flight), not once it is stale. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer.handle);
    await this.renewing;
    this.allowed = 0;
    if (this.leased && this.running === 0) await this.release();
  }

  /** What it would tell the others it wants: its calls waiting and in flight, at most the limit. */
  private wanted(): number {
    return Math.min(this.waiting + this.running, this.limits.maxConcurrency);
  }

  /** Calls it could start now but for a grant. */
  private startsWanted(): number {
    return this.limits.requestsPerMinute === null ? 0 : Math.max(0, Math.min(this.waiting, this.slots() - this.running));
  }

  /** Starts in the last GRANT_USE_MS or so. */
  private recentStarts(now: number): number {
    const age = now - this.pace.at;
    return age >= 2 * GRANT_USE_MS ? 0 : age >= GRANT_USE_MS ? this.pace.starts : Math.max(this.pace.starts, this.pace.before);
  }

  /** Granted starts still usable (the expired batches dropped). */
  private grantsLeft(now: number): number {
    while (this.grants.length > 0 && (this.grants[0].until <= now || this.grants[0].count === 0)) this.grants.shift();
    return this.grants.reduce((sum, batch) => sum + batch.count, 0);
  }

  /** A renewal before the regular one: cheap, asked at every start and end of a call. */
  private needsRenewal(): boolean {
    if (this.closed || this.failing || this.wanted() === 0) return false;
    const now = performance.now();
    if (now >= this.leaseUntil) return true;
    const wanted = this.wanted();
    if (wanted > this.told && wanted > this.allowed && this.allowed < this.limits.maxConcurrency) return true;
    return now >= this.roomAt && this.startsWanted() > 0 && this.grantsLeft(now) === 0;
  }

  private renewAt(at: number): void {
    if (this.closed || (this.timer && this.timer.at <= at)) return;
    if (this.timer) clearTimeout(this.timer.handle);
    const handle = setTimeout(
      () => {
        this.timer = undefined;
        void this.renew();
      },
      Math.max(0, at - performance.now()),
    );
    handle.unref();
    this.timer = { at, handle };
  }

  /** One renewal at a time; when it ends it plans the next (an idle lease is given back instead). */
  private async renew(): Promise<void> {
    if (this.renewing || this.closed) return; // the running one plans the next
    const idle = this.waiting + this.running === 0 && performance.now() - this.busyAt >= IDLE_MS;
    this.renewing = idle ? this.release() : this.renewLease();
    await this.renewing;
    this.renewing = undefined;
    this.limiter.wake();
    if (!this.closed && (this.leased || this.wanted() > 0)) this.renewAt(this.nextRenewal());
  }

  private nextRenewal(): number {
    const now = performance.now();
    if (this.needsRenewal()) return now + MIN_GAP_MS;
    const regular = now + (this.settled || this.failing ? this.renewMs : Math.min(SOON_MS, this.renewMs / 2));
    return this.startsWanted() > 0 && this.grantsLeft(now) === 0 ? Math.min(regular, Math.max(this.roomAt, now + MIN_GAP_MS)) : regular;
  }

  private async renewLease(): Promise<void> {
    const startedAt = performance.now();
    this.lastRenewalAt = startedAt;
    const { endpointId } = this;
    const { workerId } = this.options;
    const limit = this.limits.maxConcurrency;
    const wanted = this.wanted();
    try {
      const renewal = await inTransaction(async (tx) => {
        const turn = await lockEndpointLimits(tx, endpointId);
        const others = (await liveLeases(tx, endpointId, this.staleMs)).filter((lease) => lease.workerId !== workerId);
        const wants = new Map(others.map((lease) => [lease.workerId, lease.wanted]));
        const share = fairShares(limit, wants.set(workerId, wanted), turn).get(workerId)!;
        const slots = Math.min(share, Math.max(0, limit - others.reduce((sum, lease) => sum + lease.held, 0)));
        // from here no call starts beyond the new share, so the holding recorded covers every call in flight
        this.allowed = Math.min(this.allowed, slots);
        const held = Math.max(slots, this.running);
        await recordLease(tx, { endpointId, workerId, held, wanted });
        const grant = await this.grant(tx, slots, 1 + others.filter((lease) => lease.wanted > 0).length);
        return { share, slots, held, grant };
      }, this.pool);
      this.leased = true;
      this.allowed = renewal.slots;
      this.told = wanted;
      this.leaseUntil = startedAt + this.staleMs / 2;
      this.settled = renewal.held <= renewal.slots && renewal.slots >= Math.min(renewal.share, wanted);
      if (renewal.grant.granted > 0) this.grants.push({ count: renewal.grant.granted, until: startedAt + GRANT_USE_MS });
      this.roomAt = startedAt + renewal.grant.roomInMs;
      if (this.failing) this.options.log(`endpoint ${endpointId}: renewed this worker's share of its limits again`);
      this.failing = false;
    } catch (error) {
      if (!this.failing) {
        const lapse = Math.max(0, Math.round((this.leaseUntil - performance.now()) / 1000));
        this.options.log(`endpoint ${endpointId}: could not renew this worker's share of its limits (${(error as Error).message}); it starts no new call in ${lapse} s unless it can`);
      }
      this.failing = true;
    }
  }

  /**
   * Starts for the calls it could start (and as many more as it started lately, so a steady stream
   * asks twice a second, not once a call), at most an even part of the window's room among the
   * workers that want any.
   */
  private async grant(tx: pg.ClientBase, slots: number, takers: number): Promise<{ granted: number; roomInMs: number }> {
    const rpm = this.limits.requestsPerMinute;
    const startable = Math.max(0, Math.min(this.waiting, slots - this.running));
    const now = performance.now();
    const asked = startable === 0 ? 0 : startable + this.recentStarts(now) - this.grantsLeft(now);
    if (rpm === null || asked <= 0) return { granted: 0, roomInMs: 0 };
    const { used, oldestAgeMs } = await grantsInWindow(tx, this.endpointId);
    const room = Math.max(0, rpm - used);
    const granted = Math.min(asked, Math.ceil(room / takers));
    if (granted > 0) await recordGrant(tx, this.endpointId, granted);
    return { granted, roomInMs: room > granted ? 0 : GRANT_WINDOW_MS - (oldestAgeMs ?? 0) };
  }

  private async release(): Promise<void> {
    this.allowed = 0;
    this.leaseUntil = 0;
    this.told = 0;
    try {
      await releaseLease(this.pool, this.endpointId, this.options.workerId);
      this.leased = false;
    } catch (error) {
      this.options.log(`endpoint ${this.endpointId}: could not give back this worker's share of its limits (${(error as Error).message}); it lapses in ${this.staleMs / 1000} s`);
    }
  }
}

/** A worker's limiters, one per endpoint it calls, each with its share of the endpoint's limits. */
export class SharedLimits {
  private readonly endpoints = new Map<number, SharedEndpointLimit>();

  constructor(private readonly options: SharedLimitOptions) {}

  /** The endpoint's limiter, made on first use; later calls apply edited limits to it. */
  limiter(endpointId: number, limits: EndpointLimits): EndpointLimiter {
    const existing = this.endpoints.get(endpointId);
    if (existing) {
      existing.setLimits(limits);
      return existing.limiter;
    }
    const shared = new SharedEndpointLimit(endpointId, limits, this.options);
    this.endpoints.set(endpointId, shared);
    return shared.limiter;
  }

  /** The worker stops, its calls ended: the other workers get its slots at once. */
  async close(): Promise<void> {
    await Promise.all([...this.endpoints.values()].map((shared) => shared.close()));
  }
}
