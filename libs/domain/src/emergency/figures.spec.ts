import { kecamatanOf } from './figures';

describe('kecamatanOf', () => {
  it('takes the first eight characters of a desa code', () => {
    expect(kecamatanOf('35.13.23.2001')).toBe('35.13.23');
    expect(kecamatanOf('35.13.01.2005')).toBe('35.13.01');
  });

  it('refuses anything that is not a kode wilayah desa', () => {
    expect(() => kecamatanOf('35.13.23')).toThrow(RangeError);
    expect(() => kecamatanOf('Tongas Kulon')).toThrow(RangeError);
  });
});
