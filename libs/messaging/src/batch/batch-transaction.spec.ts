import { afterCommit, BatchTransaction, withinBatch } from './batch-transaction';

describe('afterCommit', () => {
  it('runs the effect at once outside a batch', () => {
    const effect = jest.fn();
    afterCommit(effect);
    expect(effect).toHaveBeenCalledTimes(1);
  });

  it('holds the effect until the batch commits', async () => {
    const batch = new BatchTransaction();
    const effect = jest.fn();
    await withinBatch(batch, async () => afterCommit(effect));
    expect(effect).not.toHaveBeenCalled();
    await batch.commit();
    expect(effect).toHaveBeenCalledTimes(1);
  });

  it('drops the effect of work in a batch given up, before its rollback as after it (its messages run again and produce their own)', async () => {
    const batch = new BatchTransaction();
    const effect = jest.fn();
    await withinBatch(batch, async () => {
      batch.abort('a message failed');
      afterCommit(effect);
    });
    await batch.rollback();
    await withinBatch(batch, async () => afterCommit(effect));
    expect(effect).not.toHaveBeenCalled();
  });
});

describe('BatchTransaction.defer', () => {
  /** A stand-in for the ORM: the batch's transaction is an entity manager that records its commit and rollback. */
  const fakeOrm = () => {
    const calls: string[] = [];
    const em = {
      getTransactionContext: () => 'tx-1',
      commit: async () => void calls.push('commit'),
      rollback: async () => void calls.push('rollback'),
    };
    const orm = { em: { fork: () => ({ ...em, begin: async () => void calls.push('begin') }) } };
    return { orm: orm as unknown as Parameters<BatchTransaction['join']>[0], calls };
  };

  it('writes the rows of each kind in one call before the commit, in the order deferred, a repeated key once', async () => {
    const { orm, calls } = fakeOrm();
    const batch = new BatchTransaction();
    await batch.join(orm);
    const write = (kind: string) => async (_em: unknown, rows: { n: number }[]) => void calls.push(`${kind} ${rows.map((r) => r.n).join(',')}`);
    expect(batch.defer('outbox', 'a', { n: 1 }, write('outbox'))).toBeUndefined();
    expect(batch.defer('inbox', 'a', { n: 2 }, write('inbox'))).toBeUndefined();
    expect(batch.defer('outbox', 'b', { n: 3 }, write('outbox'))).toBeUndefined();
    expect(batch.defer('outbox', 'a', { n: 4 }, write('outbox'))).toEqual({ n: 1 });
    expect(calls).toEqual(['begin']);
    await batch.commit();
    expect(calls).toEqual(['begin', 'outbox 1,3', 'inbox 2', 'commit']);
  });

  it('fails the commit when a write fails, and the batch can then be rolled back', async () => {
    const { orm, calls } = fakeOrm();
    const batch = new BatchTransaction();
    await batch.join(orm);
    batch.defer('inbox', 'a', {}, async () => Promise.reject(new Error('seen before')));
    const effect = jest.fn();
    batch.afterCommit(effect);
    await expect(batch.commit()).rejects.toThrow('seen before');
    await batch.rollback();
    expect(calls).toEqual(['begin', 'rollback']);
    expect(effect).not.toHaveBeenCalled();
  });

  it('holds only entity managers on its own transaction, and none once given up', async () => {
    const { orm } = fakeOrm();
    const batch = new BatchTransaction();
    const other = { getTransactionContext: () => 'tx-2' } as unknown as Parameters<BatchTransaction['holds']>[0];
    const own = { getTransactionContext: () => 'tx-1' } as unknown as Parameters<BatchTransaction['holds']>[0];
    expect(batch.holds(own)).toBe(false);
    await batch.join(orm);
    expect(batch.holds(own)).toBe(true);
    expect(batch.holds(other)).toBe(false);
    batch.abort('a message failed');
    expect(batch.holds(own)).toBe(false);
  });
});
