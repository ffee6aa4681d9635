import { confirmationsAsked, confirmationsPayload, missingReasons, onlyConfirmations } from './confirmations';

const line = (cell: string, value: number, previous: number) =>
  `confirmations.${cell}: ${value} differs from the published 2025 figure (${previous}) by more than 2×; give the reason in confirmations["${cell}"]`;

describe('confirmations of suspicious jumps', () => {
  const body = {
    statusCode: 400,
    message: [line('RT_MISKIN.35.13.08.2001', 150, 40), line('RT_MISKIN.35.13.08.2002', 5, 30)],
  };

  it('reads the cells the API asks a reason for, with the figures of its message', () => {
    const asked = confirmationsAsked(body);
    expect(asked.map((a) => a.cell)).toEqual(['RT_MISKIN.35.13.08.2001', 'RT_MISKIN.35.13.08.2002']);
    expect(asked[0]!.jump).toEqual({ value: '150', period: '2025', previous: '40', factor: '2' });
    expect(onlyConfirmations(body)).toBe(true);
  });

  it('ignores other problems and messages of another form', () => {
    const mixed = {
      message: ['values.rtMiskin.35.13.08.2001: must be at least 0', 'confirmations.X.1: odd'],
    };
    expect(confirmationsAsked(mixed)).toEqual([{ cell: 'X.1', jump: null, text: 'odd' }]);
    expect(onlyConfirmations(mixed)).toBe(false);
    expect(confirmationsAsked('boom')).toEqual([]);
    expect(onlyConfirmations({ message: [] })).toBe(false);
  });

  it('sends the trimmed reasons of the cells asked and names those still missing', () => {
    const asked = confirmationsAsked(body);
    const reasons = { 'RT_MISKIN.35.13.08.2001': '  Pemekaran RT  ', 'OTHER.1': 'x' };
    expect(confirmationsPayload(asked, reasons)).toEqual({ 'RT_MISKIN.35.13.08.2001': 'Pemekaran RT' });
    expect(missingReasons(asked, reasons)).toEqual(['RT_MISKIN.35.13.08.2002']);
    expect(confirmationsPayload(asked, {})).toBeUndefined();
  });
});
