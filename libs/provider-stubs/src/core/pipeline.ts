import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JournalEntry } from '../types';
import { flatHeaders, type ProviderRequest, readBody, type StubResponse, writeResponse } from './http';
import { canonicalJson } from './json';
import type { ProviderAdapter } from './provider';
import type { StubState } from './stub-state';

/** Holds hung responses so `close()` can release them. */
export class PendingDelays {
  private readonly pending = new Set<{ timer: NodeJS.Timeout; done: () => void }>();

  /** Resolves after `ms`, or as soon as `releaseAll` is called. */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.pending.delete(entry);
          resolve();
        }, ms),
        done: resolve,
      };
      this.pending.add(entry);
    });
  }

  /** Cancels every pending delay (their responses are then dropped with the closed sockets). */
  releaseAll(): void {
    for (const entry of this.pending) {
      clearTimeout(entry.timer);
      entry.done();
    }
    this.pending.clear();
  }
}

/** Auth, body check, idempotency (store, replay, conflict), then the provider's handler. */
function process(adapter: ProviderAdapter, req: ProviderRequest, state: StubState): StubResponse {
  const auth = adapter.authenticate(req);
  if (!auth.ok) return auth.response;
  if (req.body === undefined) return adapter.malformedBody(req);
  const key = adapter.idempotencyKey(req);
  if (!key) return adapter.handle(req);
  const fingerprint = canonicalJson([req.method, req.route, req.body]);
  const stored = state.idempotency.get(adapter.name, auth.credential, key);
  if (stored) return stored.fingerprint === fingerprint ? adapter.replay(stored) : adapter.idempotencyConflict(req, key, stored);
  const response = adapter.handle(req);
  state.idempotency.put(adapter.name, auth.credential, key, { fingerprint, response, resourceId: adapter.resourceIdOf(req, response) });
  return response;
}

/** Handler errors become the provider's 500 rather than a dropped connection. */
function processSafely(adapter: ProviderAdapter, req: ProviderRequest, state: StubState): StubResponse {
  try {
    return process(adapter, req, state);
  } catch (error: unknown) {
    console.error(`provider stub ${adapter.name} ${req.method} ${req.path} failed:`, error);
    return adapter.errorForStatus(500);
  }
}

/**
 * Serves one provider request: decode, journal, apply a queued fault (status, reset or hang),
 * process, answer.
 */
export async function serveProviderRequest(
  adapter: ProviderAdapter,
  incoming: IncomingMessage,
  res: ServerResponse,
  url: URL,
  state: StubState,
  delays: PendingDelays,
): Promise<void> {
  const rawBody = await readBody(incoming);
  const method = (incoming.method ?? 'GET').toUpperCase();
  const path = url.pathname;
  const route = adapter.stripPrefix ? path.slice(adapter.prefix.length) || '/' : path;
  const req: ProviderRequest = {
    provider: adapter.name,
    method,
    path,
    route,
    query: adapter.decodeQuery(url.search.replace(/^\?/, '')),
    headers: flatHeaders(incoming),
    rawBody,
    body: adapter.decodeBody(rawBody),
  };
  const entry: JournalEntry = state.journal.record(
    { provider: adapter.name, method, path, query: req.query, headers: req.headers, body: req.body === undefined ? rawBody : req.body, status: null, at: new Date().toISOString() },
    route,
  );
  const fault = state.faults.take({ provider: adapter.name, method, path, route });
  if (fault?.kind === 'reset') {
    incoming.socket.destroy();
    return;
  }
  const response = fault?.kind === 'status' ? adapter.errorForStatus(fault.status) : processSafely(adapter, req, state);
  entry.status = response.status;
  if (fault?.kind === 'hang') await delays.wait(fault.hangMs);
  writeResponse(res, response);
}
