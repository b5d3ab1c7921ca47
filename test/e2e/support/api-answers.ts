import type { RawExchange } from './raw-http';
import type { TestStack } from './test-stack';

const LAGO_KEYS = new Set(['status', 'error', 'code', 'error_details']);
const CHARGEOVER_KEYS = ['code', 'details', 'message', 'response', 'status'];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether the gateway answers this path in ChargeOver's envelope (its exception filter's rule). */
export const isChargeOverPath = (path: string) => /^\/api\/v3(\/|$|\?)/.test(path);

/**
 * Why an error answer is not the API's error body, or null when it is: Lago's `{status, error,
 * code?, error_details?}` with `status` equal to the HTTP status (422 with `validation_errors` and
 * its details), or ChargeOver's `{code, status, message, details, response}` under `/api/v3`.
 */
export function errorShapeProblem(exchange: RawExchange): string | null {
  const { status, json } = exchange;
  if (!String(exchange.headers['content-type'] ?? '').startsWith('application/json')) return `content-type ${String(exchange.headers['content-type'])}`;
  if (!isObject(json)) return 'body is not a JSON object';
  if (isChargeOverPath(exchange.path)) {
    if (JSON.stringify(Object.keys(json).sort()) !== JSON.stringify(CHARGEOVER_KEYS)) return `ChargeOver keys ${Object.keys(json).join(',')}`;
    if (json.code !== status || json.status !== 'Error' || typeof json.message !== 'string' || json.message === '' || !isObject(json.details) || json.response !== false) {
      return 'not ChargeOver\'s error envelope';
    }
    return null;
  }
  const extra = Object.keys(json).filter((k) => !LAGO_KEYS.has(k));
  if (extra.length) return `unexpected keys ${extra.join(',')}`;
  if (json.status !== status) return `status ${String(json.status)} in a ${status}`;
  if (typeof json.error !== 'string' || json.error === '') return 'no error text';
  if (json.code !== undefined && (typeof json.code !== 'string' || json.code === '')) return 'code is not a string';
  if (json.error_details !== undefined && !isObject(json.error_details)) return 'error_details is not an object';
  if (status === 422 && (json.code !== 'validation_errors' || !isObject(json.error_details))) return '422 without validation_errors details';
  if ((status === 404 || status === 405) && typeof json.code !== 'string') return `${status} without a code`;
  return null;
}

/** A value that must never be shown, with a name for failure messages. */
export interface Secret {
  label: string;
  value: string;
}

/** An API key as a secret, and the Authorization header values that carry it (Lago's and ChargeOver's). */
export function apiKeySecrets(label: string, key: string, keyId?: string): Secret[] {
  return [
    { label: `${label} API key`, value: key },
    { label: `${label} Bearer header`, value: `Bearer ${key}` },
    ...(keyId ? [{ label: `${label} Basic header`, value: Buffer.from(`${keyId}:${key}`).toString('base64') }] : []),
  ];
}

/** The secrets `text` contains, by label. */
export function leakedSecrets(text: string, secrets: readonly Secret[]): string[] {
  return secrets.filter((s) => s.value.length > 0 && text.includes(s.value)).map((s) => s.label);
}

/**
 * Each app's captured output that contains one of the secrets: `app: label` lines (empty when
 * none). An app whose output was not captured (not even its ready line) is a line too, so the
 * check cannot pass on empty logs.
 */
export function secretsInLogs(stack: TestStack, secrets: readonly Secret[]): string[] {
  return Object.values(stack.apps).flatMap((app) => [
    ...(/ready/.test(app.logs) ? [] : [`${app.name}: no output captured`]),
    ...leakedSecrets(app.logs, secrets).map((label) => `${app.name}: ${label}`),
  ]);
}

/** `stack.paymentSecretsKey` as a secret. */
export const paymentSecretsKey = (stack: TestStack): Secret => ({ label: 'PAYMENT_SECRETS_KEY', value: stack.paymentSecretsKey });
