import { createTransport, type SMTPSentMessageInfo, type SMTPTransportOptions, type Transporter } from 'nodemailer';

export interface MailerOptions {
  /** `smtp://[user:pass@]host:port` or `smtps://...`; may hold credentials, so it is never logged. */
  smtpUrl: string;
  /** The From header, e.g. `"Acme Billing" <billing@acme.test>`. */
  from: string;
  /** Bound on connecting, on the server's greeting and on any silence of the socket. */
  timeoutMs: number;
}

export interface MailMessage {
  /** One address or a comma-separated list, passed through as it is (Lago's customer emails). */
  to: string;
  subject: string;
  text: string;
  html: string;
  replyTo?: string;
  headers?: Record<string, string>;
}

export interface SentMail {
  messageId: string;
  /** Recipients the server refused while it accepted others (the message went to the rest). */
  rejected: string[];
}

/** Sends mail over SMTP, one connection per message. */
export class Mailer {
  /** The server without credentials, for logs. */
  readonly target: string;
  // ES-private so that logging or serializing a Mailer never shows the URL the transport holds.
  readonly #transport: Transporter<SMTPSentMessageInfo, SMTPTransportOptions>;
  readonly #from: string;

  constructor(options: MailerOptions) {
    if (!Number.isInteger(options.timeoutMs) || options.timeoutMs <= 0) throw new Error(`Mailer timeoutMs must be a positive integer, got ${options.timeoutMs}`);
    this.target = redactSmtpUrl(options.smtpUrl);
    this.#from = options.from;
    const timeoutMs = options.timeoutMs;
    // The URL's own settings win; these only fill what it leaves unset (nodemailer's merge order).
    this.#transport = createTransport({
      url: options.smtpUrl,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      dnsTimeout: timeoutMs,
      logger: false,
      debug: false,
    });
  }

  async send(message: MailMessage): Promise<SentMail> {
    const info = await this.#transport.sendMail({
      from: this.#from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      ...(message.replyTo ? { replyTo: message.replyTo } : {}),
      ...(message.headers ? { headers: message.headers } : {}),
    });
    return { messageId: info.messageId, rejected: info.rejected };
  }

  close(): void {
    this.#transport.close();
  }
}

/** `scheme://host:port` of an SMTP URL: no user, password or query (which may carry credentials). */
export function redactSmtpUrl(smtpUrl: string): string {
  try {
    const url = new URL(smtpUrl);
    return `${url.protocol}//${url.host}`;
  } catch {
    return '<invalid SMTP URL>';
  }
}

// Nodemailer's codes for a connection that failed or went silent, and the system codes it wraps.
const TRANSIENT_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * Whether sending again later may succeed: a 4xx SMTP reply (the server's "try again"), or a
 * connection that was refused, reset or timed out. A 5xx reply is the server's final answer, and
 * any other error (authentication, configuration, an invalid message) will not fix itself.
 */
export function isTransientMailError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { responseCode, code, originalCode } = error as { responseCode?: unknown; code?: unknown; originalCode?: unknown };
  if (typeof responseCode === 'number' && responseCode >= 400 && responseCode < 600) return responseCode < 500;
  return [code, originalCode].some((value) => typeof value === 'string' && TRANSIENT_CODES.has(value));
}
