import { Organization } from './organization.entity';

const ORG_ID = '3f0c2d4e-8b7a-4c1d-9e2f-5a6b7c8d1a2b';

describe('Organization.defaultPrefix', () => {
  it('is the first three letters of the name and the last four of the id, upper-cased (Lago "LAG-1A2B")', () => {
    expect(Organization.defaultPrefix('LAGO', ORG_ID)).toBe('LAG-1A2B');
  });

  it('upper-cases a lower-case name', () => {
    expect(Organization.defaultPrefix('acme corp', ORG_ID)).toBe('ACM-1A2B');
  });

  it('keeps a name shorter than three characters whole', () => {
    expect(Organization.defaultPrefix('Io', 'ffffffff-ffff-4fff-bfff-ffffffffab09')).toBe('IO-AB09');
  });
});

describe('Organization.defaultBillingEntityCode', () => {
  it('lower-cases and joins words with "_"', () => {
    expect(Organization.defaultBillingEntityCode('Acme Corp')).toBe('acme_corp');
  });

  it('collapses runs of punctuation and trims separators at both ends', () => {
    expect(Organization.defaultBillingEntityCode('  Hello,  World! 2026 ')).toBe('hello_world_2026');
  });

  it('folds accents to their base letters, like Rails parameterize', () => {
    expect(Organization.defaultBillingEntityCode('Crème Brûlée')).toBe('creme_brulee');
    expect(Organization.defaultBillingEntityCode('Déjà Vu')).toBe('deja_vu');
  });

  it('falls back to "default" when nothing usable is left', () => {
    expect(Organization.defaultBillingEntityCode('!!! ???')).toBe('default');
  });
});

describe('Organization#toContext', () => {
  it('exposes the fields the services need, in snake_case', () => {
    const organization = new Organization();
    organization.id = ORG_ID;
    organization.name = 'LAGO';
    organization.documentNumberPrefix = 'LAG-1A2B';
    organization.defaultBillingEntityCode = 'lago';

    expect(organization.toContext()).toStrictEqual({
      id: ORG_ID,
      name: 'LAGO',
      document_number_prefix: 'LAG-1A2B',
      default_billing_entity_code: 'lago',
      document_numbering: 'per_customer',
    });
    organization.documentNumbering = 'per_billing_entity';
    expect(organization.toContext().document_numbering).toBe('per_billing_entity');
  });
});
