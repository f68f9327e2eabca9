import { GatewayError } from '../../src/errors';
import { assertWritable, singleName } from '../../src/provider-kit/writable';

function refusal(run: () => void): GatewayError {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('nothing was refused');
}

describe('provider kit: assertWritable', () => {
  it('when every field is writable, then nothing is refused', () => {
    expect(() => assertWritable({ email: 'a@example.com', name: { given: 'A' } }, ['email', 'name.given'], 'Acme')).not.toThrow();
  });

  it('when fields are not writable, then 400 invalid_request names each of them', () => {
    const error = refusal(() => assertWritable({ email: 'a@example.com', gender: 'male', name: { family: 'B' } }, ['email', 'name.given'], 'Acme'));
    expect(error).toMatchObject({ code: 'invalid_request', status: 400, message: 'Acme cannot store gender, name.family.' });
    expect(error.extensions).toEqual({
      invalidFields: [
        { field: 'gender', message: 'Acme cannot store this field' },
        { field: 'name.family', message: 'Acme cannot store this field' },
      ],
    });
  });

  it('when a whole object is writable, then its parts and its removal are', () => {
    expect(() => assertWritable({ address: { city: 'Vilnius' } }, ['address'], 'Acme')).not.toThrow();
    expect(() => assertWritable({ address: null }, ['address'], 'Acme')).not.toThrow();
  });

  it('when only some parts of an object are writable, then removing the whole object is refused', () => {
    expect(refusal(() => assertWritable({ address: null }, ['address.country'], 'Acme')).extensions).toEqual({
      invalidFields: [{ field: 'address', message: 'Acme cannot store this field' }],
    });
  });
});

describe('provider kit: singleName', () => {
  it('when a draft gives halves, a full name, or both agreeing, then the one name is what they say', () => {
    expect(singleName({ given: 'Eglė', family: 'Jankauskienė' }, 'Acme')).toBe('Eglė Jankauskienė');
    expect(singleName({ full: 'Eglė J.' }, 'Acme')).toBe('Eglė J.');
    expect(singleName({ given: 'Eglė', family: 'Jankauskienė', full: 'Eglė Jankauskienė' }, 'Acme')).toBe('Eglė Jankauskienė');
    expect(singleName({ given: 'Eglė' }, 'Acme')).toBe('Eglė');
  });

  it('when the full name is not the halves joined, then name is refused, naming the provider', () => {
    const error = refusal(() => singleName({ given: 'Eglė', full: 'Ona' }, 'Acme'));
    expect(error).toMatchObject({ code: 'invalid_request', message: 'Acme keeps one name: name.full must be name.given and name.family joined.' });
    expect(error.extensions).toEqual({
      invalidFields: [{ field: 'name', message: 'Acme keeps one name: name.full must be name.given and name.family joined' }],
    });
  });

  it('when a patch changes one half alone, then it is refused (the other half would be dropped); both halves, or removing both, are taken', () => {
    expect(refusal(() => singleName({ family: 'Jankauskaitė' }, 'Acme', true)).extensions).toEqual({
      invalidFields: [{ field: 'name', message: 'Acme keeps one name: change name.full, or name.given and name.family together' }],
    });
    expect(singleName({ given: 'Eglė', family: 'Jankauskaitė' }, 'Acme', true)).toBe('Eglė Jankauskaitė');
    expect(singleName({ given: null, family: null }, 'Acme', true)).toBeNull();
  });
});
