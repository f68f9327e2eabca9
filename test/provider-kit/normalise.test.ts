import type { MappingContext } from '../../src/connections/adapter';
import { countryCode, e164, fromUnixSeconds, fullName, languageTag, orNull, personName, utcTimestamp } from '../../src/provider-kit/normalise';

function recorder(): MappingContext & { reported: [string, unknown][] } {
  const reported: [string, unknown][] = [];
  return { reported, reportUnknown: (field, value) => reported.push([field, value]) };
}

describe('provider kit: normalisers', () => {
  it('when a value is absent or empty, then it is null; anything else stays', () => {
    expect([orNull(undefined), orNull(null), orNull(''), orNull('x'), orNull(0), orNull(false)]).toEqual([null, null, null, 'x', 0, false]);
  });

  it('when a name has given and family only, then full is them joined; a full name of its own wins; nothing is split', () => {
    expect(fullName('Eglė', 'Jankauskienė')).toBe('Eglė Jankauskienė');
    expect(fullName('', null)).toBeNull();
    expect(personName('Eglė', '', undefined)).toEqual({ given: 'Eglė', family: null, full: 'Eglė' });
    expect(personName(null, null, 'Egle Jankauskiene')).toEqual({ given: null, family: null, full: 'Egle Jankauskiene' });
  });

  it('when a country is two letters in any case, then it is upper case; anything else is reported and null', () => {
    const context = recorder();
    expect(countryCode('lt', 'country', context)).toBe('LT');
    expect(countryCode('Lithuania', 'country', context)).toBeNull();
    expect(context.reported).toEqual([['country', 'Lithuania']]);
  });

  it('when a language tag uses underscores or upper case, then it is a lower-case BCP 47 tag', () => {
    const context = recorder();
    expect(languageTag('en_US', 'language', context)).toBe('en-us');
    expect(languageTag('not a tag', 'language', context)).toBeNull();
    expect(context.reported).toHaveLength(1);
  });

  it('when a phone is international, 00-prefixed, national in the default region or without its plus, then it is E.164', () => {
    const context = recorder();
    expect(e164('+370 600 12345', 'phone', context)).toBe('+37060012345');
    expect(e164('0037060012345', 'phone', context)).toBe('+37060012345');
    expect(e164('(212) 555-0147', 'phone', context, { defaultRegion: 'US' })).toBe('+12125550147');
    expect(e164('37060012345', 'phone', context, { withoutPlus: true })).toBe('+37060012345');
    expect(context.reported).toEqual([]);
  });

  it('when a phone cannot be read, then it is null and reported without its digits', () => {
    const context = recorder();
    expect(e164('12', 'phone', context)).toBeNull();
    expect(context.reported).toEqual([['phone', 'unparseable']]);
  });

  it('when a time is unix seconds, then it is RFC 3339 UTC with Z', () => {
    expect(fromUnixSeconds(1680893993, 'created', recorder())).toBe('2023-04-07T18:59:53Z');
    expect(fromUnixSeconds(null, 'created', recorder())).toBeNull();
  });

  it('when a unix time is out of any calendar, then it is reported and null', () => {
    const context = recorder();
    expect(fromUnixSeconds(1e15, 'created', context)).toBeNull();
    expect(context.reported).toHaveLength(1);
  });

  it.each([
    ['2022-07-01 15:00:01', '2022-07-01T15:00:01Z'],
    ['2022-07-01T15:00:01', '2022-07-01T15:00:01Z'],
    ['2022-07-01T15:00:01.250', '2022-07-01T15:00:01.250Z'],
    ['2022-07-01T17:00:01+02:00', '2022-07-01T15:00:01Z'],
    ['2022-07-01T10:00:01-0500', '2022-07-01T15:00:01Z'],
  ])('when a timestamp is %s, then it is %s (zone-less is UTC)', (value, expected) => {
    expect(utcTimestamp(value, 'createdAt', recorder())).toBe(expected);
  });

  it('when a timestamp names a day that does not exist, then it is reported and null', () => {
    const context = recorder();
    expect(utcTimestamp('2023-02-30 10:00:00', 'createdAt', context)).toBeNull();
    expect(context.reported).toEqual([['createdAt', 'unparseable timestamp']]);
  });
});
