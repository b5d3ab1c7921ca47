import { Logger } from '@nestjs/common';
import type { MikroORM } from '@mikro-orm/postgresql';
import { expectEventually } from '@app/test-support/expect-eventually';
import type { DeliveryOptions } from '../config/webhooks.env';
import type { Mailer } from '../email/mailer';
import type { SigningKeys } from '../signing/signing-keys';
import { DeliveryRunner } from './delivery-runner';

const OPTIONS: DeliveryOptions = { timeoutMs: 1_000, maxAttempts: 3, retryBaseMs: 10, retryMaxMs: 100, concurrency: 4, pollMs: 50, leaseMs: 7_000 };
const ENDPOINT = '0c8f2a56-4b1e-4c57-9a6e-2f4d8e1b7a30';

/** A due webhook row as the claim's select returns it. */
const due = (id: string) => ({ id, organization_id: 'org', endpoint_id: ENDPOINT, webhook_url: 'http://127.0.0.1:1/hooks', signature_algo: 'hmac', body: '{}', attempts: 0, attempts_allowed: 3 });

/**
 * An ORM whose transactions run the work on a connection that answers the claim's select with
 * `rows`, then commit, or fail at the commit as when the database restarts (the work ran, nothing
 * was stored).
 */
function ormCommitting(outcomes: ('commit' | 'fail')[], rows: () => Record<string, unknown>[]) {
  const em = {
    getConnection: () => ({ execute: async (query: string) => (query.trimStart().startsWith('select') ? rows() : []) }),
    getTransactionContext: () => undefined,
  };
  return {
    em: {
      fork: () => ({
        transactional: async (work: (em: unknown) => Promise<unknown>) => {
          const result = await work(em);
          if (outcomes.shift() === 'fail') throw new Error('COMMIT; - terminating connection due to administrator command');
          return result;
        },
      }),
    },
  } as unknown as MikroORM;
}

type Claimable = { claimWebhooks(limit: number): Promise<{ id: string; attempts: number }[]> };

describe('DeliveryRunner claims', () => {
  it('a claim whose commit failed leaves its endpoint free: the next claim takes the webhook', async () => {
    const runner = new DeliveryRunner(ormCommitting(['fail', 'commit'], () => [due('w1')]), {} as SigningKeys, {} as Mailer, OPTIONS, 'http://lago.test');
    const claim = (runner as unknown as Claimable).claimWebhooks.bind(runner);

    await expect(claim(4)).rejects.toThrow(/terminating connection/);
    const claimed = await claim(4);

    expect(claimed.map((w) => [w.id, w.attempts])).toEqual([['w1', 1]]);
  });

  it('a committed claim makes its endpoint busy: no second webhook of it is claimed while one is in flight', async () => {
    const runner = new DeliveryRunner(ormCommitting(['commit', 'commit'], () => [due('w1'), due('w2')]), {} as SigningKeys, {} as Mailer, OPTIONS, 'http://lago.test');
    const claim = (runner as unknown as Claimable).claimWebhooks.bind(runner);

    expect((await claim(4)).map((w) => w.id)).toEqual(['w1']);
    expect(await claim(4)).toEqual([]);
  });
});

describe('DeliveryRunner loop', () => {
  it('sends a claimed webhook even when claiming emails then fails (the database going away), so its endpoint is freed', async () => {
    const runner = new DeliveryRunner({} as MikroORM, {} as SigningKeys, { close: () => undefined } as unknown as Mailer, OPTIONS, 'http://lago.test');
    const internals = runner as unknown as Record<'claimWebhooks' | 'claimEmails' | 'sendWebhook', (...args: unknown[]) => Promise<unknown>> & { busyEndpoints: Set<string> };
    let claims = 0;
    internals.claimWebhooks = async () => {
      if (claims++ > 0) return [];
      internals.busyEndpoints.add(ENDPOINT);
      return [due('w1')];
    };
    let emailClaims = 0;
    internals.claimEmails = async () => {
      if (emailClaims++ === 0) throw new Error('Connection terminated unexpectedly');
      return [];
    };
    const sent: string[] = [];
    internals.sendWebhook = async (webhook) => {
      sent.push((webhook as { id: string }).id);
      internals.busyEndpoints.delete(ENDPOINT);
    };
    const warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);

    runner.onApplicationBootstrap();
    try {
      await expectEventually(() => expect(emailClaims).toBeGreaterThanOrEqual(2), { timeoutMs: 5_000 });
    } finally {
      await runner.beforeApplicationShutdown();
    }

    expect(sent).toEqual(['w1']);
    expect(internals.busyEndpoints.size).toBe(0);
    expect(warned).toHaveBeenCalledWith('claiming deliveries failed: Connection terminated unexpectedly');
    warned.mockRestore();
  });
});
