/**
 * `npm run token -- --tenant T --roles R[,R] [--subject S] [--mfa] [--clearance C] [--ttl 3600]`:
 * prints a signed HS256 development JWT for the API on stdout (nothing else). Signs with
 * `JWT_SECRET` or the API's development secret. Refused when `NODE_ENV=production`.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';

/** Same value as the API's `DEV_JWT_SECRET` (a test keeps them equal). */
export const DEV_JWT_SECRET = 'intelgraph-dev-secret-not-for-production';
const CLEARANCES = ['public', 'internal', 'confidential', 'restricted'];

/** Runs the tool; returns the exit code. Output goes to `out` (the token) and `err` (problems). */
export async function main(
  argv: readonly string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
  out: (s: string) => void = (s) => process.stdout.write(s),
  err: (s: string) => void = (s) => process.stderr.write(s),
): Promise<number> {
  if (env['NODE_ENV'] === 'production') {
    err('token: refused: development tokens are not issued when NODE_ENV=production\n');
    return 1;
  }
  let values;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        tenant: { type: 'string' },
        roles: { type: 'string' },
        subject: { type: 'string' },
        mfa: { type: 'boolean', default: false },
        clearance: { type: 'string', default: 'internal' },
        ttl: { type: 'string', default: '3600' },
        approvals: { type: 'string' },
      },
      strict: true,
    }).values;
  } catch (error) {
    err(`token: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const ttl = Number(values.ttl);
  if (!values.tenant || !values.roles || !CLEARANCES.includes(values.clearance) || !Number.isInteger(ttl) || ttl <= 0) {
    err(USAGE);
    return 2;
  }
  const claims: Record<string, unknown> = {
    tid: values.tenant,
    roles: values.roles.split(',').map((r) => r.trim()).filter(Boolean),
    clr: values.clearance,
    mfa: values.mfa,
  };
  if (values.approvals) claims['approvals'] = values.approvals.split(',').filter(Boolean);
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(values.subject ?? 'dev-user')
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttl)
    .sign(new TextEncoder().encode(env['JWT_SECRET'] || DEV_JWT_SECRET));
  out(token + '\n');
  return 0;
}

const USAGE = 'usage: npm run token -- --tenant <tenant id> --roles <role[,role]> [--subject S] [--mfa] [--clearance public|internal|confidential|restricted] [--ttl seconds] [--approvals s1,s2]\n';

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`token: ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
}
