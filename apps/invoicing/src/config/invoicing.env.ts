import { loadServiceEnv, type ServiceEnv } from '@app/messaging';

/** Configuration of the invoicing service (see ServiceEnv for the variables). */
export type InvoicingEnv = ServiceEnv;

export const invoicingEnv = (source: NodeJS.ProcessEnv = process.env): InvoicingEnv =>
  loadServiceEnv({ service: 'invoicing', database: 'invoicing', httpPort: 3002 }, source);
