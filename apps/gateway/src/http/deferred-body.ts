import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json, raw, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Socket } from 'node:net';
import type { Observable } from 'rxjs';
import { LagoError } from './lago-errors';

/** Rails' JSON parser refuses documents that nest more arrays and objects than this (`max_nesting`); Lago answers 400. */
export const MAX_BODY_NESTING = 100;

/**
 * Whether a parsed JSON value nests more than `max` arrays and objects, counted as Rails counts
 * (`{}` and `[]` are 1, `{"a": []}` is 2, a scalar 0). Iterative, so no input exhausts the stack here.
 */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [node, level] = pending.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (level > max) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (typeof child === 'object' && child !== null) pending.push([child, level + 1]);
    }
  }
  return false;
}

const BODY_ERROR = Symbol('bodyError');
type WithBodyError = Request & { [BODY_ERROR]?: { status?: number } };

/**
 * Reads request bodies, at most `limitBytes` of them (after decompression): raw bytes on
 * `/webhooks` (provider webhooks are verified over their exact bytes), JSON everywhere else. A
 * failure (malformed JSON, JSON nested deeper than Rails accepts, a body over the limit) is kept on
 * the request instead of answered at once: Lago authenticates before it reads the body, so a bad
 * key with a malformed body is a 401. (The readers and class-transformer recurse over bodies:
 * thousands of levels exhausted the stack, a 500.)
 */
export function useDeferredBodies(app: NestExpressApplication, limitBytes: number): void {
  app.use('/webhooks', deferred(raw({ type: () => true, limit: limitBytes }), limitBytes));
  app.use(deferred(json({ limit: limitBytes }), limitBytes));
}

/**
 * body-parser reads a refused body to its end before it reports the refusal, so a Content-Length
 * over the limit that is never sent, or a chunked body that never ends, would get no answer at
 * all. A body over the limit is therefore refused as soon as that is known (the declared length, or
 * the bytes received so far when it is not compressed), and the connection closes after the answer
 * instead of reading the rest (RFC 9110 §15.5.14).
 */
function deferred(parse: RequestHandler, limitBytes: number): RequestHandler {
  return (req: WithBodyError, res: Response, next: NextFunction) => {
    // A body the raw parser refused is not read a second time as JSON.
    if (req[BODY_ERROR]) return next();
    let settled = false;
    const proceed = (error?: unknown) => {
      if (settled) return;
      settled = true;
      req.off('data', count);
      // Provider webhooks keep their raw bytes (a Buffer): nothing parsed, nothing to walk.
      if (!error && !Buffer.isBuffer(req.body) && nestedDeeperThan(req.body, MAX_BODY_NESTING)) error = { status: 400 };
      if (error) {
        req[BODY_ERROR] = error as { status?: number };
        req.body = undefined;
      }
      next();
    };
    const tooLarge = () => {
      res.setHeader('Connection', 'close');
      lingerOnClose(req);
      proceed({ status: 413 });
    };
    let received = 0;
    const count = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limitBytes) tooLarge();
    };
    if (Number(req.headers['content-length']) > limitBytes) return tooLarge();
    parse(req, res, proceed);
    // Counted beside the parser's own reading (both listeners get every chunk), only when it reads.
    const identity = (req.headers['content-encoding'] ?? 'identity').toLowerCase() === 'identity';
    if (!settled && identity && req.listenerCount('data') > 0) req.on('data', count);
  };
}

/** How long the connection of a refused body keeps reading what the client still sends, at most. */
const LINGER_MS = 2_000;

/**
 * Closes the connection of a refused body so that the answer stays readable: the answer and a FIN
 * go out, and what the client still sends is read and dropped until it closes its side, for
 * `LINGER_MS` at most. Node closes the socket as soon as the answer is written; with unread bytes
 * the kernel then sends a reset, and a client still writing its body loses the 413 it was sent
 * (it sees EPIPE or ECONNRESET instead). This is Apache's "lingering close".
 */
function lingerOnClose(req: Request): void {
  const socket = req.socket;
  req.resume();
  socket.destroySoon = function lingeringClose(this: Socket): void {
    this.end();
    this.resume();
    const timer = setTimeout(() => this.destroy(), LINGER_MS);
    timer.unref();
    this.once('end', () => this.destroy());
    this.once('close', () => clearTimeout(timer));
  };
}

/** After the guards: a body that could not be parsed is Lago's 400 (or 413 when too large). */
@Injectable()
export class DeferredBodyErrorInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const error = context.switchToHttp().getRequest<WithBodyError>()[BODY_ERROR];
    if (error) throw error.status === 413 ? LagoError.payloadTooLarge() : LagoError.badRequest();
    return next.handle();
  }
}
