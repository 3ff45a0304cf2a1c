import { pathToFileURL } from 'node:url';

/**
 * Runs a command-line tool's `main` when its module is the process entry point (not when a test
 * imports it), and exits with the code it returns; an unexpected error prints and exits 1.
 */
export function runIfMain(moduleUrl: string, main: () => Promise<number>): void {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
