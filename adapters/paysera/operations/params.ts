import Joi from 'joi';
import { e164Phone } from '../../../src/canonical/input';
import type { OperationInput } from '../../../src/connections/operations';
import { PAYSERA_ID } from '../types';

/** Request pieces the Paysera operations share, in the gateway's words (camelCase, E.164). */
export const payseraId = Joi.string()
  .pattern(PAYSERA_ID)
  .required()
  .messages({ 'string.pattern.base': '{{#label}} must be a Paysera id (a positive integer)' });

export const userPath = Joi.object({ userId: payseraId });

export const email = Joi.string().email({ tlds: false }).max(254);

export const phone = e164Phone;

/** An app or web link Paysera puts in its SMS or email; `{code}` marks where the code goes. */
export const confirmationLink = Joi.string()
  .max(500)
  .pattern(/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/\S+$/, 'link');

/** A code Paysera sent by SMS or email. */
export const confirmationCode = Joi.string().trim().min(1).max(64);

export const password = Joi.string().min(8).max(256);

export { calendarDate as calendarDay } from '../../../src/canonical/input';

/** A comma-separated query value, each item checked (and normalised) by `item`. */
export function commaList(item: Joi.Schema, max = 100) {
  return Joi.string()
    .max(max * 300)
    .custom((value: string, helpers) => {
      const items = value.split(',').map((part) => item.validate(part.trim()));
      if (items.length > max || items.some((checked) => checked.error)) return helpers.error('list.items', { max });
      return items.map((checked) => checked.value as unknown);
    })
    .messages({ 'list.items': '{{#label}} must be a comma-separated list of at most {{#max}} valid values' });
}

/** A parameter of the operation's own path (`:userId`), which the gateway validated with the operation's `params`. */
export function pathParam(params: OperationInput['params'], name: string): string {
  const value = params[name];
  if (value === undefined) throw new Error(`The operation's path has no :${name}.`);
  return value;
}

/** A binary body as the gateway hands it over: its bytes, and the declared type they came as. */
export function binaryBody(body: unknown, contentType: string | undefined): { bytes: Buffer; contentType: string } {
  if (!Buffer.isBuffer(body) || contentType === undefined) throw new Error('The operation takes a binary body of a declared type.');
  return { bytes: body, contentType };
}
