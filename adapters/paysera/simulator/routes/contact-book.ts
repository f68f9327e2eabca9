import type { PayseraContacts } from '../../types';
import type { ContactBook } from '../state';
import { entryOf, fail, jsonBody, userOf, type RouteModule } from '../http';

const LISTS = ['emails', 'phones', 'email_hashes', 'phone_hashes'] as const;

/** The body's contacts, or undefined when it names none (or names them badly). */
function contactsOf(body: PayseraContacts): Required<PayseraContacts> | undefined {
  const lists = Object.fromEntries(LISTS.map((list) => [list, body[list] ?? []])) as Required<PayseraContacts>;
  const valid = LISTS.every((list) => Array.isArray(lists[list]) && lists[list].every((item) => typeof item === 'string'));
  return valid && LISTS.some((list) => lists[list].length > 0) ? lists : undefined;
}

function merge(book: ContactBook, added: Required<PayseraContacts>): void {
  for (const list of LISTS) book.contacts[list] = [...new Set([...book.contacts[list], ...added[list]])];
}

/** Contact books: create, append, remove contacts, delete. */
export const contactBookRoutes: RouteModule = (api, simulation) => {
  const books = simulation.state.contactBooks;

  api.post('/user/:id/contact-book', (req, res) => {
    const user = userOf(req, res, simulation.users);
    const body = user && (jsonBody(req, res) as PayseraContacts | undefined);
    if (!user || !body) return;
    const contacts = contactsOf(body);
    if (!contacts) {
      fail(res, 400, 'invalid_parameters', 'Give emails, phones or their hashes');
      return;
    }
    const id = simulation.state.newId();
    books.set(id, { userId: user.id, contacts });
    res.json({ id });
  });

  api.put('/contact-book/:bookId/append', (req, res) => {
    const book = entryOf(req, res, 'bookId', books, 'Contact book');
    const body = book && (jsonBody(req, res) as PayseraContacts | undefined);
    if (!book || !body) return;
    const contacts = contactsOf(body);
    if (!contacts) {
      fail(res, 400, 'invalid_parameters', 'Give emails, phones or their hashes');
      return;
    }
    merge(book, contacts);
    res.json({ id: Number(req.params.bookId) });
  });

  api.delete('/contact-book/:bookId/contacts', (req, res) => {
    const book = entryOf(req, res, 'bookId', books, 'Contact book');
    if (!book) return;
    const listed = (name: string) => (typeof req.query[name] === 'string' ? req.query[name].split(',') : []);
    const emails = listed('email');
    const phones = listed('phone');
    if (!emails.length && !phones.length) {
      fail(res, 400, 'invalid_parameters', 'Give email or phone');
      return;
    }
    book.contacts.emails = book.contacts.emails.filter((email) => !emails.includes(email));
    book.contacts.phones = book.contacts.phones.filter((phone) => !phones.includes(phone));
    res.status(204).end();
  });

  api.delete('/contact-book/:bookId', (req, res) => {
    if (!entryOf(req, res, 'bookId', books, 'Contact book')) return;
    books.delete(Number(req.params.bookId));
    res.status(204).end();
  });
};
