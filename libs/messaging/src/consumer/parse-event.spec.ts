import { randomUUID } from 'node:crypto';
import { CUSTOMER_EVENTS, CustomerV1, EventEnvelope } from '@app/contracts';
import { parseEvent } from './parse-event';

const ORGANIZATION_ID = '7d1e2f3a-4b5c-4d6e-8f70-81a2b3c4d5e6';
const HANDLED = { [CUSTOMER_EVENTS.upserted]: CustomerV1 };

function customer(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    lago_id: '0b6f5a8e-3c1d-4e2f-9a7b-6c5d4e3f2a1b',
    billing_entity_code: 'parse_event_spec',
    external_id: 'parse-event-spec-1',
    account_type: 'customer',
    name: 'Foo Bar',
    firstname: null,
    lastname: null,
    customer_type: null,
    sequential_id: 1,
    slug: 'PAR-5E6A-001',
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    country: null,
    email: null,
    currency: 'EUR',
    timezone: null,
    applicable_timezone: 'UTC',
    net_payment_term: null,
    finalize_zero_amount_invoice: 'inherit',
    billing_configuration: { invoice_grace_period: null, payment_provider: null },
    shipping_address: { address_line1: null, address_line2: null, city: null, zipcode: null, state: null, country: null },
    skip_invoice_custom_sections: false,
    metadata: [],
    ...overrides,
  };
}

function envelope(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event_id: randomUUID(),
    event_type: CUSTOMER_EVENTS.upserted,
    event_version: 1,
    occurred_at: '2026-01-01T00:00:00Z',
    organization_id: ORGANIZATION_ID,
    producer: 'customers',
    correlation_id: null,
    payload: customer(),
    ...overrides,
  };
}

describe('parseEvent', () => {
  it('a valid envelope with a valid payload is an event carrying both', async () => {
    const value = envelope();

    const parsed = await parseEvent(JSON.stringify(value), HANDLED);

    expect(parsed.kind).toBe('event');
    if (parsed.kind !== 'event') return;
    expect(parsed.envelope).toBeInstanceOf(EventEnvelope);
    expect(parsed.envelope.event_id).toBe(value.event_id);
    expect(parsed.envelope.event_type).toBe('customer.upserted');
    expect(parsed.envelope.payload).toEqual(value.payload);
  });

  it('accepts an already-decoded object and a Buffer', async () => {
    const value = envelope();

    expect((await parseEvent(value, HANDLED)).kind).toBe('event');
    expect((await parseEvent(Buffer.from(JSON.stringify(value)), HANDLED)).kind).toBe('event');
  });

  it('a string that is not JSON is invalid', async () => {
    expect(await parseEvent('{"event_id": ', HANDLED)).toStrictEqual({ kind: 'invalid', reason: 'value is not JSON' });
  });

  it.each([
    ['an array', [envelope()]],
    ['JSON of an array', JSON.stringify([envelope()])],
    ['null', null],
    ['a number', 42],
  ])('%s is invalid', async (_label, raw) => {
    expect(await parseEvent(raw, HANDLED)).toStrictEqual({ kind: 'invalid', reason: 'value is not a JSON object' });
  });

  it('an envelope without event_id is invalid, and the reason names event_id only', async () => {
    const { event_id: _omitted, ...value } = envelope();

    const parsed = await parseEvent(value, HANDLED);

    expect(parsed.kind).toBe('invalid');
    if (parsed.kind !== 'invalid') return;
    expect(parsed.reason).toMatch(/^invalid envelope: .*event_id/);
    expect(parsed.reason).not.toMatch(/event_type|organization_id|payload/);
  });

  it('an envelope whose payload is not an object is invalid', async () => {
    const parsed = await parseEvent(envelope({ payload: 'customer' }), HANDLED);

    expect(parsed.kind).toBe('invalid');
    if (parsed.kind !== 'invalid') return;
    expect(parsed.reason).toContain('payload');
  });

  it('an event type the consumer does not handle is ignored, even with a payload it could not read', async () => {
    expect(await parseEvent(envelope({ event_type: 'invoice.created', payload: { anything: true } }), HANDLED)).toStrictEqual({
      kind: 'ignored',
      eventType: 'invoice.created',
    });
  });

  it('a handled type with an invalid payload is invalid, and the reason names the type and the bad field', async () => {
    const parsed = await parseEvent(envelope({ payload: customer({ lago_id: 'not-a-uuid' }) }), HANDLED);

    expect(parsed.kind).toBe('invalid');
    if (parsed.kind !== 'invalid') return;
    expect(parsed.reason).toMatch(/^invalid customer\.upserted payload: /);
    expect(parsed.reason).toContain('lago_id');
    expect(parsed.reason).not.toContain('external_id');
  });
});

describe('parseEvent with constructor keys', () => {
  it.each([
    ['the envelope', () => ({ ...envelope(), constructor: 1 })],
    ['the payload', () => envelope({ payload: { ...customer(), constructor: 'x' } })],
    ['an object nested in the payload', () => envelope({ payload: customer({ billing_configuration: { constructor: { name: 1 } } }) })],
    ['an object in an array of the payload', () => envelope({ payload: customer({ metadata: [{ constructor: 1 }] }) })],
    ['the payload, as __proto__', () => JSON.parse(JSON.stringify(envelope()).replace('"payload":{', '"payload":{"__proto__":{"name":1},'))],
  ])('an own `constructor` or `__proto__` key in %s is invalid, not an exception or a skipped validation', async (_label, make) => {
    const parsed = await parseEvent(JSON.stringify(make()), HANDLED);
    expect(parsed).toStrictEqual({ kind: 'invalid', reason: expect.stringMatching(/"(constructor|__proto__)" key at /) });
  });
});
