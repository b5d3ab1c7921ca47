import { completeAdyenPaymentLink, sendAdyenNotification } from '../adyen/adyen-webhooks';
import type { Collection } from '../core/collection';
import { ControlError } from '../core/control-error';
import type { StubState } from '../core/stub-state';
import { completeGoCardlessFlow, goCardlessPaymentAction, sendGoCardlessEvents } from '../gocardless/gocardless-webhooks';
import { completeStripePaymentIntent, completeStripeSetup, sendStripeEvent } from '../stripe/stripe-webhooks';
import {
  type AdyenNotifyArgs,
  type CompleteAdyenPaymentLinkArgs,
  type CompleteGoCardlessFlowArgs,
  type CompleteStripePaymentIntentArgs,
  type CompleteStripeSetupArgs,
  type CreatedKinds,
  type FaultSpec,
  type GoCardlessEventsArgs,
  type GoCardlessPaymentActionArgs,
  type JournalEntry,
  PROVIDER_NAMES,
  type ProviderName,
  type ProviderStubControl,
  type RequestFilter,
  type ScenarioOutcomes,
  type StripeEventArgs,
  type WebhookDelivery,
} from '../types';

/** The control operations over the shared state (used in-process and by the `/__stub` HTTP API). */
export class StubController implements ProviderStubControl {
  constructor(private readonly state: StubState) {}

  reset(): void {
    this.state.reset();
  }

  addFault(fault: FaultSpec): void {
    this.state.faults.add(fault);
  }

  clearFaults(): void {
    this.state.faults.clear();
  }

  journal(filter?: RequestFilter): JournalEntry[] {
    return this.state.journal.list(filter);
  }

  created<P extends ProviderName, K extends keyof CreatedKinds[P]>(provider: P, kind: K): Array<CreatedKinds[P][K]> {
    return this.createdRows(provider, String(kind)) as Array<CreatedKinds[P][K]>;
  }

  /** `created` for names known only at run time (the HTTP control API); throws 404 on an unknown provider or kind. */
  createdRows(provider: string, kind: string): unknown[] {
    const name = PROVIDER_NAMES.find((p) => p === provider);
    if (!name) throw new ControlError(`unknown provider ${provider}`, 404);
    const tables: Record<string, Collection<unknown> | undefined> = this.state[name].tables;
    const table = Object.hasOwn(tables, kind) ? tables[kind] : undefined;
    if (!table) throw new ControlError(`unknown ${name} kind ${kind}; one of ${Object.keys(tables).join(', ')}`, 404);
    return structuredClone(table.list());
  }

  setScenario<P extends ProviderName>(provider: P, providerCustomerId: string, outcome: ScenarioOutcomes[P]): void {
    try {
      this.state.scenarios.set(provider, providerCustomerId, outcome);
    } catch (error: unknown) {
      throw new ControlError(error instanceof Error ? error.message : String(error));
    }
  }

  stripeEvent(args: StripeEventArgs): Promise<WebhookDelivery> {
    return sendStripeEvent(args);
  }

  completeStripePaymentIntent(args: CompleteStripePaymentIntentArgs): Promise<WebhookDelivery> {
    return completeStripePaymentIntent(this.state.stripe, args);
  }

  completeStripeSetup(args: CompleteStripeSetupArgs): Promise<WebhookDelivery> {
    return completeStripeSetup(this.state.stripe, args);
  }

  adyenNotify(args: AdyenNotifyArgs): Promise<WebhookDelivery> {
    return sendAdyenNotification(args);
  }

  completeAdyenPaymentLink(args: CompleteAdyenPaymentLinkArgs): Promise<WebhookDelivery> {
    return completeAdyenPaymentLink(this.state.adyen, args);
  }

  gocardlessEvents(args: GoCardlessEventsArgs): Promise<WebhookDelivery> {
    return sendGoCardlessEvents(args);
  }

  completeGoCardlessFlow(args: CompleteGoCardlessFlowArgs): Promise<WebhookDelivery> {
    return completeGoCardlessFlow(this.state.gocardless, args);
  }

  gocardlessPaymentAction(args: GoCardlessPaymentActionArgs): Promise<WebhookDelivery> {
    return goCardlessPaymentAction(this.state.gocardless, args);
  }
}
