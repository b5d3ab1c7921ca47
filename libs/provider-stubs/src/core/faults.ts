import type { FaultSpec } from '../types';
import { PROVIDER_NAMES } from '../types';
import { matchesFilter } from './request-filter';

/** Default delay of a `hang` fault. */
export const DEFAULT_HANG_MS = 5000;

/** A fault taken for one request. */
export type ActiveFault = { kind: 'status'; status: number } | { kind: 'reset' } | { kind: 'hang'; hangMs: number };

interface QueuedFault {
  spec: FaultSpec;
  remaining: number;
}

/** Checks a fault spec; throws a descriptive error when it cannot work. */
export function validateFault(spec: FaultSpec): void {
  if (!PROVIDER_NAMES.includes(spec.provider)) throw new Error(`fault: unknown provider ${String(spec.provider)}`);
  if (!['status', 'reset', 'hang'].includes(spec.kind)) throw new Error(`fault: unknown kind ${String(spec.kind)}`);
  if (spec.kind === 'status' && (!Number.isInteger(spec.status) || (spec.status ?? 0) < 400 || (spec.status ?? 0) > 599)) {
    throw new Error('fault: kind "status" needs an HTTP error status (400-599)');
  }
  if (spec.times !== undefined && (!Number.isInteger(spec.times) || spec.times < 1)) throw new Error('fault: times must be a positive integer');
  if (spec.hangMs !== undefined && (!Number.isFinite(spec.hangMs) || spec.hangMs < 0)) throw new Error('fault: hangMs must be >= 0');
}

/** Queued faults; each hits the next `times` matching requests, the oldest matching fault first. */
export class FaultQueue {
  private readonly queue: QueuedFault[] = [];

  /** Queues a validated copy of `spec`. */
  add(spec: FaultSpec): void {
    validateFault(spec);
    this.queue.push({ spec: { ...spec }, remaining: spec.times ?? 1 });
  }

  /** Consumes one hit of the first fault matching the request, if any. */
  take(request: { provider: string; method: string; path: string; route: string }): ActiveFault | undefined {
    const index = this.queue.findIndex((q) => matchesFilter(q.spec, request));
    if (index < 0) return undefined;
    const queued = this.queue[index];
    queued.remaining -= 1;
    if (queued.remaining <= 0) this.queue.splice(index, 1);
    const { spec } = queued;
    if (spec.kind === 'status') return { kind: 'status', status: spec.status ?? 500 };
    if (spec.kind === 'reset') return { kind: 'reset' };
    return { kind: 'hang', hangMs: spec.hangMs ?? DEFAULT_HANG_MS };
  }

  /** Drops every fault. */
  clear(): void {
    this.queue.length = 0;
  }
}
