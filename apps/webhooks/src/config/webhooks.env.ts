import { Expose, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { loadEnv, loadServiceEnv, type ServiceEnv } from '@app/messaging';

class WebhooksEnvVars {
  /** How long one webhook POST may take (Lago: `LAGO_WEBHOOK_TIMEOUT_SECONDS`, 30 s). */
  @Expose() @Type(() => Number) @IsInt() @Min(100) @Max(300_000) WEBHOOK_TIMEOUT_MS = 30_000;
  /** Attempts of one webhook before it is `failed` (Lago: `LAGO_WEBHOOK_ATTEMPTS`, 3). */
  @Expose() @Type(() => Number) @IsInt() @Min(1) @Max(50) WEBHOOK_MAX_ATTEMPTS = 3;
  /** First retry delay; grows with each attempt (Lago waits retries^4 + 2 s, plus jitter). */
  @Expose() @Type(() => Number) @IsInt() @Min(10) @Max(3_600_000) WEBHOOK_RETRY_BASE_MS = 2_000;
  /** Longest retry delay. */
  @Expose() @Type(() => Number) @IsInt() @Min(10) @Max(86_400_000) WEBHOOK_RETRY_MAX_MS = 600_000;
  /** Deliveries (webhooks and emails) in flight at once per replica; one endpoint never has more than one. */
  @Expose() @Type(() => Number) @IsInt() @Min(1) @Max(256) WEBHOOK_CONCURRENCY = 16;
  /** How often idle workers look for due deliveries queued by other replicas. */
  @Expose() @Type(() => Number) @IsInt() @Min(10) @Max(60_000) WEBHOOK_POLL_MS = 500;
  /** The `iss` claim of JWT signatures (Lago: `LAGO_API_URL`). */
  @Expose() @IsString() WEBHOOK_ISSUER = 'http://127.0.0.1:3000';
  /** RSA private key (PEM) that signs `jwt` webhooks; unset: one is generated once and kept in the database. */
  @Expose() @IsOptional() @IsString() WEBHOOK_PRIVATE_KEY?: string;
  /** SMTP server of outgoing emails, e.g. `smtp://user:pass@mail.example.com:587`. */
  @Expose() @IsString() SMTP_URL = 'smtp://127.0.0.1:1025';
  /** Sender address of emails. */
  @Expose() @IsString() MAIL_FROM = 'billing@localhost';
  /** How long one SMTP conversation may take. */
  @Expose() @Type(() => Number) @IsInt() @Min(100) @Max(300_000) SMTP_TIMEOUT_MS = 15_000;
}

/** How deliveries are timed and retried. */
export interface DeliveryOptions {
  timeoutMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  concurrency: number;
  pollMs: number;
  /** How long a claimed delivery stays leased: longer than its slowest attempt. */
  leaseMs: number;
}

/** Configuration of the webhooks service (see ServiceEnv for the shared variables). */
export interface WebhooksEnv extends ServiceEnv {
  delivery: DeliveryOptions;
  issuer: string;
  privateKeyPem: string | undefined;
  mail: { smtpUrl: string; from: string; timeoutMs: number };
}

/** The shared service variables only (what migrations need). */
export const webhooksServiceEnv = (source: NodeJS.ProcessEnv = process.env): ServiceEnv =>
  loadServiceEnv({ service: 'webhooks', database: 'webhooks', httpPort: 3004 }, source);

export const webhooksEnv = (source: NodeJS.ProcessEnv = process.env): WebhooksEnv => {
  const vars = loadEnv(WebhooksEnvVars, source);
  const timeoutMs = Math.max(vars.WEBHOOK_TIMEOUT_MS, vars.SMTP_TIMEOUT_MS);
  return {
    ...webhooksServiceEnv(source),
    delivery: {
      timeoutMs: vars.WEBHOOK_TIMEOUT_MS,
      maxAttempts: vars.WEBHOOK_MAX_ATTEMPTS,
      retryBaseMs: vars.WEBHOOK_RETRY_BASE_MS,
      retryMaxMs: Math.max(vars.WEBHOOK_RETRY_MAX_MS, vars.WEBHOOK_RETRY_BASE_MS),
      concurrency: vars.WEBHOOK_CONCURRENCY,
      pollMs: vars.WEBHOOK_POLL_MS,
      leaseMs: timeoutMs * 2 + 5_000,
    },
    issuer: vars.WEBHOOK_ISSUER,
    privateKeyPem: vars.WEBHOOK_PRIVATE_KEY,
    mail: { smtpUrl: vars.SMTP_URL, from: vars.MAIL_FROM, timeoutMs: vars.SMTP_TIMEOUT_MS },
  };
};
