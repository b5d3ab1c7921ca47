/**
 * Kafka topics. Event topics are a public API: one topic per aggregate stream, keyed by the
 * aggregate's lago_id so every event of one entity stays in order. RPC topics are internal:
 * the gateway sends commands and queries to the owning service and reads the reply from
 * `<topic>.reply` (NestJS request-reply convention).
 */
export const TOPICS = {
  /** `customer.upserted`, `customer.deleted`; key: customer lago_id; producer: customers. */
  customers: 'billing.customers.v1',
  /** `tax.upserted`, `tax.deleted`; key: tax lago_id; producer: invoicing. */
  taxes: 'billing.taxes.v1',
  /** `invoice.*`; key: invoice lago_id; producer: invoicing. */
  invoices: 'billing.invoices.v1',
  /** `credit_note.created`, `credit_note.refund_status_updated`, `credit_note.voided`; key: credit note lago_id; producer: invoicing. */
  creditNotes: 'billing.credit_notes.v1',
  /** `payment_request.*`; key: payment request lago_id; producer: invoicing. */
  paymentRequests: 'billing.payment_requests.v1',
  /** `payment.*`; key: payment id; producer: payment-sync. */
  payments: 'billing.payments.v1',
  /** `customer.payment_provider_*`, `customer.checkout_url_generated`; key: customer lago_id; producer: payment-sync. */
  providerCustomers: 'billing.provider_customers.v1',
} as const;

/** Internal request-reply topics, one per owning service. */
export const RPC_TOPICS = {
  /** Commands and queries executed by the customers service. */
  customers: 'billing.rpc.customers.v1',
  /** Commands and queries executed by the invoicing service. */
  invoicing: 'billing.rpc.invoicing.v1',
  /** Commands and queries executed by the payment-sync service. */
  paymentSync: 'billing.rpc.payment_sync.v1',
  /** Commands and queries executed by the webhooks service. */
  webhooks: 'billing.rpc.webhooks.v1',
} as const;

export type EventTopic = (typeof TOPICS)[keyof typeof TOPICS];
export type RpcTopic = (typeof RPC_TOPICS)[keyof typeof RPC_TOPICS];

/** Suffix NestJS appends to an RPC topic for its replies. */
export const REPLY_SUFFIX = '.reply';
/** Suffix of the dead-letter topic of every consumed topic. */
export const DLQ_SUFFIX = '.dlq';

/** A topic and its explicit partition count, as created by the local stack and the tests. */
export interface TopicSpec {
  /** Topic name. */
  name: string;
  /** Number of partitions; parallelism of the consumers of this topic. */
  partitions: number;
}

/**
 * Every topic the system needs, with its partition count. Event topics get 6 partitions,
 * RPC request topics 6, replies 3, dead-letter topics 1 (every consumed topic, events and RPC
 * requests alike, has one).
 */
export function allTopicSpecs(): TopicSpec[] {
  const specs: TopicSpec[] = [];
  for (const name of Object.values(TOPICS)) {
    specs.push({ name, partitions: 6 }, { name: name + DLQ_SUFFIX, partitions: 1 });
  }
  for (const name of Object.values(RPC_TOPICS)) {
    specs.push({ name, partitions: 6 }, { name: name + REPLY_SUFFIX, partitions: 3 }, { name: name + DLQ_SUFFIX, partitions: 1 });
  }
  return specs;
}
