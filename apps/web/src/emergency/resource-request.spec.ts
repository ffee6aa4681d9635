import { neededByInstant, quantitiesLine } from './resource-request';

const LABEL = { committed: 'Disanggupi', sent: 'Dikirim', received: 'Diterima' };

describe('quantitiesLine', () => {
  it('names the quantities recorded so far, in the order of the steps', () => {
    expect(quantitiesLine({ quantityCommitted: 6, quantitySent: 6, quantityReceived: 2 }, LABEL)).toBe(
      'Disanggupi 6 · Dikirim 6 · Diterima 2',
    );
    expect(quantitiesLine({ quantityCommitted: 4, quantitySent: null, quantityReceived: null }, LABEL)).toBe(
      'Disanggupi 4',
    );
  });

  it('says nothing before any step recorded a quantity (a request just made, or an older one)', () => {
    expect(
      quantitiesLine({ quantityCommitted: null, quantitySent: null, quantityReceived: null }, LABEL),
    ).toBeNull();
  });
});

describe('neededByInstant', () => {
  it('reads the picked date and time as WIB', () => {
    expect(neededByInstant('2026-12-07T15:00')).toBe('2026-12-07T15:00:00+07:00');
  });

  it('leaves an empty or partial value out', () => {
    expect(neededByInstant('')).toBeUndefined();
    expect(neededByInstant('2026-12-07')).toBeUndefined();
  });
});
