import type { PayabliUser } from '../types';

/** The simulator's users, kept in Payabli's read shape. */
export class PayabliUserStore {
  private readonly users = new Map<number, PayabliUser>();
  private nextId: number;

  constructor(seed: PayabliUser[]) {
    for (const user of seed) this.users.set(user.userId, structuredClone(user));
    this.nextId = Math.max(2000, ...this.users.keys()) + 1;
  }

  get(userId: number): PayabliUser | undefined {
    return this.users.get(userId);
  }

  /** Users ordered by id, as Payabli lists them without `sortBy`. */
  list(): PayabliUser[] {
    return [...this.users.values()].sort((a, b) => a.userId - b.userId);
  }

  emailTaken(email: string, exceptUserId?: number): boolean {
    return this.list().some((user) => user.userId !== exceptUserId && user.Email?.toLowerCase() === email.toLowerCase());
  }

  create(fields: Omit<PayabliUser, 'userId'>): PayabliUser {
    const user: PayabliUser = { userId: this.nextId++, ...fields };
    this.users.set(user.userId, user);
    return user;
  }

  update(userId: number, fields: Partial<PayabliUser>): void {
    const user = this.users.get(userId);
    if (!user) throw new Error(`The simulator has no Payabli user ${userId} to update.`);
    this.users.set(userId, { ...user, ...fields });
  }

  delete(userId: number): void {
    this.users.delete(userId);
  }
}
