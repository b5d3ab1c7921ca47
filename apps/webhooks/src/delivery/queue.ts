import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '@app/messaging';
import { webhookBody, type LagoWebhook } from './lago-webhooks';

/**
 * Queues each webhook for every endpoint of the organization, in the caller's transaction (the
 * consumer's inbox transaction, so an event queues its webhooks exactly once). Returns how many
 * were queued. Nothing is queued for an organization without endpoints, as in Lago.
 */
export async function queueWebhooks(em: EntityManager, organizationId: string, eventId: string, webhooks: LagoWebhook[], attemptsAllowed: number): Promise<number> {
  if (webhooks.length === 0) return 0;
  const endpoints = await sql<{ id: string; webhook_url: string; signature_algo: string }>(
    em,
    'select id, webhook_url, signature_algo from webhook_endpoints where organization_id = ? order by created_at, id',
    [organizationId],
  );
  let queued = 0;
  for (const endpoint of endpoints) {
    for (const webhook of webhooks) {
      const inserted = await sql(
        em,
        `insert into webhooks (id, organization_id, endpoint_id, webhook_url, signature_algo, event_id, webhook_type, object_type, body,
           status, attempts, attempts_allowed, next_attempt_at, created_at, updated_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, now(), now(), now())
         on conflict (event_id, endpoint_id, webhook_type) do nothing returning id`,
        [
          randomUUID(),
          organizationId,
          endpoint.id,
          endpoint.webhook_url,
          endpoint.signature_algo,
          eventId,
          webhook.webhook_type,
          webhook.object_type,
          webhookBody(webhook, organizationId),
          attemptsAllowed,
        ],
      );
      queued += inserted.length;
    }
  }
  return queued;
}

/** An email to send, queued once per event. */
export interface QueuedEmail {
  organizationId: string;
  eventId: string;
  kind: string;
  recipients: string;
  subject: string;
  text: string;
  html: string;
}

export async function queueEmail(em: EntityManager, email: QueuedEmail, attemptsAllowed: number): Promise<boolean> {
  const inserted = await sql(
    em,
    `insert into emails (id, organization_id, event_id, kind, recipients, subject, text_body, html_body, status, attempts, attempts_allowed,
       next_attempt_at, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, now(), now(), now())
     on conflict (event_id) do nothing returning id`,
    [randomUUID(), email.organizationId, email.eventId, email.kind, email.recipients, email.subject, email.text, email.html, attemptsAllowed],
  );
  return inserted.length > 0;
}
