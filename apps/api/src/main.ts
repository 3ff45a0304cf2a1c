/**
 * `node apps/api/dist/main.js`: starts the API from the environment (see README), provisions the
 * `demo` tenant when missing and prints where it listens and how to get a token.
 */
import { pathToFileURL } from 'node:url';
import { createApp } from './app.factory.js';

/** Starts the app; resolves once it listens. */
export async function main(): Promise<void> {
  const { app, settings, demoTenantId } = await createApp({ provisionDemo: true });
  app.enableShutdownHooks(['SIGINT', 'SIGTERM']);
  await app.listen(settings.port, settings.host);
  const url = `http://${settings.host}:${settings.port}`;
  console.log(`IntelGraph API listening on ${url}  (docs: ${url}/docs, health: ${url}/health/ready)`);
  console.log(`database: ${settings.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${settings.dataDir}`}; cache and limits: ${settings.redisUrl ? 'Redis' : 'in memory'}; policy: ${settings.opaUrl ? 'OPA' : 'in process'}`);
  console.log(`get a token: npm run token -- --tenant ${demoTenantId ?? '<tenant id>'} --roles operator`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(`api: failed to start: ${(error as Error).message}`);
    process.exit(1);
  });
}
