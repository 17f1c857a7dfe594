import { test as base } from '@playwright/test';
import { spawn } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Two papo instances on one throwaway PostgreSQL, for the tests of what
 * instances share (`instances.spec.ts`).
 *
 * `scripts/cluster.sh --no-proxy --throwaway --lifeline` does the work, as
 * it does for `make cluster`: a fresh PostgreSQL cluster (initdb into a new
 * temporary folder, as the `postgres` user when run as root) on a free
 * port, and two `target/debug/papo-server` (built by `cargo leptos end-to-end`)
 * on free ports, serving `target/site`. The script's stdin is a pipe held
 * here: when the tests are done, or this process dies however it dies, the
 * pipe closes and the script stops both instances and PostgreSQL and
 * removes the folder. If PostgreSQL or an instance cannot start, the
 * fixture fails with the script's output, which quotes PostgreSQL's (or
 * papo's) own log; the tests are never skipped.
 */
export type Cluster = {
  /** Instance A's address, e.g. `http://127.0.0.1:40123`. */
  a: string;
  /** Instance B's address. */
  b: string;
};

const ROOT = path.resolve(__dirname, '..', '..');
/** initdb, PostgreSQL's start and both instances' migrations and start. */
const START_LIMIT_MS = 90_000;
const STOP_LIMIT_MS = 60_000;
const POLL_MS = 100;

/**
 * `cluster`: started once per worker, when the first test that asks for it
 * runs, and stopped when the worker ends. Playwright gives tests with
 * their own worker fixtures a worker of their own: with `workers: 1`, they
 * run after all the others.
 */
export const test = base.extend<object, { cluster: Cluster }>({
  cluster: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const running = await startCluster();
      try {
        await use(running.cluster);
      } finally {
        await running.stop();
      }
    },
    { scope: 'worker', timeout: START_LIMIT_MS + STOP_LIMIT_MS },
  ],
});

export { expect } from '@playwright/test';

async function startCluster(): Promise<{ cluster: Cluster; stop: () => Promise<void> }> {
  const bin = path.join(ROOT, 'target/debug/papo-server');
  const site = path.join(ROOT, 'target/site');
  if (!existsSync(bin) || !existsSync(path.join(site, 'pkg'))) {
    throw new Error(`${bin} or ${site} is missing: run the browser tests with \`make test-e2e\`.`);
  }
  const work = mkdtempSync(path.join(tmpdir(), 'papo-e2e-cluster-'));
  // Under root, PostgreSQL runs as `postgres`, which must get through.
  chmodSync(work, 0o755);
  const logPath = path.join(work, 'cluster.log');
  const [pg, a, b] = await freePorts(3);

  // The script's output goes to a file, not a pipe: nothing it writes can
  // fail because this process stopped reading.
  const log = openSync(logPath, 'a');
  const child = spawn('bash', ['scripts/cluster.sh', '--no-proxy', '--throwaway', '--lifeline'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PAPO_CLUSTER_DIR: path.join(work, 'cluster'),
      PAPO_CLUSTER_BIN: bin,
      PAPO_CLUSTER_SITE: site,
      PAPO_CLUSTER_PG_PORT: String(pg),
      PAPO_CLUSTER_A_PORT: String(a),
      PAPO_CLUSTER_B_PORT: String(b),
      // As for the server on port 3000 (see the Makefile).
      PAPO_SESSION_RATE: 'off',
      PAPO_POST_RATE: 'off',
    },
    stdio: ['pipe', log, log],
  });
  closeSync(log);
  const exited = new Promise<string>((resolve) => {
    child.on('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `exit status ${code}`));
    child.on('error', (error) => resolve(`could not run bash: ${error.message}`));
  });
  let ended: string | undefined;
  void exited.then((how) => (ended = how));
  const output = () => {
    try {
      return readFileSync(logPath, 'utf8');
    } catch {
      return '(no output)';
    }
  };

  const stop = async () => {
    child.stdin?.end();
    const timer = setTimeout(() => child.kill('SIGTERM'), STOP_LIMIT_MS / 2);
    await exited;
    clearTimeout(timer);
    rmSync(work, { recursive: true, force: true });
  };

  const cluster = { a: `http://127.0.0.1:${a}`, b: `http://127.0.0.1:${b}` };
  const deadline = Date.now() + START_LIMIT_MS;
  for (const base of [cluster.a, cluster.b]) {
    while (!(await healthy(base))) {
      if (ended !== undefined || Date.now() > deadline) {
        const why = ended ?? `${base}/healthz did not answer 200 within ${START_LIMIT_MS / 1000} s`;
        const text = output();
        await stop();
        throw new Error(`two papo instances on PostgreSQL could not be started (${why}):\n${text}`);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
  return { cluster, stop };
}

async function healthy(base: string): Promise<boolean> {
  try {
    const response = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2_000) });
    return response.status === 200;
  } catch {
    return false;
  }
}

/** `n` different ports that were free a moment ago. */
async function freePorts(n: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < n) {
    ports.add(
      await new Promise<number>((resolve, reject) => {
        const server = createServer();
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => {
          const address = server.address();
          const port = typeof address === 'object' && address ? address.port : 0;
          server.close(() => resolve(port));
        });
      }),
    );
  }
  return [...ports];
}
