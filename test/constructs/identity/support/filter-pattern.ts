/**
 * Whether a CloudWatch Logs filter pattern of quoted terms matches a log event, as CloudWatch
 * matches them: `"a"` needs the exact, case-sensitive text `a` anywhere in the event; `?"a" ?"b"`
 * needs any one of them. Only this form is accepted (the sign-in alarms use nothing else), so a
 * pattern of another shape fails the test instead of being matched wrongly.
 */
export function matchesTermPattern(pattern: string, event: string): boolean {
  const optional = /^\?"[^"]+"( \?"[^"]+")*$/.test(pattern);
  if (!optional && !/^"[^"]+"$/.test(pattern)) throw new Error(`not a quoted-term pattern: ${pattern}`);
  const terms = [...pattern.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  return terms.some((t) => event.includes(t));
}

/** A log line as Lambda's JSON log format writes what the function printed (the printed text becomes `message`). */
export function lambdaJsonLogLine(printed: string): string {
  return JSON.stringify({ timestamp: '2025-01-01T00:00:00.000Z', level: 'INFO', requestId: 'r-1', message: printed });
}
