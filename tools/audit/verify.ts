/**
 * Entry point of `npm run audit:verify -- [--tenant T]`: verifies audit hash chains at DATABASE_URL.
 * See verify-cli.ts for options, required privileges and exit status.
 */
import { pathToFileURL } from 'node:url';
import { main } from './verify-cli.js';

export { main } from './verify-cli.js';
export type { VerifyCliIo } from './verify-cli.js';

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 2;
    },
  );
}
