import type { EntityManager } from '@mikro-orm/postgresql';
import type { DocumentNumberingV1 as DocumentNumbering } from '@app/contracts';
import { Organization } from '../organization.entity';

/** Creates an organization with Lago's default document-number prefix and billing entity. */
export class CreateOrganization {
  constructor(private readonly em: EntityManager) {}

  async execute(name: string, documentNumberPrefix?: string, documentNumbering: DocumentNumbering = 'per_customer'): Promise<Organization> {
    const trimmed = name.trim();
    if (!trimmed) throw new Error('an organization needs a name');
    const organization = new Organization();
    organization.name = trimmed;
    organization.documentNumberPrefix = documentNumberPrefix
      ? Organization.validPrefix(documentNumberPrefix)
      : Organization.defaultPrefix(trimmed, organization.id);
    organization.defaultBillingEntityCode = Organization.defaultBillingEntityCode(trimmed);
    organization.documentNumbering = documentNumbering;
    await this.em.persistAndFlush(organization);
    return organization;
  }
}
