import Joi from 'joi';
import type { MappingContext } from '../../../src/connections/adapter';
import type { ProviderOperation } from '../../../src/connections/operations';
import { path } from '../../../src/upstream/request';
import type { PayseraApi } from '../client';
import { toCanonicalUser, toPayseraPhone } from '../mapper';
import { payseraUserSchema } from '../schema';
import { EXAMPLE_USER } from './examples';
import type { PayseraConnectionOptions } from '../types';
import { confirmationCode, confirmationLinkTo, email, pathParam, phone, userPath } from './params';

/** Phone and email are assigned and confirmed the same way; only the value and the link's name differ. */
const CHANNELS = {
  phone: { value: phone, toPaysera: toPayseraPhone, link: 'phone_link', example: '+37060012399' },
  email: { value: email, toPaysera: (value: string) => value, link: 'email_link', example: 'egle.j@example.com' },
} as const;

type Channel = keyof typeof CHANNELS;

/** The body of `POST /user/{id}/phone|email`: the new value and, when given, the link to put the code in. */
export function toPayseraAssignment(channel: Channel, value: string, confirmationLink?: string): Record<string, unknown> {
  const { toPaysera, link } = CHANNELS[channel];
  return { [channel]: toPaysera(value), ...(confirmationLink && { parameters: { [link]: confirmationLink } }) };
}

function assign(api: PayseraApi, mapping: MappingContext, channel: Channel, linkHosts: readonly string[] | undefined): ProviderOperation {
  return {
    id: `assign${capitalised(channel)}`,
    summary: `Assigns a new ${channel}: Paysera sends a confirmation code to it (in confirmationLink, when given).`,
    method: 'POST',
    path: `/users/:userId/${channel}`,
    scopes: ['users:write'],
    params: userPath,
    body: { kind: 'json', schema: Joi.object({ [channel]: CHANNELS[channel].value.required(), confirmationLink: confirmationLinkTo(linkHosts) }) },
    response: { kind: 'user' },
    idempotent: false,
    // Until it is confirmed, the user keeps the old value.
    example: {
      body: { [channel]: CHANNELS[channel].example, confirmationLink: `https://app.example.com/confirm-${channel}?code={code}` },
      response: EXAMPLE_USER,
    },
    handler: async ({ params, body }, context) => {
      const { [channel]: value, confirmationLink: link } = body as Record<Channel, string> & { confirmationLink?: string };
      // https://developers.paysera.com/en/wallet/rest/v1/user#phone-email-management (assign phone / assign email)
      const response = await api.send(
        {
          operation: `assign.${channel}`,
          method: 'POST',
          path: path`/user/${pathParam(params, 'userId')}/${channel}`,
          json: toPayseraAssignment(channel, value, link),
        },
        context,
      );
      return toCanonicalUser(api.parse(response, payseraUserSchema), mapping);
    },
  };
}

function confirm(api: PayseraApi, mapping: MappingContext, channel: Channel): ProviderOperation {
  return {
    id: `confirm${capitalised(channel)}`,
    summary: `Confirms the assigned ${channel} with the code Paysera sent; the user then has it.`,
    method: 'PUT',
    path: `/users/:userId/${channel}/confirm`,
    scopes: ['users:write'],
    params: userPath,
    body: { kind: 'json', schema: Joi.object({ code: confirmationCode.required() }) },
    response: { kind: 'user' },
    // NOTE: a code works once and wrong codes count towards Paysera's attempt limit: never repeated blindly.
    idempotent: false,
    example: { body: { code: '482913' }, response: { ...EXAMPLE_USER, [channel]: CHANNELS[channel].example } },
    handler: async ({ params, body }, context) => {
      // https://developers.paysera.com/en/wallet/rest/v1/user#phone-email-management (confirm phone / confirm email)
      const response = await api.send(
        {
          operation: `confirm.${channel}`,
          method: 'PUT',
          path: path`/user/${pathParam(params, 'userId')}/${channel}/confirm`,
          json: { code: (body as { code: string }).code },
        },
        context,
      );
      return toCanonicalUser(api.parse(response, payseraUserSchema), mapping);
    },
  };
}

const capitalised = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** Phone and email assignment and confirmation (errors: `*_already_assigned`, `invalid_code`, `rate_limit_exceeded`). */
export function contactOperations(api: PayseraApi, mapping: MappingContext, options: PayseraConnectionOptions): ProviderOperation[] {
  return (['phone', 'email'] as const).flatMap((channel) => [assign(api, mapping, channel, options.confirmationLinkHosts), confirm(api, mapping, channel)]);
}
