import type { EntityManager } from '@mikro-orm/postgresql';
import { Organization } from '../organization.entity';

/** Creates an organization with Lago's default document-number prefix and billing entity. */
export class CreateOrganization {
  constructor(private readonly em: EntityManager) {}

  async execute(name: string): Promise<Organization> {
    const organization = new Organization();
    organization.name = name;
    organization.documentNumberPrefix = Organization.defaultPrefix(name, organization.id);
    organization.defaultBillingEntityCode = Organization.defaultBillingEntityCode(name);
    await this.em.persistAndFlush(organization);
    return organization;
  }
}
