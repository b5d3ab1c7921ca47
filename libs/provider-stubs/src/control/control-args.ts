import type { AdyenNotificationItem } from '../adyen/adyen-types';
import { ControlError } from '../core/control-error';
import { isObject, type JsonObject } from '../core/json';
import type {
  AdyenNotifyArgs,
  CompleteAdyenPaymentLinkArgs,
  CompleteGoCardlessFlowArgs,
  CompleteStripePaymentIntentArgs,
  CompleteStripeSetupArgs,
  FaultSpec,
  GoCardlessEventInput,
  GoCardlessEventsArgs,
  GoCardlessPaymentAction,
  GoCardlessPaymentActionArgs,
  ProviderName,
  RequestFilter,
  StripeEventArgs,
} from '../types';
import { PROVIDER_NAMES } from '../types';

/** Readers that turn a control request's JSON into typed arguments, failing with 400 on bad input. */

function requireString(body: JsonObject, key: string): string {
  const value = body[key];
  if (typeof value !== 'string' || value === '') throw new ControlError(`${key} is required (a non-empty string)`);
  return value;
}

function optionalString(body: JsonObject, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ControlError(`${key} must be a string`);
  return value;
}

function optionalNumber(body: JsonObject, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') throw new ControlError(`${key} must be a number`);
  return value;
}

function requireObject(body: JsonObject, key: string): JsonObject {
  const value = body[key];
  if (!isObject(value)) throw new ControlError(`${key} is required (an object)`);
  return value;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], key: string): T {
  const found = allowed.find((a) => a === value);
  if (found === undefined) throw new ControlError(`${key} must be one of ${allowed.join(', ')}`);
  return found;
}

function provider(value: string | undefined): ProviderName | undefined {
  return value === undefined ? undefined : oneOf(value, PROVIDER_NAMES, 'provider');
}

/** `POST /__stub/faults`. */
export function faultArgs(body: JsonObject): FaultSpec {
  return {
    provider: oneOf(requireString(body, 'provider'), PROVIDER_NAMES, 'provider'),
    method: optionalString(body, 'method'),
    pathPrefix: optionalString(body, 'pathPrefix'),
    kind: oneOf(requireString(body, 'kind'), ['status', 'reset', 'hang'] as const, 'kind'),
    status: optionalNumber(body, 'status'),
    times: optionalNumber(body, 'times'),
    hangMs: optionalNumber(body, 'hangMs'),
  };
}

/** `GET /__stub/journal?provider=&method=&pathPrefix=`. */
export function journalFilter(query: URLSearchParams): RequestFilter {
  return {
    provider: provider(query.get('provider') || undefined),
    method: query.get('method') || undefined,
    pathPrefix: query.get('pathPrefix') || undefined,
  };
}

/** `POST /__stub/scenarios`. */
export function scenarioArgs(body: JsonObject): { provider: ProviderName; customer: string; outcome: string } {
  return { provider: oneOf(requireString(body, 'provider'), PROVIDER_NAMES, 'provider'), customer: requireString(body, 'customer'), outcome: requireString(body, 'outcome') };
}

/** `POST /__stub/stripe_event`. */
export function stripeEventArgs(body: JsonObject): StripeEventArgs {
  return { url: requireString(body, 'url'), secret: requireString(body, 'secret'), type: requireString(body, 'type'), object: requireObject(body, 'object') };
}

/** `POST /__stub/complete_stripe_payment_intent`. */
export function completeStripePaymentIntentArgs(body: JsonObject): CompleteStripePaymentIntentArgs {
  return {
    url: requireString(body, 'url'),
    secret: requireString(body, 'secret'),
    paymentIntentId: requireString(body, 'paymentIntentId'),
    outcome: oneOf(requireString(body, 'outcome'), ['succeeded', 'payment_failed', 'canceled'] as const, 'outcome'),
  };
}

/** `POST /__stub/complete_stripe_setup`. */
export function completeStripeSetupArgs(body: JsonObject): CompleteStripeSetupArgs {
  const card = body.card === undefined ? undefined : requireObject(body, 'card');
  return { url: requireString(body, 'url'), secret: requireString(body, 'secret'), customerId: requireString(body, 'customerId'), ...(card ? { card } : {}) };
}

/** `POST /__stub/adyen_notify`: the item needs the signed fields. */
export function adyenNotifyArgs(body: JsonObject): AdyenNotifyArgs {
  const item = requireObject(body, 'item');
  for (const key of ['pspReference', 'merchantAccountCode', 'merchantReference', 'eventCode', 'success']) requireString(item, key);
  const amount = requireObject(item, 'amount');
  requireString(amount, 'currency');
  if (typeof amount.value !== 'number') throw new ControlError('item.amount.value must be a number');
  return { url: requireString(body, 'url'), hmacKey: requireString(body, 'hmacKey'), item: item as unknown as AdyenNotificationItem };
}

/** `POST /__stub/complete_adyen_payment_link`. */
export function completeAdyenPaymentLinkArgs(body: JsonObject): CompleteAdyenPaymentLinkArgs {
  const success = body.success;
  if (success !== undefined && typeof success !== 'boolean') throw new ControlError('success must be a boolean');
  return { url: requireString(body, 'url'), hmacKey: requireString(body, 'hmacKey'), paymentLinkId: requireString(body, 'paymentLinkId'), ...(success === undefined ? {} : { success }) };
}

/** `POST /__stub/gocardless_events`: each event needs `resource_type` and `action`. */
export function goCardlessEventsArgs(body: JsonObject): GoCardlessEventsArgs {
  const events = body.events;
  if (!Array.isArray(events) || events.length === 0) throw new ControlError('events is required (a non-empty list)');
  const checked = events.map((event: unknown) => {
    if (!isObject(event)) throw new ControlError('each event must be an object');
    requireString(event, 'resource_type');
    requireString(event, 'action');
    return event as unknown as GoCardlessEventInput;
  });
  return { url: requireString(body, 'url'), secret: requireString(body, 'secret'), events: checked };
}

/** `POST /__stub/complete_gocardless_flow`. */
export function completeGoCardlessFlowArgs(body: JsonObject): CompleteGoCardlessFlowArgs {
  return { url: requireString(body, 'url'), secret: requireString(body, 'secret'), billingRequestFlowId: requireString(body, 'billingRequestFlowId') };
}

const PAYMENT_ACTIONS: readonly GoCardlessPaymentAction[] = ['paid_out', 'failed', 'cancelled', 'customer_approval_denied', 'charged_back', 'confirmed'];

/** `POST /__stub/gocardless_payment_action`. */
export function goCardlessPaymentActionArgs(body: JsonObject): GoCardlessPaymentActionArgs {
  return {
    url: requireString(body, 'url'),
    secret: requireString(body, 'secret'),
    paymentId: requireString(body, 'paymentId'),
    action: oneOf(requireString(body, 'action'), PAYMENT_ACTIONS, 'action'),
    cause: optionalString(body, 'cause'),
    description: optionalString(body, 'description'),
  };
}
