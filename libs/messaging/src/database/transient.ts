/** PostgreSQL SQLSTATE classes and codes after which the same work may succeed on a retry. */
const TRANSIENT_SQLSTATES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '53300', // too_many_connections
  '55P03', // lock_not_available
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
]);
const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND']);

/**
 * Whether an error comes from infrastructure that is down or busy (database, broker) rather than
 * from the work itself. Transient failures are retried without limit; others are dead-lettered.
 */
export function isTransientError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const err = e as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown; retriable?: unknown };
    const code = typeof err.code === 'string' ? err.code : '';
    if (TRANSIENT_SQLSTATES.has(code) || TRANSIENT_NODE_CODES.has(code) || code.startsWith('08')) return true;
    if (err.retriable === true) return true; // kafkajs KafkaJSError
    const name = typeof err.name === 'string' ? err.name : '';
    if (name === 'ConnectionException' || name === 'KnexTimeoutError') return true;
    const message = typeof err.message === 'string' ? err.message : '';
    // node-postgres refuses queries on a pooled client whose connection broke (a database restart).
    if (/Connection terminated|Timeout acquiring a connection|the database system is (starting up|shutting down)|Client has encountered a connection error/i.test(message)) return true;
    // knex swallows the error of a transaction's BEGIN (a connection that broke between the pool
    // and the BEGIN, as in a database restart) and refuses the transaction's first query with
    // this. Our units of work query one at a time and never after their own commit or rollback,
    // so this is how a broken connection shows there.
    if (/^Transaction query already complete/.test(message)) return true;
    e = err.cause;
  }
  return false;
}
