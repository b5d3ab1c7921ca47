import { inspect } from 'node:util';
import { isTransientMailError, Mailer, redactSmtpUrl } from './mailer';

function smtpReply(responseCode: number, code = 'EMESSAGE'): Error {
  return Object.assign(new Error(`Message failed: ${responseCode} nope`), { code, responseCode });
}

describe('isTransientMailError', () => {
  it.each([
    ['a 451 reply', smtpReply(451)],
    ['a 421 reply (service closing)', smtpReply(421, 'EPROTOCOL')],
    ['a 452 reply on RCPT (mailbox full for now)', smtpReply(452, 'EENVELOPE')],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ESOCKET', originalCode: 'ECONNREFUSED' })],
    ['a raw ECONNREFUSED', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['a connection timeout', Object.assign(new Error('Connection timeout'), { code: 'ETIMEDOUT' })],
    ['a dropped connection', Object.assign(new Error('Connection closed unexpectedly'), { code: 'ECONNECTION' })],
  ])('is true for %s', (_label, error) => {
    expect(isTransientMailError(error)).toBe(true);
  });

  it.each([
    ['a 550 reply', smtpReply(550)],
    ['a 554 reply on RCPT', smtpReply(554, 'EENVELOPE')],
    ['a 535 authentication failure', smtpReply(535, 'EAUTH')],
    ['missing credentials', Object.assign(new Error('Missing credentials for "PLAIN"'), { code: 'EAUTH' })],
    ['an envelope without recipients', Object.assign(new Error('No recipients defined'), { code: 'EENVELOPE' })],
    ['a plain Error', new Error('boom')],
    ['a string', 'ECONNREFUSED'],
    ['null', null],
  ])('is false for %s', (_label, error) => {
    expect(isTransientMailError(error)).toBe(false);
  });
});

describe('redactSmtpUrl', () => {
  it('keeps only the scheme, host and port', () => {
    expect(redactSmtpUrl('smtps://apikey:s3cr3t@smtp.example.com:465/?pool=true')).toBe('smtps://smtp.example.com:465');
  });

  it('never echoes an unparsable URL, which may still hold a password', () => {
    expect(redactSmtpUrl('smtp://user:s3cr3t@exa mple.com')).toBe('<invalid SMTP URL>');
  });
});

describe('Mailer', () => {
  it('exposes its target without the credentials of the URL', () => {
    const mailer = new Mailer({ smtpUrl: 'smtp://user:s3cr3t@127.0.0.1:2525', from: 'billing@hooli.test', timeoutMs: 1_000 });

    expect(mailer.target).toBe('smtp://127.0.0.1:2525');
    expect(JSON.stringify(mailer)).not.toContain('s3cr3t');
    expect(inspect(mailer, { depth: 10, showHidden: true })).not.toContain('s3cr3t');
    mailer.close();
  });

  it('rejects a timeout that is not a positive integer', () => {
    expect(() => new Mailer({ smtpUrl: 'smtp://127.0.0.1:2525', from: 'billing@hooli.test', timeoutMs: 0 })).toThrow(/timeoutMs/);
  });
});
