import { Logger } from '@nestjs/common';
import { fail, ok, type RpcRequestV1 } from '@app/contracts';
import { handleRpc, type RpcRoute } from './rpc-handler';

const TYPE = 'rpc-handler-spec.get';

function request(overrides: Record<string, unknown> = {}): RpcRequestV1 {
  return {
    request_id: 'rpc-handler-spec-request-1',
    type: TYPE,
    organization: { id: '5c4b3a29-1807-4f6e-9d5c-4b3a29180706', name: 'Rpc Spec', document_number_prefix: 'RPC-0706', default_billing_entity_code: 'rpc_spec' },
    correlation_id: 'rpc-handler-spec-correlation-1',
    deadline: new Date(Date.now() + 60_000).toISOString(),
    payload: { external_id: 'rpc-handler-spec-customer' },
    ...overrides,
  } as RpcRequestV1;
}

describe('handleRpc', () => {
  let loggedErrors: jest.SpyInstance;

  beforeEach(() => {
    loggedErrors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  it('wraps the route reply as a Kafka message { value: reply } and passes the request to the route', async () => {
    const received: unknown[] = [];
    const route: RpcRoute = async (req) => {
      received.push(req);
      return ok({ value: 'a reply that itself has a value key', n: 1 });
    };
    const req = request();

    const reply = await handleRpc(req, { [TYPE]: route });

    expect(reply).toStrictEqual({ value: { ok: true, value: { value: 'a reply that itself has a value key', n: 1 } } });
    expect(received).toStrictEqual([req]);
  });

  it('passes a refusal from the use case through unchanged', async () => {
    const route: RpcRoute = async () => fail('validation_errors', { currency: ['value_is_invalid'] });

    expect(await handleRpc(request(), { [TYPE]: route })).toStrictEqual({
      value: { ok: false, error: { code: 'validation_errors', details: { currency: ['value_is_invalid'] } } },
    });
  });

  it.each([
    ['null', null],
    ['a string', 'customers.get'],
    ['an array', [request()]],
    ['without request_id', { ...request(), request_id: undefined }],
    ['without type', { ...request(), type: undefined }],
    ['without organization', { ...request(), organization: undefined }],
    ['with an organization lacking an id', { ...request(), organization: { name: 'x' } }],
    ['without deadline', { ...request(), deadline: undefined }],
    ['with a deadline that is not a date', { ...request(), deadline: 'tomorrow-ish' }],
    ['without payload', { ...request(), payload: undefined }],
    ['with a null payload', { ...request(), payload: null }],
  ])('a malformed request (%s) is bad_request and never reaches a route', async (_label, raw) => {
    const route = jest.fn<ReturnType<RpcRoute>, Parameters<RpcRoute>>();

    expect(await handleRpc(raw, { [TYPE]: route, 'customers.get': route })).toStrictEqual({ value: { ok: false, error: { code: 'bad_request' } } });
    expect(route).not.toHaveBeenCalled();
  });

  it.each([
    ['a string', 'customers.get', 'not an RPC request: value is not a JSON object'],
    ['an array', [request()], 'not an RPC request: value is not a JSON object'],
    ['without request_id and deadline', { ...request(), request_id: undefined, deadline: 'soon' }, 'not an RPC request: request_id, deadline'],
    ['with a null payload', { ...request(), payload: null }, 'not an RPC request: payload'],
    ['of an unknown type', request({ type: 'customers.unknown' }), 'unknown request type "customers.unknown"'],
  ])('parks a message that is no request of the service (%s) with the reason, and answers bad_request', async (_label, raw, reason) => {
    const parked: string[] = [];
    const route = jest.fn<ReturnType<RpcRoute>, Parameters<RpcRoute>>();

    const reply = await handleRpc(raw, { [TYPE]: route, 'customers.get': route }, async (why) => void parked.push(why));

    expect(reply).toStrictEqual({ value: { ok: false, error: { code: 'bad_request' } } });
    expect(parked).toStrictEqual([reason]);
    expect(route).not.toHaveBeenCalled();
  });

  it('parks nothing for a request it executes, refuses or drops past its deadline', async () => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const park = jest.fn(async (_reason: string) => undefined);
    const routes: Record<string, RpcRoute> = { [TYPE]: async () => fail('customer_not_found') };

    expect((await handleRpc(request(), routes, park)).value).toStrictEqual({ ok: false, error: { code: 'customer_not_found' } });
    expect((await handleRpc(request({ deadline: new Date(Date.now() - 1_000).toISOString() }), routes, park)).value).toStrictEqual({
      ok: false,
      error: { code: 'service_unavailable' },
    });
    expect(park).not.toHaveBeenCalled();
  });

  it('fails when the poison cannot be parked, so the message is not committed as handled', async () => {
    const park = async () => {
      throw new Error('broker down');
    };

    await expect(handleRpc('poison', {}, park)).rejects.toThrow('broker down');
  });

  it('an unknown type is bad_request', async () => {
    const route = jest.fn<ReturnType<RpcRoute>, Parameters<RpcRoute>>();

    expect(await handleRpc(request({ type: 'customers.unknown' }), { [TYPE]: route })).toStrictEqual({
      value: { ok: false, error: { code: 'bad_request' } },
    });
    expect(route).not.toHaveBeenCalled();
  });

  it.each(['toString', 'constructor', '__proto__'])('does not treat the inherited key %s as a route', async (type) => {
    expect(await handleRpc(request({ type }), {})).toStrictEqual({ value: { ok: false, error: { code: 'bad_request' } } });
  });

  it('drops a request past its deadline without running the route: service_unavailable', async () => {
    const route = jest.fn<ReturnType<RpcRoute>, Parameters<RpcRoute>>();
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);

    const reply = await handleRpc(request({ deadline: new Date(Date.now() - 1_000).toISOString() }), { [TYPE]: route });

    expect(reply).toStrictEqual({ value: { ok: false, error: { code: 'service_unavailable' } } });
    expect(route).not.toHaveBeenCalled();
  });

  it('a route that throws a plain Error gives internal_error without the message in the reply', async () => {
    const route: RpcRoute = async () => {
      throw new Error('relation "customers" does not exist; secret=hunter2');
    };

    const reply = await handleRpc(request(), { [TYPE]: route });

    expect(reply).toStrictEqual({ value: { ok: false, error: { code: 'internal_error' } } });
    expect(JSON.stringify(reply)).not.toMatch(/hunter2|relation/);
    expect(loggedErrors).toHaveBeenCalledWith(expect.stringContaining('hunter2'));
  });

  it('a route that throws ECONNREFUSED gives service_unavailable', async () => {
    const route: RpcRoute = async () => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    };

    expect(await handleRpc(request(), { [TYPE]: route })).toStrictEqual({ value: { ok: false, error: { code: 'service_unavailable' } } });
  });

  it('a route that throws a transient error nested in cause gives service_unavailable', async () => {
    const route: RpcRoute = async () => {
      throw new Error('flush failed', { cause: Object.assign(new Error('terminating connection'), { code: '57P01' }) });
    };

    expect(await handleRpc(request(), { [TYPE]: route })).toStrictEqual({ value: { ok: false, error: { code: 'service_unavailable' } } });
  });
});
