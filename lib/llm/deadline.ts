// One signal for a call that aborts when the caller cancels or the time runs out, and remembers
// which of the two happened: both abort the same fetch, but one is retryable and one is not.
// The SDKs' own `timeout` stops at the response headers; this one also covers reading the body.

export interface Deadline {
  readonly signal: AbortSignal;
  timedOut(): boolean;
  cancelledByCaller(): boolean;
  dispose(): void;
}

export function startDeadline(timeoutMs: number, callerSignal?: AbortSignal): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  let cancelled = false;
  const onCallerAbort = () => {
    cancelled = true;
    controller.abort(callerSignal?.reason);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`no reply within ${timeoutMs} ms`));
  }, timeoutMs);
  if (callerSignal?.aborted) onCallerAbort();
  else callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut && !cancelled,
    cancelledByCaller: () => cancelled,
    dispose() {
      clearTimeout(timer);
      callerSignal?.removeEventListener("abort", onCallerAbort);
    },
  };
}
