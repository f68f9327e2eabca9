import type { PayseraContacts, PayseraDocumentMetadata, PayseraPosition } from '../types';
import { PendingCodes } from './codes';

/** A code the simulator "sent": what a real user would find in an SMS or email. */
export interface SentCode {
  purpose: 'phone' | 'email' | 'password';
  /** Where it went: a phone (Paysera format) or an email. */
  to: string;
  code: string;
  /** The client's confirmation link with the code in place of `{code}`, when one was given. */
  link?: string;
}

export interface StoredFile {
  contentType: string;
  bytes: Buffer;
}

export interface StoredDocument extends StoredFile {
  userId: number;
  metadata?: PayseraDocumentMetadata;
}

export interface ContactBook {
  userId: number;
  contacts: Required<PayseraContacts>;
}

/** Everything the simulator keeps about users besides the user resource itself. */
export class PayseraSimulatorState {
  /** Every code sent, oldest first (tests and CI read the codes here, or at `GET /__outbox`). */
  readonly outbox: SentCode[] = [];
  /** Phone and email changes awaiting their code, keyed `phone:<userId>` / `email:<userId>`. */
  readonly confirmations = new PendingCodes<string>();
  readonly passwordResets = new PendingCodes<null>();
  /** Passwords given at registration or set since; never answered with. */
  readonly passwords = new Map<number, string>();
  /** Enabled services per user, with the unix time each was enabled. */
  readonly services = new Map<number, Map<string, number>>();
  readonly positions = new Map<number, PayseraPosition>();
  readonly avatars = new Map<number, StoredFile>();
  readonly documents = new Map<number, StoredDocument>();
  readonly contactBooks = new Map<number, ContactBook>();
  private nextId = 5000;

  /** Ids for documents and contact books. */
  newId(): number {
    return this.nextId++;
  }

  /** The last code sent to this phone (Paysera format) or email. */
  lastCodeSentTo(to: string): string | undefined {
    return this.outbox.findLast((message) => message.to === to)?.code;
  }

  /** Records a sent code, putting it into the client's link when one was given. */
  send(message: Omit<SentCode, 'link'>, link?: string): void {
    this.outbox.push({ ...message, ...(link && { link: link.replace('{code}', message.code) }) });
  }
}
