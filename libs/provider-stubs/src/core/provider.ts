import type { ProviderName } from '../types';
import type { FormObject } from './form-decode';
import type { ProviderRequest, StubResponse } from './http';
import type { StoredOutcome } from './idempotency';

/** The outcome of checking a request's credentials. */
export type AuthResult = { ok: true; credential: string } | { ok: false; response: StubResponse };

/**
 * What the shared pipeline (journal, faults, auth, idempotency) needs from one provider's stand-in.
 * Each provider implements it once; the handlers behind `handle` know nothing of faults or replays.
 */
export interface ProviderAdapter {
  readonly name: ProviderName;
  /** The URL path prefix (`/v1` for Stripe, `/adyen`, `/gocardless`) and how much of it to strip for `route`. */
  readonly prefix: string;
  readonly stripPrefix: boolean;
  /** Decodes the body (undefined when malformed). */
  decodeBody(raw: string): unknown;
  /** Decodes the query string (without `?`). */
  decodeQuery(search: string): FormObject;
  /** The answer to a body that could not be decoded. */
  malformedBody(req: ProviderRequest): StubResponse;
  /** Checks credentials and version headers. */
  authenticate(req: ProviderRequest): AuthResult;
  /** True when the request takes part in idempotency (POST with an `Idempotency-Key`). */
  idempotencyKey(req: ProviderRequest): string | undefined;
  /** The answer when a key is reused with a different request. */
  idempotencyConflict(req: ProviderRequest, key: string, original: StoredOutcome): StubResponse;
  /** The stored answer, as replayed (extra headers allowed). */
  replay(original: StoredOutcome): StubResponse;
  /** The id of the resource a successful response created (kept for GoCardless conflict links). */
  resourceIdOf(req: ProviderRequest, response: StubResponse): string | undefined;
  /** The provider's error answer for an HTTP status (fault injection). */
  errorForStatus(status: number): StubResponse;
  /** Serves the request. */
  handle(req: ProviderRequest): StubResponse;
}
