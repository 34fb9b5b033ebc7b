/**
 * Debian's Chromium for the browser tests, installed with apt when it is missing (never a
 * browser downloaded by a test tool), and launched headless with the flags that keep it off
 * the network: this machine's network is closed, and Chromium's background services would
 * otherwise retry their connections at every start.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

function installed(): string | undefined {
  return CANDIDATES.find((path) => existsSync(path));
}

function apt(args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  execFileSync(asRoot ? 'apt-get' : 'sudo', asRoot ? args : ['-n', 'apt-get', ...args], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/** The path of Chromium, installing Debian's package first when needed. */
export function ensureChromium(): string {
  const found = installed();
  if (found) return found;
  try {
    apt(['install', '-y', 'chromium']);
  } catch {
    // A fresh machine may have no package lists yet.
    apt(['update']);
    apt(['install', '-y', 'chromium']);
  }
  const path = installed();
  if (!path)
    throw new Error(
      'Chromium is not installed and apt-get could not install it (package "chromium")',
    );
  return path;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: ensureChromium(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
    env: browserEnvironment(),
  });
}

/**
 * The suite's environment without the libraries preloaded into it: under `npm run test:any-day`
 * that is libfaketime, which moves the server's clock to another day and makes Chromium start
 * and run some twenty times slower (a test then times out). The browser keeps its own clock:
 * the dashboard's code reads no calendar date from it (it formats the dates the API sends, and
 * times its own debounce).
 */
function browserEnvironment(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => entry[0] !== 'LD_PRELOAD' && entry[1] !== undefined,
    ),
  );
}
