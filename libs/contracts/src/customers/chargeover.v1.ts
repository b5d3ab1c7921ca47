import type { CustomerV1 } from './customer.v1';
import type { UpsertCustomerV1 } from './customer-commands.v1';

/**
 * Request types of the ChargeOver customer API (`/api/v3/customer`) on `billing.rpc.customers.v1`.
 * Customers are addressed by their `sequential_id` (ChargeOver's `customer_id`). Replies are
 * `ChargeOverCustomerV1` records that the gateway renders in ChargeOver's shape.
 */
export const CHARGEOVER_CUSTOMER_REQUESTS = {
  /** Create, never upsert; payload `CreateChargeOverCustomerV1`; reply `ChargeOverCustomerV1`. */
  create: 'customers.chargeover.create',
  /** Partial update; payload `UpdateChargeOverCustomerV1`; reply `ChargeOverCustomerV1`. */
  update: 'customers.chargeover.update',
  /** One live customer; payload `ChargeOverCustomerRefV1`; reply `ChargeOverCustomerV1`. */
  get: 'customers.chargeover.get',
  /** Soft delete; payload `{customer_id}`; reply `ChargeOverCustomerV1` (as deleted). */
  delete: 'customers.chargeover.delete',
  /** Live customers matching `where`, ordered and limited; payload `ChargeOverQueryV1`; reply `ChargeOverCustomerV1[]`. */
  query: 'customers.chargeover.query',
  /** Count of live customers matching `where`; payload `Pick<ChargeOverQueryV1, 'where'>`; reply number. */
  count: 'customers.chargeover.count',
} as const;

/** The twenty custom fields of a ChargeOver customer. */
export const CHARGEOVER_CUSTOM_FIELDS = Array.from({ length: 20 }, (_, i) => `custom_${i + 1}` as const);
export type ChargeOverCustomField = `custom_${number}`;

/**
 * What a ChargeOver customer holds that Lago's customer has no column for. Stored beside the
 * customer by the customers service and left alone by the Lago API. In a command, an absent key
 * keeps the stored value and `null` clears it.
 */
export interface ChargeOverExtrasV1 {
  parent_customer_id?: number | null;
  class_id?: number | null;
  admin_id?: number | null;
  campaign_id?: number | null;
  campaign_details?: string | null;
  brand_id?: number | null;
  superuser_username?: string | null;
  no_taxes?: boolean | null;
  no_dunning?: boolean | null;
  no_latefees?: boolean | null;
  no_procfees?: boolean | null;
  invoice_delivery?: 'email' | 'print' | null;
  dunning_delivery?: 'email' | 'print' | null;
  tags?: string[] | null;
  /** The billing country as written (free text); Lago's `country` holds its ISO code when it has one. */
  bill_country?: string | null;
  /** The shipping country as written. */
  ship_country?: string | null;
  [custom: ChargeOverCustomField]: string | null | undefined;
}

/** The Lago fields a ChargeOver write sets (external_id travels on its own). */
export type ChargeOverLagoFieldsV1 = Omit<UpsertCustomerV1, 'external_id' | 'taxes' | 'provider_connection' | 'integration_customers' | 'metadata'>;

/** Parameters of `customers.chargeover.create`. */
export interface CreateChargeOverCustomerV1 {
  /** ChargeOver's `external_key`; null: the service makes one up (`co-<customer_id>`), shown as null to ChargeOver. */
  external_id: string | null;
  fields: ChargeOverLagoFieldsV1;
  extras: ChargeOverExtrasV1;
}

/** Parameters of `customers.chargeover.update`. */
export interface UpdateChargeOverCustomerV1 {
  customer_id: number;
  /** A new external_key: allowed only while the customer has none of its own. */
  external_id?: string;
  fields: ChargeOverLagoFieldsV1;
  extras: ChargeOverExtrasV1;
}

/** A customer addressed by ChargeOver's integer id (look-ups by external key or token are queries). */
export interface ChargeOverCustomerRefV1 {
  customer_id: number;
}

/** The customer's invoice amounts, from the customers service's copy of invoice events. */
export interface CustomerAmountsV1 {
  total_cents: number;
  paid_cents: number;
  balance_cents: number;
  /** An issued invoice is overdue and unpaid. */
  overdue: boolean;
}

/** Reply of the ChargeOver requests: everything the ChargeOver view is made of. */
export interface ChargeOverCustomerV1 {
  customer: CustomerV1;
  extras: ChargeOverExtrasV1;
  /** The external_id was made up by the service (ChargeOver shows `external_key: null`). */
  external_id_generated: boolean;
  amounts: CustomerAmountsV1;
}

/** ChargeOver's query operators (`IS:NULL` and `ISNOT:NULL` as one word each). */
export const CHARGEOVER_OPERATORS = ['EQUALS', 'NOTEQUALS', 'GT', 'LT', 'GTE', 'LTE', 'CONTAINS', 'IS:NULL', 'ISNOT:NULL'] as const;
export type ChargeOverOperator = (typeof CHARGEOVER_OPERATORS)[number];

/** Fields a ChargeOver customer query may filter and order on, and how their values compare. */
export const CHARGEOVER_QUERY_FIELDS = {
  customer_id: 'integer',
  parent_customer_id: 'integer',
  superuser_id: 'integer',
  bill_state: 'text',
  ship_state: 'text',
  bill_country: 'text',
  ship_country: 'text',
  external_key: 'text',
  token: 'text',
  company: 'text',
  superuser_email: 'text',
  write_datetime: 'datetime',
  mod_datetime: 'datetime',
  customer_status_state: 'text',
  customer_status_str: 'text',
  ...Object.fromEntries(CHARGEOVER_CUSTOM_FIELDS.map((f) => [f, 'text'])),
} as Record<string, 'integer' | 'text' | 'datetime'>;

/** One `field:OPERATOR:value` term; values were checked by the gateway (datetimes as ISO-8601 UTC). */
export interface ChargeOverConditionV1 {
  field: string;
  op: ChargeOverOperator;
  value: string | number | null;
}

/** Parameters of `customers.chargeover.query`. */
export interface ChargeOverQueryV1 {
  where: ChargeOverConditionV1[];
  order: { field: string; direction: 'ASC' | 'DESC' }[];
  limit: number;
  offset: number;
}
