import Joi from 'joi';
import type { MappingContext } from '../../../src/connections/adapter';
import type { OperationDocument, ProviderOperation } from '../../../src/connections/operations';
import type { UpstreamResponse } from '../../../src/upstream/client';
import { path } from '../../../src/upstream/request';
import type { PayseraApi } from '../client';
import { toCanonicalUser, toPayseraIdentity } from '../mapper';
import { payseraReceiptSchema, payseraUserSchema } from '../schema';
import type { PayseraIdentityUpdate } from '../types';
import { EXAMPLE_USER } from './examples';
import { email, pathParam, payseraId, userPath } from './params';

interface IdentityProvision {
  email?: string;
  name: { given: string; family: string };
  nationality: string;
  nationalId?: string;
}

const name = Joi.string().trim().min(1).max(100).required();

export function toPayseraIdentityProvision(provision: IdentityProvision): PayseraIdentityUpdate {
  return { ...(provision.email && { email: provision.email }), identity: toPayseraIdentity(provision) };
}

/**
 * NOTE: receipts are text for a receipt printer, `width` characters to a line. No official client
 * calls the receipt routes and their answer is undocumented; the sibling balance receipt answers
 * `application/json` `{"text": "..."}` (payseraReceiptSchema), so that is read and its text returned,
 * text/plain and text/html pass as they come, and a PDF passes through byte for byte.
 */
export const RECEIPT_TYPES = ['text/plain', 'text/html', 'application/pdf'];
const RECEIPT_ACCEPT = ['application/json', ...RECEIPT_TYPES].join(', ');
export const RECEIPT_MAX_BYTES = 64 * 1024;

/** The receipt to pass on: the text of a JSON receipt, a text receipt as it came, anything else as its exact bytes. */
function toReceipt(api: PayseraApi, response: UpstreamResponse): OperationDocument {
  const contentType = response.headers['content-type'] ?? 'application/octet-stream';
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase();
  if (mediaType === 'application/json') return { contentType: 'text/plain; charset=utf-8', content: api.parse(response, payseraReceiptSchema).text };
  if (mediaType === 'text/plain' || mediaType === 'text/html') return { contentType, content: response.text };
  return { contentType, content: response.bytes ?? Buffer.from(response.text, 'utf8') };
}

/** Identity provision by offline and gateway clients (a special Paysera permission) and the receipts they print. */
export function identityOperations(api: PayseraApi, mapping: MappingContext): ProviderOperation[] {
  return [
    {
      id: 'provideIdentity',
      summary:
        "Replaces the user's identity as an offline or gateway client verified it (name, nationality, national id) " +
        'and optionally the email; print the identification receipt afterwards.',
      method: 'PUT',
      path: '/users/:userId/identity',
      scopes: ['users:write', 'users:pii'],
      params: userPath,
      body: {
        kind: 'json',
        schema: Joi.object<IdentityProvision>({
          email,
          name: Joi.object({ given: name, family: name }).required(),
          nationality: Joi.string()
            .pattern(/^[a-zA-Z]{2}$/)
            .uppercase()
            .required(),
          nationalId: Joi.string().trim().min(1).max(64),
        }),
      },
      response: { kind: 'user' },
      idempotent: true,
      example: {
        body: { name: { given: 'Eglė', family: 'Jankauskienė' }, nationality: 'LT', nationalId: '48804120123' },
        response: EXAMPLE_USER,
      },
      handler: async ({ params, body }, context) => {
        // https://developers.paysera.com/en/wallet/rest/v1/user#identification-process (provide identity)
        const json = toPayseraIdentityProvision(body as IdentityProvision);
        const response = await api.send({ operation: 'provideIdentity', method: 'PUT', path: path`/user/${pathParam(params, 'userId')}`, json }, context);
        return toCanonicalUser(api.parse(response, payseraUserSchema), mapping);
      },
    },
    {
      id: 'getReceipt',
      summary: "The user's identification or registration receipt to print, as Paysera renders it: text (also when Paysera wraps it in JSON), or a PDF.",
      method: 'GET',
      path: '/users/:userId/receipts/:receipt',
      scopes: ['users:read', 'users:pii'],
      params: Joi.object({ userId: payseraId, receipt: Joi.string().valid('identification', 'registration').required() }),
      query: Joi.object({ locale: Joi.string().pattern(/^[a-z]{2}$/), width: Joi.number().integer().min(16).max(200) }),
      response: { kind: 'document', contentTypes: RECEIPT_TYPES, maxBytes: RECEIPT_MAX_BYTES },
      idempotent: true,
      example: { response: ['Paysera', 'IDENTIFICATION RECEIPT', 'User: 1001', 'Eglė Jankauskienė', 'Person code: 48804120123', '2025-03-20'].join('\n') },
      handler: async ({ params, query }, context): Promise<OperationDocument> => {
        const receipt = pathParam(params, 'receipt');
        // https://developers.paysera.com/en/wallet/rest/v1/user#identification-process (get identification / registration receipt)
        const response = await api.send(
          {
            operation: `getReceipt.${receipt}`,
            method: 'GET',
            path: path`/user/${pathParam(params, 'userId')}/receipt/${receipt}`,
            query: query as Record<string, string | number>,
            headers: { accept: RECEIPT_ACCEPT },
            idempotent: true,
            binaryAnswer: true,
          },
          context,
        );
        return toReceipt(api, response);
      },
    },
  ];
}
