import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A development mail catcher for `npm start` on a machine without an SMTP server: accepts every message on
 * 127.0.0.1 and keeps it as an .eml file (open it with any mail client), logging recipient and subject.
 *
 *   node dist/scripts/mail-catcher.js [port=1025] [dir=.data/mail]
 */
const port = Number(process.argv[2] ?? 1025);
const dir = process.argv[3] ?? '.data/mail';
mkdirSync(dir, { recursive: true });

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const raw = Buffer.concat(chunks);
      const to = session.envelope.rcptTo.map((r) => r.address).join(', ');
      const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${session.id}.eml`);
      writeFileSync(file, raw);
      simpleParser(raw)
        .then((mail) => console.log(`${to}: ${mail.subject ?? '(no subject)'} → ${file}`))
        .catch(() => console.log(`${to} → ${file}`))
        .finally(() => callback());
    });
  },
});
server.on('error', (error) => console.error(error.message));
server.listen(port, '127.0.0.1', () =>
  console.log(`mail catcher on smtp://127.0.0.1:${port}, saving to ${dir}`),
);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => server.close(() => process.exit(0)));
