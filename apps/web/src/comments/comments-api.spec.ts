import { ApiError } from '../api/client';
import { ATTACHMENT_MAX_BYTES, commentProblems, fileProblem, formatSize } from './comments-api';

describe('commentProblems: refusals the app words in the user’s language', () => {
  it('reads the mention refusals of a 400, one per OPD', () => {
    const error = new ApiError(400, {
      message: [
        'mentions: @DPUPR cannot see this task; mention only OPDs that take part in it',
        'mentions: @NOPE is not an active OPD code',
      ],
    });
    expect(commentProblems(error)).toEqual([
      { kind: 'mentionNotParty', code: 'DPUPR' },
      { kind: 'mentionUnknown', code: 'NOPE' },
    ]);
  });

  it('reads 413 and 415 as the file refusals, and leaves anything else to the generic notice', () => {
    expect(commentProblems(new ApiError(413, { message: 'file: larger than …' }))).toEqual([
      { kind: 'fileTooLarge' },
    ]);
    expect(commentProblems(new ApiError(415, { message: 'file: …' }))).toEqual([
      { kind: 'fileTypeNotAllowed' },
    ]);
    expect(commentProblems(new ApiError(400, { message: ['body must not be empty'] }))).toEqual([]);
    expect(commentProblems(new ApiError(403, { message: 'x' }))).toEqual([]);
    expect(commentProblems(new Error('offline'))).toEqual([]);
  });
});

describe('fileProblem and formatSize', () => {
  const file = (name: string, size: number) => ({ name, size }) as File;

  it('refuses before sending what the API would refuse by size or by name', () => {
    expect(fileProblem(file('jalan.JPG', 1000))).toBeNull();
    expect(fileProblem(file('rekap.xlsx', ATTACHMENT_MAX_BYTES))).toBeNull();
    expect(fileProblem(file('scan.pdf', ATTACHMENT_MAX_BYTES + 1))).toBe('tooLarge');
    expect(fileProblem(file('setup.exe', 1000))).toBe('typeNotAllowed');
  });

  it('writes sizes in KB and MB in the reader’s language', () => {
    expect(formatSize(1536 * 1024, 'id')).toBe('1,5 MB');
    expect(formatSize(1536 * 1024, 'en')).toBe('1.5 MB');
    expect(formatSize(300, 'id')).toBe('1 KB');
  });
});
