import type Joi from 'joi';

/**
 * What the adapter does with a value outside the documented set: maps it to null (the canonical
 * field loses its meaning: breaking), or passes it through unchanged (a client sees it: a warning).
 */
export type UnknownValueHandling = 'mapped-to-null' | 'passed-through';

export interface DocumentedValuesNote {
  documentedValues: readonly (string | number)[];
  unknownValues: UnknownValueHandling;
}

/**
 * Notes the values a provider documents for a field without enforcing them: the mapper takes any
 * value (DESIGN §6: unknown enum values become null and are logged, never thrown), while
 * `usergate contract` reports a value outside the set.
 */
export function documentedValues<T extends Joi.Schema>(schema: T, values: readonly (string | number)[], unknownValues: UnknownValueHandling): T {
  return schema.meta({ documentedValues: values, unknownValues } satisfies DocumentedValuesNote) as T;
}
