import { Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { OrganizationContextV1 } from '@app/contracts';
import { LagoError } from '../http/lago-errors';
import type { ApiResourceName } from '../organizations/api-key.entity';
import { OrganizationsRepository } from '../organizations/organizations.repository';

const RESOURCE = Symbol('api-resource');

/** The Lago resource a controller's routes act on, for the key's permissions. */
export const ApiResource = (resource: ApiResourceName) => SetMetadata(RESOURCE, resource);

/** The request property holding the authenticated organization. */
export const ORGANIZATION = Symbol('organization');
export type AuthenticatedRequest = Request & { [ORGANIZATION]?: OrganizationContextV1 };

/**
 * Lago's API-key authentication: `Authorization: <word> <key>` (the second token is the key,
 * the first word is not checked), looked up among active keys. Anything else is Lago's 401,
 * before the body is looked at. A key with permissions may only do what they list on the route's
 * resource (GET reads, anything else writes): otherwise Lago's 403
 * `{read|write}_action_not_allowed_for_<resource>`.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly organizations: OrganizationsRepository,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = request.headers.authorization?.trim().split(/\s+/)[1];
    if (!token || token.length > 200) throw LagoError.unauthorized();
    const key = await this.organizations.findActiveKey(token);
    if (!key) throw LagoError.unauthorized();
    const resource = this.reflector.getAllAndOverride<string | undefined>(RESOURCE, [context.getHandler(), context.getClass()]);
    if (!resource) throw new Error(`route ${request.method} ${request.path} declares no @ApiResource`);
    const action = request.method === 'GET' ? 'read' : 'write';
    if (!key.permits(resource, action)) throw LagoError.forbidden(`${action}_action_not_allowed_for_${resource}`);
    request[ORGANIZATION] = key.organization.toContext();
    return true;
  }
}
