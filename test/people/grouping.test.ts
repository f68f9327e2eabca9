import { blankUserFields, type CanonicalUser } from '../../src/canonical/user';
import { groupAccounts } from '../../src/people/group';
import { compareAccounts } from '../../src/people/link';
import { projectUser } from '../../src/users/projection';

function account(id: string, fields: Partial<CanonicalUser>): CanonicalUser {
  const [connection, providerUserId] = id.split(':') as [string, string];
  return { id, connection, provider: connection, ...blankUserFields(providerUserId), ...fields };
}

const egle = { given: 'Eglė', family: 'Jankauskienė', full: 'Eglė Jankauskienė' };

describe('linking two accounts', () => {
  it('when email and phone both match, then they link with high confidence even if the date of birth differs, which is named', () => {
    const comparison = compareAccounts(
      account('a:1', { email: 'E@x.example', emailVerified: true, phone: '+37060012345', dateOfBirth: '1988-04-12' }),
      account('b:1', { email: 'e@x.example', emailVerified: true, phone: '+37060012345', dateOfBirth: '1988-04-21' }),
    );
    expect(comparison).toEqual({
      kind: 'link',
      link: { accounts: ['a:1', 'b:1'], reasons: ['same verified email', 'same E.164 phone'], conflicting: ['dateOfBirth'], confidence: 'high' },
    });
  });

  it('when only the email matches and nothing disagrees, then they link with medium confidence', () => {
    const comparison = compareAccounts(account('a:1', { email: 'e@x.example', name: egle }), account('b:1', { email: 'e@x.example' }));
    expect(comparison).toMatchObject({ kind: 'link', link: { reasons: ['same email'], confidence: 'medium' } });
  });

  it('when the email matches but the phone differs, then it is only a candidate naming the phone', () => {
    const comparison = compareAccounts(
      account('a:1', { email: 'j@x.example', phone: '+37061100000' }),
      account('b:1', { email: 'j@x.example', phone: '+37061199999' }),
    );
    expect(comparison).toEqual({ kind: 'candidate', candidate: { accounts: ['a:1', 'b:1'], reasons: ['same email'], conflicting: ['phone'] } });
  });

  it('when national ids differ, then even matching email and phone make only a candidate', () => {
    const comparison = compareAccounts(
      account('a:1', { email: 'e@x.example', phone: '+37060012345', nationalId: '1', nationality: 'LT' }),
      account('b:1', { email: 'e@x.example', phone: '+37060012345', nationalId: '2', nationality: 'LT' }),
    );
    expect(comparison.kind).toBe('candidate');
  });

  it('when a national id matches but the nationality is unknown on one side, then the national id is not a reason', () => {
    const comparison = compareAccounts(account('a:1', { nationalId: '1', nationality: 'LT' }), account('b:1', { nationalId: '1' }));
    expect(comparison.kind).toBe('unrelated');
  });

  it('when nothing identifying matches, then the accounts are unrelated', () => {
    expect(compareAccounts(account('a:1', { name: egle }), account('b:1', { name: egle })).kind).toBe('unrelated');
  });
});

describe('grouping accounts into people', () => {
  const sources = (user: CanonicalUser) => (user.connection === 'a' ? { 'name.given': { from: 'identity.name' }, dateOfBirth: { from: 'dob' } } : undefined);

  it('when accounts link transitively, then they form one person whose record lists agreed values with every origin and conflicts side by side', () => {
    const { people, candidates } = groupAccounts(
      [
        account('a:1', { email: 'e@x.example', phone: '+37060012345', name: egle, dateOfBirth: '1988-04-12' }),
        account('b:1', { email: 'e@x.example', phone: '+37060012345', name: egle, dateOfBirth: '1988-04-21' }),
        account('c:1', { phone: '+37060012345' }),
      ],
      sources,
    );
    expect(candidates).toEqual([]);
    expect(people).toHaveLength(1);
    const [person] = people;
    expect(person).toMatchObject({ confidence: 'medium', accounts: ['a:1', 'b:1', 'c:1'] });
    expect(person!.record['name.given']).toEqual({
      value: 'Eglė',
      sources: [
        { account: 'a:1', connection: 'a', providerField: 'identity.name', transform: null },
        { account: 'b:1', connection: 'b', providerField: null, transform: null },
      ],
    });
    expect(person!.record.dateOfBirth).toEqual({
      value: null,
      conflict: [
        { value: '1988-04-12', account: 'a:1', connection: 'a', providerField: 'dob', transform: null },
        { value: '1988-04-21', account: 'b:1', connection: 'b', providerField: null, transform: null },
      ],
    });
  });

  it('when two accounts only partly match, then they stay two people and the candidate pair is listed', () => {
    const { people, candidates } = groupAccounts(
      [account('a:7', { email: 'j@x.example', phone: '+37061100000' }), account('b:7', { email: 'j@x.example', phone: '+37061199999' })],
      sources,
    );
    expect(people.map((person) => person.confidence)).toEqual(['single', 'single']);
    expect(candidates).toEqual([{ accounts: ['a:7', 'b:7'], reasons: ['same email'], conflicting: ['phone'] }]);
  });

  it('when the same accounts are grouped twice, then the person id is the same', () => {
    const users = [account('a:1', { email: 'e@x.example' }), account('b:1', { email: 'e@x.example' })];
    expect(groupAccounts(users, sources).people[0]!.id).toBe(groupAccounts([...users].reverse(), sources).people[0]!.id);
  });
});

describe('links and personal data', () => {
  it('when the client may not see national ids, then no link is ever made through one', () => {
    const limited = { issuer: 'i', subject: 'x', scopes: new Set(['users:read'] as const), connections: null, tenant: undefined, tenants: undefined };
    const [a, b] = [account('a:1', { nationalId: '1', nationality: 'LT' }), account('b:1', { nationalId: '1', nationality: 'LT' })].map((user) =>
      projectUser(user, limited),
    );
    expect(compareAccounts(a!, b!).kind).toBe('unrelated');
    expect(compareAccounts(account('a:1', { nationalId: '1', nationality: 'LT' }), account('b:1', { nationalId: '1', nationality: 'LT' })).kind).toBe('link');
  });
});
