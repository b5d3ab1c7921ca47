import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { Body, Controller, Post, Req, UseGuards } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import type { Request } from 'express';
import { ActiveApiKeys } from '../auth/active-api-keys';
import { ApiKeyGuard, ApiResource, ChargeOverBasicAuthGuard } from '../auth/api-key.guard';
import { RateLimiter } from '../auth/rate-limiter';
import { ApiKey } from '../organizations/api-key.entity';
import { Organization } from '../organizations/organization.entity';
import { configureHttp } from './configure-http';
import { DeferredBodyErrorInterceptor } from './deferred-body';
import { LagoExceptionFilter } from './lago-exception.filter';

const LIMIT = 1024;

/** What the routes were given: anything here is a request that reached a controller (a write). */
const reached: unknown[] = [];

@Controller()
@ApiResource('customer')
class ProbeController {
  @Post('api/v1/probe')
  @UseGuards(ApiKeyGuard)
  lago(@Body() body: unknown): { ok: true } {
    reached.push(body);
    return { ok: true };
  }

  @Post('api/v3/probe')
  @UseGuards(ChargeOverBasicAuthGuard)
  chargeOver(@Body() body: unknown): { ok: true } {
    reached.push(body);
    return { ok: true };
  }

  @Post('webhooks/probe')
  webhook(@Req() request: Request): string {
    reached.push(request.body);
    return 'ok';
  }
}

function issueKey(): { key: ApiKey; value: string } {
  const organization = new Organization();
  organization.name = 'Socket Spec Org';
  organization.documentNumberPrefix = 'SOC-0001';
  organization.defaultBillingEntityCode = 'socket_spec_org';
  return ApiKey.issue(organization, 'socket-spec', null);
}

/** One HTTP exchange on a fresh socket, parsed by hand so that nothing is hidden by a client. */
interface Exchange {
  status: number;
  headers: Record<string, string>;
  body: string;
  raw: string;
}

/**
 * Writes `head` (request line and headers, with `Connection: close`) and `body` on a new socket,
 * in one go, and reads until the server closes it; `halfClose` ends the client's side after the
 * body. A write error after the server has answered (it stops reading a body it refused) is
 * expected and ignored.
 */
function exchange(port: number, head: string, body: string | Buffer = '', { halfClose = false } = {}): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1');
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error) => (chunks.length > 0 ? undefined : reject(error)));
    socket.on('close', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const [headText = '', ...rest] = raw.split('\r\n\r\n');
      const [statusLine = '', ...headerLines] = headText.split('\r\n');
      const headers = Object.fromEntries(headerLines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n'), raw });
    });
    const bytes = Buffer.concat([Buffer.from(`${head.trimEnd()}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`), Buffer.from(body)]);
    if (halfClose) socket.end(bytes);
    else socket.write(bytes);
  });
}

const chunked = (...chunks: string[]) => chunks.map((c) => `${Buffer.byteLength(c).toString(16)}\r\n${c}\r\n`).join('') + '0\r\n\r\n';
const json = (text: string) => JSON.parse(text) as unknown;

const LAGO_413 = { status: 413, error: 'Payload Too Large', code: 'payload_too_large' };
const CHARGEOVER_413 = { code: 413, status: 'Error', message: 'The request body is too large.', details: {}, response: false };

describe('the gateway over a real socket', () => {
  let app: NestExpressApplication;
  let port: number;
  let now: number;
  const lagoKey = issueKey();
  const chargeOverKey = issueKey();
  const keys = [lagoKey.key, chargeOverKey.key];
  const bearer = `Authorization: Bearer ${lagoKey.value}`;
  const basic = `Authorization: Basic ${Buffer.from(`${chargeOverKey.key.id}:${chargeOverKey.value}`).toString('base64')}`;

  beforeAll(async () => {
    const source = { findKeyByDigest: async (digest: Buffer) => keys.find((k) => k.valueSha256.equals(digest)) ?? null };
    const moduleRef = await Test.createTestingModule({
      controllers: [ProbeController],
      providers: [
        { provide: APP_FILTER, useClass: LagoExceptionFilter },
        { provide: APP_INTERCEPTOR, useClass: DeferredBodyErrorInterceptor },
        { provide: ActiveApiKeys, useValue: new ActiveApiKeys(source, { ttlMs: 60_000, maxEntries: 10 }, () => now) },
        { provide: RateLimiter, useValue: new RateLimiter({ requests: 3, windowMs: 60_000 }, () => now) },
        ApiKeyGuard,
        ChargeOverBasicAuthGuard,
      ],
    }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
    configureHttp(app, { bodyLimitBytes: LIMIT });
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
  });

  afterAll(async () => {
    await app?.close();
  });

  beforeEach(() => {
    reached.length = 0;
    // Each test starts a fresh window: every bucket is full again after a whole window.
    now = (now ?? 0) + 3_600_000;
  });

  const post = (path: string, authorization: string, body = '{}') =>
    exchange(port, `POST ${path} HTTP/1.1\r\n${authorization}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}`, body);
  const limitHeaders = (answer: Exchange) => [answer.headers['x-ratelimit-limit'], answer.headers['x-ratelimit-remaining'], answer.headers['x-ratelimit-reset'], answer.headers['retry-after']];

  describe('the rate limit (3 requests per minute here)', () => {
    it('every answer to a key carries its X-RateLimit-* headers; past the limit Lago\'s 429 with Retry-After, and nothing reaches the route', async () => {
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await post('/api/v1/probe', bearer, `{"n":${i}}`));

      expect(answers.map((a) => a.status)).toStrictEqual([201, 201, 201, 429]);
      // One request is earned back every 20 s; Reset is when all three are back.
      expect(answers.map(limitHeaders)).toStrictEqual([
        ['3', '2', '20', undefined],
        ['3', '1', '40', undefined],
        ['3', '0', '60', undefined],
        ['3', '0', '60', '20'],
      ]);
      expect(json(answers[3]!.body)).toStrictEqual({ status: 429, error: 'Too Many Requests', code: 'rate_limit_exceeded' });
      expect(reached).toStrictEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
    });

    it('under /api/v3 the 429 is ChargeOver\'s envelope, with the same headers', async () => {
      for (let i = 0; i < 3; i++) expect((await post('/api/v3/probe', basic)).status).toBe(201);

      const refused = await post('/api/v3/probe', basic);

      expect(refused.status).toBe(429);
      expect(limitHeaders(refused)).toStrictEqual(['3', '0', '60', '20']);
      expect(json(refused.body)).toStrictEqual({
        code: 429,
        status: 'Error',
        message: 'Too many requests with this API key; retry after the seconds in Retry-After.',
        details: {},
        response: false,
      });
      expect(reached).toHaveLength(3);
    });

    it('a refused key may go on exactly when Retry-After says, and the two APIs count per key', async () => {
      for (let i = 0; i < 4; i++) await post('/api/v1/probe', bearer);

      now += 19_999;
      const early = await post('/api/v1/probe', bearer);
      const otherKey = await post('/api/v3/probe', basic);
      now += 1;
      const onTime = await post('/api/v1/probe', bearer);

      expect([early.status, early.headers['retry-after']]).toStrictEqual([429, '1']);
      expect([otherKey.status, otherKey.headers['x-ratelimit-remaining']]).toStrictEqual([201, '2']);
      expect([onTime.status, ...limitHeaders(onTime)]).toStrictEqual([201, '3', '0', '60', undefined]);
    });

    it('a wrong key is a 401 without rate-limit headers and spends nothing', async () => {
      const wrong = [];
      for (let i = 0; i < 5; i++) wrong.push(await post('/api/v1/probe', 'Authorization: Bearer not-a-key'));

      const first = await post('/api/v1/probe', bearer);

      expect(wrong.map((a) => [a.status, ...limitHeaders(a)])).toStrictEqual(Array(5).fill([401, undefined, undefined, undefined, undefined]));
      expect(first.headers['x-ratelimit-remaining']).toBe('2');
    });

    it('a body refused after authentication (413) still carries the headers and counts', async () => {
      const refused = await post('/api/v1/probe', bearer, 'x'.repeat(LIMIT + 1));

      expect([refused.status, ...limitHeaders(refused)]).toStrictEqual([413, '3', '2', '20', undefined]);
    });
  });

  describe('a body over the limit', () => {
    const big = JSON.stringify({ customer: { name: 'x'.repeat(LIMIT) } });

    it('with its Content-Length is Lago\'s 413 JSON, and reaches no controller', async () => {
      const answer = await exchange(port, `POST /api/v1/probe HTTP/1.1\r\n${bearer}\r\nContent-Type: application/json\r\nContent-Length: ${big.length}`, big);

      expect(answer.status).toBe(413);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      expect(json(answer.body)).toStrictEqual(LAGO_413);
      expect(reached).toStrictEqual([]);
    });

    it('under /api/v3 is ChargeOver\'s 413 envelope', async () => {
      const answer = await exchange(port, `POST /api/v3/probe HTTP/1.1\r\n${basic}\r\nContent-Type: application/json\r\nContent-Length: ${big.length}`, big);

      expect(answer.status).toBe(413);
      expect(json(answer.body)).toStrictEqual(CHARGEOVER_413);
      expect(reached).toStrictEqual([]);
    });

    it('sent chunked, without a Content-Length, is the same 413 for both APIs', async () => {
      const parts = chunked(...Array.from({ length: 8 }, (_, i) => (i === 0 ? '{"customer":{"name":"' : 'y'.repeat(300))));

      const lago = await exchange(port, `POST /api/v1/probe HTTP/1.1\r\n${bearer}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked`, parts);
      const chargeOver = await exchange(port, `POST /api/v3/probe HTTP/1.1\r\n${basic}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked`, parts);

      expect([lago.status, json(lago.body)]).toStrictEqual([413, LAGO_413]);
      expect([chargeOver.status, json(chargeOver.body)]).toStrictEqual([413, CHARGEOVER_413]);
      expect(reached).toStrictEqual([]);
    });

    it('sent chunked and never ending is refused once it passes the limit, the connection closed; the server keeps serving', async () => {
      const endless = chunked('{"customer":{"name":"', ...Array.from({ length: 64 }, () => 'z'.repeat(1024))).replace(/0\r\n\r\n$/, '');

      const answer = await exchange(port, `POST /api/v1/probe HTTP/1.1\r\n${bearer}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked`, endless);
      const after = await exchange(port, `POST /api/v1/probe HTTP/1.1\r\n${bearer}\r\nContent-Type: application/json\r\nContent-Length: 2`, '{}');

      expect([answer.status, json(answer.body)]).toStrictEqual([413, LAGO_413]);
      expect([after.status, json(after.body)]).toStrictEqual([201, { ok: true }]);
      expect(reached).toStrictEqual([{}]);
    });

    it('that only says so in its Content-Length (and never sends it) is refused at once', async () => {
      const answer = await exchange(port, `POST /api/v1/probe HTTP/1.1\r\n${bearer}\r\nContent-Type: application/json\r\nContent-Length: ${50 * 1024 * 1024}`, '{}');

      expect([answer.status, json(answer.body)]).toStrictEqual([413, LAGO_413]);
      expect(reached).toStrictEqual([]);
    });

    it('once inflated (a small gzip of a large body) is a 413 too', async () => {
      const bomb = gzipSync(big);
      expect(bomb.length).toBeLessThan(LIMIT);

      const answer = await exchange(port, `POST /api/v1/probe HTTP/1.1\r\n${bearer}\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: ${bomb.length}`, bomb);

      expect([answer.status, json(answer.body)]).toStrictEqual([413, LAGO_413]);
    });

    it('on /webhooks (raw bytes, no API key) is Lago\'s 413 JSON', async () => {
      const answer = await exchange(port, `POST /webhooks/probe HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: ${big.length}`, big);

      expect(answer.status).toBe(413);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      expect(json(answer.body)).toStrictEqual(LAGO_413);
      expect(reached).toStrictEqual([]);
    });

    it('with a wrong key is still the 401 (authentication comes before the body)', async () => {
      const answer = await exchange(port, `POST /api/v1/probe HTTP/1.1\r\nAuthorization: Bearer wrong\r\nContent-Type: application/json\r\nContent-Length: ${big.length}`, big);

      expect([answer.status, json(answer.body)]).toStrictEqual([401, { status: 401, error: 'Unauthorized' }]);
    });
  });

  describe('a body nested deeper than Rails accepts (100 levels)', () => {
    const arrays = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
    const objects = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

    it('at the limit is read and handed to the route', async () => {
      const answer = await post('/api/v1/probe', bearer, `{"customer":${objects(99)}}`);

      expect(answer.status).toBe(201);
      expect(reached).toHaveLength(1);
    });

    it('deeper is Lago\'s 400 and reaches no controller; under /api/v3 ChargeOver\'s 400 envelope', async () => {
      const lago = await post('/api/v1/probe', bearer, `{"customer":{"metadata":${arrays(300)}}}`);
      const chargeOver = await post('/api/v3/probe', basic, arrays(101));

      expect([lago.status, json(lago.body)]).toStrictEqual([400, { status: 400, error: 'Bad Request' }]);
      expect(chargeOver.status).toBe(400);
      expect(json(chargeOver.body)).toMatchObject({ code: 400, status: 'Error', response: false });
      expect(reached).toStrictEqual([]);
    });

    it('with a wrong key is still the 401 (authentication comes before the body)', async () => {
      expect((await post('/api/v1/probe', 'Authorization: Bearer wrong', arrays(500))).status).toBe(401);
    });

    it('on /webhooks stays raw bytes, not walked', async () => {
      const body = Buffer.from(arrays(500));

      const answer = await exchange(port, `POST /webhooks/probe HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}`, body);

      expect(answer.status).toBe(201);
      expect(reached).toStrictEqual([body]);
    });
  });

  describe('a body at the limit', () => {
    it('is read and handed to the route', async () => {
      const body = JSON.stringify({ name: 'a'.repeat(LIMIT - '{"name":""}'.length) });
      expect(body.length).toBe(LIMIT);

      const answer = await exchange(port, `POST /api/v1/probe HTTP/1.1\r\n${bearer}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}`, body);

      expect(answer.status).toBe(201);
      expect(reached).toStrictEqual([json(body)]);
    });

    it('on /webhooks arrives as the exact bytes', async () => {
      const body = Buffer.from('x'.repeat(LIMIT));

      const answer = await exchange(port, `POST /webhooks/probe HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}`, body);

      expect(answer.status).toBe(201);
      expect(reached).toStrictEqual([body]);
    });
  });

  describe('a Content-Length that lies', () => {
    it('shorter than the body: the declared bytes are a malformed body (400), the rest is not a request; no 500, no HTML, the server keeps serving', async () => {
      const answer = await exchange(port, `POST /api/v1/probe HTTP/1.1\r\n${bearer}\r\nContent-Type: application/json\r\nContent-Length: 5`, '{"customer":{}}');
      const after = await exchange(port, `POST /api/v1/probe HTTP/1.1\r\n${bearer}\r\nContent-Type: application/json\r\nContent-Length: 2`, '{}');

      expect(answer.status).toBe(400);
      expect(answer.raw).not.toMatch(/<html|<!DOCTYPE/i);
      expect(reached).toStrictEqual([{}]);
      expect(after.status).toBe(201);
    });

    it('longer than the body, the client giving up: nothing reaches a route and the server keeps serving', async () => {
      const answer = await exchange(port, `POST /api/v1/probe HTTP/1.1\r\n${bearer}\r\nContent-Type: application/json\r\nContent-Length: 500`, '{"customer":{}}', { halfClose: true });
      const after = await exchange(port, `POST /api/v1/probe HTTP/1.1\r\n${bearer}\r\nContent-Type: application/json\r\nContent-Length: 2`, '{}');

      expect(answer.status).toBe(400);
      expect(reached).toStrictEqual([{}]);
      expect(after.status).toBe(201);
    });
  });
});
