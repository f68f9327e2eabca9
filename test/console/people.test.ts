import type { Person } from '../../src/console/client/gateway-client';
import { confidenceText, conflictingCardFields, describePeople, elsewhereText, personTitle } from '../../src/console/client/people';

// Shaped like the demo's answer to GET /v1/people?email=egle.jankauskiene@example.com (docs/demo-data.md).
const egle: Person = {
  id: 'person_kYKkIP9KLuL5zrgf',
  confidence: 'high',
  accounts: ['eastpay:1001', 'northpay:1001', 'southpay:usr_01JDEMOEGLE0000000000000001'],
  links: [{ accounts: ['northpay:1001', 'eastpay:1001'], reasons: ['same email', 'same E.164 phone'], conflicting: [], confidence: 'high' }],
  record: {
    email: { value: 'egle.jankauskiene@example.com', sources: [{ account: 'northpay:1001', connection: 'northpay', providerField: 'email', transform: null }] },
    'name.given': { value: 'Eglė', sources: [{ account: 'northpay:1001', connection: 'northpay', providerField: 'identity.name', transform: null }] },
    'name.family': {
      value: 'Jankauskienė',
      sources: [{ account: 'northpay:1001', connection: 'northpay', providerField: 'identity.surname', transform: null }],
    },
    'name.full': {
      value: null,
      conflict: [
        { value: 'Eglė Jankauskienė', account: 'northpay:1001', connection: 'northpay', providerField: 'display_name', transform: null },
        { value: 'Egle Jankauskiene', account: 'eastpay:1001', connection: 'eastpay', providerField: 'Name', transform: null },
      ],
    },
    timezone: {
      value: null,
      conflict: [
        {
          value: 'Europe/Vilnius',
          account: 'southpay:usr_01JDEMOEGLE0000000000000001',
          connection: 'southpay',
          providerField: 'preferences.timezone',
          transform: null,
        },
        { value: 'UTC+02:00', account: 'eastpay:1001', connection: 'eastpay', providerField: 'timeZone', transform: 'hour offset → UTC±HH:MM' },
      ],
    },
  },
  elsewhere: [{ connection: 'westpay', provider: 'westpay', matchedBy: 'email' }],
};
const withRecord = (record: Person['record']): Person => ({ ...egle, record });

describe('person view in words', () => {
  it('when the full name is agreed, then it heads the person', () => {
    expect(personTitle(withRecord({ 'name.full': { value: 'Jonas Petraitis', sources: [] } }), 0)).toBe('Jonas Petraitis');
  });

  it('when the full name is in conflict, then the agreed given and family names head the person, never a conflicting value', () => {
    expect(personTitle(egle, 0)).toBe('Eglė Jankauskienė');
  });

  it('when no name is agreed, then the email heads the person', () => {
    expect(personTitle(withRecord({ email: egle.record.email! }), 0)).toBe('egle.jankauskiene@example.com');
  });

  it('when nothing identifying is agreed, then the person is numbered by position', () => {
    expect(personTitle(withRecord({}), 1)).toBe('Person 2');
  });

  it('when a person has one account, then its confidence reads as one account', () => {
    expect(confidenceText({ ...egle, confidence: 'single' })).toBe('one account');
  });

  it("when an account takes part in the person's conflicts, then its card fields are the conflicting ones", () => {
    expect(conflictingCardFields(egle, { id: 'eastpay:1001' })).toEqual(new Set(['name', 'timezone']));
  });

  it('when an account has no value in a conflict, then that field is not marked on its card', () => {
    expect(conflictingCardFields(egle, { id: 'northpay:1001' })).toEqual(new Set(['name']));
  });

  it('when a part of the address is in conflict, then the card marks its address row', () => {
    const record: Person['record'] = {
      'address.city': {
        value: null,
        conflict: [
          { value: 'Vilnius', account: 'northpay:1001', connection: 'northpay', providerField: 'address.city', transform: null },
          { value: 'Kaunas', account: 'southpay:usr_01JDEMOEGLE0000000000000001', connection: 'southpay', providerField: 'city', transform: null },
        ],
      },
    };
    expect(conflictingCardFields(withRecord(record), { id: 'southpay:usr_01JDEMOEGLE0000000000000001' })).toEqual(new Set(['address']));
  });

  it('when a provider only says an account exists, then it says for what and that it shares no details', () => {
    expect(elsewhereText({ connection: 'westpay', provider: 'westpay', matchedBy: 'email' })).toBe(
      'An account exists for this email; westpay shares no details.',
    );
  });

  it('when the accounts are one person, then the summary says so', () => {
    expect(describePeople({ data: [egle], candidates: [] })).toBe('Grouped into 1 person.');
  });

  it('when accounts only partly match, then the summary counts the pairs left apart', () => {
    const candidates = [
      { accounts: ['northpay:1007', 'southpay:usr_01JDEMOJONAS000000000000001'] as [string, string], reasons: ['same email'], conflicting: ['phone'] },
    ];
    expect(describePeople({ data: [egle, egle], candidates })).toBe('Grouped into 2 people; 1 pair matches only partly, not merged.');
  });

  it('when nobody was found, then there is nothing to add to the summary', () => {
    expect(describePeople({ data: [], candidates: [] })).toBe('');
  });
});
