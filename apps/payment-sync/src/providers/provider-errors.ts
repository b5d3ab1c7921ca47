import { type ChargeResult, ProviderRefusedError, ProviderUnavailableError } from './payment-provider';
import { isRecord } from './provider-input';

/**
 * What the three adapters share when they sort an SDK failure into "refused" (4xx, not retried)
 * and "unavailable" (network, timeout, 429, 5xx: retried). Nothing here keeps the SDK error as a
 * `cause`: SDK errors carry request options (GoCardless's `got` keeps the `Authorization` header),
 * so only a message, scrubbed of the connection's secrets, leaves an adapter.
 */

/** HTTP statuses that mean "try again later" rather than "the request is wrong". */
export function isOutageStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Node and undici error codes of a connection that failed, was reset or timed out. */
const NETWORK_ERROR_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/** Error names of aborted or timed-out requests (fetch, got). */
const NETWORK_ERROR_NAMES = new Set(['AbortError', 'TimeoutError', 'RequestError', 'ReadError']);

/**
 * True when `error` (or one of its causes) is a transport failure: refused or reset connection,
 * DNS failure, abort or timeout. Provider answers (any HTTP status) are not network errors.
 */
export function isNetworkError(error: unknown): boolean {
  for (let current = error, depth = 0; isRecord(current) && depth < 5; depth++) {
    const { code, name, message } = current;
    if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return true;
    if (typeof name === 'string' && NETWORK_ERROR_NAMES.has(name)) return true;
    if (message === 'socket hang up') return true;
    current = current.cause;
  }
  return false;
}

/** Replaces every secret value of a connection found in `text` (keys echoed back by a provider, say). */
export function redactSecrets(text: string, secrets: Record<string, string>): string {
  let out = text;
  for (const value of Object.values(secrets)) if (value && value.length >= 4) out = out.split(value).join('[redacted]');
  return out;
}

/** The message of anything thrown, without the stack. */
export function messageOf(error: unknown): string {
  if (isRecord(error) && typeof error.message === 'string') return error.message;
  return String(error);
}

/** A provider failure sorted into refused or unavailable (the same shape for all three SDKs). */
export interface ClassifiedFailure {
  kind: 'refused' | 'unavailable';
  message: string;
  code: string | null;
  httpStatus: number | null;
}

/** Builds the error to throw for a classified failure, with secrets scrubbed from its message. */
export function toProviderError(failure: ClassifiedFailure, secrets: Record<string, string>): ProviderRefusedError | ProviderUnavailableError {
  const message = redactSecrets(failure.message, secrets);
  return failure.kind === 'refused'
    ? new ProviderRefusedError(message, failure.code, failure.httpStatus)
    : new ProviderUnavailableError(message, failure.httpStatus);
}

/**
 * A charge the provider refused, as Lago records it: raw status `failed`, payable `failed` (or kept
 * pending when `keepPayablePending`), the provider's message and code.
 */
export function refusedCharge(
  error: { message: string; code: string | null },
  paymentMethodId: string | null,
  extra: { providerPaymentId?: string | null; keepPayablePending?: boolean } = {},
): ChargeResult {
  return {
    providerPaymentId: extra.providerPaymentId ?? null,
    status: 'failed',
    payableStatus: 'failed',
    nextAction: null,
    error: { message: error.message, code: error.code },
    keepPayablePending: extra.keepPayablePending ?? false,
    paymentMethodId,
  };
}

/**
 * Resolves like `call`, or rejects with `ProviderUnavailableError` after `timeoutMs` (for SDKs
 * without a timeout option: GoCardless). The request itself is not aborted; its outcome is dropped.
 */
export async function withTimeout<T>(call: Promise<T>, timeoutMs: number, label: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProviderUnavailableError(`${label} timed out after ${timeoutMs} ms`, null)), timeoutMs);
  });
  try {
    return await Promise.race([call, timeout]);
  } finally {
    clearTimeout(timer);
    // The losing call may still settle later; swallow that so it is not an unhandled rejection.
    call.catch(() => undefined);
  }
}
