import { lagoTime, type OrganizationContextV1, type TaxV1 } from '@app/contracts';
import type { Tax } from './tax.entity';
import type { TaxUsage } from './tax.repository';

/** Lago's tax object; counts of objects this product does not have (plans, charges, commitments) are 0. */
export function toTaxV1(tax: Tax, organization: OrganizationContextV1, usage: TaxUsage = { customers: 0, addOns: 0 }): TaxV1 {
  return {
    lago_id: tax.id,
    name: tax.name,
    code: tax.code,
    rate: Number(tax.rate),
    description: tax.description,
    applied_to_organization: tax.appliedToOrganization,
    add_ons_count: usage.addOns,
    customers_count: usage.customers,
    plans_count: 0,
    charges_count: 0,
    commitments_count: 0,
    created_at: lagoTime(tax.createdAt),
    applied_to_billing_entities_codes: tax.appliedToOrganization ? [organization.default_billing_entity_code] : [],
  };
}
