import { INTEGRATION_CATEGORIES, lagoTime, type CustomerV1 } from '@app/contracts';
import type { Customer } from './customer.entity';
import { providerBillingView } from './provider-configuration';


/**
 * Which optional collections a response carries: show, upsert and delete include them all, the
 * list only `taxes` and `integration_customers` (Lago's serializer options).
 */
export type CustomerView = 'full' | 'list';

/** The Lago customer object (`V1::CustomerSerializer` field order); metadata must be loaded. */
export function toCustomerV1(c: Customer, view: CustomerView = 'full'): CustomerV1 {
  const object = baseObject(c);
  if (view === 'list') {
    delete object.applicable_invoice_custom_sections;
    delete object.error_details;
  }
  return object;
}

function baseObject(c: Customer): CustomerV1 {
  return {
    lago_id: c.id,
    billing_entity_code: c.billingEntityCode,
    external_id: c.externalId,
    account_type: c.accountType,
    name: c.name,
    firstname: c.firstname,
    lastname: c.lastname,
    customer_type: c.customerType,
    sequential_id: c.sequentialId,
    slug: c.slug,
    created_at: lagoTime(c.createdAt),
    updated_at: lagoTime(c.updatedAt),
    country: c.country,
    address_line1: c.addressLine1,
    address_line2: c.addressLine2,
    state: c.state,
    zipcode: c.zipcode,
    email: c.email,
    city: c.city,
    url: c.url,
    phone: c.phone,
    logo_url: c.logoUrl,
    legal_name: c.legalName,
    legal_number: c.legalNumber,
    currency: c.currency,
    tax_identification_number: c.taxIdentificationNumber,
    timezone: c.timezone,
    applicable_timezone: c.timezone ?? 'UTC',
    net_payment_term: c.netPaymentTerm,
    external_salesforce_id: c.externalSalesforceId,
    finalize_zero_amount_invoice: c.finalizeZeroAmountInvoice,
    billing_configuration: {
      invoice_grace_period: c.invoiceGracePeriod,
      payment_provider: c.paymentProvider,
      payment_provider_code: c.paymentProviderCode,
      document_locale: c.documentLocale,
      subscription_invoice_issuing_date_anchor: c.subscriptionInvoiceIssuingDateAnchor,
      subscription_invoice_issuing_date_adjustment: c.subscriptionInvoiceIssuingDateAdjustment,
      ...providerBillingView({ paymentProvider: c.paymentProvider, paymentProviderCode: c.paymentProviderCode, links: c.providerLinks }),
    },
    shipping_address: {
      address_line1: c.shippingAddressLine1,
      address_line2: c.shippingAddressLine2,
      city: c.shippingCity,
      zipcode: c.shippingZipcode,
      state: c.shippingState,
      country: c.shippingCountry,
    },
    skip_invoice_custom_sections: c.skipInvoiceCustomSections,
    metadata: loaded(c)
      .getItems()
      .map((m) => ({
          lago_id: m.id,
          key: m.key,
          value: m.value,
          display_in_invoice: m.displayInInvoice,
        created_at: lagoTime(m.createdAt),
      })),
    taxes: loadedTaxes(c),
    integration_customers: loadedIntegrations(c).map((i) => ({
      lago_id: i.id,
      external_customer_id: i.externalCustomerId,
      type: i.integrationType,
      integration_code: i.integrationCode,
      code: i.code,
      is_default: true,
      category: INTEGRATION_CATEGORIES[i.integrationType as keyof typeof INTEGRATION_CATEGORIES] ?? null,
      ...i.settings,
    })),
    applicable_invoice_custom_sections: [],
    error_details: [],
  };
}

function loaded(c: Customer): Customer['metadata'] {
  if (!c.metadata.isInitialized()) throw new Error('customer metadata must be loaded before mapping');
  return c.metadata;
}

function loadedTaxes(c: Customer): NonNullable<Customer['appliedTaxes']> {
  if (!c.appliedTaxes) throw new Error('customer taxes must be loaded before mapping');
  return c.appliedTaxes;
}

function loadedIntegrations(c: Customer) {
  if (!c.integrations.isInitialized()) throw new Error('customer integrations must be loaded before mapping');
  return c.integrations.getItems();
}
