/** GoCardless objects as the stand-in stores and serves them. */

/** A customer (`CU…`). */
export interface GoCardlessCustomer {
  id: string;
  created_at: string;
  email: string | null;
  given_name: string | null;
  family_name: string | null;
  company_name: string | null;
  address_line1: string | null;
  city: string | null;
  postal_code: string | null;
  country_code: string | null;
  language: string;
  metadata: Record<string, string>;
}

/** A billing request (`BRQ…`). */
export interface GoCardlessBillingRequest {
  id: string;
  created_at: string;
  status: 'pending' | 'fulfilled' | 'cancelled';
  mandate_request: { scheme: string; currency: string } | null;
  payment_request: null;
  metadata: Record<string, string>;
  links: { customer: string; mandate_request_mandate?: string };
}

/** A billing request flow (`BRF…`). */
export interface GoCardlessBillingRequestFlow {
  id: string;
  created_at: string;
  expires_at: string;
  authorisation_url: string;
  redirect_uri: string | null;
  exit_uri: string | null;
  links: { billing_request: string };
}

/** A mandate (`MD…`). */
export interface GoCardlessMandate {
  id: string;
  created_at: string;
  reference: string;
  status: string;
  scheme: string;
  next_possible_charge_date: string;
  payments_require_approval: boolean;
  metadata: Record<string, string>;
  links: { customer: string; creditor: string; customer_bank_account: string };
}

/** A payment (`PM…`). */
export interface GoCardlessPayment {
  id: string;
  created_at: string;
  charge_date: string;
  amount: number;
  amount_refunded: number;
  currency: string;
  description: string | null;
  reference: string | null;
  status: string;
  retry_if_possible: boolean;
  metadata: Record<string, string>;
  links: { mandate: string; creditor: string };
}

/** An event (`EV…`) inside a webhook body. */
export interface GoCardlessEvent {
  id: string;
  created_at: string;
  resource_type: string;
  action: string;
  links: Record<string, string>;
  details: { origin: string; cause: string; description: string; [key: string]: string };
  metadata: Record<string, string>;
  resource_metadata: Record<string, string>;
}

/** The kinds the GoCardless stand-in keeps, by name (see `ProviderStubs.created`). */
export interface GoCardlessKinds {
  customers: GoCardlessCustomer;
  billing_requests: GoCardlessBillingRequest;
  billing_request_flows: GoCardlessBillingRequestFlow;
  mandates: GoCardlessMandate;
  payments: GoCardlessPayment;
}
