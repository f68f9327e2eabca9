import Joi from 'joi';
import type { ProviderOperation } from '../../../src/connections/operations';
import { path } from '../../../src/upstream/request';
import type { PayseraApi } from '../client';
import { notFoundAs } from '../errors';
import { toPayseraPhone } from '../mapper';
import { payseraCreatedSchema } from '../schema';
import type { PayseraContacts } from '../types';
import { commaList, email, pathParam, payseraId, phone, userPath } from './params';

interface Contacts {
  emails?: string[];
  phones?: string[];
  emailHashes?: string[];
  phoneHashes?: string[];
}

/** NOTE: hashes are SHA-1 hex of the lower-cased email or of the phone's digits, as Paysera's own clients make them. */
const sha1Hex = Joi.string().hex().length(40).lowercase();
const listOf = (item: Joi.Schema) => Joi.array().items(item).min(1).max(1000);

const contactsSchema = Joi.object<Contacts>({
  emails: listOf(email),
  phones: listOf(phone),
  emailHashes: listOf(sha1Hex),
  phoneHashes: listOf(sha1Hex),
}).or('emails', 'phones', 'emailHashes', 'phoneHashes');

export function toPayseraContacts(contacts: Contacts): PayseraContacts {
  return {
    ...(contacts.emails && { emails: contacts.emails }),
    ...(contacts.phones && { phones: contacts.phones.map(toPayseraPhone) }),
    ...(contacts.emailHashes && { email_hashes: contacts.emailHashes }),
    ...(contacts.phoneHashes && { phone_hashes: contacts.phoneHashes }),
  };
}

/** NOTE: Paysera takes the contacts to remove as comma-separated `email` and `phone` query values. */
export function toPayseraContactQuery(query: { emails?: string[]; phones?: string[] }): Record<string, string | undefined> {
  return { email: query.emails?.join(','), phone: query.phones?.map(toPayseraPhone).join(',') };
}

const contactBookPath = Joi.object({ contactBookId: payseraId });
const contactBookAnswer = Joi.object({ contactBookId: Joi.string().required() });
const noContactBook = notFoundAs('Paysera has no such contact book.');

/** Contact books: the people a user knows, so that wallet search and notifications can find them. */
export function contactBookOperations(api: PayseraApi): ProviderOperation[] {
  const created = (id: number) => ({ contactBookId: String(id) });
  return [
    {
      id: 'createContactBook',
      summary: "Creates the user's contact book from emails, phones (E.164) or their SHA-1 hashes.",
      method: 'POST',
      path: '/users/:userId/contact-book',
      scopes: ['users:write'],
      params: userPath,
      body: { kind: 'json', schema: contactsSchema },
      response: contactBookAnswer,
      successStatus: 201,
      idempotent: false,
      example: {
        body: { emails: ['jonas.petraitis@example.com'], phones: ['+37060054321'] },
        response: { contactBookId: '4001' },
      },
      handler: async ({ params, body }, context) => {
        // https://developers.paysera.com/en/wallet/rest/v1/user#contact-book (create contact book)
        const json = toPayseraContacts(body as Contacts);
        const response = await api.send(
          { operation: 'createContactBook', method: 'POST', path: path`/user/${pathParam(params, 'userId')}/contact-book`, json },
          context,
        );
        return created(api.parse(response, payseraCreatedSchema.required()).id);
      },
    },
    {
      id: 'appendContacts',
      summary: 'Adds contacts to a contact book.',
      method: 'PUT',
      path: '/contact-books/:contactBookId/append',
      scopes: ['users:write'],
      params: contactBookPath,
      body: { kind: 'json', schema: contactsSchema },
      response: contactBookAnswer,
      idempotent: true,
      example: {
        // The SHA-1 of zoe.angstrom@example.com.
        body: { emailHashes: ['68d452f68a30e8b7510b18e90ad55272b8615a1e'] },
        response: { contactBookId: '4001' },
      },
      handler: async ({ params, body }, context) => {
        // https://developers.paysera.com/en/wallet/rest/v1/user#contact-book (append contacts)
        const json = toPayseraContacts(body as Contacts);
        const response = await api.send(
          { operation: 'appendContacts', method: 'PUT', path: path`/contact-book/${pathParam(params, 'contactBookId')}/append`, json },
          context,
          noContactBook,
        );
        return created(api.parse(response, payseraCreatedSchema.required()).id);
      },
    },
    {
      id: 'removeContacts',
      summary: 'Removes contacts from a contact book: `emails` and `phones` (E.164), each comma-separated.',
      method: 'DELETE',
      path: '/contact-books/:contactBookId/contacts',
      scopes: ['users:write'],
      params: contactBookPath,
      query: Joi.object({ emails: commaList(email), phones: commaList(phone) }).or('emails', 'phones'),
      idempotent: true,
      handler: async ({ params, query }, context) => {
        // https://developers.paysera.com/en/wallet/rest/v1/user#contact-book (remove contacts)
        await api.send(
          {
            operation: 'removeContacts',
            method: 'DELETE',
            path: path`/contact-book/${pathParam(params, 'contactBookId')}/contacts`,
            query: toPayseraContactQuery(query),
          },
          context,
          noContactBook,
        );
      },
    },
    {
      id: 'deleteContactBook',
      summary: 'Deletes a contact book.',
      method: 'DELETE',
      path: '/contact-books/:contactBookId',
      scopes: ['users:write'],
      params: contactBookPath,
      idempotent: true,
      handler: async ({ params }, context) => {
        // https://developers.paysera.com/en/wallet/rest/v1/user#contact-book (delete contact book)
        await api.send(
          { operation: 'deleteContactBook', method: 'DELETE', path: path`/contact-book/${pathParam(params, 'contactBookId')}` },
          context,
          noContactBook,
        );
      },
    },
  ];
}
