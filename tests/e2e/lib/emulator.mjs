// The Platform API emulator (towerdesk-emulator, built by tests/e2e/run as E2E_EMULATOR) as a
// child process of a spec: started on a port and a state file of the spec's, stopped and started
// again on the same ones (the state file keeps what the server has between the two).
import { spawn } from "node:child_process";
import { createServer } from "node:net";

export const EMULATOR = process.env.E2E_EMULATOR;
/** The emulator's default access token (towerdesk_emulator::DEMO_TOKEN). */
export const TOKEN = "towerdesk-demo-token";

/** A port nobody listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export class Emulator {
  constructor({ port, stateFile, scenario = "demo", log = () => {} }) {
    if (!EMULATOR) throw new Error("E2E_EMULATOR is unset: run these specs through tests/e2e/run");
    this.port = port;
    this.stateFile = stateFile;
    this.scenario = scenario;
    this.log = log;
    this.child = null;
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts it and waits for "listening on …" (it loads the state file when there is one). */
  async start({ timeoutMs = 60_000 } = {}) {
    if (this.child) return;
    const args = ["--scenario", this.scenario, "--port", String(this.port), "--state", this.stateFile];
    const child = spawn(EMULATOR, args, { stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    child.stderr.on("data", (d) => this.log(String(d)));
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the emulator did not say it listens within ${timeoutMs} ms`)), timeoutMs);
      let out = "";
      child.stdout.on("data", (d) => {
        out += String(d);
        if (out.includes("listening on")) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`the emulator exited (${code}) before listening`));
      });
    });
  }

  /** Stops it (Ctrl-C) and waits until it has exited. */
  async stop() {
    const child = this.child;
    if (!child) return;
    this.child = null;
    if (child.exitCode !== null) return;
    await new Promise((resolve) => {
      const hard = setTimeout(() => child.kill("SIGKILL"), 10_000);
      child.on("exit", () => {
        clearTimeout(hard);
        resolve();
      });
      child.kill("SIGINT");
    });
  }
}
