import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '@app/messaging';

/** What a job does: create the customer at the provider, or charge a payment. */
export type ProviderJobKind = 'sync_customer' | 'charge';

/** A durable provider call, claimed by one worker at a time. */
export interface ProviderJob<P = Record<string, unknown>> {
  id: string;
  kind: ProviderJobKind;
  organizationId: string;
  /** The provider customer's or the payment's id. */
  subjectId: string;
  payload: P;
  /** How many times it was claimed, this claim included; the fencing token of `finishJob`. */
  attempts: number;
}

interface JobRow {
  id: string;
  kind: ProviderJobKind;
  organization_id: string;
  subject_id: string;
  payload: Record<string, unknown>;
  attempts: number;
}

/**
 * Queues a job inside the caller's transaction, so it exists if and only if the change that asked
 * for it committed. At most one open job per (kind, subject): a second request joins the first.
 */
export async function enqueueJob(em: EntityManager, job: { kind: ProviderJobKind; organizationId: string; subjectId: string; payload?: object }): Promise<boolean> {
  const rows = await sql(
    em,
    `insert into provider_jobs (kind, organization_id, subject_id, payload) values (?, ?, ?, ?::jsonb)
     on conflict (kind, subject_id) where done_at is null do nothing returning id`,
    [job.kind, job.organizationId, job.subjectId, JSON.stringify(job.payload ?? {})],
  );
  return rows.length > 0;
}

/**
 * Claims up to `limit` due jobs: each is leased for `leaseMs` (another worker takes it over if this
 * one dies) and its attempt count goes up.
 */
export async function claimJobs(em: EntityManager, limit: number, leaseMs: number): Promise<ProviderJob[]> {
  const rows = await sql<JobRow>(
    em,
    `update provider_jobs set attempts = attempts + 1, run_at = now() + (? * interval '1 millisecond')
     where id in (select id from provider_jobs where done_at is null and run_at <= now() order by run_at, id limit ? for update skip locked)
     returning id, kind, organization_id, subject_id, payload, attempts`,
    [leaseMs, limit],
  );
  return rows.map((r) => ({ id: String(r.id), kind: r.kind, organizationId: r.organization_id, subjectId: r.subject_id, payload: r.payload, attempts: r.attempts }));
}

/** Raised when a job's lease was lost to another worker: the finishing transaction rolls back. */
export class JobLeaseLostError extends Error {
  constructor(jobId: string) {
    super(`job ${jobId} was taken over by another worker`);
  }
}

/** Marks the job done in the caller's transaction (the one applying its result). */
export async function finishJob(em: EntityManager, job: ProviderJob<unknown>): Promise<void> {
  const rows = await sql(em, 'update provider_jobs set done_at = now(), last_error = null where id = ? and attempts = ? and done_at is null returning id', [job.id, job.attempts]);
  if (rows.length === 0) throw new JobLeaseLostError(job.id);
}

/** Puts the job back for a later attempt. */
export async function rescheduleJob(em: EntityManager, job: ProviderJob<unknown>, delayMs: number, reason: string): Promise<void> {
  await sql(em, "update provider_jobs set run_at = now() + (? * interval '1 millisecond'), last_error = ? where id = ? and attempts = ? and done_at is null", [
    delayMs,
    reason.slice(0, 500),
    job.id,
    job.attempts,
  ]);
}

/** Exponential backoff: base, 2×base, 4×base … capped at `maxMs`. */
export function backoffMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
}
