import { ApiError } from '../api/client';
import {
  draftProblems,
  EMPTY_DRAFT,
  firstProblemField,
  hasProblems,
  PHOTO_MAX_BYTES,
  photoProblem,
  reportFormData,
  serverProblems,
  type ReportDraft,
} from './report-form';

/** A filing that passes every rule: a desa of Kecamatan Tiris (35.13.07), a long enough description. */
const GOOD: ReportDraft = {
  ...EMPTY_DRAFT,
  category: 'jalan',
  kecamatan: '35.13.07',
  desaCode: '35.13.07.2001',
  description: 'Jalan desa berlubang besar di depan balai desa sejak bulan lalu.',
  challengeAnswer: ' 12 ',
};

describe('the public report form', () => {
  it('lets a complete filing go, and names every missing field of an empty one in form order', () => {
    expect(draftProblems(GOOD)).toEqual({});
    const empty = draftProblems(EMPTY_DRAFT);
    expect(Object.keys(empty).sort()).toEqual(
      ['category', 'challengeAnswer', 'desaCode', 'description', 'kecamatan'].sort(),
    );
    expect(empty.description).toEqual({ code: 'required' });
    expect(firstProblemField(empty)).toBe('category');
    expect(hasProblems({})).toBe(false);
  });

  it('applies the domain rules: description length, reporter fields, a desa of the chosen kecamatan, digits', () => {
    expect(draftProblems({ ...GOOD, description: 'terlalu pendek' }).description).toEqual({
      code: 'tooShort',
      min: 20,
    });
    expect(draftProblems({ ...GOOD, reporterName: 'x'.repeat(121) }).reporterName).toEqual({
      code: 'tooLong',
      max: 120,
    });
    // 35.13.08.2001 is a desa of Krucil, not of Tiris.
    expect(draftProblems({ ...GOOD, desaCode: '35.13.08.2001' }).desaCode).toEqual({ code: 'desaUnknown' });
    expect(draftProblems({ ...GOOD, challengeAnswer: 'dua belas' }).challengeAnswer).toEqual({
      code: 'answerDigits',
    });
  });

  it('checks a photo before it is sent with the API limit (5 MB) and its types', () => {
    expect(PHOTO_MAX_BYTES).toBe(5 * 1024 * 1024);
    expect(photoProblem({ size: PHOTO_MAX_BYTES, type: 'image/jpeg' })).toBeNull();
    expect(photoProblem({ size: PHOTO_MAX_BYTES + 1, type: 'image/jpeg' })).toEqual({
      code: 'photoTooLarge',
      maxMb: 5,
    });
    expect(photoProblem({ size: 1000, type: 'application/pdf' })).toEqual({ code: 'photoType' });
    const big = { name: 'jalan.jpg', size: 6 * 1024 * 1024, type: 'image/jpeg' };
    expect(draftProblems({ ...GOOD, photo: big }).photo).toEqual({ code: 'photoTooLarge', maxMb: 5 });
  });

  it('sends the multipart body with the token, trimmed text, and no empty optional field', () => {
    const form = reportFormData({ ...GOOD, reporterContact: ' 0812 ' }, 'token-1', null);
    expect(Object.fromEntries(form.entries())).toEqual({
      category: 'jalan',
      desaCode: '35.13.07.2001',
      description: GOOD.description,
      reporterContact: '0812',
      challengeToken: 'token-1',
      challengeAnswer: '12',
    });
    const withPhoto = reportFormData(
      { ...GOOD, photo: { name: 'jalan.png', size: 3, type: 'image/png' } },
      't',
      new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }),
    );
    expect((withPhoto.get('photo') as File).name).toBe('jalan.png');
  });

  it('places the API refusals by the field they name: the challenge, the desa, the photo', () => {
    const refusal = (status: number, message: string | string[]) =>
      new ApiError(status, { statusCode: status, message });
    expect(serverProblems(refusal(400, ['challengeAnswer: wrong answer']))).toEqual({
      challengeAnswer: { code: 'answerWrong' },
    });
    expect(serverProblems(refusal(400, 'challengeToken: expired'))).toEqual({
      challengeAnswer: { code: 'challengeExpired' },
    });
    expect(serverProblems(refusal(400, ['desaCode: unknown desa 35.13.99.2001']))).toEqual({
      desaCode: { code: 'desaUnknown' },
    });
    expect(serverProblems(refusal(413, 'photo: larger than 5 MB'))).toEqual({
      photo: { code: 'photoTooLarge', maxMb: 5 },
    });
    expect(serverProblems(refusal(415, 'photo: not JPEG, PNG or WebP'))).toEqual({
      photo: { code: 'photoType' },
    });
    expect(serverProblems(refusal(400, ['reporterContact: something new']))).toEqual({
      reporterContact: { code: 'other', text: 'something new' },
    });
    // A limit or a server failure names no field: it stays with the notice above the button.
    expect(serverProblems(refusal(429, 'Too Many Requests'))).toEqual({});
    expect(serverProblems(new TypeError('Failed to fetch'))).toEqual({});
  });
});
