import { GatewayError } from '../../../src/errors';
import { exactFilterTerm } from '../filter';
import { matchesFilter, parseFilter } from '../simulator/filter';

describe('Rebilly filter terms', () => {
  it('when the email is plain, then one exact term is built and reads back as exactly one term with one value', () => {
    const term = exactFilterTerm('email', 'Egle.Jankauskiene+test@example.com');
    expect(term).toBe('email:Egle.Jankauskiene+test@example.com');
    expect(parseFilter(term)).toEqual([{ field: 'email', values: [{ negate: false, exact: 'egle.jankauskiene+test@example.com' }] }]);
  });

  it.each([
    ['a term separator', 'a@b.co;status:active'],
    ['a value separator', 'a@b.co,b@b.co'],
    ['a negation', '!a@b.co'],
    ['a range', 'a..z@b.co'],
    ['a field separator', 'status:a@b.co'],
    ['a value list', '@admins'],
  ])('when the value holds %s, then it is refused before any call', (_what, value) => {
    expect(() => exactFilterTerm('email', value)).toThrow(GatewayError);
  });

  it('when a value is refused, then the error names the field and not the value', () => {
    let refused: GatewayError | undefined;
    try {
      exactFilterTerm('email', 'a@b.co;status:active');
    } catch (error) {
      refused = error as GatewayError;
    }
    expect(refused?.code).toBe('invalid_request');
    expect(refused?.extensions).toEqual({ invalidFields: [{ field: 'email', message: 'holds characters that Rebilly filters cannot escape' }] });
    expect(refused?.message).not.toContain('status:active');
  });
});

describe("the simulator's filter grammar", () => {
  const user = { status: 'inactive', country: 'LT', createdTime: '2021-06-30T17:05:00Z' };
  const matches = (filter: string) => matchesFilter(parseFilter(filter), (field) => user[field as keyof typeof user]);

  it.each([
    ['status:active,inactive', true],
    ['status:active;country:LT', false],
    ['status:INACTIVE;country:lt', true],
    ['country:!LT', false],
    ['country:!LV,!EE', true],
    ['createdTime:2021-01-01..2022-01-01', true],
    ['createdTime:2022-01-01..', false],
    ['email:someone@example.com', false],
  ])('when the filter is %s, then the user matches: %s', (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });
});
