import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { answerParserErrors, parserErrorBody } from './parser-errors';

/** Sends raw bytes and resolves to everything the server answered before closing. */
function exchange(port: number, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(raw));
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('answers to requests Node’s parser refuses', () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = createServer((_req, res) => res.end('routed'));
    answerParserErrors(server);
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    port = (server.address() as { port: number }).port;
  });

  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  const bodyOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));

  it('an oversized request line is Lago’s 431 with a JSON body, and the connection closes', async () => {
    const answer = await exchange(port, `GET /api/v1/customers/${'x'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(answer.startsWith('HTTP/1.1 431 Request Header Fields Too Large\r\n')).toBe(true);
    expect(answer).toContain('Content-Type: application/json');
    expect(answer).toContain('Connection: close');
    expect(bodyOf(answer)).toEqual({ status: 431, error: 'Request Header Fields Too Large', code: 'request_header_fields_too_large' });
  });

  it('oversized headers under /api/v3 get ChargeOver’s envelope', async () => {
    const answer = await exchange(port, `GET /api/v3/customer HTTP/1.1\r\nHost: x\r\nX-Padding: ${'p'.repeat(20_000)}\r\n\r\n`);
    expect(bodyOf(answer)).toEqual({ code: 431, status: 'Error', message: 'Request Header Fields Too Large.', details: {}, response: false });
  });

  it('a request that is not HTTP is Lago’s 400, not a bare one', async () => {
    const answer = await exchange(port, 'NOT HTTP AT ALL\r\n\r\n');
    expect(answer.startsWith('HTTP/1.1 400 Bad Request\r\n')).toBe(true);
    expect(bodyOf(answer)).toMatchObject({ status: 400, error: expect.any(String) });
  });

  it('a well-formed request still reaches the handler', async () => {
    expect(await exchange(port, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(/routed$/);
  });

  it('takes the API from the refused chunk only when it starts with the request line', () => {
    expect(parserErrorBody('HPE_HEADER_OVERFLOW', Buffer.from('POST /api/v3?x HTTP/1.1')).body).toMatchObject({ code: 431 });
    expect(parserErrorBody('HPE_HEADER_OVERFLOW', Buffer.from('xxxx/api/v3/customer')).body).toMatchObject({ status: 431 });
    expect(parserErrorBody('HPE_HEADER_OVERFLOW', undefined).body).toMatchObject({ status: 431 });
    expect(parserErrorBody('HPE_INVALID_METHOD', Buffer.from('GET /api/v3/customer')).body).toMatchObject({ code: 400, status: 'Error' });
  });
});
