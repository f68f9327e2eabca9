import { patchedFields, type UserDraft, type UserPatch } from '../canonical/input';
import { GatewayError } from '../errors';
import { fullName } from './normalise';

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

/** A name as a draft or a patch gives it: each part set, removed (null), or left out. */
interface NameInput {
  given?: string | null;
  family?: string | null;
  full?: string | null;
}

/**
 * The one name of a provider that keeps no given and family name: `name.full`, or given and family
 * joined. A `full` beside halves that do not join to it is refused, and so, in a patch
 * (`bothHalves`), is a change of one half alone, which would silently drop the other (DESIGN §6).
 */
export function singleName(name: NameInput, provider: string, bothHalves = false): string | null {
  const hasHalves = name.given !== undefined || name.family !== undefined;
  const joined = fullName(name.given, name.family);
  if (name.full !== undefined) {
    if (hasHalves && joined !== name.full) refuseName(provider, 'name.full must be name.given and name.family joined');
    return name.full;
  }
  if (bothHalves && (name.given === undefined || name.family === undefined)) refuseName(provider, 'change name.full, or name.given and name.family together');
  return joined;
}

function refuseName(provider: string, how: string): never {
  const message = `${provider} keeps one name: ${how}`;
  return refuseFields([{ field: 'name', message }], `${message}.`);
}
