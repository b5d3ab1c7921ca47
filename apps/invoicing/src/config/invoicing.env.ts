import { Expose, Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { loadEnv, loadServiceEnv, type ServiceEnv } from '@app/messaging';

class InvoicingEnvVars {
  /** How often the overdue sweep runs (spec decision: configurable, default one minute). */
  @Expose() @Type(() => Number) @IsInt() @Min(100) @Max(86_400_000) OVERDUE_SWEEP_INTERVAL_MS = 60_000;
}

/** Configuration of the invoicing service (see ServiceEnv for the shared variables). */
export interface InvoicingEnv extends ServiceEnv {
  /** `OVERDUE_SWEEP_INTERVAL_MS`. */
  overdueSweepIntervalMs: number;
}

export const invoicingEnv = (source: NodeJS.ProcessEnv = process.env): InvoicingEnv => ({
  ...loadServiceEnv({ service: 'invoicing', database: 'invoicing', httpPort: 3002 }, source),
  overdueSweepIntervalMs: loadEnv(InvoicingEnvVars, source).OVERDUE_SWEEP_INTERVAL_MS,
});
