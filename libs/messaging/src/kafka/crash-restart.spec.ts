import { Logger } from '@nestjs/common';
import type { Consumer } from 'kafkajs';
import { restartAfterFatalCrash } from './crash-restart';

/** The part of a kafkajs consumer the restart uses: its crash event, and connect. */
function fakeConsumer(connect: () => Promise<void> = async () => undefined) {
  const listeners: ((event: unknown) => void)[] = [];
  const consumer = {
    events: { CRASH: 'consumer.crash' },
    on: (name: string, listener: (event: unknown) => void) => {
      if (name === 'consumer.crash') listeners.push(listener);
      return () => undefined;
    },
    connect: jest.fn(connect),
  };
  const crash = (restart: boolean, name = 'KafkaJSNonRetriableError') =>
    listeners.forEach((l) => l({ id: 1, type: 'consumer.crash', timestamp: 0, payload: { error: Object.assign(new Error('Failed to find group coordinator'), { name }), groupId: 'g', restart } }));
  return { consumer: consumer as unknown as Consumer & { connect: jest.Mock }, crash };
}

describe('restartAfterFatalCrash', () => {
  const logger = new Logger('test');
  beforeEach(() => {
    jest.useFakeTimers();
    jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.useRealTimers());

  it('connects and runs a consumer again after a crash kafkajs does not restart', async () => {
    const { consumer, crash } = fakeConsumer();
    const resume = jest.fn(async () => undefined);
    restartAfterFatalCrash(consumer, resume, logger, () => false);

    crash(false);
    expect(resume).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(consumer.connect).toHaveBeenCalledTimes(1);
    expect(resume).toHaveBeenCalledTimes(1);
    expect(logger.error).toHaveBeenCalledWith(expect.stringContaining('Failed to find group coordinator'));
  });

  it('leaves a crash kafkajs restarts itself alone', async () => {
    const { consumer, crash } = fakeConsumer();
    const resume = jest.fn(async () => undefined);
    restartAfterFatalCrash(consumer, resume, logger, () => false);

    crash(true, 'KafkaJSNumberOfRetriesExceeded');
    await jest.advanceTimersByTimeAsync(60_000);
    expect(consumer.connect).not.toHaveBeenCalled();
    expect(resume).not.toHaveBeenCalled();
  });

  it('keeps trying, backing off, while the broker is still away, and stops once it runs', async () => {
    let refusals = 3;
    const { consumer, crash } = fakeConsumer(async () => {
      if (refusals-- > 0) throw new Error('Connection error: connect ECONNREFUSED');
    });
    const resume = jest.fn(async () => undefined);
    restartAfterFatalCrash(consumer, resume, logger, () => false);

    crash(false);
    // Attempts at 1 s, then 2 s and 4 s after each failure: 1 s, 3 s, 7 s, 15 s.
    await jest.advanceTimersByTimeAsync(1_000);
    expect(consumer.connect).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1_999);
    expect(consumer.connect).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(consumer.connect).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(4_000);
    expect(consumer.connect).toHaveBeenCalledTimes(3);
    expect(resume).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(8_000);
    expect(consumer.connect).toHaveBeenCalledTimes(4);
    expect(resume).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(120_000);
    expect(consumer.connect).toHaveBeenCalledTimes(4);
  });

  it('does not restart a consumer whose owner is shutting down', async () => {
    const { consumer, crash } = fakeConsumer();
    const resume = jest.fn(async () => undefined);
    let stopping = false;
    restartAfterFatalCrash(consumer, resume, logger, () => stopping);

    crash(false);
    stopping = true;
    await jest.advanceTimersByTimeAsync(60_000);
    expect(consumer.connect).not.toHaveBeenCalled();
    expect(resume).not.toHaveBeenCalled();
  });

  it('restarts again after a later crash, from the first delay', async () => {
    const { consumer, crash } = fakeConsumer();
    const resume = jest.fn(async () => undefined);
    restartAfterFatalCrash(consumer, resume, logger, () => false);

    crash(false);
    await jest.advanceTimersByTimeAsync(1_000);
    crash(false);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(resume).toHaveBeenCalledTimes(2);
  });
});
