import { randomUUID } from 'node:crypto';
import { Collection, Entity, OneToMany, PrimaryKey, Property } from '@mikro-orm/core';
import { countryCodeFromName, countryName, type ChargeOverExtrasV1, type TaxV1, type UpsertCustomerMetadataV1, type UpsertCustomerV1, type UpsertIntegrationCustomerV1 } from '@app/contracts';
import { IntegrationCustomer } from './integration-customer.entity';
import { CustomerMetadataEntry } from './customer-metadata.entity';
import { applyProviderConfiguration, type ProviderLink, type ProviderRefusal } from './provider-configuration';

/** Top-level request keys and the columns they set. */
const SCALAR_FIELDS = {
  name: 'name',
  firstname: 'firstname',
  lastname: 'lastname',
  customer_type: 'customerType',
  email: 'email',
  currency: 'currency',
  country: 'country',
  address_line1: 'addressLine1',
  address_line2: 'addressLine2',
  city: 'city',
  zipcode: 'zipcode',
  state: 'state',
  phone: 'phone',
  url: 'url',
  logo_url: 'logoUrl',
  legal_name: 'legalName',
  legal_number: 'legalNumber',
  tax_identification_number: 'taxIdentificationNumber',
  timezone: 'timezone',
  net_payment_term: 'netPaymentTerm',
  external_salesforce_id: 'externalSalesforceId',
  account_type: 'accountType',
  finalize_zero_amount_invoice: 'finalizeZeroAmountInvoice',
  skip_invoice_custom_sections: 'skipInvoiceCustomSections',
} as const satisfies Partial<Record<keyof UpsertCustomerV1, keyof Customer>>;

/** Shipping address keys of the request and the columns they set. */
const SHIPPING_FIELDS = {
  address_line1: 'shippingAddressLine1',
  address_line2: 'shippingAddressLine2',
  city: 'shippingCity',
  zipcode: 'shippingZipcode',
  state: 'shippingState',
  country: 'shippingCountry',
} as const satisfies Record<string, keyof Customer>;

/** billing_configuration keys of the request and the columns they set. */
const BILLING_FIELDS = {
  invoice_grace_period: 'invoiceGracePeriod',
  document_locale: 'documentLocale',
  subscription_invoice_issuing_date_anchor: 'subscriptionInvoiceIssuingDateAnchor',
  subscription_invoice_issuing_date_adjustment: 'subscriptionInvoiceIssuingDateAdjustment',
} as const satisfies Record<string, keyof Customer>;


@Entity({ tableName: 'customers' })
export class Customer {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  organizationId!: string;

  @Property({ type: 'text' })
  billingEntityCode!: string;

  @Property({ type: 'text' })
  externalId!: string;

  @Property({ type: 'integer' })
  sequentialId!: number;

  @Property({ type: 'text' })
  slug!: string;

  @Property({ type: 'text' })
  accountType: 'customer' | 'partner' = 'customer';

  @Property({ type: 'text', nullable: true }) name: string | null = null;
  @Property({ type: 'text', nullable: true }) firstname: string | null = null;
  @Property({ type: 'text', nullable: true }) lastname: string | null = null;
  @Property({ type: 'text', nullable: true }) customerType: 'company' | 'individual' | null = null;
  @Property({ type: 'text', nullable: true }) country: string | null = null;
  @Property({ type: 'text', nullable: true, fieldName: 'address_line1' }) addressLine1: string | null = null;
  @Property({ type: 'text', nullable: true, fieldName: 'address_line2' }) addressLine2: string | null = null;
  @Property({ type: 'text', nullable: true }) state: string | null = null;
  @Property({ type: 'text', nullable: true }) zipcode: string | null = null;
  @Property({ type: 'text', nullable: true }) city: string | null = null;
  @Property({ type: 'text', nullable: true }) email: string | null = null;
  @Property({ type: 'text', nullable: true }) url: string | null = null;
  @Property({ type: 'text', nullable: true }) phone: string | null = null;
  @Property({ type: 'text', nullable: true }) logoUrl: string | null = null;
  @Property({ type: 'text', nullable: true }) legalName: string | null = null;
  @Property({ type: 'text', nullable: true }) legalNumber: string | null = null;
  @Property({ type: 'character', length: 3, nullable: true }) currency: string | null = null;
  @Property({ type: 'text', nullable: true }) taxIdentificationNumber: string | null = null;
  @Property({ type: 'text', nullable: true }) timezone: string | null = null;
  @Property({ type: 'integer', nullable: true }) netPaymentTerm: number | null = null;
  @Property({ type: 'text', nullable: true }) externalSalesforceId: string | null = null;

  @Property({ type: 'text', nullable: true, fieldName: 'shipping_address_line1' }) shippingAddressLine1: string | null = null;
  @Property({ type: 'text', nullable: true, fieldName: 'shipping_address_line2' }) shippingAddressLine2: string | null = null;
  @Property({ type: 'text', nullable: true }) shippingCity: string | null = null;
  @Property({ type: 'text', nullable: true }) shippingZipcode: string | null = null;
  @Property({ type: 'text', nullable: true }) shippingState: string | null = null;
  @Property({ type: 'text', nullable: true }) shippingCountry: string | null = null;

  @Property({ type: 'integer', nullable: true }) invoiceGracePeriod: number | null = null;
  @Property({ type: 'text', nullable: true }) documentLocale: string | null = null;
  @Property({ type: 'text', nullable: true }) subscriptionInvoiceIssuingDateAnchor: string | null = null;
  @Property({ type: 'text', nullable: true }) subscriptionInvoiceIssuingDateAdjustment: string | null = null;

  @Property({ type: 'text', nullable: true }) paymentProvider: string | null = null;
  @Property({ type: 'text', nullable: true }) paymentProviderCode: string | null = null;
  /** The customer's accounts per provider type (Lago's payment-provider customers). */
  @Property({ type: 'json' }) providerLinks: ProviderLink[] = [];

  @Property({ type: 'text' })
  finalizeZeroAmountInvoice: 'inherit' | 'skip' | 'finalize' = 'inherit';

  @Property({ type: 'boolean' })
  skipInvoiceCustomSections = false;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  updatedAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  deletedAt: Date | null = null;

  /** What the ChargeOver API stores beyond Lago's columns (see ChargeOverExtrasV1). */
  @Property({ type: 'json' })
  chargeover: ChargeOverExtrasV1 = {};

  /** The external_id was made up for a ChargeOver customer created without an external key. */
  @Property({ type: 'boolean' })
  externalIdGenerated = false;

  /**
   * The customer's current taxes, loaded by the repository (not a column: taxes are owned by
   * invoicing and copied here). Undefined until loaded; the mapper refuses an unloaded customer.
   */
  appliedTaxes?: TaxV1[];

  @OneToMany(() => CustomerMetadataEntry, (m) => m.customer, { orderBy: { createdAt: 'asc', id: 'asc' }, orphanRemoval: true })
  metadata = new Collection<CustomerMetadataEntry>(this);

  @OneToMany(() => IntegrationCustomer, (i) => i.customer, { orderBy: { createdAt: 'asc', id: 'asc' }, orphanRemoval: true })
  integrations = new Collection<IntegrationCustomer>(this);

  /**
   * Applies the fields present in the command: absent keeps, null clears, a value sets. Returns
   * the refusal of the payment-provider keys, if any (the caller then writes nothing).
   */
  apply(fields: UpsertCustomerV1, now: Date, isNew: boolean): ProviderRefusal | null {
    const provider = { paymentProvider: this.paymentProvider, paymentProviderCode: this.paymentProviderCode, links: structuredClone(this.providerLinks) };
    const refusal = applyProviderConfiguration(provider, fields.billing_configuration, fields.provider_connection, isNew);
    if (refusal) return refusal;
    this.paymentProvider = provider.paymentProvider;
    this.paymentProviderCode = provider.paymentProviderCode;
    this.providerLinks = provider.links;
    this.assignPresent(fields, SCALAR_FIELDS);
    if (fields.shipping_address) this.assignPresent(fields.shipping_address, SHIPPING_FIELDS);
    this.followCountries(fields);
    if (fields.billing_configuration) this.assignPresent(fields.billing_configuration, BILLING_FIELDS);
    if (fields.metadata) this.replaceMetadata(fields.metadata, now);
    // Lago skips the integration step for partner accounts.
    if (fields.integration_customers && this.accountType !== 'partner') this.replaceIntegrations(fields.integration_customers, now);
    this.updatedAt = now;
    return null;
  }

  /**
   * Merges ChargeOver's own fields: an absent key keeps its value, null clears it. Written after
   * `apply`, so a country written as text keeps the spelling it was given.
   */
  applyChargeOver(extras: ChargeOverExtrasV1, now: Date): void {
    const merged: Record<string, unknown> = { ...this.chargeover };
    for (const [key, value] of Object.entries(extras)) {
      if (value === undefined) continue;
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    this.chargeover = merged as ChargeOverExtrasV1;
    this.updatedAt = now;
  }

  /**
   * Keeps the countries ChargeOver shows as text in step with Lago's codes: a code written through
   * Lago replaces the text unless the text already names that country ("USA" stays for `US`).
   */
  private followCountries(fields: UpsertCustomerV1): void {
    const follow = (text: string | null | undefined, code: string | null): string | undefined =>
      code === null ? undefined : countryCodeFromName(text) === code ? (text ?? undefined) : (countryName(code) ?? undefined);
    const next: ChargeOverExtrasV1 = { ...this.chargeover };
    if (Object.prototype.hasOwnProperty.call(fields, 'country')) next.bill_country = follow(next.bill_country, this.country);
    if (fields.shipping_address && Object.prototype.hasOwnProperty.call(fields.shipping_address, 'country')) {
      next.ship_country = follow(next.ship_country, this.shippingCountry);
    }
    for (const key of ['bill_country', 'ship_country'] as const) if (next[key] === undefined) delete next[key];
    this.chargeover = next;
  }

  /** Lago's update rule for each mapped key: absent keeps the column, null clears it, a value sets it. */
  private assignPresent(source: object, columns: Record<string, keyof Customer>): void {
    for (const [key, column] of Object.entries(columns)) {
      if (Object.prototype.hasOwnProperty.call(source, key)) {
        (this as Record<string, unknown>)[column] = (source as Record<string, unknown>)[key] ?? null;
      }
    }
  }

  /**
   * Declarative links: one per integration type; a listed link updates the row with its id, or
   * else the row of its type, or is new; rows not listed are removed.
   */
  private replaceIntegrations(links: UpsertIntegrationCustomerV1[], now: Date): void {
    const existing = this.integrations.getItems();
    const kept = new Set<IntegrationCustomer>();
    for (const link of links) {
      let row = existing.find((r) => link.id && r.id === link.id) ?? existing.find((r) => r.integrationType === link.integration_type);
      if (!row) {
        row = new IntegrationCustomer();
        row.createdAt = now;
        this.integrations.add(row);
      }
      row.integrationType = link.integration_type;
      row.integrationCode = link.integration_code ?? null;
      row.code = link.code ?? link.integration_code ?? null;
      row.externalCustomerId = link.external_customer_id ?? null;
      row.settings = link.settings;
      row.updatedAt = now;
      kept.add(row);
    }
    for (const row of existing) if (!kept.has(row)) this.integrations.remove(row);
  }

  /**
   * Makes the metadata exactly `entries`: an entry naming one of this customer's rows by id
   * updates it (keeping its lago_id), any other entry is a new row, and rows not named are
   * deleted. On a new customer every entry is new, as in Lago.
   */
  private replaceMetadata(entries: UpsertCustomerMetadataV1[], now: Date): void {
    const existing = new Map(this.metadata.getItems().map((m) => [m.id, m]));
    const kept = new Set<CustomerMetadataEntry>();
    for (const entry of entries) {
      let row = entry.id ? existing.get(entry.id) : undefined;
      if (!row) {
        row = new CustomerMetadataEntry();
        row.createdAt = now;
        this.metadata.add(row);
      }
      row.key = entry.key;
      row.value = entry.value;
      row.displayInInvoice = entry.display_in_invoice;
      row.updatedAt = now;
      kept.add(row);
    }
    for (const row of existing.values()) if (!kept.has(row)) this.metadata.remove(row);
  }

  /** Lago's slug: the organization prefix and the sequential id padded to at least 3 digits. */
  static slugFor(documentNumberPrefix: string, sequentialId: number): string {
    return `${documentNumberPrefix}-${String(sequentialId).padStart(3, '0')}`;
  }
}
