import documentedCustomer from '../fixtures/customer-retrieve.json';
import type { StripeCustomer } from '../types';

/** A customer as the simulator creates one, with the given fields. */
function customer(fields: Partial<StripeCustomer> & Pick<StripeCustomer, 'id' | 'created'>): StripeCustomer {
  return {
    object: 'customer',
    address: null,
    balance: 0,
    currency: null,
    delinquent: false,
    description: null,
    email: null,
    invoice_prefix: fields.id.slice(4, 12).toUpperCase(),
    livemode: false,
    metadata: {},
    name: null,
    phone: null,
    preferred_locales: [],
    tax_exempt: 'none',
    ...fields,
  };
}

/** The demo person's id here (docs/demo-data.md); the adapter declares it as its demo person. */
export const EGLE_CUSTOMER_ID = 'cus_DemoEgle000001';

/**
 * Demo customers. Between them: the documented example, the demo person of docs/demo-data.md
 * (Eglė Jankauskienė, with a second address line, metadata and preferred locales), a customer with
 * a phone in national form (read with the connection's defaultRegion), an individual's name beside a
 * business name, two customers sharing an email (Stripe keeps emails unique nowhere), and, in
 * `demoDeletedIds`, one that was deleted.
 */
export const demoCustomers: StripeCustomer[] = [
  documentedCustomer as StripeCustomer,
  customer({
    id: EGLE_CUSTOMER_ID,
    created: 1678786013,
    email: 'egle.jankauskiene@example.com',
    name: 'Eglė Jankauskienė',
    phone: '+37060012345',
    address: { line1: 'Gedimino pr. 1', line2: 'butas 4', city: 'Vilnius', postal_code: 'LT-01103', state: null, country: 'LT' },
    preferred_locales: ['lt', 'en'],
    metadata: { crmId: 'CRM-1001' },
    currency: 'eur',
    balance: -1500,
  }),
  customer({
    id: 'cus_DemoMarcus00002',
    created: 1638316799,
    email: 'marcus.reed@example.com',
    name: 'Marcus Reed',
    // NOTE: typed as the merchant got it: a national number, read with the connection's defaultRegion.
    phone: '(212) 555-0147',
    preferred_locales: ['en-US'],
    tax_exempt: 'exempt',
  }),
  customer({
    id: 'cus_DemoLucia000003',
    created: 1646049600,
    email: 'lucia.fernandez@example.com',
    name: 'Fernández Consulting SL',
    individual_name: 'Lucía Fernández',
    business_name: 'Fernández Consulting SL',
    phone: '+34 612 34 56 78',
    address: { line1: 'Calle Mayor 5', line2: null, city: 'Madrid', postal_code: '28013', state: 'Madrid', country: 'es' },
    preferred_locales: ['es-ES'],
  }),
  customer({ id: 'cus_DemoShared00004', created: 1700000000, email: 'shared.inbox@example.com', name: 'Billing Team North' }),
  customer({ id: 'cus_DemoShared00005', created: 1700000100, email: 'shared.inbox@example.com', name: 'Billing Team South' }),
];

/** Deleted customers: still retrievable, as `{id, object, deleted: true}`. */
export const demoDeletedIds = ['cus_DemoGone000006'];
