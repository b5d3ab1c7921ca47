import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { OrganizationContextV1 } from '@app/contracts';
import { ORGANIZATION, type AuthenticatedRequest } from './api-key.guard';

/** The organization of the request's API key (set by `ApiKeyGuard`). */
export const CurrentOrganization = createParamDecorator((_: unknown, context: ExecutionContext): OrganizationContextV1 => {
  const organization = context.switchToHttp().getRequest<AuthenticatedRequest>()[ORGANIZATION];
  if (!organization) throw new Error('CurrentOrganization used without ApiKeyGuard');
  return organization;
});
