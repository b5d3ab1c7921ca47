import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProviderName } from '../types';
import type { FormObject } from './form-decode';

/** A provider request, decoded, as handed to a provider's handlers. */
export interface ProviderRequest {
  provider: ProviderName;
  /** Upper-case HTTP method. */
  method: string;
  /** Full path as received, without the query. */
  path: string;
  /** The path below the provider prefix: `/v1/customers` (Stripe), `/v72/payments` (Adyen), `/payments` (GoCardless). */
  route: string;
  query: FormObject;
  /** Header names lower-cased; repeated headers joined with `, `. */
  headers: Record<string, string>;
  rawBody: string;
  /** The decoded body; undefined when it could not be decoded. */
  body: unknown;
}

/** A reply to write: status, JSON body (a string is sent as is) and extra headers. */
export interface StubResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Reads the whole request body as UTF-8. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Request headers with lower-cased names and string values. */
export function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Writes `response` as JSON unless the client has gone away (a hung response whose caller timed out). */
export function writeResponse(res: ServerResponse, response: StubResponse): void {
  if (res.destroyed || res.writableEnded) return;
  const payload = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
  res.writeHead(response.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    ...response.headers,
  });
  res.end(payload);
}

/** Flat query parameters (the last value of a repeated name wins). */
export function flatQuery(search: string): FormObject {
  const out: FormObject = {};
  for (const [key, value] of new URLSearchParams(search)) out[key] = value;
  return out;
}

/** A JSON reply. */
export function json(status: number, body: unknown, headers?: Record<string, string>): StubResponse {
  return headers ? { status, body, headers } : { status, body };
}

/**
 * Matches `path` against a pattern like `/v1/customers/:id/payment_methods/:pm`; returns the
 * named segments (URI-decoded) or undefined.
 */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.replace(/\/+$/, '').split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) {
      if (got[i] === '') return undefined;
      params[want[i].slice(1)] = decodeURIComponent(got[i]);
    } else if (want[i] !== got[i]) {
      return undefined;
    }
  }
  return params;
}

/** One route of a provider: method, path pattern and handler. */
export interface Route<C> {
  method: string;
  pattern: string;
  handle: (req: ProviderRequest, params: Record<string, string>, ctx: C) => StubResponse;
}

/** Finds the route for `req.method` and `path`; `methodMismatch` is true when only the method differs. */
export function findRoute<C>(routes: readonly Route<C>[], method: string, path: string): { route: Route<C>; params: Record<string, string> } | { methodMismatch: boolean } {
  let methodMismatch = false;
  for (const route of routes) {
    const params = matchPath(route.pattern, path);
    if (!params) continue;
    if (route.method === method) return { route, params };
    methodMismatch = true;
  }
  return { methodMismatch };
}
