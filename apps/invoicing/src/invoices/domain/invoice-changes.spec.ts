import { applyInvoiceMetadata, loseInvoiceDispute, voidInvoice, type InvoiceMetadataEntry } from './invoice-changes';

describe('applyInvoiceMetadata', () => {
  let next = 0;
  const create = (key: string, value: string): InvoiceMetadataEntry => ({ lago_id: `new-${++next}`, key, value, created_at: '2026-11-21T00:00:00Z' });
  const stored: InvoiceMetadataEntry[] = [
    { lago_id: 'a', key: 'po', value: '1', created_at: '2026-11-20T00:00:00Z' },
    { lago_id: 'b', key: 'ref', value: 'x', created_at: '2026-11-20T00:00:00Z' },
  ];
  beforeEach(() => (next = 0));

  it('updates entries named by id, creates the others, and deletes what is not named', () => {
    const result = applyInvoiceMetadata(stored, [{ id: 'a', key: 'po', value: '2' }, { id: null, key: 'new', value: 'v' }], create);
    expect(result).toEqual({
      ok: true,
      metadata: [
        { lago_id: 'a', key: 'po', value: '2', created_at: '2026-11-20T00:00:00Z' },
        { lago_id: 'new-1', key: 'new', value: 'v', created_at: '2026-11-21T00:00:00Z' },
      ],
    });
    expect(stored[0]!.value).toBe('1');
  });

  it('an empty list deletes every entry; an unknown id creates a new entry', () => {
    expect(applyInvoiceMetadata(stored, [], create)).toEqual({ ok: true, metadata: [] });
    const result = applyInvoiceMetadata(stored, [{ id: 'gone', key: 'k', value: 'v' }], create);
    expect(result).toEqual({ ok: true, metadata: [expect.objectContaining({ lago_id: 'new-1', key: 'k' })] });
  });

  it('refuses a key still used by a stored entry, even one about to be deleted, as Lago does', () => {
    expect(applyInvoiceMetadata(stored, [{ id: null, key: 'po', value: 'again' }], create)).toEqual({ ok: false, errors: { key: ['value_already_exist'] } });
    // Renaming an entry to its own key is fine; taking another entry's key is not.
    expect(applyInvoiceMetadata(stored, [{ id: 'a', key: 'po', value: '3' }], create).ok).toBe(true);
    expect(applyInvoiceMetadata(stored, [{ id: 'a', key: 'ref', value: '3' }], create)).toEqual({ ok: false, errors: { key: ['value_already_exist'] } });
    expect(applyInvoiceMetadata([], [{ id: null, key: 'k', value: '1' }, { id: null, key: 'k', value: '2' }], create)).toEqual({ ok: false, errors: { key: ['value_already_exist'] } });
  });

  it('requires a key of at most 20 characters and a value, reporting both fields', () => {
    expect(applyInvoiceMetadata([], [{ id: null, key: ' ', value: null }], create)).toEqual({ ok: false, errors: { key: ['value_is_mandatory'], value: ['value_is_mandatory'] } });
    expect(applyInvoiceMetadata([], [{ id: null, key: 'k'.repeat(21), value: 'v' }], create)).toEqual({ ok: false, errors: { key: ['value_is_too_long'] } });
    // Characters, not UTF-16 units: 20 emoji are 20 characters.
    expect(applyInvoiceMetadata([], [{ id: null, key: '😀'.repeat(20), value: 'v' }], create).ok).toBe(true);
  });
});

describe('voidInvoice and loseInvoiceDispute', () => {
  const now = new Date('2026-11-21T10:00:00Z');

  it('voids only a finalized invoice, clearing the overdue flag and the readiness', () => {
    expect(voidInvoice({ status: 'finalized', paymentDisputeLostAt: null }, now)).toEqual({ ok: true, status: 'voided', voidedAt: now, paymentOverdue: false, readyForPaymentProcessing: false });
    for (const status of ['draft', 'voided', 'failed', 'pending'] as const) {
      expect(voidInvoice({ status, paymentDisputeLostAt: null }, now)).toEqual({ ok: false, code: 'not_voidable' });
    }
  });

  it('records a lost dispute once on a finalized or voided invoice', () => {
    const earlier = new Date('2026-11-01T00:00:00Z');
    expect(loseInvoiceDispute({ status: 'finalized', paymentDisputeLostAt: null }, now)).toEqual({ ok: true, paymentDisputeLostAt: now, paymentOverdue: false });
    expect(loseInvoiceDispute({ status: 'voided', paymentDisputeLostAt: earlier }, now)).toEqual({ ok: true, paymentDisputeLostAt: earlier, paymentOverdue: false });
    expect(loseInvoiceDispute({ status: 'draft', paymentDisputeLostAt: null }, now)).toEqual({ ok: false, code: 'not_disputable' });
  });
});
