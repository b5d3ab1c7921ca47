import { AdyenStore } from '../adyen/adyen-store';
import { GoCardlessStore } from '../gocardless/gocardless-store';
import { StripeStore } from '../stripe/stripe-store';
import { FaultQueue } from './faults';
import { IdempotencyStore } from './idempotency';
import { Journal } from './journal';
import { Scenarios } from './scenarios';

/** Everything the stand-ins hold in memory. */
export class StubState {
  readonly journal = new Journal();
  readonly faults = new FaultQueue();
  readonly idempotency = new IdempotencyStore();
  readonly scenarios = new Scenarios();
  readonly stripe = new StripeStore();
  readonly adyen = new AdyenStore();
  readonly gocardless = new GoCardlessStore();

  /** Clears every store. */
  reset(): void {
    this.journal.clear();
    this.faults.clear();
    this.idempotency.clear();
    this.scenarios.clear();
    this.stripe.clear();
    this.adyen.clear();
    this.gocardless.clear();
  }
}
