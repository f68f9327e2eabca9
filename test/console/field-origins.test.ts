import { provenanceRows, recordRows, valueText } from '../../src/console/client/field-origins';
import type { MergedRecord } from '../../src/console/client/gateway-client';
import { HIDDEN_PII } from '../../src/console/client/user-fields';

// Shaped like the demo's merged record of Eglė (GET /v1/people?email=egle.jankauskiene@example.com).
const record: MergedRecord = {
  phone: {
    value: '+37060012345',
    sources: [
      { account: 'northpay:1001', connection: 'northpay', providerField: 'phone', transform: 'country code and number → E.164 (+ prefix)' },
      { account: 'eastpay:1001', connection: 'eastpay', providerField: 'Phone', transform: 'national number → E.164 with the connection’s defaultRegion' },
    ],
  },
  email: { value: 'egle.jankauskiene@example.com', sources: [{ account: 'northpay:1001', connection: 'northpay', providerField: 'email', transform: null }] },
  'name.full': {
    value: null,
    conflict: [
      {
        value: 'Eglė Jankauskienė',
        account: 'northpay:1001',
        connection: 'northpay',
        providerField: 'display_name',
        transform: 'else identity.name + identity.surname',
      },
      {
        value: 'Egle Jankauskiene',
        account: 'eastpay:1001',
        connection: 'eastpay',
        providerField: 'Name',
        transform: 'one name: never split into given and family',
      },
    ],
  },
  nationalId: { value: '48804120123', sources: [{ account: 'northpay:1001', connection: 'northpay', providerField: 'identity.code', transform: null }] },
};
const row = (field: string, piiVisible = true) => recordRows(record, piiVisible).find((candidate) => candidate.field === field);

describe('where field values come from', () => {
  it('when the providers agree, then the row has the value and every source behind it', () => {
    expect(row('phone')).toEqual({
      state: 'agreed',
      field: 'phone',
      label: 'Phone',
      text: '+37060012345',
      sources: (record.phone as { sources: unknown }).sources,
    });
  });

  it('when the providers disagree, then the row lists each connection with its own value and origin', () => {
    expect(row('name.full')).toEqual({
      state: 'conflict',
      field: 'name.full',
      label: 'Full name',
      values: [
        {
          account: 'northpay:1001',
          connection: 'northpay',
          providerField: 'display_name',
          transform: 'else identity.name + identity.surname',
          text: 'Eglė Jankauskienė',
        },
        {
          account: 'eastpay:1001',
          connection: 'eastpay',
          providerField: 'Name',
          transform: 'one name: never split into given and family',
          text: 'Egle Jankauskiene',
        },
      ],
    });
  });

  it('when rows are listed, then they follow the canonical order, not the order of the answer', () => {
    expect(recordRows(record, true).map((candidate) => candidate.field)).toEqual(['email', 'phone', 'name.full', 'nationalId']);
  });

  it('when the token lacks users:pii, then date of birth, national id and the address read as hidden, the address once', () => {
    const hidden = recordRows({ email: record.email! }, false).filter((candidate) => candidate.state === 'hidden');
    expect(hidden.map((candidate) => [candidate.field, candidate.label, 'text' in candidate && candidate.text])).toEqual([
      ['dateOfBirth', 'Date of birth', HIDDEN_PII],
      ['nationalId', 'National id', HIDDEN_PII],
      ['address', 'Address', HIDDEN_PII],
    ]);
  });

  it('when the token has users:pii and no provider has a field, then the field has no row', () => {
    expect(row('dateOfBirth')).toBeUndefined();
  });

  it("when one account's provenance is read, then each field comes from its one provider field", () => {
    const rows = provenanceRows(
      { nationalId: { value: '48804120123', account: 'northpay:1001', connection: 'northpay', providerField: 'identity.code', transform: null } },
      true,
    );
    expect(rows).toEqual([
      {
        state: 'agreed',
        field: 'nationalId',
        label: 'National id',
        text: '48804120123',
        sources: [{ account: 'northpay:1001', connection: 'northpay', providerField: 'identity.code', transform: null }],
      },
    ]);
  });

  it('when a value is a boolean, then it reads as yes or no', () => {
    expect([valueText(true), valueText(false)]).toEqual(['yes', 'no']);
  });
});
