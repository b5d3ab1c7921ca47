import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { BackgroundLoop, sql } from '@app/messaging';
import type { DeliveryOptions } from '../config/webhooks.env';
import { Mailer, isTransientMailError } from '../email/mailer';
import { SigningKeys } from '../signing/signing-keys';
import { DELIVERY_OPTIONS } from './delivery-options';
import { backoffMs, deliver, lagoHeaders } from './http-delivery';
import { hmacSignature, signJwt } from './signature';

/** A claimed webhook: what its attempt needs. */
interface ClaimedWebhook {
  id: string;
  organization_id: string;
  endpoint_id: string;
  webhook_url: string;
  signature_algo: 'jwt' | 'hmac';
  body: string;
  attempts: number;
  attempts_allowed: number;
}

interface ClaimedEmail {
  id: string;
  recipients: string;
  subject: string;
  text_body: string;
  html_body: string;
  attempts: number;
  attempts_allowed: number;
}

export const MAILER = Symbol('MAILER');

/**
 * Delivers queued webhooks and emails with bounded concurrency. An endpoint has at most one
 * webhook in flight here, so a slow or dead endpoint takes one slot, never the others'; every
 * attempt is bounded by the timeout, logged, and retried with backoff until its attempts run
 * out (`failed`). A replica that dies mid-attempt loses only its lease: the attempt runs again.
 */
@Injectable()
export class DeliveryRunner extends BackgroundLoop {
  private readonly logger = new Logger('Deliveries');
  /** Endpoints with a webhook in flight in this process. */
  private readonly busyEndpoints = new Set<string>();

  constructor(
    private readonly orm: MikroORM,
    private readonly keys: SigningKeys,
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(DELIVERY_OPTIONS) private readonly options: DeliveryOptions,
    @Inject('WEBHOOK_ISSUER') private readonly issuer: string,
  ) {
    super();
  }

  override async beforeApplicationShutdown(): Promise<void> {
    await super.beforeApplicationShutdown();
    this.mailer.close();
  }

  protected async run(): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    const track = (task: Promise<void>) => {
      const tracked = task.finally(() => {
        inFlight.delete(tracked);
        this.nudge();
      });
      inFlight.add(tracked);
    };
    while (this.running) {
      this.waker.pending = false;
      const free = this.options.concurrency - inFlight.size;
      let started = 0;
      if (free > 0) {
        try {
          const webhooks = await this.claimWebhooks(free);
          // Sent before anything else can fail: a claimed webhook holds its endpoint until it is sent.
          for (const webhook of webhooks) track(this.sendWebhook(webhook));
          started = webhooks.length;
          const emails = await this.claimEmails(free - webhooks.length);
          for (const email of emails) track(this.sendEmail(email));
          started += emails.length;
        } catch (error) {
          this.logger.warn(`claiming deliveries failed: ${(error as Error).message}`);
        }
      }
      if (free > 0 && started === free) continue;
      if (!this.waker.pending) await this.waker.idle(this.options.pollMs);
    }
    await Promise.allSettled(inFlight);
  }

  /** Due webhooks, at most one per endpoint and none for an endpoint already in flight, leased to this process. */
  private async claimWebhooks(limit: number): Promise<ClaimedWebhook[]> {
    if (limit <= 0) return [];
    const chosen = await this.orm.em.fork().transactional(async (em) => {
      const candidates = await sql<ClaimedWebhook>(
        em,
        `select w.id, w.organization_id, w.endpoint_id, w.webhook_url, w.signature_algo, w.body, w.attempts, w.attempts_allowed
           from webhooks w
          where w.status in ('pending', 'retrying') and w.next_attempt_at <= now() and (w.lease_until is null or w.lease_until < now())
            and not exists (select 1 from webhooks b where b.endpoint_id = w.endpoint_id and b.id <> w.id
                              and b.status in ('pending', 'retrying') and b.lease_until >= now())
          order by w.next_attempt_at, w.created_at
          limit ? for update of w skip locked`,
        [limit * 4],
      );
      const chosen: ClaimedWebhook[] = [];
      const endpoints = new Set(this.busyEndpoints);
      for (const candidate of candidates) {
        if (chosen.length >= limit) break;
        if (endpoints.has(candidate.endpoint_id)) continue;
        endpoints.add(candidate.endpoint_id);
        chosen.push(candidate);
      }
      if (chosen.length === 0) return [];
      await sql(em, `update webhooks set lease_until = now() + (? * interval '1 millisecond'), attempts = attempts + 1, last_attempt_at = now(), updated_at = now() where id = any(?::uuid[])`, [
        this.options.leaseMs,
        `{${chosen.map((c) => c.id).join(',')}}`,
      ]);
      return chosen;
    });
    // Only a committed claim makes its endpoints busy: a claim whose commit failed (the database
    // restarting) sends nothing, and nothing would ever free them.
    for (const c of chosen) {
      c.attempts += 1;
      this.busyEndpoints.add(c.endpoint_id);
    }
    return chosen;
  }

  private claimEmails(limit: number): Promise<ClaimedEmail[]> {
    if (limit <= 0) return Promise.resolve([]);
    return this.orm.em.fork().transactional(async (em) => {
      const rows = await sql<ClaimedEmail>(
        em,
        `update emails set lease_until = now() + (? * interval '1 millisecond'), attempts = attempts + 1, updated_at = now()
          where id in (select id from emails where status in ('pending', 'retrying') and next_attempt_at <= now()
                         and (lease_until is null or lease_until < now())
                       order by next_attempt_at limit ? for update skip locked)
          returning id, recipients, subject, text_body, html_body, attempts, attempts_allowed`,
        [this.options.leaseMs, limit],
      );
      return rows;
    });
  }

  private async sendWebhook(webhook: ClaimedWebhook): Promise<void> {
    const started = new Date();
    try {
      const signature =
        webhook.signature_algo === 'hmac'
          ? hmacSignature(webhook.body, await this.keys.hmacKey(webhook.organization_id))
          : signJwt(webhook.body, await this.keys.privateKeyPem(), this.issuer);
      const result = await deliver(webhook.webhook_url, webhook.body, lagoHeaders(webhook.signature_algo, signature, webhook.id), this.options.timeoutMs);
      await this.orm.em.fork().transactional(async (em) => {
        await recordAttempt(em, webhook.id, webhook.attempts, started, result);
        const outcome = result.ok ? 'succeeded' : webhook.attempts >= webhook.attempts_allowed ? 'failed' : 'retrying';
        const delay = backoffMs(webhook.attempts, this.options.retryBaseMs, this.options.retryMaxMs);
        // The attempt count fences out a process whose lease ran out and was replaced.
        await sql(
          em,
          `update webhooks set status = ?, http_status = ?, lease_until = null, updated_at = now(),
             next_attempt_at = case when ? = 'retrying' then now() + (? * interval '1 millisecond') else null end
           where id = ? and attempts = ?`,
          [outcome, result.status, outcome, delay, webhook.id, webhook.attempts],
        );
        if (!result.ok) this.logger.warn(`webhook ${webhook.id} attempt ${webhook.attempts} to ${new URL(webhook.webhook_url).host}: ${result.error ?? result.status} (${outcome})`);
      });
    } catch (error) {
      this.logger.warn(`webhook ${webhook.id}: ${(error as Error).message}; its lease will expire and it runs again`);
    } finally {
      this.busyEndpoints.delete(webhook.endpoint_id);
    }
  }

  private async sendEmail(email: ClaimedEmail): Promise<void> {
    let outcome: 'sent' | 'retrying' | 'failed';
    let messageId: string | null = null;
    let lastError: string | null = null;
    try {
      messageId = (await this.mailer.send({ to: email.recipients, subject: email.subject, text: email.text_body, html: email.html_body })).messageId;
      outcome = 'sent';
    } catch (error) {
      lastError = (error as Error).message.slice(0, 500);
      outcome = isTransientMailError(error) && email.attempts < email.attempts_allowed ? 'retrying' : 'failed';
      this.logger.warn(`email ${email.id} attempt ${email.attempts}: ${lastError} (${outcome})`);
    }
    const delay = backoffMs(email.attempts, this.options.retryBaseMs, this.options.retryMaxMs);
    try {
      await sql(
        this.orm.em.fork(),
        `update emails set status = ?, message_id = coalesce(?, message_id), last_error = ?, lease_until = null, updated_at = now(),
           next_attempt_at = case when ? = 'retrying' then now() + (? * interval '1 millisecond') else null end
         where id = ? and attempts = ?`,
        [outcome, messageId, lastError, outcome, delay, email.id, email.attempts],
      );
    } catch (error) {
      this.logger.warn(`email ${email.id}: recording the attempt failed (${(error as Error).message}); its lease will expire`);
    }
  }
}

async function recordAttempt(
  em: EntityManager,
  webhookId: string,
  attempt: number,
  started: Date,
  result: { status: number | null; error: string | null; responseExcerpt: string | null; durationMs: number },
): Promise<void> {
  await sql(
    em,
    `insert into webhook_attempts (webhook_id, attempt, started_at, duration_ms, http_status, error, response) values (?, ?, ?, ?, ?, ?, ?)
     on conflict (webhook_id, attempt) do nothing`,
    [webhookId, attempt, started, Math.round(result.durationMs), result.status, result.error, result.responseExcerpt],
  );
}
