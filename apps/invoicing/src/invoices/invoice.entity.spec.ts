import { PaymentRequest } from '../payment-requests/payment-request.entity';
import { Invoice } from './invoice.entity';

describe.each([
  ['Invoice', () => new Invoice()],
  ['PaymentRequest', () => new PaymentRequest()],
])('%s.touch', (_, create) => {
  const at = (iso: string) => new Date(iso);

  it('moves updatedAt forward and returns it as the change time', () => {
    const object = create();
    object.updatedAt = at('2026-11-21T10:00:00.000Z');
    expect(object.touch(at('2026-11-21T10:00:05.250Z'))).toEqual(at('2026-11-21T10:00:05.250Z'));
    expect(object.updatedAt).toEqual(at('2026-11-21T10:00:05.250Z'));
  });

  it('never moves it back: a change stamped before the last one (a sweep that started before the invoice was created, an older payment event) keeps the last time, which replicas accept', () => {
    const object = create();
    object.updatedAt = at('2026-11-21T10:00:05.250Z');
    expect(object.touch(at('2026-11-21T10:00:01.000Z'))).toEqual(at('2026-11-21T10:00:05.250Z'));
    expect(object.updatedAt).toEqual(at('2026-11-21T10:00:05.250Z'));
  });
});
