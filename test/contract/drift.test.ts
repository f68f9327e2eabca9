import Joi from 'joi';
import { documentedValues } from '../../src/contract/documented-values';
import { findDrift } from '../../src/contract/drift';

const user = Joi.object({
  id: Joi.number().integer().required(),
  email: Joi.string(),
  level: documentedValues(Joi.string(), ['basic', 'full'], 'mapped-to-null'),
  kind: documentedValues(Joi.string(), ['natural', 'legal'], 'passed-through'),
  address: Joi.object({ city: Joi.string(), country: Joi.string() }),
  preferences: Joi.object().unknown(true),
  labels: Joi.object().pattern(Joi.string(), Joi.string()),
  extra: Joi.alternatives(Joi.object().unknown(true), Joi.string()),
  nickname: Joi.string().allow(null),
});
const list = Joi.object({ Records: Joi.array().items(user) });

describe('drift between an answer and its schema', () => {
  it('when the answer keeps to the schema, then there are no findings', () => {
    expect(findDrift({ id: 1, email: 'a@example.com', level: 'full', address: { city: 'Vilnius' }, nickname: null }, { schema: user })).toEqual([]);
  });

  it('when a required field is missing, then it is breaking drift at that field', () => {
    expect(findDrift({ email: 'a@example.com' }, { schema: user })).toEqual([
      { kind: 'missing-field', severity: 'breaking', path: 'id', message: 'a required field is missing' },
    ]);
  });

  it('when a field changes type, then it is breaking drift naming both types and never the value', () => {
    const [finding] = findDrift({ id: 1, email: 12345 }, { schema: user });
    expect(finding).toEqual({ kind: 'type-changed', severity: 'breaking', path: 'email', message: 'documented as a string, now number' });
  });

  it('when an integer becomes a fraction, then it is a changed type', () => {
    expect(findDrift({ id: 1.5 }, { schema: user })).toEqual([
      { kind: 'type-changed', severity: 'breaking', path: 'id', message: 'documented as an integer, now number' },
    ]);
  });

  it('when an undocumented field appears, then it is a warning (additive drift)', () => {
    expect(findDrift({ id: 1, middleName: 'x' }, { schema: user })).toEqual([
      { kind: 'new-field', severity: 'warning', path: 'middleName', message: 'not documented: a new field (additive)' },
    ]);
  });

  it('when the same drift is in every item of a list, then it is reported once, at a path for all items', () => {
    const findings = findDrift(
      {
        Records: [
          { id: 1, x: 1 },
          { id: 2, x: 2 },
        ],
      },
      { schema: list },
    );
    expect(findings).toEqual([{ kind: 'new-field', severity: 'warning', path: 'Records[].x', message: 'not documented: a new field (additive)' }]);
  });

  it('when an object holds data rather than fields (free-form or keyed by pattern), then its keys are no drift', () => {
    expect(findDrift({ id: 1, preferences: { theme: 'dark' }, labels: { vip: 'yes' } }, { schema: user })).toEqual([]);
  });

  it('when a value is outside a documented set the adapter maps to null, then it is breaking and says why', () => {
    const [finding] = findDrift({ id: 1, level: 'super' }, { schema: user });
    expect(finding).toMatchObject({ kind: 'enum-value', severity: 'breaking', path: 'level' });
    expect(finding!.message).toContain('"super" is not a documented value ("basic", "full"): the adapter maps it to null');
  });

  it('when a value is outside a documented set the adapter passes through, then it is a warning', () => {
    expect(findDrift({ id: 1, kind: 'trust' }, { schema: user })).toEqual([expect.objectContaining({ kind: 'enum-value', severity: 'warning', path: 'kind' })]);
  });

  it('when a field of a documented set changes type, then it is reported as a changed type only', () => {
    expect(findDrift({ id: 1, level: 2 }, { schema: user }).map((finding) => finding.kind)).toEqual(['type-changed']);
  });

  it('when a field the record is known to carry is absent, then it is breaking (renamed or dropped)', () => {
    expect(findDrift({ id: 1, address: {} }, { schema: user, carries: ['email', 'address.city'] })).toEqual([
      expect.objectContaining({ kind: 'missing-field', severity: 'breaking', path: 'email' }),
      expect.objectContaining({ kind: 'missing-field', severity: 'breaking', path: 'address.city' }),
    ]);
  });

  it('when an optional field nobody said the record carries is absent, then it is no drift', () => {
    expect(findDrift({ id: 1 }, { schema: user })).toEqual([]);
  });

  it('when a value matches one of several documented alternatives, then that alternative is the one walked', () => {
    expect(findDrift({ id: 1, extra: 'a string' }, { schema: user })).toEqual([]);
    expect(findDrift({ id: 1, extra: { any: 'key' } }, { schema: user })).toEqual([]);
  });

  it('when a value matches none of its alternatives, then it is a changed type', () => {
    expect(findDrift({ id: 1, extra: 5 }, { schema: user })).toEqual([
      { kind: 'type-changed', severity: 'breaking', path: 'extra', message: 'documented as one of several types, now number' },
    ]);
  });

  it('when a value breaks a documented constraint, then it is breaking and names the constraint', () => {
    expect(findDrift({ n: 0 }, { schema: Joi.object({ n: Joi.number().min(1) }) })).toEqual([
      { kind: 'constraint', severity: 'breaking', path: 'n', message: 'breaks the documented constraint number.min' },
    ]);
  });
});
