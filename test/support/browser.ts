import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { Browser } from 'puppeteer-core';

/** Debian's Chromium: the browser the console is tested in. */
export const CHROMIUM = '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Installs Debian's `chromium` with apt-get when it is missing, or fails saying how to get it. */
export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  process.stderr.write(`${CHROMIUM} is missing: installing Debian's chromium with apt-get…\n`);
  try {
    const apt = { stdio: 'inherit' as const, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } };
    execFileSync('apt-get', ['update'], apt);
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], apt);
  } catch (error) {
    throw new Error(
      `the browser tests need Chromium at ${CHROMIUM}, and installing it failed (${(error as Error).message}). ` +
        'Install it as root with `apt-get update && apt-get install -y chromium`, then run the tests again.',
    );
  }
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium, but ${CHROMIUM} is still missing`);
}

export interface Chromium {
  browser: Browser;
  /** Closes the browser (killing it if it will not close) and removes its profile. */
  close(): Promise<void>;
}

/** A headless Chromium with a fresh profile of its own. */
export async function launchChromium(): Promise<Chromium> {
  ensureChromium();
  const profile = mkdtempSync(join(tmpdir(), 'commercex-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir: profile,
    args: [...FLAGS, `--user-data-dir=${profile}`],
  });
  return {
    browser,
    close: async () => {
      const child = browser.process();
      let timer: NodeJS.Timeout | undefined;
      const stuck = new Promise((resolve) => (timer = setTimeout(resolve, 5000)));
      await Promise.race([browser.close(), stuck]).catch(() => undefined);
      clearTimeout(timer);
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
