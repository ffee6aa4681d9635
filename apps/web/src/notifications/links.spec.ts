import { appRoute } from './links';

describe('notification links', () => {
  it("leads to the app's own routes", () => {
    expect(appRoute('/tasks/7d1c')).toBe('/tasks/7d1c');
    expect(appRoute('/tasks?overdue=true')).toBe('/tasks?overdue=true');
    expect(appRoute('https://gotong.probolinggokab.go.id/projects/9a')).toBe('/projects/9a');
    expect(appRoute('http://127.0.0.1:3000/app/leadership')).toBe('/leadership');
    expect(appRoute('/app')).toBe('/');
    expect(appRoute('/incidents/3f2a')).toBe('/incidents/3f2a');
  });

  it('ignores what is no link of the app', () => {
    expect(appRoute(null)).toBeNull();
    expect(appRoute('')).toBeNull();
    expect(appRoute('javascript:alert(1)')).toBeNull();
    expect(appRoute('tasks/1')).toBeNull();
  });
});
