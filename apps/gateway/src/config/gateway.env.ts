import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Expose, Type } from 'class-transformer';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { loadEnv, parseBrokers, type KafkaSettings } from '@app/messaging';
import { chargeOverTables, DEFAULT_CHARGEOVER_TABLES, type ChargeOverTables } from '../chargeover/chargeover-tables';

/** A size as body-parser writes it: bytes, or kb / mb (powers of 1024). */
const BODY_LIMIT = /^([1-9][0-9]{0,9})(b|kb|mb)?$/i;
const UNIT_BYTES: Record<string, number> = { b: 1, kb: 1024, mb: 1024 * 1024 };
const MAX_BODY_BYTES = 64 * 1024 * 1024;

function bodyLimitBytes(text: string): number {
  const [, amount, unit] = BODY_LIMIT.exec(text)!;
  const bytes = Number(amount) * UNIT_BYTES[(unit ?? 'b').toLowerCase()]!;
  if (bytes > MAX_BODY_BYTES) throw new Error('invalid configuration: BODY_LIMIT (at most 64mb)');
  return bytes;
}

class GatewayEnvVars {
  @Expose() @IsString() DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/gateway';
  @Expose() @IsString() KAFKA_BROKERS = '127.0.0.1:9092';
  @Expose() @Type(() => Number) @IsInt() @Min(0) @Max(65535) HTTP_PORT = 3000;
  @Expose() @IsString() HTTP_HOST = '127.0.0.1';
  @Expose() @Type(() => Number) @IsInt() @Min(100) @Max(60_000) RPC_TIMEOUT_MS = 5_000;
  @Expose() @IsString() INSTANCE_ID = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  @Expose() @Type(() => Number) @IsInt() @Min(1) DB_POOL_MAX = 10;
  @Expose() @IsString() CHARGEOVER_CURRENCY_IDS: string = DEFAULT_CHARGEOVER_TABLES.currencies;
  @Expose() @IsString() CHARGEOVER_LANGUAGE_IDS: string = DEFAULT_CHARGEOVER_TABLES.languages;
  @Expose() @IsString() CHARGEOVER_TERMS_IDS: string = DEFAULT_CHARGEOVER_TABLES.terms;
  // At most 10^7 requests per day: the limiter's arithmetic (requests × window) stays an exact integer.
  @Expose() @Type(() => Number) @IsInt() @Min(1) @Max(10_000_000) RATE_LIMIT_REQUESTS = 100_000;
  @Expose() @Type(() => Number) @IsInt() @Min(1_000) @Max(86_400_000) RATE_LIMIT_WINDOW_MS = 60_000;
  @Expose() @Type(() => Number) @IsInt() @Min(0) @Max(600_000) API_KEY_CACHE_TTL_MS = 5_000;
  @Expose() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000) API_KEY_CACHE_MAX_ENTRIES = 10_000;
  @Expose() @IsString() @Matches(BODY_LIMIT) BODY_LIMIT = '1mb';
}

/** Configuration of the gateway; the only reader of `process.env` in this app. */
export interface GatewayEnv {
  databaseUrl: string;
  dbPoolMax: number;
  kafka: KafkaSettings;
  httpPort: number;
  httpHost: string;
  rpcTimeoutMs: number;
  instanceId: string;
  /** What ChargeOver's currency, language and terms ids mean (see ChargeOverTables). */
  chargeOver: ChargeOverTables;
  /** Per API key: at most `requests` at once, refilled at `requests` per `windowMs` (see RateLimiter). */
  rateLimit: { requests: number; windowMs: number };
  /** How long a key look-up (found or not) is reused, and how many are kept (see ActiveApiKeys). */
  apiKeyCache: { ttlMs: number; maxEntries: number };
  /** Largest request body read, in bytes (JSON, and raw on /webhooks); above it a 413. */
  bodyLimitBytes: number;
}

export function gatewayEnv(source: NodeJS.ProcessEnv = process.env): GatewayEnv {
  const vars = loadEnv(GatewayEnvVars, source);
  return {
    databaseUrl: vars.DATABASE_URL,
    dbPoolMax: vars.DB_POOL_MAX,
    kafka: { brokers: parseBrokers(vars.KAFKA_BROKERS), clientId: 'gateway' },
    httpPort: vars.HTTP_PORT,
    httpHost: vars.HTTP_HOST,
    rpcTimeoutMs: vars.RPC_TIMEOUT_MS,
    instanceId: vars.INSTANCE_ID.replace(/[^A-Za-z0-9._-]/g, '-'),
    chargeOver: chargeOverTables({ currencies: vars.CHARGEOVER_CURRENCY_IDS, languages: vars.CHARGEOVER_LANGUAGE_IDS, terms: vars.CHARGEOVER_TERMS_IDS }),
    rateLimit: { requests: vars.RATE_LIMIT_REQUESTS, windowMs: vars.RATE_LIMIT_WINDOW_MS },
    apiKeyCache: { ttlMs: vars.API_KEY_CACHE_TTL_MS, maxEntries: vars.API_KEY_CACHE_MAX_ENTRIES },
    bodyLimitBytes: bodyLimitBytes(vars.BODY_LIMIT),
  };
}
