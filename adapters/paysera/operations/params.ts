import Joi from 'joi';
import { e164Phone } from '../../../src/canonical/input';
import type { OperationInput } from '../../../src/connections/operations';
import { GatewayError } from '../../../src/errors';
import { PAYSERA_ID } from '../types';

/** Request pieces the Paysera operations share, in the gateway's words (camelCase, E.164). */
export const payseraId = Joi.string()
  .pattern(PAYSERA_ID)
  .required()
  .messages({ 'string.pattern.base': '{{#label}} must be a Paysera id (a positive integer)' });

export const userPath = Joi.object({ userId: payseraId });

export const email = Joi.string().email({ tlds: false }).max(254);

export const phone = e164Phone;

/**
 * What a URL holds unencoded (RFC 3986), and the braces of `{code}`. Anything else is read one way
 * here and another elsewhere: `https://listed.example\@evil.example/` is the listed host to a
 * browser's parser (and to this check) but `evil.example` to an RFC 3986 one.
 */
const URL_CHARACTERS = /^[\w\-.~:/?#[\]@!$&'()*+,;=%{}]+$/;

/**
 * A link Paysera puts in its SMS or email, with the real confirmation code where `{code}` is: https
 * only, without credentials before the host, and, when the connection lists `confirmationLinkHosts`,
 * to one of those hosts. Another scheme (`javascript:`, `file:`, an app scheme any app may claim)
 * or host would hand the code to whoever owns it.
 */
export function confirmationLinkTo(hosts?: readonly string[]) {
  return Joi.string()
    .max(500)
    .pattern(/^https:\/\/\S+$/, 'https link')
    .custom((value: string, helpers) => {
      // Another scheme is the pattern's to report (it also documents the rule in OpenAPI).
      if (!value.startsWith('https://')) return value;
      if (!URL_CHARACTERS.test(value)) return helpers.error('link.characters');
      const url = URL.canParse(value) ? new URL(value) : undefined;
      if (url?.protocol !== 'https:' || url.username !== '' || url.password !== '') return helpers.error('link.https');
      return hosts === undefined || hosts.includes(url.hostname) ? value : helpers.error('link.host');
    })
    .messages({
      'string.pattern.name': '{{#label}} must be an https link',
      'link.https': '{{#label}} must be an https link without credentials',
      'link.characters': '{{#label}} must hold URL characters only (RFC 3986): percent-encode the others',
      'link.host': "{{#label}} must point at one of the connection's confirmationLinkHosts",
    });
}

/** Any https link (the adapter's create options; each connection checks its hosts, see `checkedLinks`). */
export const confirmationLink = confirmationLinkTo();

/** The connection option that limits where confirmation links may point. */
export const confirmationLinkHosts = Joi.array().items(Joi.string().hostname().lowercase()).min(1).max(100);

/** A registration's `phoneLink` and `emailLink`, held to the connection's hosts (400 naming the option otherwise). */
export function checkedLinks<T extends { phoneLink?: string; emailLink?: string }>(options: T, hosts: readonly string[] | undefined): T {
  const schema = confirmationLinkTo(hosts);
  for (const key of ['phoneLink', 'emailLink'] as const) {
    const link = options[key];
    const refused = link === undefined ? undefined : schema.label(`options.${key}`).validate(link).error;
    if (refused)
      throw new GatewayError('invalid_request', refused.message, { extensions: { invalidFields: [{ field: `options.${key}`, message: refused.message }] } });
  }
  return options;
}

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
