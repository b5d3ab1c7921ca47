import type { FormObject } from '../core/form-decode';
import { findRoute, flatQuery, type ProviderRequest, type StubResponse } from '../core/http';
import type { StoredOutcome } from '../core/idempotency';
import { parseJsonBody } from '../core/json';
import type { AuthResult, ProviderAdapter } from '../core/provider';
import { type AdyenContext, adyenCheckoutRoutes } from './adyen-checkout';
import { adyenError, adyenErrorForStatus, adyenUnauthorized, adyenValidation } from './adyen-errors';

/** Splits `/v72/payments` into the version and `/payments`. */
export function splitAdyenVersion(route: string): { version: number; path: string } | undefined {
  const match = /^\/v(\d+)(\/.*)$/.exec(route);
  return match ? { version: Number(match[1]), path: match[2] } : undefined;
}

/** The Adyen Checkout stand-in under `/adyen/vNN/...`: JSON both ways, `x-api-key` auth. */
export class AdyenProvider implements ProviderAdapter {
  readonly name = 'adyen';
  readonly prefix = '/adyen';
  readonly stripPrefix = true;

  constructor(private readonly context: () => AdyenContext) {}

  decodeBody(raw: string): unknown {
    return parseJsonBody(raw);
  }

  decodeQuery(search: string): FormObject {
    return flatQuery(search);
  }

  malformedBody(): StubResponse {
    return adyenError(400, '702', 'Structure of the request is invalid: malformed JSON', 'validation');
  }

  authenticate(req: ProviderRequest): AuthResult {
    const key = req.headers['x-api-key'];
    if (key) return { ok: true, credential: key };
    const basic = /^basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
    if (basic) return { ok: true, credential: `basic:${basic[1]}` };
    return { ok: false, response: adyenUnauthorized() };
  }

  idempotencyKey(req: ProviderRequest): string | undefined {
    return req.method === 'POST' ? req.headers['idempotency-key'] || undefined : undefined;
  }

  idempotencyConflict(): StubResponse {
    return adyenValidation('704', 'request already processed or in progress: the idempotency key was used with a different request');
  }

  replay(original: StoredOutcome): StubResponse {
    return original.response;
  }

  resourceIdOf(): string | undefined {
    return undefined;
  }

  errorForStatus(status: number): StubResponse {
    return adyenErrorForStatus(status);
  }

  handle(req: ProviderRequest): StubResponse {
    const versioned = splitAdyenVersion(req.route);
    if (versioned) {
      const found = findRoute(adyenCheckoutRoutes, req.method, versioned.path);
      if ('route' in found) return found.route.handle(req, found.params, this.context());
      if (found.methodMismatch) return adyenError(405, '000', `HTTP Status Response - Method Not Allowed`, 'validation');
    }
    return adyenError(404, '000', `HTTP Status Response - Not Found (${req.method} ${req.path})`, 'validation');
  }
}
