import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
// The module itself, not the package index: the index also loads the PostgreSQL and Kafka helpers.
import { startSmtpSink } from '@app/test-support/smtp-sink';

/**
 * The local stack's mail server: accepts every message on 127.0.0.1:$MAIL_SINK_PORT (default 1025)
 * without authentication or TLS, appends it as one JSON line to .local/mail/messages.jsonl and logs
 * one line per message, until SIGTERM or SIGINT. Point the apps at `smtp://127.0.0.1:<port>`.
 */
// Compiled to dist/scripts/mail-sink.js, two levels below the repository root.
const FILE = resolve(__dirname, '../../.local/mail/messages.jsonl');

void (async () => {
  const port = Number(process.env.MAIL_SINK_PORT || 1025);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`MAIL_SINK_PORT must be a port number, got ${process.env.MAIL_SINK_PORT}`);
  mkdirSync(dirname(FILE), { recursive: true });
  const sink = await startSmtpSink({
    port,
    // Synchronous, so that a failed write makes the sink answer 451 and the sender try again.
    onMessage: (mail) => {
      const { from, to, subject, text, receivedAt } = mail;
      appendFileSync(FILE, `${JSON.stringify({ from, to, subject, text, receivedAt })}\n`);
      console.log(`mail to ${to.join(', ')}: ${subject}`);
    },
  });
  console.log(`mail sink listening on ${sink.url}, writing ${FILE}`);
  const stop = (): void => {
    sink.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('mail sink: close failed:', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
})().catch((error: unknown) => {
  console.error('mail sink failed to start:', error);
  process.exit(1);
});
