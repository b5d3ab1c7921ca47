import type { ProviderName, ScenarioOutcomes } from '../types';
import { PROVIDER_NAMES, SCENARIO_OUTCOMES } from '../types';

/** Payment outcomes chosen per provider customer. */
export class Scenarios {
  private readonly outcomes = new Map<string, string>();

  /** Sets the outcome of later payments of `customer`; throws on an unknown provider or outcome. */
  set<P extends ProviderName>(provider: P, customer: string, outcome: ScenarioOutcomes[P]): void {
    if (!PROVIDER_NAMES.includes(provider)) throw new Error(`scenario: unknown provider ${String(provider)}`);
    const allowed: readonly string[] = SCENARIO_OUTCOMES[provider];
    if (!allowed.includes(outcome)) throw new Error(`scenario: ${provider} outcome must be one of ${allowed.join(', ')}`);
    if (typeof customer !== 'string' || customer === '') throw new Error('scenario: customer is required');
    this.outcomes.set(`${provider}:${customer}`, outcome);
  }

  /** The outcome set for `customer`, or `fallback`. */
  get<P extends ProviderName>(provider: P, customer: string | null | undefined, fallback: ScenarioOutcomes[P]): ScenarioOutcomes[P] {
    if (!customer) return fallback;
    const outcome = this.outcomes.get(`${provider}:${customer}`);
    return outcome === undefined ? fallback : (outcome as ScenarioOutcomes[P]);
  }

  /** Forgets every scenario. */
  clear(): void {
    this.outcomes.clear();
  }
}
