import { managesUser, mayRole } from './permissions';
import { ROLES, type Role } from './roles';

const DINKES = '0b6f1c3e-1d5a-4f7e-9a31-6c2d8e4f0a01';
const DINSOS = '0b6f1c3e-1d5a-4f7e-9a31-6c2d8e4f0a02';

describe('people and offices: who manages which account (managesUser)', () => {
  it.each(ROLES.map((role) => [role] as const))('an ADMIN manages a %s account of any OPD', (role) => {
    expect(managesUser({ role: 'ADMIN', agencyId: DINKES }, { role, agencyId: DINSOS })).toBe(true);
  });

  it.each(ROLES.map((role) => [role, role === 'STAFF'] as const))(
    'the Kepala OPD manages a %s account of their own OPD: %s',
    (role, expected) => {
      expect(managesUser({ role: 'AGENCY_HEAD', agencyId: DINKES }, { role, agencyId: DINKES })).toBe(
        expected,
      );
    },
  );

  it('the Kepala OPD manages no account of another OPD', () => {
    for (const role of ROLES)
      expect(managesUser({ role: 'AGENCY_HEAD', agencyId: DINKES }, { role, agencyId: DINSOS })).toBe(false);
  });

  it.each((['STAFF', 'LEAD', 'LEADERSHIP', 'WALIDATA'] as Role[]).map((role) => [role] as const))(
    '%s manages no account, not even a colleague of their own OPD',
    (role) => {
      expect(managesUser({ role, agencyId: DINKES }, { role: 'STAFF', agencyId: DINKES })).toBe(false);
    },
  );

  it('agency.admin is ADMIN only; user.admin ADMIN and AGENCY_HEAD', () => {
    expect(ROLES.filter((role) => mayRole(role, 'agency.admin'))).toEqual(['ADMIN']);
    expect(ROLES.filter((role) => mayRole(role, 'user.admin'))).toEqual(['AGENCY_HEAD', 'ADMIN']);
  });
});
