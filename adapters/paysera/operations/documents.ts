import Joi from 'joi';
import type { ProviderOperation } from '../../../src/connections/operations';
import { path } from '../../../src/upstream/request';
import type { PayseraApi } from '../client';
import { notFoundAs } from '../errors';
import { payseraCreatedSchema } from '../schema';
import { PAYSERA_DOCUMENT_TYPES, type PayseraDocumentMetadata } from '../types';
import { binaryBody, calendarDay, pathParam, payseraId, userPath } from './params';

export const DOCUMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];
/** NOTE: the gateway's upstream client sends at most 2 MiB; larger scans need that limit raised first. */
export const DOCUMENT_MAX_BYTES = 2 * 1024 * 1024;

const metadataSchema = Joi.object<PayseraDocumentMetadata>({
  type: Joi.string()
    .valid(...PAYSERA_DOCUMENT_TYPES)
    .required(),
  title: Joi.string().trim().min(1).max(255),
  extension: Joi.string().valid('pdf', 'jpg', 'jpeg', 'png'),
  number: Joi.string().trim().min(1).max(64),
  date: calendarDay,
});

/** Identification documents (a special Paysera permission): the file first, then what it is. */
export function documentsOperations(api: PayseraApi): ProviderOperation[] {
  return [
    {
      id: 'uploadDocument',
      summary: `Stores an identification document for the user (${DOCUMENT_TYPES.join(', ')}, at most 2 MiB); describe it next with its metadata.`,
      method: 'POST',
      path: '/users/:userId/documents',
      scopes: ['users:write', 'users:pii'],
      params: userPath,
      body: { kind: 'binary', contentTypes: DOCUMENT_TYPES, maxBytes: DOCUMENT_MAX_BYTES },
      response: Joi.object({ documentId: Joi.string().required() }),
      successStatus: 201,
      idempotent: false,
      example: { response: { documentId: '3001' } },
      handler: async ({ params, body, contentType }, context) => {
        // https://developers.paysera.com/en/wallet/rest/v1/user#document-management (upload document)
        const response = await api.send(
          {
            operation: 'uploadDocument',
            method: 'POST',
            path: path`/user/${pathParam(params, 'userId')}/document`,
            body: binaryBody(body, contentType),
          },
          context,
        );
        return { documentId: String(api.parse(response, payseraCreatedSchema.required()).id) };
      },
    },
    {
      id: 'provideDocumentMetadata',
      summary: 'Says what an uploaded document is: its type (card, passport, driver_licence), number, date and title.',
      method: 'PUT',
      path: '/documents/:documentId/metadata',
      scopes: ['users:write', 'users:pii'],
      params: Joi.object({ documentId: payseraId }),
      body: { kind: 'json', schema: metadataSchema },
      idempotent: true,
      example: { body: { type: 'passport', number: 'LT0000001', date: '2021-05-20', title: 'Passport' } },
      handler: async ({ params, body }, context) => {
        // https://developers.paysera.com/en/wallet/rest/v1/user#document-management (provide document metadata)
        await api.send(
          { operation: 'provideDocumentMetadata', method: 'PUT', path: path`/user/document/${pathParam(params, 'documentId')}/metadata`, json: body },
          context,
          notFoundAs('Paysera has no such document.'),
        );
      },
    },
  ];
}
