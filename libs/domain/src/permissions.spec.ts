import {
  answersEscalation,
  commandsIncident,
  escalationAnswerProblem,
  headsAgency,
  isProjectLead,
  isTaskWorker,
  managesProject,
  mayRole,
  readsDataDispute,
  readsRegencyWide,
  requestsResourcesFor,
  ROLE_PERMISSION_NAMES,
  versionsTemplate,
  worksForAgency,
  type RolePermission,
} from './permissions';
import { ROLES, type Actor, type Role } from './roles';

const DINKES = '0b6f1c3e-1d5a-4f7e-9a31-6c2d8e4f0a01';
const DINSOS = '0b6f1c3e-1d5a-4f7e-9a31-6c2d8e4f0a02';
const BPBD = '0b6f1c3e-1d5a-4f7e-9a31-6c2d8e4f0a03';
const SETDA = '0b6f1c3e-1d5a-4f7e-9a31-6c2d8e4f0a04';

function actor(role: Role, agencyId = DINKES, userId = `user-${role.toLowerCase()}`): Actor {
  return { userId, agencyId, role };
}

/** Expected outcome per role, in the order of ROLES. */
type Row = Record<Role, boolean>;
const row = (...allowed: Role[]): Row =>
  Object.fromEntries(ROLES.map((role) => [role, allowed.includes(role)])) as Row;

describe('role permissions: every role × every permission', () => {
  // The table as docs/domain.md "Roles and offices" gives it; a change here is a change of who may do what.
  const TABLE: Record<RolePermission, Row> = {
    'project.create': row('LEAD', 'LEADERSHIP'),
    'template.write': row('ADMIN', 'LEAD'),
    'scorecard.read': row('LEADERSHIP', 'ADMIN', 'AGENCY_HEAD'),
    'escalation.board': row('LEADERSHIP', 'ADMIN', 'AGENCY_HEAD', 'LEAD'),
    'notification.admin': row('ADMIN'),
    'data.standard': row('WALIDATA', 'ADMIN'),
    'data.request': row('WALIDATA', 'LEAD'),
    'data.arbiter': row('WALIDATA'),
    'data.overview': row('LEADERSHIP', 'WALIDATA', 'ADMIN'),
    'data.all-opd': row('LEADERSHIP', 'WALIDATA'),
    'work.content': row('LEADERSHIP'),
    'data.personal-names': row('WALIDATA', 'ADMIN'),
    'calendar.write': row('ADMIN'),
    'agency.admin': row('ADMIN'),
    'user.admin': row('ADMIN', 'AGENCY_HEAD'),
    'temporal.payloads': row('ADMIN'),
  };

  it('covers every permission of the domain', () => {
    expect(Object.keys(TABLE).sort()).toEqual([...ROLE_PERMISSION_NAMES].sort());
  });

  const cases = ROLE_PERMISSION_NAMES.flatMap((permission) =>
    ROLES.map((role) => [permission, role, TABLE[permission][role]] as const),
  );
  it.each(cases)('%s for %s: %s', (permission, role, allowed) => {
    expect(mayRole(role, permission)).toBe(allowed);
  });
});

describe('role groups', () => {
  it.each(ROLES.map((role) => [role, role === 'STAFF' || role === 'AGENCY_HEAD'] as const))(
    '%s works OPD tasks: %s',
    (role, expected) => {
      expect(isTaskWorker(role)).toBe(expected);
    },
  );

  it.each(ROLES.map((role) => [role, role === 'LEADERSHIP' || role === 'ADMIN'] as const))(
    '%s reads regency-wide: %s',
    (role, expected) => {
      expect(readsRegencyWide(role)).toBe(expected);
    },
  );
});

describe('who works a task: staff and head of the task’s OPD', () => {
  it.each<[Role, boolean]>([
    ['STAFF', true],
    ['AGENCY_HEAD', true],
    ['LEAD', false],
    ['LEADERSHIP', false],
    ['WALIDATA', false],
    ['ADMIN', false],
  ])('%s of the own OPD: %s', (role, expected) => {
    expect(worksForAgency(actor(role, DINKES), DINKES)).toBe(expected);
  });

  it.each(ROLES)('%s of another OPD: never', (role) => {
    expect(worksForAgency(actor(role, DINSOS), DINKES)).toBe(false);
  });

  it('leadership works no OPD task, not even one of its own office', () => {
    expect(worksForAgency(actor('LEADERSHIP', SETDA), SETDA)).toBe(false);
  });

  it('compares agency codes as well as ids (the web app knows OPDs by code)', () => {
    expect(worksForAgency({ role: 'STAFF', agencyId: 'DINKES' }, 'DINKES')).toBe(true);
    expect(worksForAgency({ role: 'STAFF', agencyId: 'DINSOS' }, 'DINKES')).toBe(false);
  });
});

describe('who heads an OPD: its AGENCY_HEAD only', () => {
  it.each(ROLES.map((role) => [role, role === 'AGENCY_HEAD'] as const))(
    '%s of the own OPD: %s',
    (role, expected) => {
      expect(headsAgency(actor(role, DINKES), DINKES)).toBe(expected);
    },
  );

  it('not the head of another OPD', () => {
    expect(headsAgency(actor('AGENCY_HEAD', DINSOS), DINKES)).toBe(false);
  });
});

describe('who leads and manages a project', () => {
  const BAPPEDA = '0b6f1c3e-1d5a-4f7e-9a31-6c2d8e4f0a05';
  const lead = { userId: 'user-starter', agencyId: BAPPEDA };

  it('the user who started it, whatever the role', () => {
    expect(isProjectLead(actor('LEADERSHIP', SETDA, 'user-starter'), lead)).toBe(true);
    expect(isProjectLead(actor('STAFF', DINKES, 'user-starter'), lead)).toBe(true);
  });

  it.each(ROLES.map((role) => [role, role === 'LEAD'] as const))(
    '%s of the lead OPD (not the starter): %s',
    (role, expected) => {
      expect(isProjectLead(actor(role, BAPPEDA), lead)).toBe(expected);
    },
  );

  it.each(ROLES)('%s of another OPD (not the starter): not the lead', (role) => {
    expect(isProjectLead(actor(role, DINKES), lead)).toBe(false);
  });

  it.each(ROLES.map((role) => [role, role === 'LEADERSHIP'] as const))(
    '%s of another OPD cancels: %s; adds an OPD: never',
    (role, expected) => {
      expect(managesProject(actor(role, SETDA), lead, 'cancel')).toBe(expected);
      expect(managesProject(actor(role, SETDA), lead, 'add-agency')).toBe(false);
    },
  );

  it('the lead cancels and adds OPDs', () => {
    for (const who of [actor('LEAD', BAPPEDA), actor('STAFF', DINKES, 'user-starter')]) {
      expect(managesProject(who, lead, 'cancel')).toBe(true);
      expect(managesProject(who, lead, 'add-agency')).toBe(true);
    }
  });

  it.each(ROLES.map((role) => [role, role === 'WALIDATA'] as const))(
    '%s of another OPD resolves (a decision answered the project): %s',
    (role, expected) => {
      expect(managesProject(actor(role, SETDA), lead, 'resolve')).toBe(expected);
    },
  );

  it('the lead resolves too', () => {
    expect(managesProject(actor('LEAD', BAPPEDA), lead, 'resolve')).toBe(true);
  });
});

describe('who commands an incident: leadership, or staff and head of the command OPD', () => {
  it.each<[Role, boolean]>([
    ['STAFF', true],
    ['AGENCY_HEAD', true],
    ['LEAD', false],
    ['LEADERSHIP', true],
    ['WALIDATA', false],
    ['ADMIN', false],
  ])('%s of the command OPD: %s', (role, expected) => {
    expect(commandsIncident(actor(role, BPBD), BPBD)).toBe(expected);
  });

  it.each<[Role, boolean]>([
    ['STAFF', false],
    ['AGENCY_HEAD', false],
    ['LEAD', false],
    ['LEADERSHIP', true],
    ['WALIDATA', false],
    ['ADMIN', false],
  ])('%s of another OPD: %s', (role, expected) => {
    expect(commandsIncident(actor(role, DINKES), BPBD)).toBe(expected);
  });

  it('by code in the web app', () => {
    expect(commandsIncident({ role: 'STAFF', agencyId: 'BPBD' }, 'BPBD')).toBe(true);
    expect(commandsIncident({ role: 'STAFF', agencyId: 'DINKES' }, 'BPBD')).toBe(false);
  });
});

describe('who asks for resources during an incident: staff and head of the requesting OPD', () => {
  it.each<[Role, boolean]>([
    ['STAFF', true],
    ['AGENCY_HEAD', true],
    ['LEAD', false],
    ['LEADERSHIP', false],
    ['WALIDATA', false],
    ['ADMIN', false],
  ])('%s for the own OPD: %s', (role, expected) => {
    expect(requestsResourcesFor(actor(role, DINSOS), DINSOS)).toBe(expected);
  });

  it.each(ROLES)('%s for another OPD: never', (role) => {
    expect(requestsResourcesFor(actor(role, DINKES), DINSOS)).toBe(false);
  });

  it('the command asks for its own OPD like any other OPD', () => {
    expect(requestsResourcesFor(actor('STAFF', BPBD), BPBD)).toBe(true);
    expect(requestsResourcesFor(actor('LEADERSHIP', SETDA), BPBD)).toBe(false);
  });
});

describe('who answers or extends an escalation (separation of duties)', () => {
  const BAPPEDA = '0b6f1c3e-1d5a-4f7e-9a31-6c2d8e4f0a05';
  /** A DINKES task of a project BAPPEDA leads (started by lead-user), escalated to `level`. */
  const at = (level: number, holder = DINKES) => ({
    level,
    agencyId: holder,
    lead: { userId: 'lead-user', agencyId: BAPPEDA },
  });
  const leadership = (office: Actor['office'], agencyId = SETDA): Actor => ({
    userId: `user-${office}`,
    agencyId,
    role: 'LEADERSHIP',
    office,
  });

  it.each(ROLES)('nobody of the task’s own OPD: %s of DINKES is refused at every level', (role) => {
    for (const level of [1, 2, 3]) {
      expect(escalationAnswerProblem(actor(role, DINKES), at(level))).toBe(
        "separation of duties: nobody of the task's own OPD answers or extends its escalation",
      );
    }
  });

  it('not the project lead either when the task is its own OPD’s', () => {
    expect(answersEscalation(actor('LEAD', BAPPEDA, 'lead-user'), at(1, BAPPEDA))).toBe(false);
    expect(answersEscalation(actor('AGENCY_HEAD', BAPPEDA), at(1, BAPPEDA))).toBe(false);
  });

  it.each<[string, Actor, boolean]>([
    ['the Kepala of another OPD', actor('AGENCY_HEAD', DINSOS), false],
    ['staff of another OPD', actor('STAFF', DINSOS), false],
    ['a LEAD of the lead OPD', actor('LEAD', BAPPEDA), true],
    ['the user who started the project, whatever OPD', actor('LEAD', DINSOS, 'lead-user'), true],
    ['a LEAD of another OPD', actor('LEAD', DINSOS), false],
    ['the Kepala of the lead OPD', actor('AGENCY_HEAD', BAPPEDA), true],
    ['the walidata', actor('WALIDATA', DINSOS), false],
    ['an admin', actor('ADMIN', DINSOS), false],
    ['the Sekda', leadership('SEKDA'), true],
    ['an Asisten', leadership('ASISTEN'), true],
    ['the Bupati', leadership('BUPATI'), true],
  ])('level 1: %s → %s', (_name, who, expected) => {
    expect(answersEscalation(who, at(1))).toBe(expected);
  });

  it.each<[string, Actor, boolean]>([
    ['a LEAD of the lead OPD', actor('LEAD', BAPPEDA), false],
    ['the Kepala of the lead OPD', actor('AGENCY_HEAD', BAPPEDA), false],
    ['an Asisten', leadership('ASISTEN'), false],
    ['leadership without an office', leadership(null), false],
    ['the Sekda', leadership('SEKDA'), true],
    ['a Plt. Sekda from another OPD (leadership, SEKDA office)', leadership('SEKDA', DINSOS), true],
    ['the Bupati', leadership('BUPATI'), true],
    ['the Wakil Bupati', leadership('WAKIL_BUPATI'), true],
  ])('level 2: %s → %s', (_name, who, expected) => {
    expect(answersEscalation(who, at(2))).toBe(expected);
  });

  it.each<[string, Actor, boolean]>([
    ['the Sekda', leadership('SEKDA'), false],
    ['an Asisten', leadership('ASISTEN'), false],
    ['the Bupati', leadership('BUPATI'), true],
    ['the Wakil Bupati', leadership('WAKIL_BUPATI'), true],
  ])('level 3: %s → %s', (_name, who, expected) => {
    expect(answersEscalation(who, at(3))).toBe(expected);
  });

  it('names the rule that refuses', () => {
    expect(escalationAnswerProblem(actor('LEAD', DINSOS), at(1))).toMatch(/project's lead OPD/);
    expect(escalationAnswerProblem(leadership('ASISTEN'), at(2))).toMatch(
      /the Sekda \(or their Plt\.\/Plh\.\)/,
    );
    expect(escalationAnswerProblem(leadership('SEKDA'), at(3))).toBe(
      'a level-3 escalation is answered by the Bupati or the Wakil Bupati',
    );
  });

  it('the Sekda is refused on a SETDA task (their own OPD); the Bupati, above every OPD, is not', () => {
    expect(answersEscalation(leadership('SEKDA'), at(2, SETDA))).toBe(false);
    expect(answersEscalation(leadership('BUPATI'), at(3, SETDA))).toBe(true);
  });
});

describe('who publishes a new version of a template: an admin, or a LEAD of its owning OPD', () => {
  it.each(ROLES)('%s of the owning OPD', (role) => {
    expect(versionsTemplate(actor(role, DINKES), { ownerAgencyId: DINKES })).toBe(
      role === 'ADMIN' || role === 'LEAD',
    );
  });

  it('a LEAD of another OPD: never; a template without owner: only an admin', () => {
    expect(versionsTemplate(actor('LEAD', DINSOS), { ownerAgencyId: DINKES })).toBe(false);
    expect(versionsTemplate(actor('LEAD', DINKES), { ownerAgencyId: null })).toBe(false);
    expect(versionsTemplate(actor('ADMIN', DINSOS), { ownerAgencyId: null })).toBe(true);
  });
});

describe('who reads a data conflict or reconciliation: every OPD’s figures, or an OPD with figures in it', () => {
  const disputed = [DINKES, DINSOS];

  it.each<[Role, boolean]>([
    ['STAFF', false],
    ['AGENCY_HEAD', false],
    ['LEAD', false],
    ['LEADERSHIP', true],
    ['WALIDATA', true],
    ['ADMIN', false],
  ])('%s of an OPD with no figure in it: %s', (role, expected) => {
    expect(readsDataDispute(actor(role, 'DPUPR'), disputed)).toBe(expected);
  });

  it.each(ROLES)('%s of an OPD whose figure is in it: yes', (role) => {
    expect(readsDataDispute(actor(role, DINSOS), disputed)).toBe(true);
  });
});
