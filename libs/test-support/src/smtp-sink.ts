import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer, type SMTPServerError } from 'smtp-server';

/** A message the sink accepted. */
export interface ReceivedMail {
  /** The From header as written (`"Acme" <billing@acme.test>`). */
  from: string;
  /** Every envelope recipient (RCPT TO), in order: To, Cc and Bcc alike, one address each. */
  to: string[];
  subject: string;
  /** The plain-text body (`''` when the message has none). */
  text: string;
  /** The HTML body (`''` when the message has none). */
  html: string;
  /** The Reply-To header as written, or null. */
  replyTo: string | null;
  /** The Message-ID header, or null. */
  messageId: string | null;
  receivedAt: Date;
}

/** Options of `startSmtpSink`. */
export interface SmtpSinkOptions {
  /** Port to listen on; 0 (the default) takes a free one. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /**
   * Called with each accepted message before the sink answers the client. If it throws, the
   * client gets a 451 (try again later) and the message is not recorded.
   */
  onMessage?: (mail: ReceivedMail) => void;
}

/** A running SMTP server that keeps what it receives, for tests and the local stack. */
export interface SmtpSink {
  /** `smtp://<host>:<port>`, usable as a nodemailer transport URL. */
  url: string;
  port: number;
  /** Accepted messages, oldest first. */
  messages: ReceivedMail[];
  /**
   * Resolves with the first message (already received or arriving later) that matches, or
   * rejects after `timeoutMs` (default 5 s) listing what did arrive.
   */
  waitFor(predicate: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** Rejects the next `n` messages at the end of DATA with SMTP reply `code` (default 451, temporary). */
  failNext(n: number, code?: number): void;
  /** Stops listening and drops the open connections; pending `waitFor` calls reject. */
  close(): Promise<void>;
}

interface Waiter {
  predicate: (mail: ReceivedMail) => boolean;
  resolve: (mail: ReceivedMail) => void;
  reject: (error: Error) => void;
}

/**
 * Starts an SMTP server without authentication or TLS that accepts every message, parses it and
 * records it in `messages`. Failures can be injected with `failNext`.
 */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const host = options.host ?? '127.0.0.1';
  const messages: ReceivedMail[] = [];
  const waiters = new Set<Waiter>();
  const failures: number[] = [];

  const accept = (mail: ReceivedMail): void => {
    options.onMessage?.(mail);
    messages.push(mail);
    for (const waiter of waiters) {
      if (!waiter.predicate(mail)) continue;
      waiters.delete(waiter);
      waiter.resolve(mail);
    }
  };

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    // A reverse DNS lookup of every client would only slow each message down.
    disableReverseLookup: true,
    logger: false,
    banner: 'smtp sink',
    onData(stream, session, callback) {
      const failure = failures.shift();
      if (failure !== undefined) {
        // The client only reads the reply once DATA is over, so the body is drained first.
        stream.on('end', () => callback(smtpError(failure, failure < 500 ? '4.3.0 Try again later (smtp sink failNext)' : '5.7.1 Message refused (smtp sink failNext)')));
        stream.resume();
        return;
      }
      simpleParser(stream).then(
        (parsed) => {
          try {
            accept({
              from: parsed.from?.text ?? '',
              to: session.envelope.rcptTo.map((recipient) => recipient.address),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              replyTo: addressText(parsed.replyTo),
              messageId: parsed.messageId ?? null,
              receivedAt: new Date(),
            });
            callback();
          } catch (error) {
            callback(smtpError(451, `4.3.0 Could not store the message: ${error instanceof Error ? error.message : String(error)}`));
          }
        },
        (error: unknown) => callback(smtpError(451, `4.6.0 Could not parse the message: ${error instanceof Error ? error.message : String(error)}`)),
      );
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

  return {
    url: `smtp://${urlHost}:${port}`,
    port,
    messages,
    waitFor(predicate, timeoutMs = 5_000) {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise<ReceivedMail>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const seen = messages.map((mail) => `${mail.to.join(',')}: ${mail.subject}`);
          reject(new Error(`smtp sink: no matching message within ${timeoutMs} ms; received ${seen.length ? seen.join(' | ') : 'nothing'}`));
        }, timeoutMs);
        const waiter: Waiter = {
          predicate,
          resolve: (mail) => {
            clearTimeout(timer);
            resolve(mail);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        };
        waiters.add(waiter);
      });
    },
    failNext(n, code = 451) {
      if (!Number.isInteger(n) || n < 0) throw new Error(`failNext: n must be a non-negative integer, got ${n}`);
      if (!Number.isInteger(code) || code < 400 || code > 599) throw new Error(`failNext: code must be a 4xx or 5xx SMTP reply, got ${code}`);
      for (let i = 0; i < n; i++) failures.push(code);
    },
    async close() {
      for (const waiter of waiters) waiter.reject(new Error('smtp sink closed'));
      waiters.clear();
      await new Promise<void>((resolve) => {
        server.close(resolve);
        // smtp-server waits for open sessions to end; a test sink should not.
        for (const connection of server.connections) {
          connection.send(421, '4.3.2 Sink shutting down');
          connection.close();
        }
      });
    },
  };
}

function smtpError(code: number, message: string): SMTPServerError {
  const error: SMTPServerError = new Error(message);
  error.responseCode = code;
  return error;
}

function addressText(value: AddressObject | AddressObject[] | undefined): string | null {
  if (!value) return null;
  return (Array.isArray(value) ? value : [value]).map((address) => address.text).join(', ') || null;
}
