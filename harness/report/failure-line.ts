// A failure's type and message, from its traceback's last line, as CI servers show them:
// `testtools.matchers._impl.MismatchError: 1 != 2` → type MismatchError's full name, message `1 != 2`.
export function failureOf(traceback: string | undefined): { type: string; message: string } {
  const lines = (traceback ?? '').split('\n').map((line) => line.trim()).filter(Boolean);
  const last = lines.at(-1);
  if (!last) return { type: 'Failure', message: 'failed without a traceback' };
  const match = /^([A-Za-z_][\w.]*(?:Error|Exception|Failure|Timeout|Exit|Interrupt|Mismatch\w*|[A-Z]\w*)):\s?(.*)$/.exec(last);
  if (match) return { type: match[1] ?? 'Failure', message: match[2] || (match[1] ?? '') };
  return { type: 'Failure', message: last };
}
