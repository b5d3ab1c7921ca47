/** The outcome of one POST of a webhook. */
export type DeliveryResult = {
  /** The endpoint answered 2xx. */
  ok: boolean;
  /** The HTTP status, or null when no response arrived. */
  status: number | null;
  /** The first 2 KB of the response body (UTF-8), or null when there was none. */
  responseExcerpt: string | null;
  /** Why no response arrived (`timeout after 30000 ms`, `ECONNREFUSED`, ...); null when one did. */
  error: string | null;
  durationMs: number;
};

const EXCERPT_BYTES = 2048;
const ERROR_CHARS = 200;

/**
 * POSTs `body` to `url` once and reports what happened; never throws. A redirect is not followed
 * and is not a success (Lago's Net::HTTP client does not follow them either). The timeout covers
 * the connection, the response and the excerpt read.
 */
export async function deliver(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<DeliveryResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const failed = (error: string): DeliveryResult => ({ ok: false, status: null, responseExcerpt: null, error: error.slice(0, ERROR_CHARS), durationMs: elapsed() });

  let response: Response;
  try {
    // fetch would also serve data:, blob: and file-like schemes; an endpoint is only ever http(s).
    const protocol = new URL(url).protocol;
    if (protocol !== 'http:' && protocol !== 'https:') return failed(`unsupported URL scheme ${protocol}`);
    const requestHeaders = new Headers(headers);
    requestHeaders.set('content-type', 'application/json');
    response = await fetch(url, { method: 'POST', body, headers: requestHeaders, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    return failed(describeError(error, timeoutMs));
  }
  const responseExcerpt = await readExcerpt(response);
  return { ok: response.status >= 200 && response.status < 300, status: response.status, responseExcerpt, error: null, durationMs: elapsed() };
}

/**
 * The wait before retry number `attempt` (1 = the first retry): `baseMs * 2^(attempt-1)` plus up to
 * 15 % jitter (Lago's proportion), capped at `maxMs`.
 */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  const delay = baseMs * 2 ** exponent;
  return Math.round(Math.min(maxMs, delay + random() * delay * 0.15));
}

/** Lago's signature headers (`Webhook#generate_headers`); `uniqueKey` is the webhook's id. */
export function lagoHeaders(signatureAlgo: 'jwt' | 'hmac', signature: string, uniqueKey: string): Record<string, string> {
  return {
    'X-Lago-Signature': signature,
    'X-Lago-Signature-Algorithm': signatureAlgo,
    'X-Lago-Unique-Key': uniqueKey,
  };
}

// The status line is the endpoint's answer: a body that stalls or breaks after it only shortens
// the excerpt. Reading stops at 2 KB so a huge or endless body costs nothing.
async function readExcerpt(response: Response): Promise<string | null> {
  if (!response.body) return null;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < EXCERPT_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // Timed out or reset mid-body: keep what arrived.
  } finally {
    reader.cancel().catch(() => undefined);
  }
  if (size === 0) return null;
  // Streaming mode holds back a character cut in half by the 2 KB limit instead of mangling it.
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, EXCERPT_BYTES), { stream: true });
}

// Duck-typed rather than `instanceof`: fetch's errors may come from another realm (Node's
// internals seen from a Jest sandbox, for one).
function describeError(error: unknown, timeoutMs: number): string {
  const failure = asErrorLike(error);
  if (failure?.name === 'TimeoutError') return `timeout after ${timeoutMs} ms`;
  // undici reports network failures as TypeError('fetch failed') with the system error as cause;
  // with several addresses the cause is an AggregateError of one error per address.
  const cause = asErrorLike(failure?.cause);
  const code = codeOf(cause) ?? (Array.isArray(cause?.errors) ? cause.errors.map(codeOf).find(Boolean) : undefined);
  if (code) return code;
  if (typeof cause?.message === 'string' && cause.message) return cause.message;
  return typeof failure?.message === 'string' && failure.message ? failure.message : String(error);
}

type ErrorLike = { name?: unknown; message?: unknown; code?: unknown; cause?: unknown; errors?: unknown };

function asErrorLike(value: unknown): ErrorLike | undefined {
  return typeof value === 'object' && value !== null ? (value as ErrorLike) : undefined;
}

function codeOf(error: unknown): string | undefined {
  const code = asErrorLike(error)?.code;
  return typeof code === 'string' && code.length > 0 ? code : undefined;
}
