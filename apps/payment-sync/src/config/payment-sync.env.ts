import { Expose, Type } from 'class-transformer';
import { IsInt, IsString, Max, Min } from 'class-validator';
import { loadEnv, parseBrokers, type KafkaSettings } from '@app/messaging';

class PaymentSyncEnvVars {
  @Expose() @IsString() DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/payments';
  @Expose() @IsString() KAFKA_BROKERS = '127.0.0.1:9092';
  @Expose() @IsString() KAFKA_GROUP_ID = 'billing-payment-sync';
  @Expose() @Type(() => Number) @IsInt() @Min(1) @Max(64) KAFKA_CONCURRENCY = 6;
  @Expose() @Type(() => Number) @IsInt() @Min(0) @Max(65535) HTTP_PORT = 3003;
  @Expose() @IsString() HTTP_HOST = '127.0.0.1';
  @Expose() @Type(() => Number) @IsInt() @Min(1) DB_POOL_MAX = 10;
}

/** Configuration of the payment-sync service; the only reader of `process.env` in this app. */
export interface PaymentSyncEnv {
  databaseUrl: string;
  dbPoolMax: number;
  kafka: KafkaSettings;
  groupId: string;
  concurrency: number;
  httpPort: number;
  httpHost: string;
}

export function paymentSyncEnv(source: NodeJS.ProcessEnv = process.env): PaymentSyncEnv {
  const vars = loadEnv(PaymentSyncEnvVars, source);
  return {
    databaseUrl: vars.DATABASE_URL,
    dbPoolMax: vars.DB_POOL_MAX,
    kafka: { brokers: parseBrokers(vars.KAFKA_BROKERS), clientId: 'payment-sync' },
    groupId: vars.KAFKA_GROUP_ID,
    concurrency: vars.KAFKA_CONCURRENCY,
    httpPort: vars.HTTP_PORT,
    httpHost: vars.HTTP_HOST,
  };
}
