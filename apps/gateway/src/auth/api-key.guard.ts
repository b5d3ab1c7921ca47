import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { OrganizationContextV1 } from '@app/contracts';
import { LagoError } from '../http/lago-errors';
import { OrganizationsRepository } from '../organizations/organizations.repository';

/** The request property holding the authenticated organization. */
export const ORGANIZATION = Symbol('organization');
export type AuthenticatedRequest = Request & { [ORGANIZATION]?: OrganizationContextV1 };

/**
 * Lago's API-key authentication: `Authorization: <word> <key>` (the second token is the key,
 * the first word is not checked), looked up among active keys. Anything else is Lago's 401,
 * before the body is looked at.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly organizations: OrganizationsRepository) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = request.headers.authorization?.trim().split(/\s+/)[1];
    if (!token || token.length > 200) throw LagoError.unauthorized();
    const organization = await this.organizations.findByActiveKey(token);
    if (!organization) throw LagoError.unauthorized();
    request[ORGANIZATION] = organization.toContext();
    return true;
  }
}
