import { request } from 'node:http';

/** One HTTP exchange, as sent and as answered. */
export interface RawExchange {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The response body as text. */
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

/**
 * Sends exactly what it is given (any method, a raw path with its percent-encodings and dot
 * segments untouched, a body on a GET), which `fetch` refuses or normalizes. One connection per
 * request, so a server that answers before reading a large body cannot poison the next request.
 */
export function rawRequest(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string | Buffer,
  timeoutMs = 30_000,
): Promise<RawExchange> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method, path, agent: false, timeout: timeoutMs, headers: body === undefined ? headers : { 'content-length': String(Buffer.byteLength(body)), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ method, path, status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path.slice(0, 120)}: no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    // The server may answer (413) and close before it has read a large body: the answer is what counts.
    if (body !== undefined) req.write(body, () => undefined);
    req.end();
  });
}
