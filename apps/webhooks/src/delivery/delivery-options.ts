/** Injection token of the DeliveryOptions (see webhooks.env.ts). */
export const DELIVERY_OPTIONS = Symbol('DELIVERY_OPTIONS');
