import { loadServiceEnv } from './service-env';

const DEFAULTS = { service: 'spec-service', database: 'spec_db', httpPort: 3999 };

describe('loadServiceEnv', () => {
  it('publishes the outbox unless OUTBOX_RELAY_ENABLED says false', () => {
    expect(loadServiceEnv(DEFAULTS, {}).outboxRelayEnabled).toBe(true);
    expect(loadServiceEnv(DEFAULTS, { OUTBOX_RELAY_ENABLED: 'true' }).outboxRelayEnabled).toBe(true);
    expect(loadServiceEnv(DEFAULTS, { OUTBOX_RELAY_ENABLED: 'false' }).outboxRelayEnabled).toBe(false);
  });

  it('refuses any other OUTBOX_RELAY_ENABLED, naming the variable', () => {
    expect(() => loadServiceEnv(DEFAULTS, { OUTBOX_RELAY_ENABLED: 'no' })).toThrow(/OUTBOX_RELAY_ENABLED/);
    expect(() => loadServiceEnv(DEFAULTS, { OUTBOX_RELAY_ENABLED: '' })).toThrow(/OUTBOX_RELAY_ENABLED/);
  });
});
