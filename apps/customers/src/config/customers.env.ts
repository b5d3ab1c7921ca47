import { loadServiceEnv, type ServiceEnv } from '@app/messaging';

/** Configuration of the customers service (see ServiceEnv for the variables). */
export type CustomersEnv = ServiceEnv;

export const customersEnv = (source: NodeJS.ProcessEnv = process.env): CustomersEnv =>
  loadServiceEnv({ service: 'customers', database: 'customers', httpPort: 3001 }, source);
