export * from './topics';
export * from './envelope';
export * from './rpc';
export * from './errors';
export * from './customers/customer.v1';
export * from './customers/customer-commands.v1';
export * from './reference/countries';
export * from './reference/currencies';
