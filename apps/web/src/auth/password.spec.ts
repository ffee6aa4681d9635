import { PASSWORD_MIN_LENGTH, passwordProblems, problemsFromApi } from './password';

describe('change-password form', () => {
  const long = 'x'.repeat(PASSWORD_MIN_LENGTH);

  it('wants the current password, a long enough new one that differs, repeated the same', () => {
    expect(
      passwordProblems({ currentPassword: 'lama-sekali', newPassword: long, repeatPassword: long }),
    ).toEqual({});
    expect(passwordProblems({ currentPassword: '', newPassword: 'pendek', repeatPassword: 'lain' })).toEqual({
      currentPassword: 'currentRequired',
      newPassword: 'tooShort',
      repeatPassword: 'mismatch',
    });
    expect(passwordProblems({ currentPassword: long, newPassword: long, repeatPassword: long })).toEqual({
      newPassword: 'sameAsCurrent',
    });
  });

  it("places the API's 400 lines on the fields", () => {
    expect(
      problemsFromApi([
        'currentPassword: is not the current password',
        'newPassword: must be at least 10 characters long',
        'something else',
      ]),
    ).toEqual({
      fields: { currentPassword: 'currentWrong', newPassword: 'tooShort' },
      other: ['something else'],
    });
    expect(problemsFromApi(['newPassword: must differ from the current password']).fields).toEqual({
      newPassword: 'sameAsCurrent',
    });
    expect(problemsFromApi(['currentPassword should not be empty']).fields).toEqual({
      currentPassword: 'currentRequired',
    });
  });
});
