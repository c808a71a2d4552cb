/** How fleet-status paces its AWS calls: a cap on calls in flight, and retries with backoff on throttling. */
export interface CallPacing {
  /** Most AWS calls in flight at once, across all accounts. */
  readonly concurrency: number;
  /** Attempts per call when AWS throttles (the first try included). */
  readonly attempts: number;
  /** Backoff before the first retry, doubled for each later one (with jitter). */
  readonly baseDelayMs: number;
  /** Waits `ms` (injectable, so tests run on a virtual clock). */
  readonly sleep: (ms: number) => Promise<void>;
}

const THROTTLING = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'SlowDown', 'ProvisionedThroughputExceededException']);

/** Whether an AWS error says the call was throttled. */
export function isThrottling(e: unknown): boolean {
  const err = e as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  return THROTTLING.has(err?.name ?? '') || THROTTLING.has(err?.Code ?? '') || err?.$metadata?.httpStatusCode === 429;
}

/** A limiter that runs at most `pacing.concurrency` calls at once and retries throttled ones. */
export function pacedCaller(pacing: CallPacing): <T>(call: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  const acquire = async (): Promise<void> => {
    if (active < pacing.concurrency) {
      active++;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };
  return async <T>(call: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      await acquire();
      try {
        return await call();
      } catch (e) {
        if (!isThrottling(e) || attempt >= pacing.attempts) throw e;
      } finally {
        release();
      }
      // Back off outside the slot, so other accounts keep going.
      await pacing.sleep(pacing.baseDelayMs * 2 ** (attempt - 1) * (1 + Math.random() / 2));
    }
  };
}
