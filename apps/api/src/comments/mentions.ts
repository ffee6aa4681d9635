/**
 * The OPD codes written as mentions in a comment: `@DINSOS`, `@KEC-TIRIS` (upper-case, after a space, a line
 * start or an opening bracket, so that an email address such as dinsos@probolinggokab.go.id is not one).
 * Unique, in the order written. Which of them are real OPDs is the caller's to check.
 */
export function mentionedCodes(body: string): string[] {
  const codes = new Set<string>();
  for (const match of body.matchAll(/(?<![\p{L}\p{N}_@.])@([A-Z][A-Z0-9_]*(?:-[A-Z0-9_]+)*)/gu)) {
    if (match[1]) codes.add(match[1]);
  }
  return [...codes];
}
