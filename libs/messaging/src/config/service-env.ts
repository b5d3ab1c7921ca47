import { Expose, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { parseBrokers, type KafkaSettings } from '../kafka/kafka-config';
import { loadEnv } from './load-env';

class ServiceEnvVars {
  @Expose() @IsOptional() @IsString() DATABASE_URL?: string;
  @Expose() @IsString() KAFKA_BROKERS = '127.0.0.1:9092';
  @Expose() @IsOptional() @IsString() KAFKA_GROUP_ID?: string;
  @Expose() @Type(() => Number) @IsInt() @Min(1) @Max(64) KAFKA_CONCURRENCY = 6;
  @Expose() @Type(() => Number) @IsOptional() @IsInt() @Min(0) @Max(65535) HTTP_PORT?: number;
  @Expose() @IsString() HTTP_HOST = '127.0.0.1';
  @Expose() @Type(() => Number) @IsInt() @Min(1) DB_POOL_MAX = 10;
  @Expose() @IsIn(['true', 'false']) OUTBOX_RELAY_ENABLED = 'true';
  @Expose() @Type(() => Number) @IsInt() @Min(1) @Max(1000) KAFKA_BATCH_MAX = 100;
}

/** Configuration every Kafka-consuming service reads from the environment. */
export interface ServiceEnv {
  /** `DATABASE_URL`: the service's own database. */
  databaseUrl: string;
  /** `DB_POOL_MAX`. */
  dbPoolMax: number;
  /** `KAFKA_BROKERS`, and the service name as client id. */
  kafka: KafkaSettings;
  /** `KAFKA_GROUP_ID`: shared by the service's replicas, distinct from other services. */
  groupId: string;
  /** `KAFKA_CONCURRENCY`: partitions processed at once. */
  concurrency: number;
  /** `KAFKA_BATCH_MAX` (default 100): most consumed messages executed in one transaction; 1 runs each on its own. */
  batchMax: number;
  /** `HTTP_PORT` of the health endpoint. */
  httpPort: number;
  /** `HTTP_HOST`. */
  httpHost: string;
  /**
   * `OUTBOX_RELAY_ENABLED` (default true): whether this process publishes the outbox. With
   * `false` it still commits events to its outbox, and another replica (or this one restarted
   * with the relay on) publishes them: a replica dedicated to requests, or publishing held back
   * during broker maintenance.
   */
  outboxRelayEnabled: boolean;
}

/** The local-stack defaults of one service. */
export interface ServiceEnvDefaults {
  /** Service name (Kafka client id). */
  service: string;
  /** Its database on the local PostgreSQL. */
  database: string;
  /** Its health port. */
  httpPort: number;
}

/** Reads and validates a service's environment; the apps' only reader of `process.env`. */
export function loadServiceEnv(defaults: ServiceEnvDefaults, source: NodeJS.ProcessEnv = process.env): ServiceEnv {
  const vars = loadEnv(ServiceEnvVars, source);
  return {
    databaseUrl: vars.DATABASE_URL ?? `postgresql://postgres@127.0.0.1:5432/${defaults.database}`,
    dbPoolMax: vars.DB_POOL_MAX,
    kafka: { brokers: parseBrokers(vars.KAFKA_BROKERS), clientId: defaults.service },
    groupId: vars.KAFKA_GROUP_ID ?? `billing-${defaults.service}`,
    concurrency: vars.KAFKA_CONCURRENCY,
    batchMax: vars.KAFKA_BATCH_MAX,
    httpPort: vars.HTTP_PORT ?? defaults.httpPort,
    httpHost: vars.HTTP_HOST,
    outboxRelayEnabled: vars.OUTBOX_RELAY_ENABLED === 'true',
  };
}
