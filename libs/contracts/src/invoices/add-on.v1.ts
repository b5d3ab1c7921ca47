import { ApiProperty } from '@nestjs/swagger';
import { TaxV1 } from '../taxes/tax.v1';

/** Request types for add-ons on `billing.rpc.invoicing.v1`. */
export const ADD_ON_REQUESTS = {
  /** Create an add-on; payload `AddOnInputV1` (required keys present); reply `AddOnV1`. */
  create: 'add_ons.create',
  /** Change the add-on with `code`; payload `UpdateAddOnV1`; reply `AddOnV1`. */
  update: 'add_ons.update',
  /** Read the add-on with `code`; payload `AddOnCodeV1`; reply `AddOnV1`. */
  get: 'add_ons.get',
  /** Soft-delete the add-on with `code`; payload `AddOnCodeV1`; reply `AddOnV1`. */
  delete: 'add_ons.delete',
  /** One page of add-ons; payload `{page, per_page}`; reply `AddOnListV1`. */
  list: 'add_ons.list',
} as const;

/** Lago's add-on object (`V1::AddOnSerializer` with taxes). */
export class AddOnV1 {
  @ApiProperty({ type: String, description: 'Add-on id (uuid).' }) lago_id!: string;
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Name printed on invoices.' }) invoice_display_name!: string | null;
  @ApiProperty({ type: String, description: 'Unique code within the organization.' }) code!: string;
  @ApiProperty({ type: Number, description: 'Default unit amount, in cents.' }) amount_cents!: number;
  @ApiProperty({ type: String, description: 'ISO-4217 currency.' }) amount_currency!: string;
  @ApiProperty({ type: String, description: 'Creation time (ISO-8601 UTC).' }) created_at!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ type: () => [TaxV1], description: 'Taxes applied to fees of this add-on.' }) taxes!: TaxV1[];
}

/** Add-on fields of a create or update, validated by the gateway; absent keys are unchanged. */
export interface AddOnInputV1 {
  name?: string;
  code?: string;
  amount_cents?: number;
  amount_currency?: string;
  description?: string | null;
  invoice_display_name?: string | null;
  /** The whole set of the add-on's taxes by code (`[]` removes all); unknown codes are `tax_not_found`. */
  tax_codes?: string[];
}

/** Parameters of `add_ons.update`. */
export interface UpdateAddOnV1 {
  code: string;
  changes: AddOnInputV1;
}

/** An add-on addressed by code. */
export interface AddOnCodeV1 {
  code: string;
}

/** Reply of `add_ons.list`. */
export interface AddOnListV1 {
  add_ons: AddOnV1[];
  meta: import('../customers/customer-commands.v1').PaginationMetaV1;
}
