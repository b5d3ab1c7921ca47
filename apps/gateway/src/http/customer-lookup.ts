import { CUSTOMER_REQUESTS, RPC_TOPICS, type CustomerV1, type OrganizationContextV1 } from '@app/contracts';
import { LagoError } from './lago-errors';
import type { OwnerRequests } from './owner-requests';

/**
 * The organization's live customer with this external id, read from the customers service (the
 * owner), for commands that act on a customer in another service. Missing or unknown: Lago's 404.
 */
export async function requireCustomer(owner: OwnerRequests, organization: OrganizationContextV1, externalId: unknown): Promise<CustomerV1> {
  if (typeof externalId !== 'string' || externalId === '') throw LagoError.notFound('customer_not_found');
  return owner.send<CustomerV1>(RPC_TOPICS.customers, CUSTOMER_REQUESTS.get, organization, externalId, { external_id: externalId });
}

/** Lago's `billing_entity_codes[]` filter with one billing entity: naming another is a 404; a non-array is ignored. */
export function checkBillingEntityCodes(value: unknown, organization: OrganizationContextV1): void {
  if (Array.isArray(value) && value.some((code) => code !== organization.default_billing_entity_code)) throw LagoError.notFound('billing_entity_not_found');
}
