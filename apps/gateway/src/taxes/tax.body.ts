import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsNotEmpty, IsNumber, IsOptional, IsString, MaxLength } from 'class-validator';
import { lago, lagoText, NumberInRange, railsDecimal } from '../http/lago-validation';

/** The largest rate invoicing stores (`numeric(12, 6)`). */
export const MAX_TAX_RATE = 999_999.999999;

/** The rate is a percentage sent as a number or a numeric string (Lago's OpenAPI uses strings). */
const rate = ({ value }: { value: unknown }) => railsDecimal(value);
const flag = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** The `tax` object of `PUT /api/v1/taxes/:code`: every key optional, each checked when present. */
export class TaxUpdateBody {
  @IsOptional() @Transform(lagoText) @IsString(lago('value_is_invalid')) @IsNotEmpty(lago('value_is_mandatory')) @MaxLength(255, lago('value_is_too_long'))
  @ApiPropertyOptional({ type: String })
  name?: string;

  @IsOptional() @Transform(lagoText) @IsString(lago('value_is_invalid')) @IsNotEmpty(lago('value_is_mandatory')) @MaxLength(255, lago('value_is_too_long'))
  @ApiPropertyOptional({ type: String })
  code?: string;

  // A non-numeric rate is refused rather than cast to 0 as Rails would: a tax rate is money.
  // Bounded by invoicing's numeric(12, 6) column: a larger rate overflowed it (a 500).
  @IsOptional() @Transform(rate) @IsNumber({ allowNaN: false, allowInfinity: false }, lago('value_is_invalid'))
  @NumberInRange(-MAX_TAX_RATE, MAX_TAX_RATE)
  @ApiPropertyOptional({ type: Number, description: 'Percentage, e.g. 20 for 20%.' })
  rate?: number;

  @IsOptional() @Transform(lagoText) @IsString(lago('value_is_invalid'))
  @ApiPropertyOptional({ type: String, nullable: true })
  description?: string | null;

  @IsOptional() @Transform(flag) @IsBoolean(lago('value_is_invalid'))
  @ApiPropertyOptional({ type: Boolean })
  applied_to_organization?: boolean;
}

/** Keys `POST /api/v1/taxes` requires; a missing or null one is `value_is_mandatory`. */
export const REQUIRED_TAX_KEYS = ['name', 'code', 'rate'] as const;

/** The body of `POST /api/v1/taxes` and `PUT /api/v1/taxes/:code` (create requires name, code and rate). */
export class TaxInputDoc {
  @ApiProperty({ type: () => TaxUpdateBody }) tax!: TaxUpdateBody;
}
