import { createUserRequestSchema, userDraftSchema, userPatchSchema } from '../../src/canonical/input';

describe('canonical input', () => {
  it('when a date of birth is a real calendar date, then it is kept as given', () => {
    expect(userDraftSchema.validate({ dateOfBirth: '1990-01-01' })).toEqual({ value: { dateOfBirth: '1990-01-01' } });
  });

  it.each(['1990-02-30', '1990-13-01', '01/02/1990', '1990-01-01T00:00:00Z'])('when a date of birth is %s, then it is refused', (dateOfBirth) => {
    expect(userDraftSchema.validate({ dateOfBirth }).error?.message).toMatch(/calendar date/);
  });

  it('when a phone is given in E.164, then it is normalised; a national number is refused', () => {
    expect(userDraftSchema.validate({ phone: '+370 600 12345' }).value).toEqual({ phone: '+37060012345' });
    expect(userDraftSchema.validate({ phone: '860012345' }).error?.message).toMatch(/E\.164/);
  });

  it('when countries and locales come in any case, then they are normalised', () => {
    expect(userDraftSchema.validate({ nationality: 'lt', locale: 'PT-BR', address: { country: 'ee' } }).value).toEqual({
      nationality: 'LT',
      locale: 'pt-br',
      address: { country: 'EE' },
    });
  });

  it('when a patch sets a field to null, then that is a removal, allowed by the schema', () => {
    expect(userPatchSchema.validate({ phone: null, name: { family: null } }).error).toBeUndefined();
  });

  it('when a create request carries fields outside the canonical model, then it is refused', () => {
    expect(createUserRequestSchema.validate({ connection: 'x', user: { email: 'a@b.co', role: 'admin' } }).error?.message).toMatch(
      /"user.role" is not allowed/,
    );
  });
});
