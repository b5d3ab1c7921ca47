import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CURRENCY_CODES } from '@app/contracts';
import { lago, lagoText, railsIntegerText } from '../http/lago-validation';


/** The `add_on` object of `POST /api/v1/add_ons` and `PUT /api/v1/add_ons/:code`. */
export class AddOnBody {
  @IsOptional() @Transform(lagoText) @IsString(lago('value_is_invalid')) @IsNotEmpty(lago('value_is_mandatory')) @MaxLength(255, lago('value_is_too_long'))
  @ApiPropertyOptional({ type: String })
  name?: string;

  @IsOptional() @Transform(lagoText) @IsString(lago('value_is_invalid')) @IsNotEmpty(lago('value_is_mandatory')) @MaxLength(255, lago('value_is_too_long'))
  @ApiPropertyOptional({ type: String })
  code?: string;

  // Cents are exact up to 2^53 in a number (1e308 is an "integer" to IsInt and overflowed the bigint column).
  @IsOptional() @Transform(railsIntegerText) @IsInt(lago('value_is_invalid')) @Min(1, lago('value_is_out_of_range')) @Max(Number.MAX_SAFE_INTEGER, lago('value_is_out_of_range'))
  @ApiPropertyOptional({ type: Number, description: 'Default unit amount in cents, > 0.' })
  amount_cents?: number;

  @IsOptional() @IsIn(CURRENCY_CODES, lago('value_is_invalid'))
  @ApiPropertyOptional({ type: String, description: 'ISO-4217 code, upper case.' })
  amount_currency?: string;

  @IsOptional() @Transform(lagoText) @IsString(lago('value_is_invalid'))
  @ApiPropertyOptional({ type: String, nullable: true })
  description?: string | null;

  @IsOptional() @Transform(lagoText) @IsString(lago('value_is_invalid'))
  @ApiPropertyOptional({ type: String, nullable: true })
  invoice_display_name?: string | null;

  @ApiPropertyOptional({ type: [String], description: 'Codes of the taxes applied to this add-on’s fees (the whole set).' })
  tax_codes?: unknown;
}

/** Keys `POST /api/v1/add_ons` requires. */
export const REQUIRED_ADD_ON_KEYS = ['name', 'code', 'amount_cents', 'amount_currency'] as const;

/** The body of `POST`/`PUT /api/v1/add_ons`. */
export class AddOnInputDoc {
  @ApiProperty({ type: () => AddOnBody }) add_on!: AddOnBody;
}
