import {
  acknowledgementKey,
  acknowledgementState,
  agencyOfAcknowledgementKey,
  isReady,
} from '@gotong/domain/emergency';

describe('acknowledgements', () => {
  it('reads "not ready" only from an explicit siap: false', () => {
    expect(isReady({ siap: false })).toBe(false);
    expect(isReady({ siap: true })).toBe(true);
    expect(isReady(null)).toBe(true);
  });

  it('names follow-ups and reads the OPD back from any acknowledgement key', () => {
    expect(acknowledgementKey('KEC-TONGAS')).toBe('ack-kec-tongas');
    expect(acknowledgementKey('DINSOS', 2)).toBe('ack-dinsos-ulang-2');
    expect(agencyOfAcknowledgementKey('ack-kec-tongas')).toBe('kec-tongas');
    expect(agencyOfAcknowledgementKey('ack-kec-tongas-ulang-12')).toBe('kec-tongas');
    expect(agencyOfAcknowledgementKey('sitrep-dinsos-1')).toBeNull();
  });

  it('adds the tasks up: not ready until a follow-up says ready', () => {
    const notReady = { status: 'COMPLETED', result: { siap: false }, completedAt: '2026-12-07T01:00:00Z' };
    const open = { status: 'ASSIGNED', result: null, completedAt: null };
    const ready = { status: 'COMPLETED', result: { siap: true }, completedAt: '2026-12-07T02:00:00Z' };
    expect(acknowledgementState([open])).toEqual({ ready: null, acknowledgedAt: null, followUps: 0 });
    expect(acknowledgementState([notReady, open])).toEqual({
      ready: false,
      acknowledgedAt: null,
      followUps: 1,
    });
    expect(acknowledgementState([notReady, ready])).toEqual({
      ready: true,
      acknowledgedAt: '2026-12-07T02:00:00Z',
      followUps: 1,
    });
  });
});
