import type { WebhookDelivery } from '../types';

/** How long a webhook receiver may take to answer. */
const WEBHOOK_TIMEOUT_MS = 30_000;

/** POSTs `body` with `headers` to `url` and reports the receiver's answer together with what was sent. */
export async function postWebhook(url: string, headers: Record<string, string>, body: string): Promise<WebhookDelivery> {
  const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS) });
  return { status: response.status, body: await response.text(), sent: { url, headers: { ...headers }, body } };
}
