import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { BackgroundLoop } from '@app/messaging';
import { backoffMs, claimJobs, JobLeaseLostError, rescheduleJob, type ProviderJob, type ProviderJobKind } from './provider-jobs';

/** Timing of the job runner (from configuration). */
export interface ProviderJobOptions {
  /** Poll interval when idle (jobs written by another replica are found this way). */
  pollMs: number;
  /** First retry delay; doubles per attempt. */
  retryBaseMs: number;
  /** Longest retry delay: a job is retried for ever at this pace, never dropped. */
  retryMaxMs: number;
  /** How long a claimed job stays leased (longer than its slowest provider call). */
  leaseMs: number;
  /** Jobs run at once, so one slow provider does not hold the others. */
  concurrency: number;
}

export const PROVIDER_JOB_OPTIONS = Symbol('PROVIDER_JOB_OPTIONS');

/** Runs one kind of job; throws to have it retried later, finishes it (`finishJob`) in the transaction that applies its result. */
export interface ProviderJobHandler {
  readonly kind: ProviderJobKind;
  run(job: ProviderJob): Promise<void>;
}

export const PROVIDER_JOB_HANDLERS = Symbol('PROVIDER_JOB_HANDLERS');

/**
 * Claims due provider jobs and runs them with bounded concurrency. A job whose handler throws is
 * put back with exponential backoff (provider outages, timeouts, a lost lease); a process that dies
 * mid-job loses only its lease, so the job runs again elsewhere with the same idempotency key.
 */
@Injectable()
export class ProviderJobRunner extends BackgroundLoop {
  private readonly logger = new Logger('ProviderJobs');
  private readonly handlers: Map<ProviderJobKind, ProviderJobHandler>;

  constructor(
    private readonly orm: MikroORM,
    @Inject(PROVIDER_JOB_HANDLERS) handlers: ProviderJobHandler[],
    @Inject(PROVIDER_JOB_OPTIONS) private readonly options: ProviderJobOptions,
  ) {
    super();
    this.handlers = new Map(handlers.map((h) => [h.kind, h]));
  }

  protected async run(): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    while (this.running) {
      this.waker.pending = false;
      const free = this.options.concurrency - inFlight.size;
      let claimed: ProviderJob[] = [];
      if (free > 0) {
        try {
          claimed = await this.orm.em.fork().transactional((em) => claimJobs(em, free, this.options.leaseMs));
        } catch (error) {
          this.logger.warn(`claiming jobs failed: ${(error as Error).message}`);
        }
      }
      for (const job of claimed) {
        const task = this.execute(job).finally(() => {
          inFlight.delete(task);
          this.nudge();
        });
        inFlight.add(task);
      }
      // A full batch may mean more are due; otherwise wait for a nudge (a job queued or finished) or the poll.
      if (free > 0 && claimed.length === free) continue;
      if (!this.waker.pending) await this.waker.idle(this.options.pollMs);
    }
    await Promise.allSettled(inFlight);
  }

  private async execute(job: ProviderJob): Promise<void> {
    const handler = this.handlers.get(job.kind);
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      await handler.run(job);
    } catch (error) {
      if (error instanceof JobLeaseLostError) return;
      const delay = backoffMs(job.attempts, this.options.retryBaseMs, this.options.retryMaxMs);
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.logger.warn(`${job.kind} job ${job.id} attempt ${job.attempts} failed (${reason}); retrying in ${delay} ms`);
      try {
        await this.orm.em.fork().transactional((em) => rescheduleJob(em, job, delay, reason));
      } catch (rescheduleError) {
        // The lease expires and the job is claimed again.
        this.logger.warn(`rescheduling job ${job.id} failed: ${(rescheduleError as Error).message}`);
      }
    }
  }

}
