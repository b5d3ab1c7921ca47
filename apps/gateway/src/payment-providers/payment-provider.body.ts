import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';
import { PAYMENT_PROVIDER_FIELDS, PAYMENT_PROVIDER_TYPES, type PaymentProviderInputV1, type PaymentProviderType } from '@app/contracts';
import { lago, lagoText } from '../http/lago-validation';

const text = (max: number) => [IsOptional(), Transform(lagoText), IsString(lago('value_is_invalid')), MaxLength(max, lago('value_is_too_long'))];
const apply = (decorators: PropertyDecorator[]): PropertyDecorator => (target, key) => decorators.forEach((d) => d(target, key));

/**
 * The `payment_provider` object of `/api/v1/payment_providers` (an extension: Lago manages
 * connections in its UI). Secrets are write-only: they are accepted here and never shown again.
 */
export class PaymentProviderBody {
  @apply(text(255)) @IsNotEmpty(lago('value_is_mandatory'))
  @ApiPropertyOptional({ type: String, description: "Unique within the organization; customers name it as billing_configuration.payment_provider_code. Create only." })
  code?: string;

  @apply(text(255)) @IsNotEmpty(lago('value_is_mandatory'))
  @ApiPropertyOptional({ type: String })
  name?: string;

  @IsOptional() @IsIn(PAYMENT_PROVIDER_TYPES, lago('value_is_invalid'))
  @ApiPropertyOptional({ type: String, enum: PAYMENT_PROVIDER_TYPES, description: 'Create only.' })
  provider_type?: PaymentProviderType;

  @apply(text(1024)) @IsUrl({ require_tld: false, require_protocol: true }, lago('url_is_invalid'))
  @ApiPropertyOptional({ type: String, nullable: true })
  success_redirect_url?: string | null;

  @apply(text(1024)) @ApiPropertyOptional({ type: String, description: 'Stripe secret API key (write-only).' }) secret_key?: string | null;
  @apply(text(1024)) @ApiPropertyOptional({ type: String, description: 'Stripe or GoCardless webhook signing secret (write-only).' }) webhook_secret?: string | null;
  @apply(text(1024)) @ApiPropertyOptional({ type: String, description: 'Adyen API key (write-only).' }) api_key?: string | null;
  @apply(text(1024)) @ApiPropertyOptional({ type: String, description: 'Adyen HMAC key of the notification webhook (write-only).' }) hmac_key?: string | null;
  @apply(text(1024)) @ApiPropertyOptional({ type: String, description: 'GoCardless access token (write-only).' }) access_token?: string | null;
  @apply(text(255)) @ApiPropertyOptional({ type: String, description: 'Adyen merchant account.' }) merchant_account?: string | null;
  @apply(text(255)) @ApiPropertyOptional({ type: String, description: 'Adyen live URL prefix.' }) live_prefix?: string | null;
}

/** The body of `POST` and `PUT /api/v1/payment_providers`. */
export class PaymentProviderInputDoc {
  @ApiProperty({ type: () => PaymentProviderBody }) payment_provider!: PaymentProviderBody;
}

const SECRET_KEYS = [...new Set(Object.values(PAYMENT_PROVIDER_FIELDS).flatMap((f) => f.secrets))];
const SETTING_KEYS = [...new Set(Object.values(PAYMENT_PROVIDER_FIELDS).flatMap((f) => f.settings))];

/**
 * Splits the validated fields into the command's shape: secrets and settings by name.
 * payment-sync keeps those of the connection's type (others are dropped, as Lago drops unknown keys).
 */
export function toConnectionInput(fields: PaymentProviderBody): PaymentProviderInputV1 {
  const pick = (keys: readonly string[]) => {
    const picked = Object.fromEntries(keys.filter((k) => (fields as Record<string, unknown>)[k] !== undefined).map((k) => [k, (fields as Record<string, string | null>)[k] ?? null]));
    return Object.keys(picked).length ? picked : undefined;
  };
  const input: PaymentProviderInputV1 = {
    code: fields.code,
    name: fields.name,
    provider_type: fields.provider_type,
    success_redirect_url: fields.success_redirect_url,
    secrets: pick(SECRET_KEYS),
    settings: pick(SETTING_KEYS),
  };
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as PaymentProviderInputV1;
}
