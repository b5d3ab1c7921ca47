import type { OrganizationContextV1 } from '@app/contracts';
import { AddOnsHttpController } from '../add-ons/add-ons.http-controller';
import { PaymentProvidersHttpController } from '../payment-providers/payment-providers.http-controller';
import { TaxesHttpController } from '../taxes/taxes.http-controller';
import { WebhookEndpointsHttpController } from '../webhooks/webhooks.http-controller';
import { LagoError } from './lago-errors';
import type { OwnerRequests } from './owner-requests';

const organization: OrganizationContextV1 = { id: '6a7e2c1e-4b9f-4d7a-9c1e-2f3a4b5c6d7e', name: 'Spec Org', document_number_prefix: 'SPE-0001', default_billing_entity_code: 'spec_org' };

/** An owner that answers every request with the payload it got, and records what was sent. */
function fakeOwner() {
  const sent: { type: string; payload: unknown }[] = [];
  const owner = {
    send: async (_topic: string, type: string, _org: OrganizationContextV1, _key: string, payload: unknown) => {
      sent.push({ type, payload });
      return payload;
    },
  } as unknown as OwnerRequests;
  return { owner, sent };
}

/** The Lago error a call is refused with (fails when it is not refused). */
async function refusal(call: Promise<unknown>): Promise<LagoError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LagoError);
  return error as LagoError;
}

const invalid = (error_details: Record<string, string[]>) => ({ status: 422, error: 'Unprocessable Entity', code: 'validation_errors', error_details });

/**
 * `null` for a key a resource cannot be without reached the owner's NOT NULL column (a 500), and a
 * required key sent as an object was dropped to "absent" after the presence check: both are now
 * Lago's 422 before any command is sent (found by the fuzz of the public API).
 */
describe('required keys: null on updates, non-scalars on creates', () => {
  it.each([
    ['PUT /taxes/:code', (o: OwnerRequests) => new TaxesHttpController(o).update(organization, 'vat', { tax: { name: null, rate: null, code: null, applied_to_organization: null } }), {
      name: ['value_is_mandatory'],
      rate: ['value_is_mandatory'],
      code: ['value_is_mandatory'],
      applied_to_organization: ['value_is_mandatory'],
    }],
    ['PUT /add_ons/:code', (o: OwnerRequests) => new AddOnsHttpController(o).update(organization, 'setup', { add_on: { name: null, amount_cents: null, amount_currency: null } }), {
      name: ['value_is_mandatory'],
      amount_cents: ['value_is_mandatory'],
      amount_currency: ['value_is_mandatory'],
    }],
    ['PUT /payment_providers/:code', (o: OwnerRequests) => new PaymentProvidersHttpController(o).update(organization, 'stripe', { payment_provider: { name: null } }), { name: ['value_is_mandatory'] }],
    ['PUT /webhook_endpoints/:id', (o: OwnerRequests) => new WebhookEndpointsHttpController(o).update(organization, organization.id, { webhook_endpoint: { signature_algo: null } }), {
      signature_algo: ['value_is_invalid'],
    }],
    ['POST /webhook_endpoints', (o: OwnerRequests) => new WebhookEndpointsHttpController(o).create(organization, { webhook_endpoint: { webhook_url: {}, signature_algo: 'hmac' } }), {
      webhook_url: ['value_is_mandatory'],
    }],
    ['POST /taxes', (o: OwnerRequests) => new TaxesHttpController(o).create(organization, { tax: { name: { text: 'VAT' }, code: 'vat', rate: 20 } }), { name: ['value_is_mandatory'] }],
    ['POST /payment_providers', (o: OwnerRequests) => new PaymentProvidersHttpController(o).create(organization, { payment_provider: { code: 'stripe', name: ['S'], provider_type: 'stripe', secret_key: 'sk' } }), {
      name: ['value_is_mandatory'],
    }],
  ])('%s is a 422 and sends nothing', async (_route, call, details) => {
    const { owner, sent } = fakeOwner();

    const error = await refusal(call(owner));

    expect(error.body).toStrictEqual(invalid(details));
    expect(sent).toStrictEqual([]);
  });

  it('absent keys still keep their values, and nullable ones still clear', async () => {
    const { owner, sent } = fakeOwner();

    await new TaxesHttpController(owner).update(organization, 'vat', { tax: { description: null, rate: 5 } });
    await new AddOnsHttpController(owner).update(organization, 'setup', { add_on: { description: null, invoice_display_name: null } });
    await new PaymentProvidersHttpController(owner).update(organization, 'stripe', { payment_provider: { success_redirect_url: null } });

    expect(sent.map((s) => s.payload)).toStrictEqual([
      { code: 'vat', changes: { description: null, rate: 5 } },
      { code: 'setup', changes: { description: null, invoice_display_name: null } },
      { code: 'stripe', changes: { success_redirect_url: null } },
    ]);
  });
});
