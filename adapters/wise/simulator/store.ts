import { createHash } from 'node:crypto';
import type { WiseLanguage, WiseUser } from '../types';

interface Signup {
  clientId: string;
  /** Kept hashed: Wise asks partners to treat the code like a password, and so does this simulator. */
  codeHash: string;
  language: WiseLanguage;
}

const hash = (code: string) => createHash('sha256').update(code).digest('base64url');
const sameEmail = (a: string | undefined, b: string) => a?.toLowerCase() === b.toLowerCase();

/** The simulator's users, with what signup and contact-email add to them. */
export class WiseUserStore {
  private readonly users = new Map<number, WiseUser>();
  private readonly signups = new Map<number, Signup>();
  private readonly contactEmails = new Map<number, string>();
  private nextId: number;

  constructor(seed: WiseUser[]) {
    for (const user of seed) this.users.set(user.id, structuredClone(user));
    this.nextId = Math.max(20_000, ...this.users.keys()) + 1;
  }

  get(id: number): WiseUser | undefined {
    return this.users.get(id);
  }

  emailTaken(email: string): boolean {
    return [...this.users.values()].some((user) => sameEmail(user.email, email));
  }

  /** A new user as Wise creates one: active, with `name` and `details` null until the user fills them in. */
  signUp(email: string, registrationCode: string, language: WiseLanguage, clientId: string): WiseUser {
    const user: WiseUser = { id: this.nextId++, name: null, email, active: true, details: null };
    this.users.set(user.id, user);
    this.signups.set(user.id, { clientId, codeHash: hash(registrationCode), language });
    return user;
  }

  /** The user this client signed up with this email and registration code. */
  signedUpWith(email: string, registrationCode: string, clientId: string): WiseUser | undefined {
    const user = [...this.users.values()].find((candidate) => sameEmail(candidate.email, email));
    const signup = user && this.signups.get(user.id);
    return signup?.clientId === clientId && signup.codeHash === hash(registrationCode) ? user : undefined;
  }

  /** Test hook: the UI language the user signed up with. */
  languageOf(id: number): WiseLanguage | undefined {
    return this.signups.get(id)?.language;
  }

  contactEmail(id: number): string | null {
    return this.contactEmails.get(id) ?? null;
  }

  setContactEmail(id: number, email: string): void {
    this.contactEmails.set(id, email);
  }
}
