import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Expose, Type } from 'class-transformer';
import { IsInt, IsString, Max, Min } from 'class-validator';
import { loadEnv, parseBrokers, type KafkaSettings } from '@app/messaging';
import { chargeOverTables, DEFAULT_CHARGEOVER_TABLES, type ChargeOverTables } from '../chargeover/chargeover-tables';

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
  };
}
