import { type SmtpSink, startSmtpSink } from '@app/test-support/smtp-sink';
import { isTransientMailError, Mailer } from './mailer';

// Real sockets on 127.0.0.1 only: every wait below is bounded well under the test timeout.
describe('startSmtpSink with the real Mailer', () => {
  let sink: SmtpSink;
  let mailer: Mailer;

  beforeEach(async () => {
    sink = await startSmtpSink();
    mailer = new Mailer({ smtpUrl: sink.url, from: '"Hooli Billing" <billing@hooli.test>', timeoutMs: 2_000 });
  });

  afterEach(async () => {
    mailer.close();
    await sink.close();
  });

  it('listens on a free port of 127.0.0.1 and receives what the Mailer sends', async () => {
    expect(sink.port).toBeGreaterThan(0);
    expect(sink.url).toBe(`smtp://127.0.0.1:${sink.port}`);

    const sent = await mailer.send({
      to: 'ap@acme.test, cfo@acme.test',
      subject: 'Your overdue balance from Hooli',
      text: 'Total due: €400.00',
      html: '<p>Total due: &#8364;400.00</p>',
      replyTo: 'finance@hooli.test',
      headers: { 'X-Lago-Payment-Request': 'pr-sink-spec-1' },
    });

    const mail = await sink.waitFor((m) => m.subject === 'Your overdue balance from Hooli', 2_000);
    expect(mail.to).toEqual(['ap@acme.test', 'cfo@acme.test']);
    expect(mail.from).toBe('"Hooli Billing" <billing@hooli.test>');
    expect(mail.replyTo).toBe('finance@hooli.test');
    expect(mail.text.trim()).toBe('Total due: €400.00');
    expect(mail.html).toContain('<p>Total due: &#8364;400.00</p>');
    expect(mail.messageId).toBe(sent.messageId);
    expect(sent.rejected).toEqual([]);
    expect(sink.messages).toHaveLength(1);
  });

  it('failNext(1) rejects the first message with a transient error and accepts the second', async () => {
    sink.failNext(1);
    const message = { to: 'ap@acme.test', subject: 'retry me', text: 'second try', html: '<p>second try</p>' };

    const failure = await mailer.send(message).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ responseCode: 451 });
    expect(isTransientMailError(failure)).toBe(true);
    expect(sink.messages).toHaveLength(0);

    await mailer.send(message);
    const mail = await sink.waitFor((m) => m.subject === 'retry me', 2_000);
    expect(mail.text.trim()).toBe('second try');
    expect(sink.messages).toHaveLength(1);
  });

  it('failNext with a 5xx code gives a permanent error', async () => {
    sink.failNext(1, 550);

    const failure = await mailer.send({ to: 'ap@acme.test', subject: 'refused', text: 'x', html: '<p>x</p>' }).then(
      () => null,
      (error: unknown) => error,
    );

    expect(failure).toMatchObject({ responseCode: 550 });
    expect(isTransientMailError(failure)).toBe(false);
  });

  it('waitFor rejects after its bound, naming what arrived', async () => {
    await mailer.send({ to: 'ap@acme.test', subject: 'something else', text: 'x', html: '<p>x</p>' });

    await expect(sink.waitFor((m) => m.subject === 'never sent', 100)).rejects.toThrow(/within 100 ms; received ap@acme\.test: something else/);
  });
});

describe('Mailer against a closed port', () => {
  it('fails fast with an error isTransientMailError calls transient', async () => {
    const sink = await startSmtpSink();
    await sink.close();
    const mailer = new Mailer({ smtpUrl: sink.url, from: 'billing@hooli.test', timeoutMs: 2_000 });

    const failure = await mailer.send({ to: 'ap@acme.test', subject: 's', text: 't', html: '<p>t</p>' }).then(
      () => null,
      (error: unknown) => error,
    );
    mailer.close();

    expect(failure).toMatchObject({ code: 'ESOCKET', originalCode: 'ECONNREFUSED' });
    expect(isTransientMailError(failure)).toBe(true);
  });
});
