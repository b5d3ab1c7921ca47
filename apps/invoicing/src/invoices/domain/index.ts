/** The invoicing domain rules: pure functions over plain data, no I/O. */
export * from './field-error';
export * from './invoice-enums';
export * from './ruby-numbers';
export * from './invoice-balance';
export * from './one-off-invoice';
export * from './invoice-number';
export * from './invoice-dates';
export * from './payment-request-rules';
export * from './payment-outcome';
export * from './invoice-changes';
export * from './manual-payment';
export * from './credit-note';
export * from './change-stamp';
