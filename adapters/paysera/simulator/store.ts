import type { PayseraUser } from '../types';

export type AssignmentConflict = 'email_already_assigned' | 'phone_already_assigned' | 'person_code_already_assigned';

/** The simulator's users, searchable the ways Paysera searches them. */
export class PayseraUserStore {
  private readonly users = new Map<number, PayseraUser>();
  private nextId: number;

  constructor(seed: PayseraUser[]) {
    for (const user of seed) this.users.set(user.id, structuredClone(user));
    this.nextId = Math.max(2000, ...this.users.keys()) + 1;
  }

  get(id: number): PayseraUser | undefined {
    return this.users.get(id);
  }

  find(query: { email?: string; phone?: string; personCode?: string; nationality?: string }): PayseraUser | undefined {
    return [...this.users.values()].find(
      (user) =>
        (query.email === undefined || user.email?.toLowerCase() === query.email.toLowerCase()) &&
        (query.phone === undefined || user.phone === query.phone) &&
        (query.personCode === undefined ||
          (user.identity?.code === query.personCode && user.identity.nationality?.toLowerCase() === query.nationality?.toLowerCase())),
    );
  }

  /** Which documented `*_already_assigned` error a new or changed user would hit, if any. */
  conflict(candidate: Partial<PayseraUser>, exceptId?: number): AssignmentConflict | undefined {
    const others = [...this.users.values()].filter((user) => user.id !== exceptId);
    const email = candidate.email?.toLowerCase();
    if (email && others.some((user) => user.email?.toLowerCase() === email)) {
      return 'email_already_assigned';
    }
    if (candidate.phone && others.some((user) => user.phone === candidate.phone)) return 'phone_already_assigned';
    const code = candidate.identity?.code;
    if (code && others.some((user) => user.identity?.code === code && user.identity.nationality === candidate.identity?.nationality)) {
      return 'person_code_already_assigned';
    }
    return undefined;
  }

  create(fields: Omit<PayseraUser, 'id'>): PayseraUser {
    const user: PayseraUser = { id: this.nextId++, ...fields };
    this.users.set(user.id, user);
    return user;
  }

  update(id: number, fields: Partial<PayseraUser>): PayseraUser {
    const current = this.users.get(id);
    if (!current) throw new Error(`The simulator has no Paysera user ${id} to update.`);
    const user = { ...current, ...fields };
    this.users.set(id, user);
    return user;
  }
}
