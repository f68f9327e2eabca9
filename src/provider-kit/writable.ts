import { patchedFields, type UserDraft, type UserPatch } from '../canonical/input';
import { GatewayError } from '../errors';

/** One field a write cannot carry, and why, as `invalidFields` lists it. */
export interface InvalidField {
  field: string;
  message: string;
}

/** A refusal of the client's input before any call: 400 `invalid_request` naming each field. */
export function refuseFields(problems: readonly InvalidField[], detail: string): never {
  throw new GatewayError('invalid_request', detail, { extensions: { invalidFields: problems } });
}

/**
 * Refuses, before any call, a draft or patch that sets a field the provider cannot store: writes
 * never drop a field silently (DESIGN §6). `writable` lists canonical field paths (`email`,
 * `name.given`); `name` or `address` alone allows all of its parts, and so the removal (`null`)
 * of the whole object, which a provider storing only some parts must decide on itself.
 */
export function assertWritable(input: UserDraft | UserPatch, writable: readonly string[], provider: string): void {
  const allowed = new Set(writable);
  const refused = patchedFields(input).filter((field) => !allowed.has(field) && !allowed.has(field.split('.')[0] ?? field));
  if (refused.length === 0) return;
  refuseFields(
    refused.map((field) => ({ field, message: `${provider} cannot store this field` })),
    `${provider} cannot store ${refused.join(', ')}.`,
  );
}
