import type { TestInfrastructure } from '@app/test-support';

/** Releases what the global setup started (a local test broker, containers). */
export default async function globalTeardown(): Promise<void> {
  const infra = (globalThis as { __BILLING_INFRA__?: TestInfrastructure }).__BILLING_INFRA__;
  if (infra && process.env.TEST_KEEP_INFRA !== '1') await infra.stop();
}
