import { ControlError } from '../core/control-error';
import { goCardlessId } from '../core/ids';
import { postWebhook } from '../core/post-webhook';
import { signGoCardless } from '../signing';
import type {
  CompleteGoCardlessFlowArgs,
  GoCardlessEventInput,
  GoCardlessEventsArgs,
  GoCardlessPaymentAction,
  GoCardlessPaymentActionArgs,
  WebhookDelivery,
} from '../types';
import type { GoCardlessStore } from './gocardless-store';
import type { GoCardlessEvent } from './gocardless-types';

/** Default `details` of each payment action (cause and description as GoCardless words them). */
const PAYMENT_ACTION_DETAILS: Record<GoCardlessPaymentAction, { cause: string; description: string }> = {
  paid_out: { cause: 'payment_paid_out', description: 'The payment has been paid out by GoCardless.' },
  failed: { cause: 'insufficient_funds', description: "The customer's account had insufficient funds to make this payment." },
  cancelled: { cause: 'payment_cancelled', description: 'The payment was cancelled.' },
  customer_approval_denied: { cause: 'customer_approval_denied', description: 'The customer denied approval for this payment.' },
  charged_back: { cause: 'authorisation_disputed', description: 'The customer has disputed that the amount taken differs from the amount they were notified of.' },
  confirmed: { cause: 'payment_confirmed', description: 'Enough time has passed since the payment was submitted for the banks to return an error, so this payment is now confirmed.' },
};

/** Fills in what an event input leaves out. */
function completeEvent(input: GoCardlessEventInput): GoCardlessEvent {
  return {
    ...input,
    id: input.id ?? goCardlessId('EV'),
    created_at: input.created_at ?? new Date().toISOString(),
    resource_type: input.resource_type,
    action: input.action,
    links: input.links ?? {},
    details: input.details ?? { origin: 'gocardless', cause: input.action, description: `The ${input.resource_type} event ${input.action}.` },
    metadata: input.metadata ?? {},
    resource_metadata: input.resource_metadata ?? {},
  };
}

/** Posts `{events, meta: {webhook_id}}` signed with `Webhook-Signature`. */
export async function sendGoCardlessEvents({ url, secret, events }: GoCardlessEventsArgs): Promise<WebhookDelivery> {
  if (!Array.isArray(events) || events.length === 0) throw new ControlError('events must be a non-empty list');
  const body = JSON.stringify({ events: events.map(completeEvent), meta: { webhook_id: goCardlessId('WB') } });
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'gocardless-webhook-service/1.1',
    'webhook-signature': signGoCardless(body, secret),
  };
  return postWebhook(url, headers, body);
}

/** Creates an active Bacs mandate for the flow's customer, fulfils the billing request and sends `mandates`/`created`. */
export async function completeGoCardlessFlow(store: GoCardlessStore, args: CompleteGoCardlessFlowArgs): Promise<WebhookDelivery> {
  const flow = store.tables.billing_request_flows.get(args.billingRequestFlowId);
  if (!flow) throw new ControlError(`no GoCardless billing request flow ${args.billingRequestFlowId}`, 404);
  const billingRequest = store.tables.billing_requests.get(flow.links.billing_request);
  if (!billingRequest) throw new ControlError(`no GoCardless billing request ${flow.links.billing_request}`, 404);
  const mandate = store.addMandate(billingRequest.links.customer);
  billingRequest.status = 'fulfilled';
  billingRequest.links.mandate_request_mandate = mandate.id;
  return sendGoCardlessEvents({
    url: args.url,
    secret: args.secret,
    events: [
      {
        resource_type: 'mandates',
        action: 'created',
        links: { mandate: mandate.id, customer: mandate.links.customer },
        details: { origin: 'api', cause: 'mandate_created', description: 'Mandate created via the API.' },
      },
    ],
  });
}

/** Moves a stored payment to `action` and sends the matching `payments` event carrying the payment's metadata. */
export async function goCardlessPaymentAction(store: GoCardlessStore, args: GoCardlessPaymentActionArgs): Promise<WebhookDelivery> {
  const payment = store.tables.payments.get(args.paymentId);
  if (!payment) throw new ControlError(`no GoCardless payment ${args.paymentId}`, 404);
  const defaults = PAYMENT_ACTION_DETAILS[args.action];
  if (!defaults) throw new ControlError(`action must be one of ${Object.keys(PAYMENT_ACTION_DETAILS).join(', ')}`);
  payment.status = args.action;
  return sendGoCardlessEvents({
    url: args.url,
    secret: args.secret,
    events: [
      {
        resource_type: 'payments',
        action: args.action,
        links: { payment: payment.id },
        details: { origin: 'gocardless', cause: args.cause ?? defaults.cause, description: args.description ?? defaults.description },
        metadata: { ...payment.metadata },
        resource_metadata: { ...payment.metadata },
      },
    ],
  });
}
