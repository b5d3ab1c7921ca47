/**
 * The `updated_at` of an object changed at `at`: never earlier than its current one. Replicas
 * (the customers service's invoice amounts, the webhooks service's payment requests) keep the
 * newest state by this time, so a change stamped earlier than the state it replaces (a sweep that
 * started before an invoice was created, a payment event that occurred before the last change)
 * would be dropped by them. The stamp is also the time the change's event occurred.
 */
export function changeStamp(current: Date, at: Date): Date {
  return at.getTime() > current.getTime() ? at : current;
}
