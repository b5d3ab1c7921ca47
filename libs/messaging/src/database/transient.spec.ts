import { isTransientError } from './transient';

/** An error shaped like node-postgres' DatabaseError (SQLSTATE in `code`). */
const pgError = (code: string, message = 'pg error') => Object.assign(new Error(message), { code });

describe('isTransientError', () => {
  it.each([
    ['57P01 admin_shutdown', '57P01'],
    ['08006 connection_failure', '08006'],
    ['08001 sqlclient_unable_to_establish_sqlconnection', '08001'],
    ['40P01 deadlock_detected', '40P01'],
    ['40001 serialization_failure', '40001'],
    ['53300 too_many_connections', '53300'],
  ])('PostgreSQL %s is transient', (_label, code) => {
    expect(isTransientError(pgError(code))).toBe(true);
  });

  it('ECONNREFUSED is transient', () => {
    expect(isTransientError(pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'))).toBe(true);
  });

  it('ECONNREFUSED nested in cause (a wrapping ORM error) is transient', () => {
    const wrapped = new Error('Failed to connect', { cause: pgError('ECONNREFUSED') });

    expect(isTransientError(wrapped)).toBe(true);
  });

  it('57P01 two levels down the cause chain is transient', () => {
    const wrapped = new Error('outer', { cause: new Error('middle', { cause: pgError('57P01') }) });

    expect(isTransientError(wrapped)).toBe(true);
  });

  it('a kafkajs retriable error is transient', () => {
    expect(isTransientError(Object.assign(new Error('The group is rebalancing'), { name: 'KafkaJSProtocolError', retriable: true }))).toBe(true);
  });

  it('"Connection terminated unexpectedly" (pg pool) is transient', () => {
    expect(isTransientError(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('a query on a pooled client whose connection broke (a database restart) is transient, as MikroORM wraps it', () => {
    const wrapped = new Error("select nextval('customer_seq'::regclass) as value - Client has encountered a connection error and is not queryable");

    expect(isTransientError(wrapped)).toBe(true);
  });

  it("knex's refusal of a transaction whose BEGIN failed (a connection broken by a database restart) is transient", () => {
    expect(isTransientError(new Error('Transaction query already complete, run with DEBUG=knex:tx for more info'))).toBe(true);
  });

  it('23505 unique_violation is not transient', () => {
    expect(isTransientError(pgError('23505', 'duplicate key value violates unique constraint "customers_pkey"'))).toBe(false);
  });

  it('23505 wrapped in a cause is not transient', () => {
    expect(isTransientError(new Error('insert failed', { cause: pgError('23505') }))).toBe(false);
  });

  it('a TypeError is not transient', () => {
    expect(isTransientError(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
  });

  it('a kafkajs error marked not retriable is not transient', () => {
    expect(isTransientError(Object.assign(new Error('Topic authorization failed'), { retriable: false }))).toBe(false);
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'ECONNREFUSED'],
    ['a plain object without a code', { message: 'nope' }],
  ])('%s is not transient', (_label, value) => {
    expect(isTransientError(value)).toBe(false);
  });

  it('terminates on a cause cycle', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    const b = new Error('b', { cause: a });
    a.cause = b;

    expect(isTransientError(a)).toBe(false);
  });
});
