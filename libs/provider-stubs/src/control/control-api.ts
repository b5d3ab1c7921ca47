import { ControlError } from '../core/control-error';
import { json, matchPath, type StubResponse } from '../core/http';
import { asObject, parseJsonBody } from '../core/json';
import type { ProviderName, ScenarioOutcomes, WebhookDelivery } from '../types';
import * as args from './control-args';
import type { StubController } from './stub-controller';

/** The webhook-sending operations, by their snake_case route name. */
function webhookOperation(controller: StubController, name: string, body: Record<string, unknown>): Promise<WebhookDelivery> | undefined {
  switch (name) {
    case 'stripe_event':
      return controller.stripeEvent(args.stripeEventArgs(body));
    case 'complete_stripe_payment_intent':
      return controller.completeStripePaymentIntent(args.completeStripePaymentIntentArgs(body));
    case 'complete_stripe_setup':
      return controller.completeStripeSetup(args.completeStripeSetupArgs(body));
    case 'adyen_notify':
      return controller.adyenNotify(args.adyenNotifyArgs(body));
    case 'complete_adyen_payment_link':
      return controller.completeAdyenPaymentLink(args.completeAdyenPaymentLinkArgs(body));
    case 'gocardless_events':
      return controller.gocardlessEvents(args.goCardlessEventsArgs(body));
    case 'complete_gocardless_flow':
      return controller.completeGoCardlessFlow(args.completeGoCardlessFlowArgs(body));
    case 'gocardless_payment_action':
      return controller.gocardlessPaymentAction(args.goCardlessPaymentActionArgs(body));
    default:
      return undefined;
  }
}

async function route(controller: StubController, method: string, path: string, query: URLSearchParams, rawBody: string): Promise<StubResponse> {
  const parsed = parseJsonBody(rawBody);
  if (parsed === undefined) throw new ControlError('the body must be JSON');
  const body = asObject(parsed);
  if (method === 'GET' && path === '/health') return json(200, { ok: true });
  if (method === 'POST' && path === '/reset') {
    controller.reset();
    return json(200, { ok: true });
  }
  if (method === 'POST' && path === '/faults') {
    try {
      controller.addFault(args.faultArgs(body));
    } catch (error: unknown) {
      throw error instanceof ControlError ? error : new ControlError(error instanceof Error ? error.message : String(error));
    }
    return json(201, { ok: true });
  }
  if (method === 'DELETE' && path === '/faults') {
    controller.clearFaults();
    return json(200, { ok: true });
  }
  if (method === 'GET' && path === '/journal') return json(200, controller.journal(args.journalFilter(query)));
  const created = matchPath('/created/:provider/:kind', path);
  if (method === 'GET' && created) return json(200, controller.createdRows(created.provider, created.kind));
  if (method === 'POST' && path === '/scenarios') {
    const { provider, customer, outcome } = args.scenarioArgs(body);
    controller.setScenario(provider, customer, outcome as ScenarioOutcomes[ProviderName]);
    return json(200, { ok: true });
  }
  if (method === 'POST') {
    const operation = webhookOperation(controller, path.slice(1), body);
    if (operation) {
      try {
        return json(200, await operation);
      } catch (error: unknown) {
        if (error instanceof ControlError) throw error;
        return json(502, { error: `webhook delivery failed: ${error instanceof Error ? error.message : String(error)}` });
      }
    }
  }
  throw new ControlError(`no control route ${method} /__stub${path}`, 404);
}

/**
 * Serves `/__stub/...` (path given without the prefix). Every answer is JSON; a bad argument is
 * 400 `{error}`, an unknown route or object 404 `{error}`, a webhook the receiver could not take 502.
 */
export async function serveControl(controller: StubController, method: string, path: string, query: URLSearchParams, rawBody: string): Promise<StubResponse> {
  try {
    return await route(controller, method, path, query, rawBody);
  } catch (error: unknown) {
    if (error instanceof ControlError) return json(error.status, { error: error.message });
    return json(500, { error: error instanceof Error ? error.message : String(error) });
  }
}
