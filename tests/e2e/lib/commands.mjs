// Running the tools a user runs: the example's scripts, the AWS CLI and curl.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Runs a program; resolves {code, stdout, stderr} whatever the exit code.
export function run(file, args, { env, timeoutMs = 120000, input } = {}) {
  return new Promise((resolve) => {
    const child = execFile(file, args, { env, timeout: timeoutMs, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr, killed: Boolean(error && error.killed) });
    });
    if (input !== undefined) child.stdin.end(input);
  });
}

// The AWS CLI the Python tests use: Debian's v2 when installed, else whatever is on PATH.
export const AWS_CLI = fs.existsSync('/usr/bin/aws') ? '/usr/bin/aws' : 'aws';

// An environment for the AWS CLI aimed at one bunker, untouched by the user's profile.
export function awsEnv(endpoint, extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(
    ([k]) => !k.startsWith('AWS_') && !(k.startsWith('BUNKER_') && k !== 'BUNKER_ROOT')));
  return {
    ...env,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
    AWS_CLI,
    BUNKER_ENDPOINT: endpoint,
    ...extra,
  };
}

export async function aws(endpoint, ...args) {
  const r = await run(AWS_CLI, ['--endpoint-url', endpoint, '--output', 'json', ...args], { env: awsEnv(endpoint) });
  if (r.code !== 0) throw new Error(`aws ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout.trim() ? JSON.parse(r.stdout) : null;
}

// curl, as a user (or an SMS gateway) would call the API. Resolves
// {status, headers (lower-case names), body}.
export async function curl(url, args = []) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-curl-'));
  try {
    const head = path.join(dir, 'head');
    const body = path.join(dir, 'body');
    const r = await run('curl', ['-sS', '--max-time', '30', '-D', head, '-o', body, ...args, url], { timeoutMs: 40000 });
    if (r.code !== 0) throw new Error(`curl ${url} failed (${r.code}): ${r.stderr}`);
    const lines = fs.readFileSync(head, 'utf8').split('\r\n');
    // With 100-continue there is more than one header block: the last one counts.
    const start = lines.findLastIndex((l) => /^HTTP\/\S+ \d{3}/.test(l));
    const status = Number(lines[start].split(' ')[1]);
    const headers = {};
    for (const line of lines.slice(start + 1)) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    return { status, headers, body: fs.readFileSync(body, 'utf8') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
