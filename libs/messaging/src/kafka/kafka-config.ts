import { Logger } from '@nestjs/common';
import { logLevel, type KafkaConfig, type logCreator } from 'kafkajs';

/** Where and as whom a service talks to Kafka. */
export interface KafkaSettings {
  /** Bootstrap brokers, e.g. `['127.0.0.1:9092']`. */
  brokers: string[];
  /** Client id prefix, usually the service name. */
  clientId: string;
}

// kafkajs 2.2.4 schedules its request-throttle check with a negative delay when it was never
// throttled; Node 24 warns (TimeoutNegativeWarning) and clamps it to 1 ms, which is what kafkajs
// meant. Drop exactly that warning so real warnings stay visible.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const name = typeof warning === 'string' ? (typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string })?.type) : warning.name;
  if (name === 'TimeoutNegativeWarning') return;
  (emitWarning as (...args: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;

// We use kafkajs 2's default (Java-compatible) partitioner on purpose; its one-time notice says so.
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

/** Errors kafkajs logs at ERROR while it retries them itself (a new group or producer coordinator). */
const RETRIED_BY_KAFKAJS = /coordinator is loading|coordinator is not available|not the correct coordinator|Limiting retries for the idempotent producer/i;

/**
 * kafkajs logs through Nest's logger; what kafkajs retries by itself is demoted to debug. Its
 * INFO lines (group joins, assignments, stops) are logged when KAFKAJS_LOG_LEVEL=info asks
 * kafkajs for them (by default it logs from WARN up).
 */
const nestLogCreator: logCreator = () => {
  const logger = new Logger('kafkajs');
  return ({ namespace, level, log }) => {
    const { message, error, ...extra } = log as { message: string; error?: string; timestamp?: string; logger?: string };
    const text = error ? `${message}: ${error}` : message;
    if (RETRIED_BY_KAFKAJS.test(text)) return logger.debug(text);
    if (level === logLevel.ERROR) logger.error(text);
    else if (level === logLevel.WARN) logger.warn(text);
    else if (level === logLevel.INFO) logger.log(`${namespace} ${text} ${JSON.stringify({ ...extra, timestamp: undefined, logger: undefined })}`);
    else logger.debug(text);
  };
};

/**
 * kafkajs client options shared by every producer, consumer and admin client of the project.
 * Retries are short because callers (relay, consumers, gateway timeout) retry at their own level.
 */
export function kafkaClientConfig(settings: KafkaSettings): KafkaConfig {
  return {
    clientId: settings.clientId,
    brokers: settings.brokers,
    logLevel: logLevel.WARN,
    logCreator: nestLogCreator,
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    retry: { initialRetryTime: 100, maxRetryTime: 2_000, retries: 5 },
  };
}

/** Parses a comma-separated broker list. */
export function parseBrokers(value: string): string[] {
  return value
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
}
