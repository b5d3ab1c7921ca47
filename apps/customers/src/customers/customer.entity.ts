import { randomUUID } from 'node:crypto';
import { Collection, Entity, OneToMany, PrimaryKey, Property } from '@mikro-orm/core';
import type { UpsertCustomerV1 } from '@app/contracts';
import { CustomerMetadataEntry } from './customer-metadata.entity';

/** Customer fields a client may set; absent keys leave the stored value alone. */
const WRITABLE_FIELDS = [
  'name',
  'firstname',
  'lastname',
  'customerType',
  'email',
  'currency',
  'country',
  'addressLine1',
  'addressLine2',
  'city',
  'zipcode',
  'state',
  'phone',
  'url',
  'logoUrl',
  'legalName',
  'legalNumber',
  'taxIdentificationNumber',
  'timezone',
  'netPaymentTerm',
  'externalSalesforceId',
] as const satisfies readonly (keyof Customer)[];

// Only capitals start a new word: addressLine1 is address_line1, as in Lago's field names.
const toSnake = (field: string) => field.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);

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

  @OneToMany(() => CustomerMetadataEntry, (m) => m.customer, { orderBy: { createdAt: 'asc', id: 'asc' } })
  metadata = new Collection<CustomerMetadataEntry>(this);

  /** Applies the fields present in the command: absent keeps, null clears, a value sets. */
  apply(fields: UpsertCustomerV1, now: Date): void {
    for (const field of WRITABLE_FIELDS) {
      const key = toSnake(field) as keyof UpsertCustomerV1;
      if (Object.prototype.hasOwnProperty.call(fields, key)) {
        (this as Record<string, unknown>)[field] = fields[key] ?? null;
      }
    }
    this.updatedAt = now;
  }

  /** Lago's slug: the organization prefix and the sequential id padded to at least 3 digits. */
  static slugFor(documentNumberPrefix: string, sequentialId: number): string {
    return `${documentNumberPrefix}-${String(sequentialId).padStart(3, '0')}`;
  }
}
