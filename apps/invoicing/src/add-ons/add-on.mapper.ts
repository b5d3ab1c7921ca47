import { lagoTime, type AddOnV1, type OrganizationContextV1 } from '@app/contracts';
import { toTaxV1 } from '../taxes/tax.mapper';
import type { AddOn } from './add-on.entity';

/** Lago's add-on object; its taxes must be loaded. */
export function toAddOnV1(addOn: AddOn, organization: OrganizationContextV1): AddOnV1 {
  if (!addOn.taxes.isInitialized()) throw new Error('add-on taxes must be loaded before mapping');
  return {
    lago_id: addOn.id,
    name: addOn.name,
    invoice_display_name: addOn.invoiceDisplayName,
    code: addOn.code,
    amount_cents: Number(addOn.amountCents),
    amount_currency: addOn.amountCurrency,
    created_at: lagoTime(addOn.createdAt),
    description: addOn.description,
    taxes: addOn.taxes.getItems().map((t) => toTaxV1(t, organization)),
  };
}
