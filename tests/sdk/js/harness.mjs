// A real bunker per test file: free port, fresh data directory, health wait, log kept
// in tests/artifacts/ for failures. Clients get dummy credentials and the endpoint.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, openSync, closeSync, readFileSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = process.env.BUNKER_ROOT ?? path.resolve(here, "..", "..", "..");
export const BIN = process.env.BUNKER_BIN ?? path.join(ROOT, "build", "src", "bunker");
const ARTIFACTS = path.join(ROOT, "tests", "artifacts");

export const clientConfig = (endpoint, extra = {}) => ({
  endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
  maxAttempts: 1,
  ...extra,
});

// The error a promise rejects with; fails the test when it resolves.
export async function errorOf(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error("expected an error, the call succeeded");
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export class Bunker {
  constructor(name, { args = [], inMemory = false } = {}) {
    this.name = name;
    this.args = args;
    this.inMemory = inMemory;
    this.dataDir = mkdtempSync(path.join(tmpdir(), `bunker-js-${name}-`));
    mkdirSync(ARTIFACTS, { recursive: true });
    this.logPath = path.join(ARTIFACTS, `js-${name}.log`);
  }

  get endpoint() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(timeoutMs = 15000) {
    this.port = this.port ?? (await freePort());
    const args = ["--port", String(this.port), "--log-level", "info",
      ...(this.inMemory ? ["--in-memory"] : ["--data-dir", this.dataDir]), ...this.args];
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("BUNKER_")));
    const log = openSync(this.logPath, "a");
    this.proc = spawn(BIN, args, { stdio: ["ignore", log, log], env });
    closeSync(log);
    let exited = null;
    this.proc.on("exit", (code) => { exited = code; });
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (exited !== null) throw new Error(`bunker exited with ${exited}:\n${this.logTail()}`);
      try {
        const r = await fetch(`${this.endpoint}/_bunker/health`);
        if (r.ok) return this;
      } catch { /* not listening yet */ }
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`bunker did not become healthy:\n${this.logTail()}`);
  }

  async stop() {
    if (!this.proc || this.proc.exitCode !== null) return this.proc?.exitCode;
    const done = new Promise((resolve) => this.proc.on("exit", resolve));
    this.proc.kill("SIGTERM");
    return await done;
  }

  async cleanup() {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  logTail(lines = 40) {
    try {
      return readFileSync(this.logPath, "utf8").split("\n").slice(-lines).join("\n");
    } catch {
      return "(no log)";
    }
  }
}
