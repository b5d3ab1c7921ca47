import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ChargeOverError } from '../chargeover/chargeover-envelope';
import { LagoError } from './lago-errors';

/** The head of the request Node's parser refused, when the failing chunk still holds it. */
const REQUEST_LINE = /^[A-Z]{3,7} (\S{0,16})/;

/** The error body for a request Node's HTTP parser refused before any route saw it. */
export function parserErrorBody(code: string | undefined, rawPacket: Buffer | undefined): { status: number; body: object } {
  const status = code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const path = REQUEST_LINE.exec(rawPacket?.subarray(0, 32).toString('latin1') ?? '')?.[1] ?? '';
  const text = STATUS_CODES[status]!;
  if (/^\/api\/v3(\/|\?|$)/.test(path)) return { status, body: new ChargeOverError(status, `${text}.`).body };
  const lago = status === 431 ? new LagoError(431, { status, error: text, code: 'request_header_fields_too_large' }) : LagoError.badRequest();
  return { status, body: lago.body };
}

/**
 * Node answers a request line or headers past its 16 KB limit (431) and unparseable requests
 * (400) itself, with no body, before Express sees them. This answers them in the API's error
 * shape (ChargeOver's under /api/v3 when the refused chunk shows the path) and closes the
 * connection, whose framing can no longer be trusted.
 */
export function answerParserErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const { status, body } = parserErrorBody(error.code, error.rawPacket);
    const json = JSON.stringify(body);
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
    );
  });
}
