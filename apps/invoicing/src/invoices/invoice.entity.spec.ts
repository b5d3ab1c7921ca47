import { Invoice } from './invoice.entity';

describe('Invoice.touch', () => {
  const at = (iso: string) => new Date(iso);

  it('moves updatedAt forward and returns it as the change time', () => {
    const invoice = new Invoice();
    invoice.updatedAt = at('2026-11-21T10:00:00.000Z');
    expect(invoice.touch(at('2026-11-21T10:00:05.250Z'))).toEqual(at('2026-11-21T10:00:05.250Z'));
    expect(invoice.updatedAt).toEqual(at('2026-11-21T10:00:05.250Z'));
  });

  it('never moves it back: a sweep that started before the invoice was created stamps the creation time, which replicas accept', () => {
    const invoice = new Invoice();
    invoice.updatedAt = at('2026-11-21T10:00:05.250Z');
    expect(invoice.touch(at('2026-11-21T10:00:01.000Z'))).toEqual(at('2026-11-21T10:00:05.250Z'));
    expect(invoice.updatedAt).toEqual(at('2026-11-21T10:00:05.250Z'));
  });
});
