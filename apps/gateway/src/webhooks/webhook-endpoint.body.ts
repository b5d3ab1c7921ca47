import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateBy } from 'class-validator';
import { SIGNATURE_ALGOS, type SignatureAlgo } from '@app/contracts';
import { lago, lagoText } from '../http/lago-validation';

/** An absolute http(s) URL with a host (Lago's `url_invalid` otherwise). */
export function isWebhookUrl(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 1024) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/** The `webhook_endpoint` object of POST and PUT `/api/v1/webhook_endpoints`. */
export class WebhookEndpointBody {
  @IsOptional()
  @Transform(lagoText)
  @IsString(lago('url_invalid'))
  @IsNotEmpty(lago('value_is_mandatory'))
  @MaxLength(1024, lago('value_is_too_long'))
  @ValidateBy({ name: 'isWebhookUrl', validator: { validate: isWebhookUrl } }, lago('url_invalid'))
  webhook_url?: string;

  @IsOptional()
  @Transform(lagoText)
  @IsIn(SIGNATURE_ALGOS, lago('value_is_invalid'))
  signature_algo?: SignatureAlgo;
}
