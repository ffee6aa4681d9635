import { mentionedCodes } from './mentions';

describe('mentionedCodes', () => {
  it('finds the OPD codes written after @, once each, in order', () => {
    expect(mentionedCodes('@DPUPR mohon dicek, juga @DINSOS dan (@KEC-TIRIS). Terima kasih @DPUPR')).toEqual([
      'DPUPR',
      'DINSOS',
      'KEC-TIRIS',
    ]);
  });

  it('ignores email addresses, lower-case words and a lone @', () => {
    expect(mentionedCodes('kirim ke dinsos@probolinggokab.go.id atau @dinsos, rapat @ 10.00')).toEqual([]);
  });

  it('stops a code at punctuation', () => {
    expect(mentionedCodes('Mohon @BPBD: lihat foto.\n@DINKES, terima kasih')).toEqual(['BPBD', 'DINKES']);
  });
});
