import { validateSla } from '../calendar';
import { MAX_ESCALATION_REPEATS } from '../template';
import { SEVERITIES, SEVERITY_POLICY } from './severity';

function slaMinutes(sla: { amount: number; unit: string }): number {
  const perUnit: Record<string, number> = { seconds: 1 / 60, minutes: 1, hours: 60, days: 1440 };
  const factor = perUnit[sla.unit];
  if (factor === undefined) throw new Error(`unexpected unit ${sla.unit}`);
  return sla.amount * factor;
}

describe('severity policy', () => {
  it('has the documented values for BERAT, SEDANG and RINGAN', () => {
    expect(SEVERITY_POLICY.BERAT.acknowledgeWithin).toEqual({ amount: 15, unit: 'minutes' });
    expect(SEVERITY_POLICY.BERAT.sitrepEvery).toEqual({ amount: 6, unit: 'hours' });
    expect(SEVERITY_POLICY.BERAT.escalation.levels.map((l) => [l.level, slaMinutes(l.timeout)])).toEqual([
      [1, 10],
      [2, 20],
      [3, 30],
    ]);
    expect(SEVERITY_POLICY.SEDANG.acknowledgeWithin).toEqual({ amount: 30, unit: 'minutes' });
    expect(SEVERITY_POLICY.SEDANG.sitrepEvery).toEqual({ amount: 12, unit: 'hours' });
    expect(SEVERITY_POLICY.RINGAN.acknowledgeWithin).toEqual({ amount: 60, unit: 'minutes' });
    expect(SEVERITY_POLICY.RINGAN.sitrepEvery).toEqual({ amount: 24, unit: 'hours' });
  });

  it('is valid and strictly faster for heavier incidents', () => {
    const order = ['RINGAN', 'SEDANG', 'BERAT'] as const;
    expect(SEVERITIES).toEqual(order);
    for (const severity of order) {
      const policy = SEVERITY_POLICY[severity];
      expect(validateSla(policy.acknowledgeWithin)).toBeNull();
      expect(validateSla(policy.sitrepEvery)).toBeNull();
      expect(policy.escalation.levels.map((l) => l.level)).toEqual([1, 2, 3]);
      for (const level of policy.escalation.levels) {
        expect(validateSla(level.timeout)).toBeNull();
        expect(['seconds', 'minutes']).toContain(level.timeout.unit);
        expect(level.repeats).toBeGreaterThanOrEqual(0);
        expect(level.repeats).toBeLessThanOrEqual(MAX_ESCALATION_REPEATS);
      }
    }
    for (let i = 1; i < order.length; i++) {
      const lighter = SEVERITY_POLICY[order[i - 1]!];
      const heavier = SEVERITY_POLICY[order[i]!];
      expect(slaMinutes(heavier.acknowledgeWithin)).toBeLessThan(slaMinutes(lighter.acknowledgeWithin));
      expect(slaMinutes(heavier.sitrepEvery)).toBeLessThan(slaMinutes(lighter.sitrepEvery));
      heavier.escalation.levels.forEach((level, j) => {
        expect(slaMinutes(level.timeout)).toBeLessThan(slaMinutes(lighter.escalation.levels[j]!.timeout));
      });
    }
  });
});
