/**
 * The absolute link a message carries: the app path (/tasks/<id>) under WEB_BASE_URL, keeping the base's own
 * path, so a web app served under /app/ (or behind a proxy under /gotong/) gets /app/tasks/<id>.
 */
export function absoluteLink(base: string, path: string): string {
  const root = base.endsWith('/') ? base : `${base}/`;
  return new URL(path.replace(/^\/+/, ''), root).toString();
}
