import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import {
  fail,
  lagoTime,
  ok,
  paginationMeta,
  type ListWebhooksV1,
  type RpcReplyV1,
  type RpcRequestV1,
  type UpsertWebhookEndpointV1,
  type WebhookAttemptV1,
  type WebhookEndpointListV1,
  type WebhookEndpointV1,
  type WebhookListV1,
  type WebhookV1,
} from '@app/contracts';
import { afterCommit, sql, UnitOfWork } from '@app/messaging';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { organizationKey, SigningKeys } from '../signing/signing-keys';
import { DeliveryRunner } from '../delivery/delivery-runner';

/** Lago allows at most this many endpoints per organization. */
export const MAX_ENDPOINTS = 10;

type Id = { lago_id: string };

interface WebhookRow {
  id: string;
  endpoint_id: string | null;
  webhook_url: string;
  webhook_type: string;
  object_type: string;
  status: WebhookV1['status'];
  attempts: number;
  http_status: number | null;
  body: string;
  last_attempt_at: Date | null;
  next_attempt_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const toWebhookV1 = (r: WebhookRow): WebhookV1 => ({
  lago_id: r.id,
  lago_webhook_endpoint_id: r.endpoint_id,
  webhook_url: r.webhook_url,
  webhook_type: r.webhook_type,
  object_type: r.object_type,
  status: r.status,
  retries: Math.max(0, r.attempts - 1),
  http_status: r.http_status,
  payload: r.body,
  last_retried_at: r.attempts > 1 && r.last_attempt_at ? lagoTime(new Date(r.last_attempt_at)) : null,
  next_attempt_at: r.next_attempt_at ? lagoTime(new Date(r.next_attempt_at)) : null,
  created_at: lagoTime(new Date(r.created_at)),
  updated_at: lagoTime(new Date(r.updated_at)),
});

const WEBHOOK_COLUMNS = 'id, endpoint_id, webhook_url, webhook_type, object_type, status, attempts, http_status, body, last_attempt_at, next_attempt_at, created_at, updated_at';

/** Lago's webhook endpoints of an organization, its webhooks' delivery log, resends and signing keys. */
@Injectable()
export class WebhookEndpoints {
  constructor(
    private readonly em: EntityManager,
    private readonly uow: UnitOfWork,
    private readonly keys: SigningKeys,
    private readonly runner: DeliveryRunner,
  ) {}

  create(request: RpcRequestV1<UpsertWebhookEndpointV1>): Promise<RpcReplyV1<WebhookEndpointV1>> {
    const { organization, payload } = request;
    return this.uow.runCommand(organization, request.request_id, request.type, async (em) => {
      await organizationKey(em, organization.id, organization.name); // also serializes this organization's endpoint writes
      if ((await em.count(WebhookEndpoint, { organizationId: organization.id })) >= MAX_ENDPOINTS) return fail('validation_errors', { base: ['exceeded_limit'] });
      if (await em.findOne(WebhookEndpoint, { organizationId: organization.id, webhookUrl: payload.webhook_url })) {
        return fail('validation_errors', { webhook_url: ['value_already_exist'] });
      }
      const endpoint = new WebhookEndpoint();
      endpoint.organizationId = organization.id;
      endpoint.webhookUrl = payload.webhook_url!;
      endpoint.signatureAlgo = payload.signature_algo ?? 'jwt';
      em.persist(endpoint);
      await em.flush();
      return ok(endpoint.toV1());
    });
  }

  update(request: RpcRequestV1<UpsertWebhookEndpointV1 & Id>): Promise<RpcReplyV1<WebhookEndpointV1>> {
    const { organization, payload } = request;
    return this.uow.runCommand(organization, request.request_id, request.type, async (em) => {
      await organizationKey(em, organization.id, organization.name);
      const endpoint = await em.findOne(WebhookEndpoint, { id: payload.lago_id, organizationId: organization.id });
      if (!endpoint) return fail('webhook_endpoint_not_found');
      if (payload.webhook_url !== undefined && payload.webhook_url !== endpoint.webhookUrl) {
        if (await em.findOne(WebhookEndpoint, { organizationId: organization.id, webhookUrl: payload.webhook_url })) {
          return fail('validation_errors', { webhook_url: ['value_already_exist'] });
        }
        endpoint.webhookUrl = payload.webhook_url;
      }
      if (payload.signature_algo !== undefined) endpoint.signatureAlgo = payload.signature_algo;
      endpoint.updatedAt = new Date();
      await em.flush();
      return ok(endpoint.toV1());
    });
  }

  /** Deletes the endpoint; its webhooks still waiting are given up (`failed`), the log stays. */
  remove(request: RpcRequestV1<Id>): Promise<RpcReplyV1<WebhookEndpointV1>> {
    const { organization, payload } = request;
    return this.uow.runCommand(organization, request.request_id, request.type, async (em) => {
      const endpoint = await em.findOne(WebhookEndpoint, { id: payload.lago_id, organizationId: organization.id });
      if (!endpoint) return fail('webhook_endpoint_not_found');
      const view = endpoint.toV1();
      await sql(em, `update webhooks set status = 'failed', next_attempt_at = null, updated_at = now() where endpoint_id = ? and status in ('pending', 'retrying')`, [endpoint.id]);
      em.remove(endpoint);
      await em.flush();
      return ok(view);
    });
  }

  async get(request: RpcRequestV1<Id>): Promise<RpcReplyV1<WebhookEndpointV1>> {
    const endpoint = await this.em.fork().findOne(WebhookEndpoint, { id: request.payload.lago_id, organizationId: request.organization.id });
    return endpoint ? ok(endpoint.toV1()) : fail('webhook_endpoint_not_found');
  }

  async list(request: RpcRequestV1<{ page: number; per_page: number }>): Promise<RpcReplyV1<WebhookEndpointListV1>> {
    const { page, per_page } = request.payload;
    const [endpoints, total] = await this.em.fork().findAndCount(
      WebhookEndpoint,
      { organizationId: request.organization.id },
      { orderBy: { createdAt: 'asc', id: 'asc' }, limit: per_page, offset: (page - 1) * per_page },
    );
    return ok({ webhook_endpoints: endpoints.map((e) => e.toV1()), meta: paginationMeta(page, per_page, total) });
  }

  async listWebhooks(request: RpcRequestV1<ListWebhooksV1>): Promise<RpcReplyV1<WebhookListV1>> {
    const { page, per_page, status, webhook_type } = request.payload;
    const em = this.em.fork();
    const where = ['organization_id = ?'];
    const params: unknown[] = [request.organization.id];
    if (status) {
      where.push('status = ?');
      params.push(status);
    }
    if (webhook_type) {
      where.push('webhook_type = ?');
      params.push(webhook_type);
    }
    const [count] = await sql<{ n: number }>(em, `select count(*)::int as n from webhooks where ${where.join(' and ')}`, params);
    const rows = await sql<WebhookRow>(em, `select ${WEBHOOK_COLUMNS} from webhooks where ${where.join(' and ')} order by created_at desc, id limit ? offset ?`, [
      ...params,
      per_page,
      (page - 1) * per_page,
    ]);
    return ok({ webhooks: rows.map(toWebhookV1), meta: paginationMeta(page, per_page, count?.n ?? 0) });
  }

  async getWebhook(request: RpcRequestV1<Id>): Promise<RpcReplyV1<WebhookV1>> {
    const em = this.em.fork();
    const [row] = await sql<WebhookRow>(em, `select ${WEBHOOK_COLUMNS} from webhooks where id = ? and organization_id = ?`, [request.payload.lago_id, request.organization.id]);
    if (!row) return fail('webhook_not_found');
    const attempts = await sql<{ attempt: number; started_at: Date; duration_ms: number; http_status: number | null; error: string | null; response: string | null }>(
      em,
      'select attempt, started_at, duration_ms, http_status, error, response from webhook_attempts where webhook_id = ? order by attempt',
      [row.id],
    );
    const log: WebhookAttemptV1[] = attempts.map((a) => ({ ...a, started_at: lagoTime(new Date(a.started_at)) }));
    return ok({ ...toWebhookV1(row), attempts: log });
  }

  /** Sends a webhook again now, with one more attempt than it has had (Lago's resend). */
  retryWebhook(request: RpcRequestV1<Id>): Promise<RpcReplyV1<WebhookV1>> {
    const { organization, payload } = request;
    return this.uow
      .runCommand(organization, request.request_id, request.type, async (em) => {
        const [row] = await sql<WebhookRow>(
          em,
          `update webhooks set status = 'retrying', next_attempt_at = now(), attempts_allowed = attempts + 1, updated_at = now()
            where id = ? and organization_id = ? and (status in ('succeeded', 'failed') or lease_until is null or lease_until < now())
          returning ${WEBHOOK_COLUMNS}`,
          [payload.lago_id, organization.id],
        );
        if (!row) {
          const [exists] = await sql(em, 'select 1 from webhooks where id = ? and organization_id = ?', [payload.lago_id, organization.id]);
          return exists ? fail('validation_errors', { webhook: ['is_in_flight'] }) : fail('webhook_not_found');
        }
        return ok(toWebhookV1(row));
      })
      .then((reply) => {
        if (reply.ok) afterCommit(() => this.runner.nudge());
        return reply;
      });
  }

  /** What receivers verify signatures with: the RSA public key (PEM) and the organization's HMAC key. */
  async signingKeys(request: RpcRequestV1<object>): Promise<RpcReplyV1<{ public_key_pem: string; hmac_key: string }>> {
    const hmacKey = await this.em.fork().transactional((em) => organizationKey(em, request.organization.id, request.organization.name));
    return ok({ public_key_pem: await this.keys.publicKeyPem(), hmac_key: hmacKey });
  }
}
