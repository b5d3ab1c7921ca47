import { timingSafeEqual } from 'node:crypto';
import { Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { OrganizationContextV1 } from '@app/contracts';
import { ChargeOverError } from '../chargeover/chargeover-envelope';
import { LagoError } from '../http/lago-errors';
import type { ApiResourceName } from '../organizations/api-key.entity';
import { ActiveApiKeys } from './active-api-keys';
import { RateLimiter, rateLimitHeaders } from './rate-limiter';

const RESOURCE = Symbol('api-resource');

/** The Lago resource a controller's routes act on, for the key's permissions. */
export const ApiResource = (resource: ApiResourceName) => SetMetadata(RESOURCE, resource);

/** The request property holding the authenticated organization. */
export const ORGANIZATION = Symbol('organization');
export type AuthenticatedRequest = Request & { [ORGANIZATION]?: OrganizationContextV1 };

/** The credentials a request presents: the key's value and, for HTTP Basic, the key id it claims. */
interface Credentials {
  value: string;
  keyId?: string;
}

/**
 * Authenticates a request with one of the organization's API keys, counts it against the key's
 * rate limit, and applies Lago's key permissions: a key with permissions may only do what they list
 * on the route's resource (GET reads, anything else writes). In that order: a wrong key is a 401
 * and counts against nothing (it names no key), and a refused request (429) never reaches a
 * controller, so it writes nothing. Every request past authentication carries the key's
 * `X-RateLimit-*` headers, whatever the answer. Subclasses read the credentials and word the refusals.
 */
@Injectable()
abstract class OrganizationKeyGuard implements CanActivate {
  constructor(
    private readonly keys: ActiveApiKeys,
    private readonly rateLimiter: RateLimiter,
    private readonly reflector: Reflector,
  ) {}

  protected abstract credentials(request: Request): Credentials | null;
  protected abstract unauthorized(): Error;
  protected abstract tooManyRequests(): Error;
  protected abstract forbidden(code: string): Error;

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const credentials = this.credentials(request);
    if (!credentials || credentials.value.length === 0 || credentials.value.length > 200) throw this.unauthorized();
    const key = await this.keys.find(credentials.value);
    if (!key || (credentials.keyId !== undefined && !sameText(credentials.keyId, key.id))) throw this.unauthorized();
    const limit = this.rateLimiter.take(key.id);
    context.switchToHttp().getResponse<Response>().set(rateLimitHeaders(limit));
    if (!limit.allowed) throw this.tooManyRequests();
    const resource = this.reflector.getAllAndOverride<string | undefined>(RESOURCE, [context.getHandler(), context.getClass()]);
    if (!resource) throw new Error(`route ${request.method} ${request.path} declares no @ApiResource`);
    const action = request.method === 'GET' ? 'read' : 'write';
    if (!key.permits(resource, action)) throw this.forbidden(`${action}_action_not_allowed_for_${resource}`);
    request[ORGANIZATION] = key.organization.toContext();
    return true;
  }
}

/** Compares two strings without an early exit on the first difference. */
function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Lago's API-key authentication: `Authorization: <word> <key>` (the second token is the key,
 * the first word is not checked), looked up among active keys. Anything else is Lago's 401,
 * before the body is looked at; a missing permission is Lago's 403
 * `{read|write}_action_not_allowed_for_<resource>`.
 */
@Injectable()
export class ApiKeyGuard extends OrganizationKeyGuard {
  protected credentials(request: Request): Credentials | null {
    const token = request.headers.authorization?.trim().split(/\s+/)[1];
    return token ? { value: token } : null;
  }

  protected unauthorized(): Error {
    return LagoError.unauthorized();
  }

  protected tooManyRequests(): Error {
    return LagoError.tooManyRequests();
  }

  protected forbidden(code: string): Error {
    return LagoError.forbidden(code);
  }
}

/**
 * ChargeOver's HTTP Basic authentication mapped to the organization's API keys: the username is
 * the key's id (ChargeOver's public key) and the password the key itself (its private key), as
 * `api-key:issue` prints them. A missing, malformed or wrong header is ChargeOver's 401.
 */
@Injectable()
export class ChargeOverBasicAuthGuard extends OrganizationKeyGuard {
  protected credentials(request: Request): Credentials | null {
    const match = /^Basic\s+([A-Za-z0-9+/=_-]{1,1000})\s*$/i.exec(request.headers.authorization ?? '');
    if (!match) return null;
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    return { keyId: decoded.slice(0, colon), value: decoded.slice(colon + 1) };
  }

  protected unauthorized(): Error {
    return ChargeOverError.unauthorized();
  }

  protected tooManyRequests(): Error {
    return ChargeOverError.tooManyRequests();
  }

  protected forbidden(code: string): Error {
    return ChargeOverError.forbidden(code);
  }
}
