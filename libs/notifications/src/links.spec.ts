import { absoluteLink } from './links';

describe('absoluteLink', () => {
  it("keeps the base's path, with or without a trailing slash", () => {
    expect(absoluteLink('http://127.0.0.1:3000/app/', '/tasks/42')).toBe(
      'http://127.0.0.1:3000/app/tasks/42',
    );
    expect(absoluteLink('https://gotong.probolinggokab.go.id/app', '/tasks/42')).toBe(
      'https://gotong.probolinggokab.go.id/app/tasks/42',
    );
    expect(absoluteLink('https://gotong.probolinggokab.go.id', '/tasks?overdue=true')).toBe(
      'https://gotong.probolinggokab.go.id/tasks?overdue=true',
    );
  });
});
