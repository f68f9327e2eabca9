import { recogniseNationalIdSearch, recogniseSearch } from '../../src/console/client/search';

describe('console search box', () => {
  it('when an email is typed, then it looks the email up', () => {
    expect(recogniseSearch('  egle.jankauskiene@example.com ')).toEqual({
      kind: 'lookup',
      lookup: { email: 'egle.jankauskiene@example.com' },
      description: 'email egle.jankauskiene@example.com',
    });
  });

  it('when a phone is typed with spaces and dashes, then it looks up its E.164 form', () => {
    expect(recogniseSearch('+370 600-12345')).toMatchObject({ kind: 'lookup', lookup: { phone: '+37060012345' } });
  });

  it('when a phone starts with the 00 international prefix, then it becomes +', () => {
    expect(recogniseSearch('00370 600 12345')).toMatchObject({ kind: 'lookup', lookup: { phone: '+37060012345' } });
  });

  it('when a global id is typed, then it reads that one user', () => {
    expect(recogniseSearch('northpay:1001')).toEqual({ kind: 'user', id: 'northpay:1001', description: 'id northpay:1001' });
  });

  it('when only digits are typed, then it asks whether they are a phone or a national id', () => {
    expect(recogniseSearch('48804120123')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('national id') });
  });

  it('when nothing is typed, then it says what it accepts', () => {
    expect(recogniseSearch('   ')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('email') });
  });

  it('when an email is malformed, then it is refused before any call', () => {
    expect(recogniseSearch('egle@')).toMatchObject({ kind: 'invalid' });
  });

  it('when a phone has letters in it, then it is refused before any call', () => {
    expect(recogniseSearch('+370 600 CALL')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('country code') });
  });

  it('when a national id is searched, then the nationality is upper-cased', () => {
    expect(recogniseNationalIdSearch(' 48804120123 ', 'lt')).toEqual({
      kind: 'lookup',
      lookup: { nationalId: '48804120123', nationality: 'LT' },
      description: 'national id 48804120123 (LT)',
    });
  });

  it('when a national id comes without a two-letter nationality, then it is refused', () => {
    expect(recogniseNationalIdSearch('48804120123', 'LTU')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('two-letter') });
  });
});
