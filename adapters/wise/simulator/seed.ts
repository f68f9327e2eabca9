import documentedSignup from '../fixtures/signup-12345.json';
import documentedUser from '../fixtures/user-101.json';
import type { WiseUser } from '../types';

/** The seeded user whose personal token the simulator hands out as the connection's `userToken`. */
export const PERSONAL_TOKEN_USER_ID = 5001;

/**
 * Demo users: the User resource's example (101, with its empty strings), the signup example of a
 * brand-new user (12345, `name` and `details` null), an inactive user, a US user with a state and
 * only the address's occupation (which the spec requires for US, CA and JP), and
 * the demo person shared by every simulator (docs/demo-data.md): Eglė Jankauskienė (5001), whose
 * date of birth is deliberately 1988-04-21 here, not 1988-04-12 as elsewhere.
 */
export const demoUsers: WiseUser[] = [
  documentedUser,
  documentedSignup,
  {
    id: PERSONAL_TOKEN_USER_ID,
    name: 'Eglė Jankauskienė',
    email: 'egle.jankauskiene@example.com',
    active: true,
    details: {
      firstName: 'Eglė',
      lastName: 'Jankauskienė',
      phoneNumber: '+37060012345',
      dateOfBirth: '1988-04-21',
      occupation: 'Architect',
      avatar: '',
      primaryAddress: 50011,
      address: { city: 'Vilnius', countryCode: 'LT', postCode: 'LT-01103', state: '', firstLine: 'Gedimino pr. 1' },
    },
  },
  {
    id: 5002,
    name: 'João Silva',
    email: 'joao.silva@example.com',
    active: false,
    details: { firstName: 'João', lastName: 'Silva', phoneNumber: '+351912345678', dateOfBirth: '1979-11-30', occupation: '', avatar: '' },
  },
  {
    id: 5003,
    name: '',
    email: 'morgan.lee@example.com',
    active: true,
    details: {
      firstName: 'Morgan',
      lastName: 'Lee',
      phoneNumber: '+14155552671',
      dateOfBirth: '1990-02-14',
      occupation: '',
      avatar: 'https://example.com/avatars/morgan.png',
      primaryAddress: 50031,
      address: { city: 'San Francisco', countryCode: 'US', postCode: '94105', state: 'CA', firstLine: '1 Market St', occupation: 'Software engineer' },
    },
  },
];
