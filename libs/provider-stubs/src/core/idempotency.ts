import type { ProviderName } from '../types';
import type { StubResponse } from './http';

/** A processed request remembered under its idempotency key. */
export interface StoredOutcome {
  /** Method, route and canonical body of the original request. */
  fingerprint: string;
  response: StubResponse;
  /** The id of the resource the request created, when it created one (GoCardless conflict links). */
  resourceId?: string;
}

/** Stored outcomes keyed by (provider, credential, Idempotency-Key). */
export class IdempotencyStore {
  private readonly outcomes = new Map<string, StoredOutcome>();

  private static key(provider: ProviderName, credential: string, idempotencyKey: string): string {
    return JSON.stringify([provider, credential, idempotencyKey]);
  }

  /** The outcome stored for this key, if any. */
  get(provider: ProviderName, credential: string, idempotencyKey: string): StoredOutcome | undefined {
    return this.outcomes.get(IdempotencyStore.key(provider, credential, idempotencyKey));
  }

  /** Remembers the outcome of the first request with this key. */
  put(provider: ProviderName, credential: string, idempotencyKey: string, outcome: StoredOutcome): void {
    this.outcomes.set(IdempotencyStore.key(provider, credential, idempotencyKey), structuredClone(outcome));
  }

  /** Forgets every outcome. */
  clear(): void {
    this.outcomes.clear();
  }
}
