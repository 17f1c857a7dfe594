'use strict';

/**
 * How papo launches Chromium, for the browser tests (`playwright.config.ts`)
 * and for `make bench` (`bench/browser/interactive.cjs`).
 *
 * Browsers cannot be downloaded on our machines (`npx playwright install`
 * fails), so this is Debian's Chromium (`apt-get install chromium`);
 * override its path with `PAPO_CHROMIUM`. The background services are off
 * so that nothing but the page uses the network or the CPU.
 */
module.exports.launchOptions = {
  executablePath: process.env.PAPO_CHROMIUM || '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
