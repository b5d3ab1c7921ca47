/** Adyen Checkout objects as the stand-in stores and serves them. */

/** `{value, currency}` in minor units. */
export interface AdyenAmount {
  value: number;
  currency: string;
}

/** A card stored for a shopperReference (served in `storedPaymentMethods`). */
export interface AdyenStoredPaymentMethod {
  id: string;
  shopperReference: string;
  type: 'scheme';
  brand: string;
  lastFour: string;
  expiryMonth: string;
  expiryYear: string;
  holderName: string;
  supportedShopperInteractions: string[];
  supportedRecurringProcessingModels: string[];
}

/** A payment made through `POST /vNN/payments`, as stored (the response plus what was asked). */
export interface AdyenPayment {
  pspReference: string;
  resultCode: string;
  merchantReference: string;
  amount: AdyenAmount;
  merchantAccount: string;
  shopperReference: string | null;
  storedPaymentMethodId: string | null;
  refusalReason?: string;
  refusalReasonCode?: string;
  /** The request body as received. */
  request: Record<string, unknown>;
}

/** A payment link (`PL…`). */
export interface AdyenPaymentLink {
  id: string;
  url: string;
  status: 'active' | 'completed' | 'expired' | 'paymentPending';
  amount: AdyenAmount;
  merchantAccount: string;
  reference: string;
  shopperReference?: string;
  shopperEmail?: string;
  returnUrl?: string;
  expiresAt: string;
  storePaymentMethodMode?: string;
  recurringProcessingModel?: string;
  metadata?: Record<string, string>;
}

/** The kinds the Adyen stand-in keeps, by name (see `ProviderStubs.created`). */
export interface AdyenKinds {
  payments: AdyenPayment;
  payment_links: AdyenPaymentLink;
  stored_payment_methods: AdyenStoredPaymentMethod;
}

/** A notification item (`NotificationRequestItem`) as the stand-in posts it. */
export interface AdyenNotificationItem {
  pspReference: string;
  originalReference?: string;
  merchantAccountCode: string;
  merchantReference: string;
  amount: AdyenAmount;
  eventCode: string;
  success: 'true' | 'false';
  eventDate?: string;
  reason?: string;
  paymentMethod?: string;
  operations?: string[];
  additionalData?: Record<string, string>;
}
