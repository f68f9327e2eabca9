import type { StripeCustomer, StripeDeletedCustomer } from '../types';

/**
 * The simulator's customers, newest first as Stripe lists them, and the ids of deleted ones,
 * which stay retrievable as `{id, object, deleted: true}` ("to track their history").
 */
export class StripeCustomerStore {
  private readonly customers = new Map<string, StripeCustomer>();
  private readonly deleted = new Set<string>();
  /** Creation order, for customers created in the same second. */
  private readonly order = new Map<string, number>();
  private sequence = 0;

  constructor(seed: readonly StripeCustomer[], deletedIds: readonly string[] = []) {
    for (const customer of seed) this.put(structuredClone(customer));
    for (const id of deletedIds) this.deleted.add(id);
  }

  /** A customer, its deleted shape, or undefined for an id Stripe never had. */
  get(id: string): StripeCustomer | StripeDeletedCustomer | undefined {
    if (this.deleted.has(id)) return { id, object: 'customer', deleted: true };
    return this.customers.get(id);
  }

  live(id: string): StripeCustomer | undefined {
    return this.customers.get(id);
  }

  /** Live customers, newest first ("sorted by creation date, with the most recent customers appearing first"). */
  list(): StripeCustomer[] {
    return [...this.customers.values()].sort((a, b) => b.created - a.created || (this.order.get(b.id) ?? 0) - (this.order.get(a.id) ?? 0));
  }

  put(customer: StripeCustomer): void {
    if (!this.order.has(customer.id)) this.order.set(customer.id, (this.sequence += 1));
    this.customers.set(customer.id, customer);
  }

  delete(id: string): StripeDeletedCustomer {
    this.customers.delete(id);
    this.deleted.add(id);
    return { id, object: 'customer', deleted: true };
  }
}
