import type { MappingContext } from '../../../src/connections/adapter';
import { GatewayError } from '../../../src/errors';
import deletedCustomer from '../fixtures/deleted-customer.json';
import documentedCustomer from '../fixtures/customer-retrieve.json';
import { toCanonicalUser, toStripeNewCustomer, toStripeUpdate } from '../mapper';
import { stripeCustomerSchema, stripeDeletedCustomerSchema, stripeRetrievedSchema } from '../schema';
import { demoCustomers } from '../simulator/seed';
import type { StripeCustomer, StripeDeletedCustomer } from '../types';

function recorder(): MappingContext & { reported: [string, unknown][] } {
  const reported: [string, unknown][] = [];
  return { reported, reportUnknown: (field, value) => reported.push([field, value]) };
}

const demo = (id: string) => demoCustomers.find((customer) => customer.id === id)!;

function refusal(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('nothing was refused');
}

describe('Stripe customer → canonical user', () => {
  it("when the docs' example is read, then it holds against the spec's schema and maps field by field", () => {
    expect(stripeCustomerSchema.validate(documentedCustomer, { allowUnknown: true, convert: false }).error).toBeUndefined();
    const user = toCanonicalUser(documentedCustomer as StripeCustomer, recorder());
    expect(user).toMatchObject({
      providerUserId: 'cus_NffrFeUfNV2Hib',
      email: 'jennyrosen@example.com',
      name: { given: null, family: null, full: 'Jenny Rosen' },
      phone: null,
      address: null,
      locale: null,
      status: null,
      createdAt: '2023-04-07T18:59:53Z',
      extensions: { livemode: false, delinquent: false, balance: 0, taxExempt: 'none', invoicePrefix: '0759376C', metadata: {}, preferredLocales: [] },
    });
  });

  it('when the customer has an address, locales and metadata, then they map, line2 and metadata into extensions', () => {
    expect(toCanonicalUser(demo('cus_DemoEgle000001'), recorder())).toMatchObject({
      phone: '+37060012345',
      address: { line1: 'Gedimino pr. 1', city: 'Vilnius', postalCode: 'LT-01103', state: null, country: 'LT' },
      locale: 'lt',
      extensions: { addressLine2: 'butas 4', metadata: { crmId: 'CRM-1001' }, preferredLocales: ['lt', 'en'], currency: 'eur', balance: -1500 },
    });
  });

  it("when a customer has an individual's name beside a business name, then the individual's is the name, the business's an extension", () => {
    expect(toCanonicalUser(demo('cus_DemoLucia000003'), recorder())).toMatchObject({
      name: { full: 'Lucía Fernández' },
      locale: 'es-es',
      address: { country: 'ES' },
      extensions: { businessName: 'Fernández Consulting SL' },
    });
  });

  it("when the phone is national, then it is read with the connection's defaultRegion, and without one it is reported and null", () => {
    expect(toCanonicalUser(demo('cus_DemoMarcus00002'), recorder(), 'US').phone).toBe('+12125550147');
    const context = recorder();
    expect(toCanonicalUser(demo('cus_DemoMarcus00002'), context).phone).toBeNull();
    expect(context.reported).toEqual([['phone', 'unparseable']]);
  });

  it("when Stripe answers a deleted customer (its mock server's fixture), then the user has status deleted and nothing else", () => {
    expect(stripeRetrievedSchema.validate(deletedCustomer).value).toEqual(deletedCustomer);
    expect(stripeDeletedCustomerSchema.validate(deletedCustomer).error).toBeUndefined();
    const user = toCanonicalUser(deletedCustomer as StripeDeletedCustomer, recorder());
    expect(user).toMatchObject({ providerUserId: 'cus_QXg1o8vcGmoR32', status: 'deleted', email: null, name: { full: null }, createdAt: null, extensions: {} });
  });
});

describe('canonical writes → Stripe parameters', () => {
  it('when a draft has every field Stripe stores, then they become its create parameters, the name joined', () => {
    const draft = {
      email: 'ada@example.com',
      name: { given: 'Ada', family: 'Lovelace' },
      phone: '+447700900123',
      address: { line1: '12 St James Sq', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' },
      locale: 'en-gb',
    };
    expect(toStripeNewCustomer(draft, undefined, { metadata: { crm: '7' } })).toEqual({
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      phone: '+447700900123',
      address: { line1: '12 St James Sq', city: 'London', postal_code: 'SW1Y 4JH', country: 'GB' },
      preferred_locales: ['en-gb'],
      metadata: { crm: '7' },
    });
  });

  it('when a draft sets fields Stripe cannot store, or a password, then they are refused by name', () => {
    expect(
      refusal(() => toStripeNewCustomer({ email: 'a@example.com', dateOfBirth: '1990-01-01', timezone: 'Europe/Vilnius' }, undefined, {})).extensions,
    ).toEqual({
      invalidFields: [
        { field: 'dateOfBirth', message: 'Stripe cannot store this field' },
        { field: 'timezone', message: 'Stripe cannot store this field' },
      ],
    });
    expect(refusal(() => toStripeNewCustomer({ email: 'a@example.com' }, 'secret-password', {})).extensions).toEqual({
      invalidFields: [{ field: 'password', message: 'Stripe customers have no password' }],
    });
  });

  it("when a patch removes fields, then they are sent empty, which is Stripe's unset", () => {
    expect(toStripeUpdate({ email: null, phone: null, name: null, address: null, locale: null })).toEqual({
      email: '',
      phone: '',
      name: '',
      address: '',
      preferred_locales: '',
    });
  });

  it('when a patch changes some address parts, then the current address is sent whole with them (Stripe replaces an address whole)', () => {
    const current = { line1: 'Gedimino pr. 1', line2: 'butas 4', city: 'Vilnius', postal_code: 'LT-01103', state: null, country: 'LT' };
    expect(toStripeUpdate({ address: { city: 'Kaunas', postalCode: null } }, current)).toEqual({
      address: { line1: 'Gedimino pr. 1', line2: 'butas 4', city: 'Kaunas', country: 'LT' },
    });
  });

  it('when a patch changes one half of a name, then it is refused: Stripe keeps one name', () => {
    expect(refusal(() => toStripeUpdate({ name: { given: 'Ada' } })).extensions).toEqual({
      invalidFields: [{ field: 'name', message: 'Stripe keeps one name: change name.full, or name.given and name.family together' }],
    });
  });
});
