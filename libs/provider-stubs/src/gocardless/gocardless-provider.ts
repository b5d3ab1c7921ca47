import type { FormObject } from '../core/form-decode';
import { findRoute, flatQuery, type ProviderRequest, type StubResponse } from '../core/http';
import type { StoredOutcome } from '../core/idempotency';
import { isObject, parseJsonBody } from '../core/json';
import type { AuthResult, ProviderAdapter } from '../core/provider';
import { type GoCardlessContext, goCardlessRoutes } from './gocardless-api';
import { goCardlessError, goCardlessErrorForStatus } from './gocardless-errors';

/** The GoCardless stand-in under `/gocardless/...`: JSON wrapped in the resource key, Bearer auth. */
export class GoCardlessProvider implements ProviderAdapter {
  readonly name = 'gocardless';
  readonly prefix = '/gocardless';
  readonly stripPrefix = true;

  constructor(private readonly context: () => GoCardlessContext) {}

  decodeBody(raw: string): unknown {
    return parseJsonBody(raw);
  }

  decodeQuery(search: string): FormObject {
    return flatQuery(search);
  }

  malformedBody(): StubResponse {
    return goCardlessError(400, 'invalid_api_usage', 'Invalid JSON', [{ reason: 'invalid_json', message: 'Invalid JSON' }]);
  }

  authenticate(req: ProviderRequest): AuthResult {
    const token = /^bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!token) return { ok: false, response: goCardlessErrorForStatus(401) };
    if (!req.headers['gocardless-version']) {
      return {
        ok: false,
        response: goCardlessError(400, 'invalid_api_usage', 'GoCardless-Version header missing', [
          { reason: 'missing_version_header', message: 'The GoCardless-Version header is required' },
        ]),
      };
    }
    return { ok: true, credential: token };
  }

  idempotencyKey(req: ProviderRequest): string | undefined {
    return req.method === 'POST' ? req.headers['idempotency-key'] || undefined : undefined;
  }

  idempotencyConflict(_req: ProviderRequest, _key: string, original: StoredOutcome): StubResponse {
    const message = 'A resource has already been created with this idempotency key';
    if (!original.resourceId) {
      return goCardlessError(409, 'invalid_state', 'The idempotency key was already used by a different request', [
        { reason: 'idempotency_key_reused', message: 'The idempotency key was already used by a different request' },
      ]);
    }
    return goCardlessError(409, 'invalid_state', message, [{ reason: 'idempotent_creation_conflict', message, links: { conflicting_resource_id: original.resourceId } }]);
  }

  replay(original: StoredOutcome): StubResponse {
    return original.response;
  }

  resourceIdOf(_req: ProviderRequest, response: StubResponse): string | undefined {
    if (response.status >= 300 || !isObject(response.body)) return undefined;
    const [resource] = Object.values(response.body);
    return isObject(resource) && typeof resource.id === 'string' ? resource.id : undefined;
  }

  errorForStatus(status: number): StubResponse {
    return goCardlessErrorForStatus(status);
  }

  handle(req: ProviderRequest): StubResponse {
    const found = findRoute(goCardlessRoutes, req.method, req.route);
    if ('route' in found) return found.route.handle(req, found.params, this.context());
    return goCardlessError(404, 'invalid_api_usage', `No route matches ${req.method} ${req.route}`, [{ reason: 'path_not_found', message: 'Path not found' }]);
  }
}
