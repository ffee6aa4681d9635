/**
 * Where a notification leads inside the app. The notifier writes links as paths of the web app
 * ("/tasks/<id>", "/projects/<id>", "/leadership", "/tasks?overdue=true") and emails make them absolute
 * with WEB_BASE_URL; both are turned into a route of this app (which lives under /app). Pure.
 */
export function appRoute(link: string | null | undefined): string | null {
  if (!link) return null;
  let path = link.trim();
  if (/^https?:\/\//i.test(path)) {
    try {
      const url = new URL(path);
      path = `${url.pathname}${url.search}`;
    } catch {
      return null;
    }
  }
  if (!path.startsWith('/')) return null;
  const inApp = path.replace(/^\/app(?=\/|$)/, '');
  return inApp === '' ? '/' : inApp;
}
