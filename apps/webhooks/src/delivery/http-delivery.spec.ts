import { createServer, type IncomingHttpHeaders, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { backoffMs, deliver, lagoHeaders } from './http-delivery';

type Received = { method: string | undefined; url: string | undefined; headers: IncomingHttpHeaders; body: string };

const servers: Server[] = [];

/** A local server on 127.0.0.1 with a free port; records every request it receives. */
async function serve(respond: RequestListener): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      respond(req, res);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/lago`, received };
}

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

const BODY = '{"webhook_type":"invoice.voided","object_type":"invoice","organization_id":"org-http-1","invoice":{"name":"é"}}';
const HEADERS = lagoHeaders('hmac', 'c2lnbmF0dXJl', 'b3a4c2f0-0000-4000-8000-00000000e101');

describe('deliver', () => {
  it('POSTs the exact body as JSON with the given headers; a 200 is ok', async () => {
    const { url, received } = await serve((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('received'));
    const result = await deliver(url, BODY, { ...HEADERS, 'Content-Type': 'text/plain' }, 5_000);
    expect(result).toEqual({ ok: true, status: 200, responseExcerpt: 'received', error: null, durationMs: expect.any(Number) });
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('/hooks/lago');
    expect(request!.body).toBe(BODY);
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['x-lago-signature']).toBe('c2lnbmF0dXJl');
    expect(request!.headers['x-lago-signature-algorithm']).toBe('hmac');
    expect(request!.headers['x-lago-unique-key']).toBe('b3a4c2f0-0000-4000-8000-00000000e101');
  });

  it('any 2xx is ok; an empty body gives no excerpt', async () => {
    const { url } = await serve((_req, res) => res.writeHead(204).end());
    expect(await deliver(url, BODY, HEADERS, 5_000)).toMatchObject({ ok: true, status: 204, responseExcerpt: null, error: null });
  });

  it('a 500 is not ok and keeps the status and the response', async () => {
    const { url } = await serve((_req, res) => res.writeHead(500).end('{"error":"boom"}'));
    expect(await deliver(url, BODY, HEADERS, 5_000)).toMatchObject({ ok: false, status: 500, responseExcerpt: '{"error":"boom"}', error: null });
  });

  it('a redirect is not followed and is not a success', async () => {
    const { url, received } = await serve((req, res) => {
      if (req.url === '/hooks/lago') res.writeHead(302, { location: '/elsewhere' }).end();
      else res.writeHead(200).end('followed');
    });
    expect(await deliver(url, BODY, HEADERS, 5_000)).toMatchObject({ ok: false, status: 302, error: null });
    expect(received.map((r) => r.url)).toEqual(['/hooks/lago']);
  });

  it('a server that never answers times out after timeoutMs', async () => {
    const { url, received } = await serve(() => undefined);
    const result = await deliver(url, BODY, HEADERS, 200);
    expect(result).toEqual({ ok: false, status: null, responseExcerpt: null, error: 'timeout after 200 ms', durationMs: expect.any(Number) });
    expect(result.durationMs).toBeGreaterThanOrEqual(150);
    expect(result.durationMs).toBeLessThan(5_000);
    expect(received).toHaveLength(1);
  });

  it('a closed port is ECONNREFUSED', async () => {
    const { url } = await serve(() => undefined);
    await new Promise<void>((resolve) => servers.pop()!.close(() => resolve()));
    expect(await deliver(url, BODY, HEADERS, 5_000)).toMatchObject({ ok: false, status: null, responseExcerpt: null, error: 'ECONNREFUSED' });
  });

  it('reads at most 2 KB of a large response', async () => {
    const { url } = await serve((_req, res) => res.writeHead(200).end('x'.repeat(100_000)));
    const result = await deliver(url, BODY, HEADERS, 5_000);
    expect(result.ok).toBe(true);
    expect(result.responseExcerpt).toBe('x'.repeat(2048));
  });

  it('does not wait for the end of an endless body once it has 2 KB', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200);
      res.write('y'.repeat(4096));
    });
    const result = await deliver(url, BODY, HEADERS, 20_000);
    expect(result).toMatchObject({ ok: true, status: 200, responseExcerpt: 'y'.repeat(2048), error: null });
    expect(result.durationMs).toBeLessThan(10_000);
  });

  it('keeps the status of an answer whose body stalls until the timeout', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200);
      res.write('partial');
    });
    const result = await deliver(url, BODY, HEADERS, 200);
    expect(result).toMatchObject({ ok: true, status: 200, responseExcerpt: 'partial', error: null });
  });

  it('does not cut a UTF-8 character in half at the 2 KB limit', async () => {
    const { url } = await serve((_req, res) => res.writeHead(400).end('a' + 'é'.repeat(2000)));
    const result = await deliver(url, BODY, HEADERS, 5_000);
    expect(result.responseExcerpt).toBe('a' + 'é'.repeat(1023));
  });

  it('never throws on a bad URL or a non-http scheme', async () => {
    await expect(deliver('not a url', BODY, HEADERS, 1_000)).resolves.toMatchObject({ ok: false, status: null, error: expect.stringMatching(/invalid url/i) });
    await expect(deliver('data:text/plain,hello', BODY, HEADERS, 1_000)).resolves.toMatchObject({ ok: false, status: null, error: 'unsupported URL scheme data:' });
    await expect(deliver('file:///etc/hostname', BODY, HEADERS, 1_000)).resolves.toMatchObject({ ok: false, error: 'unsupported URL scheme file:' });
  });
});

describe('backoffMs', () => {
  it('doubles from the base with each attempt', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffMs(attempt, 1_000, 1_000_000, () => 0))).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it('adds up to 15 % jitter', () => {
    expect(backoffMs(3, 1_000, 1_000_000, () => 1)).toBe(4_600);
    expect(backoffMs(3, 1_000, 1_000_000, () => 0.5)).toBe(4_300);
    for (let i = 0; i < 50; i++) {
      const wait = backoffMs(2, 1_000, 1_000_000);
      expect(wait).toBeGreaterThanOrEqual(2_000);
      expect(wait).toBeLessThanOrEqual(2_300);
    }
  });

  it('is capped at maxMs, even for absurd attempts', () => {
    expect(backoffMs(10, 1_000, 60_000, () => 0)).toBe(60_000);
    expect(backoffMs(5_000, 1_000, 60_000, () => 1)).toBe(60_000);
  });

  it('treats attempts below 1 as the first', () => {
    expect(backoffMs(0, 1_000, 60_000, () => 0)).toBe(1_000);
    expect(backoffMs(-3, 1_000, 60_000, () => 0)).toBe(1_000);
  });
});

describe('lagoHeaders', () => {
  it('names the signature, its algorithm and the unique key as Lago does', () => {
    expect(lagoHeaders('jwt', 'a.b.c', 'wh-1')).toEqual({ 'X-Lago-Signature': 'a.b.c', 'X-Lago-Signature-Algorithm': 'jwt', 'X-Lago-Unique-Key': 'wh-1' });
    expect(lagoHeaders('hmac', 'sig', 'wh-2')['X-Lago-Signature-Algorithm']).toBe('hmac');
  });
});
