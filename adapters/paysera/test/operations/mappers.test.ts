import type { MappingContext } from '../../../../src/connections/adapter';
import requests from '../../fixtures/user-requests.json';
import { toPayseraContactQuery, toPayseraContacts } from '../../operations/contact-book';
import { toPayseraAssignment } from '../../operations/contact';
import { toPayseraIdentityProvision } from '../../operations/identity';
import { toPayseraPasswordChange, toPayseraPasswordReset } from '../../operations/password';
import { toPayseraPosition, toPosition } from '../../operations/position';
import { toWallets } from '../../operations/profile';
import { toService } from '../../operations/services';

const unknowns: Array<[string, unknown]> = [];
const mapping: MappingContext = { reportUnknown: (field, value) => unknowns.push([field, value]) };

describe('Paysera operation mappers, writing: the gateway request becomes the User resource page example', () => {
  it('when assigning a phone with a link, then the body is the documented one', () => {
    expect(toPayseraAssignment('phone', '+37066612345', 'myapp://confirm/{code}')).toEqual(requests.assignPhone);
  });

  it('when assigning an email with a link, then the link goes in email_link', () => {
    expect(toPayseraAssignment('email', 'test@example.com', 'myapp://confirm/{code}')).toEqual(requests.assignEmail);
  });

  it('when assigning without a link, then no parameters are sent', () => {
    expect(toPayseraAssignment('email', 'test@example.com')).toEqual({ email: 'test@example.com' });
  });

  it('when requesting a reset with a national id, then it goes as identity.code', () => {
    expect(toPayseraPasswordReset({ email: 'email@example.com', nationalId: '31001010000' })).toEqual(requests.requestPasswordReset);
  });

  it('when requesting a reset by phone, then the phone is in Paysera form', () => {
    expect(toPayseraPasswordReset({ phone: '+37066612345' })).toEqual({ phone: '37066612345' });
  });

  it.each([
    ['the reset code', { code: 'ABCDEF', password: 'newPassword123' }, requests.changePasswordWithCode],
    ['the old password', { oldPassword: 'oldPassword', password: 'newPassword123' }, requests.changePasswordWithOldPassword],
  ])('when changing the password with %s, then the body is the documented one', (_with, change, expected) => {
    expect(toPayseraPasswordChange(change)).toEqual(expected);
  });

  it('when providing a merchant position, then the body is the documented one', () => {
    expect(toPayseraPosition({ lat: 54.698686, lng: 25.216615, type: 'merchant' })).toEqual(requests.providePosition);
  });

  it('when providing a default position, then no type is sent', () => {
    expect(toPayseraPosition({ lat: 1, lng: 2, type: 'default' })).toEqual({ lat: 1, lng: 2 });
  });

  it('when providing an identity, then the body is the documented one', () => {
    const provision = { email: 'user@example.com', name: { given: 'John', family: 'Smith' }, nationality: 'LT', nationalId: '31001010000' };
    expect(toPayseraIdentityProvision(provision)).toEqual(requests.provideIdentity);
  });

  it('when creating a contact book, then the lists get their Paysera names and phones their Paysera form', () => {
    const contacts = { emails: ['a@example.com', 'b@example.com'], phones: ['+37012345678'], emailHashes: ['hash1', 'hash2'], phoneHashes: ['hash3'] };
    expect(toPayseraContacts(contacts)).toEqual(requests.createContactBook);
  });

  it('when removing contacts, then they become comma-separated email and phone values', () => {
    expect(toPayseraContactQuery({ emails: ['a@example.com', 'b@example.com'], phones: ['+37012345678'] })).toEqual({
      email: 'a@example.com,b@example.com',
      phone: '37012345678',
    });
  });
});

describe('Paysera operation mappers, reading', () => {
  it('when a service was enabled, then its unix time becomes RFC 3339 UTC', () => {
    expect(toService({ service: 'micro', status: 'enabled', title: 'Micro payments collection', actions: [], added: 1700000000 })).toEqual({
      service: 'micro',
      status: 'enabled',
      title: 'Micro payments collection',
      actions: [],
      url: null,
      enabledAt: '2023-11-14T22:13:20.000Z',
    });
  });

  it('when a position has no type, then it is the default one', () => {
    expect(toPosition({ lat: 1, lng: 2 }, mapping)).toEqual({ lat: 1, lng: 2, type: 'default' });
  });

  it('when a position type is unknown, then it maps to null and is reported', () => {
    expect(toPosition({ lat: 1, lng: 2, type: 'teleporting' }, mapping).type).toBeNull();
    expect(unknowns).toContainEqual(['position.type', 'teleporting']);
  });

  it('when wallets are listed, then each keeps its id (as a string) and account number, null when it has no account', () => {
    expect(
      toWallets([
        { id: 14471, owner: 221, account: { number: 'EVP0010001234567' } },
        { id: 14472, owner: 221 },
      ]),
    ).toEqual([
      { id: '14471', accountNumber: 'EVP0010001234567' },
      { id: '14472', accountNumber: null },
    ]);
  });
});
