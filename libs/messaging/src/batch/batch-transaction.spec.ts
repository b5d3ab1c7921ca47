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
