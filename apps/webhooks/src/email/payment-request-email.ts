import type { PaymentRequestV1 } from '@app/contracts';

/** A rendered email: both bodies carry the same content. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/**
 * Lago's "payment requested" email (`PaymentRequestMailer.requested`): the overdue total, the net
 * payment term and one line per invoice. The wording is ours; only the subject is Lago's.
 */
export function renderPaymentRequestEmail(request: PaymentRequestV1, organizationName: string): RenderedEmail {
  const organization = singleLine(organizationName);
  const customerName = displayName(request);
  const total = formatMoney(request.amount_cents, request.amount_currency);
  const term = request.customer.net_payment_term ?? request.invoices[0]?.net_payment_term ?? null;
  const termLine = term === null ? null : `Payment term: ${term} ${term === 1 ? 'day' : 'days'} from the invoice date.`;
  const count = request.invoices.length;
  const intro = `${organization} has ${count} ${count === 1 ? 'invoice' : 'invoices'} past due on your account, for a total of ${total}.`;
  const rows = request.invoices.map((invoice) => ({
    number: invoice.number,
    amount: formatMoney(invoice.total_due_amount_cents, invoice.currency),
    due: formatDate(invoice.payment_due_date),
  }));
  const closing = 'If you have settled this balance in the meantime, you can disregard this message. Reply to this email with any question.';
  const greeting = customerName ? `Hello ${customerName},` : 'Hello,';

  const text = [
    greeting,
    '',
    intro,
    ...(termLine ? [termLine] : []),
    '',
    ...rows.map((row) => `- Invoice ${row.number}: ${row.amount}, due ${row.due}`),
    '',
    `Total due: ${total}`,
    '',
    closing,
    '',
    organization,
    '',
  ].join('\n');

  const e = escapeHtml;
  const html = [
    '<!doctype html>',
    '<html><head><meta charset="utf-8"></head><body>',
    `<p>${e(greeting)}</p>`,
    `<p>${e(intro)}</p>`,
    ...(termLine ? [`<p>${e(termLine)}</p>`] : []),
    '<table cellpadding="4" cellspacing="0" border="1">',
    '<thead><tr><th align="left">Invoice</th><th align="right">Amount due</th><th align="left">Due date</th></tr></thead>',
    '<tbody>',
    ...rows.map((row) => `<tr><td>${e(row.number)}</td><td align="right">${e(row.amount)}</td><td>${e(row.due)}</td></tr>`),
    '</tbody>',
    `<tfoot><tr><th align="left">Total due</th><th align="right">${e(total)}</th><th></th></tr></tfoot>`,
    '</table>',
    `<p>${e(closing)}</p>`,
    `<p>${e(organization)}</p>`,
    '</body></html>',
    '',
  ].join('\n');

  return { subject: `Your overdue balance from ${organization}`, text, html };
}

/**
 * Formats integer minor units with the currency's own number of decimals (`€12.34`, `¥1,234`).
 * The amount is handed to Intl as an exact decimal string so large values do not lose cents.
 */
export function formatMoney(amountCents: number, currency: string): string {
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  const magnitude = BigInt(Math.abs(Math.trunc(amountCents))).toString().padStart(digits + 1, '0');
  const units = digits === 0 ? magnitude : `${magnitude.slice(0, -digits)}.${magnitude.slice(-digits)}`;
  return format.format(`${amountCents < 0 ? '-' : ''}${units}` as `${number}`);
}

const DATE_FORMAT = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });

/** Lago's due dates are calendar dates (`2025-01-31`); anything else is shown as received. */
function formatDate(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  const parsed = new Date(`${date}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) ? date : DATE_FORMAT.format(parsed);
}

function displayName(request: PaymentRequestV1): string | null {
  const { name, firstname, lastname } = request.customer;
  const full = name?.trim() || [firstname, lastname].filter((part) => part?.trim()).join(' ');
  return full ? singleLine(full) : null;
}

// Names end up in the Subject header and on one text line: a line break there would split them.
function singleLine(value: string): string {
  return value.replace(/[\r\n\t\u2028\u2029]+/g, ' ').trim();
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
