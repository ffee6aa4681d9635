import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';

/**
 * The S3-compatible server the storage tests run against: our own small Go program (main.go, on gofakes3,
 * MIT; MinIO's server is AGPL and is not vendored), built with `go build` once per source version into the
 * Gotong cache (as scripts/lib.sh's ensure_temporal_server builds the Temporal server) and started on a free
 * loopback port. S3_TEST_SERVER_BIN names a prebuilt binary instead (a machine without Go).
 */

const SOURCE_DIR = __dirname;
const SOURCES = ['main.go', 'go.mod', 'go.sum'];

function cacheRoot(): string {
  return process.env.GOTONG_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'gotong');
}

/** The binary for the current sources: built on first use (a minute or so; Go modules from the proxy). */
export async function ensureS3TestServer(): Promise<string> {
  const prebuilt = process.env.S3_TEST_SERVER_BIN;
  if (prebuilt) {
    if (!existsSync(prebuilt)) throw new Error(`S3_TEST_SERVER_BIN=${prebuilt}: no such file`);
    return prebuilt;
  }
  const hash = createHash('sha256');
  for (const name of SOURCES) hash.update(readFileSync(join(SOURCE_DIR, name)));
  const dir = join(cacheRoot(), `s3-test-server-${hash.digest('hex').slice(0, 12)}`);
  const binary = join(dir, 's3-test-server');
  if (existsSync(binary)) return binary;
  const building = join(dir, `.build-${process.pid}`);
  mkdirSync(building, { recursive: true });
  try {
    await promisify(execFile)(
      'go',
      ['build', '-buildvcs=false', '-o', join(building, 's3-test-server'), '.'],
      {
        cwd: SOURCE_DIR,
        env: { ...process.env, CGO_ENABLED: '0' },
        timeout: 15 * 60_000,
      },
    );
    renameSync(join(building, 's3-test-server'), binary);
  } catch (error) {
    throw new Error(
      `building the S3 test server (scripts/s3-test-server) with Go failed; install Go or set S3_TEST_SERVER_BIN: ${(error as Error).message}`,
      { cause: error },
    );
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
  return binary;
}

export interface S3TestServer {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  stop: () => Promise<void>;
}

/** Starts the server with one bucket, in memory; resolves once it accepts connections. */
export async function startS3TestServer(bucket: string): Promise<S3TestServer> {
  const binary = await ensureS3TestServer();
  const child = spawn(binary, ['-addr', '127.0.0.1:0', '-bucket', bucket], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error(`the S3 test server did not start: ${stderr}`)), 15_000);
    lines.on('line', (line) => {
      const match = /^listening (http:\/\/\S+)$/.exec(line.trim());
      if (!match?.[1]) return;
      clearTimeout(timer);
      resolve(match[1]);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the S3 test server exited with ${code}: ${stderr}`));
    });
  });
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
