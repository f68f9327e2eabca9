import Ajv2020 from 'ajv/dist/2020';
import Joi from 'joi';
import { toJsonSchema } from '../../src/http/json-schema';

const ajv = new Ajv2020({ strict: false });

/** The samples that the joi schema and its JSON Schema disagree on. */
function disagreements(schema: Joi.Schema, samples: object[]) {
  const validate = ajv.compile(toJsonSchema(schema));
  return samples.filter((sample) => !schema.validate(sample).error !== validate(sample));
}

describe('joi to JSON Schema', () => {
  it('when a schema says xor, then the JSON Schema accepts exactly one of the peers, as joi does', () => {
    const schema = Joi.object({ email: Joi.string(), phone: Joi.string(), note: Joi.string() }).xor('email', 'phone');
    const samples = [{ email: 'a@example.com' }, { phone: '+37060012345' }, { email: 'a@example.com', phone: '+37060012345' }, { note: 'x' }, {}];
    expect(disagreements(schema, samples)).toEqual([]);
  });

  it('when a schema says and, then the JSON Schema accepts all of the peers or none, as joi does', () => {
    const schema = Joi.object({ email: Joi.string(), entry: Joi.string(), entryType: Joi.number() }).and('entry', 'entryType');
    const samples = [{ email: 'a@example.com' }, { entry: 'demo', entryType: 2 }, { entry: 'demo' }, { entryType: 2 }];
    expect(disagreements(schema, samples)).toEqual([]);
  });

  it('when a field takes any value, then its JSON Schema is the empty schema', () => {
    expect(toJsonSchema(Joi.object({ value: Joi.any().required() }))).toMatchObject({ properties: { value: {} } });
  });

  it('when a pattern carries regex flags, which JSON Schema cannot express, then conversion fails and says so', () => {
    expect(() => toJsonSchema(Joi.string().pattern(/^[a-z]+$/i))).toThrow(/regex flags/);
  });
});
