import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsISO8601, IsNumber, IsOptional, IsString, IsUUID } from 'class-validator';

/** Event types on `billing.taxes.v1`. */
export const TAX_EVENTS = {
  /** A tax was created or updated; payload `TaxV1`. */
  upserted: 'tax.upserted',
  /** A tax was deleted; payload `TaxV1` as it was. */
  deleted: 'tax.deleted',
} as const;

/** Request types for taxes on `billing.rpc.invoicing.v1`. */
export const TAX_REQUESTS = {
  /** Create a tax; payload `TaxInputV1` (all required fields present); reply `TaxV1`. */
  create: 'taxes.create',
  /** Update the tax with `code`; payload `UpdateTaxV1`; reply `TaxV1`. */
  update: 'taxes.update',
  /** Read the tax with `code`; payload `TaxCodeV1`; reply `TaxV1`. */
  get: 'taxes.get',
  /** Delete the tax with `code`; payload `TaxCodeV1`; reply `TaxV1`. */
  delete: 'taxes.delete',
  /** One page of taxes; payload `{page, per_page}`; reply `TaxListV1`. */
  list: 'taxes.list',
  /** The live taxes with these codes; payload `ResolveTaxesV1`; reply `TaxV1[]`, or `tax_not_found` if any is unknown. */
  resolve: 'taxes.resolve',
} as const;

/** Lago's tax object (`V1::TaxSerializer`). */
export class TaxV1 {
  /** Tax id (uuid). */
  @IsUUID()
  @ApiProperty({ type: String, description: 'Tax id (uuid).' })
  lago_id!: string;

  /** Display name. */
  @IsString()
  @ApiProperty({ type: String, description: 'Display name.' })
  name!: string;

  /** Unique code within the organization, used to apply the tax. */
  @IsString()
  @ApiProperty({ type: String, description: 'Unique code within the organization, used to apply the tax.' })
  code!: string;

  /** Percentage, e.g. 20 for 20%. */
  @IsNumber()
  @ApiProperty({ type: Number, description: 'Percentage, e.g. 20 for 20%.' })
  rate!: number;

  /** Free text. */
  @IsOptional()
  @IsString()
  @ApiProperty({ type: String, nullable: true, description: 'Free text.' })
  description!: string | null;

  /** Whether the tax applies by default to the organization's customers (its billing entity). */
  @IsBoolean()
  @ApiProperty({ type: Boolean, description: "Whether the tax applies by default to the organization's customers (its billing entity)." })
  applied_to_organization!: boolean;

  /** Add-ons carrying the tax. */
  @ApiProperty({ type: Number, description: 'Add-ons carrying the tax.' })
  add_ons_count!: number;
  /** Customers with the tax applied. */
  @ApiProperty({ type: Number, description: 'Customers with the tax applied.' })
  customers_count!: number;
  /** Plans carrying the tax (always 0: no plans here). */
  @ApiProperty({ type: Number, description: 'Plans carrying the tax (always 0: no plans here).' })
  plans_count!: number;
  /** Charges carrying the tax (always 0). */
  @ApiProperty({ type: Number, description: 'Charges carrying the tax (always 0).' })
  charges_count!: number;
  /** Commitments carrying the tax (always 0). */
  @ApiProperty({ type: Number, description: 'Commitments carrying the tax (always 0).' })
  commitments_count!: number;

  /** Creation time (ISO-8601 UTC). */
  @IsISO8601()
  @ApiProperty({ type: String, description: 'Creation time (ISO-8601 UTC).' })
  created_at!: string;

  /** Codes of the billing entities the tax is attached to. */
  @ApiProperty({ type: [String], description: 'Codes of the billing entities the tax is attached to.' })
  applied_to_billing_entities_codes!: string[];
}

/** Tax fields of a create or update, validated by the gateway; absent keys are unchanged. */
export interface TaxInputV1 {
  /** Display name. */
  name?: string;
  /** Code. */
  code?: string;
  /** Percentage. */
  rate?: number;
  /** Free text. */
  description?: string | null;
  /** Apply to the organization's customers by default. */
  applied_to_organization?: boolean;
}

/** Parameters of `taxes.update`. */
export interface UpdateTaxV1 {
  /** The current code of the tax. */
  code: string;
  /** The changes. */
  changes: TaxInputV1;
}

/** A tax addressed by code. */
export interface TaxCodeV1 {
  /** The tax code. */
  code: string;
}

/** Parameters of `taxes.resolve`. */
export interface ResolveTaxesV1 {
  /** Codes to look up (duplicates allowed). */
  codes: string[];
}

/** Reply of `taxes.list`. */
export interface TaxListV1 {
  /** The page, newest first. */
  taxes: TaxV1[];
  /** Pagination. */
  meta: import('../customers/customer-commands.v1').PaginationMetaV1;
}
