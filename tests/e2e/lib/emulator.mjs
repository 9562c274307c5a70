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
  /** `frozenClock`: an RFC 3339 time the emulator's clock stays at until `advance()` moves it. */
  constructor({ port, stateFile, scenario = "demo", log = () => {}, frozenClock = null }) {
    if (!EMULATOR) throw new Error("E2E_EMULATOR is unset: run these specs through tests/e2e/run");
    this.port = port;
    this.stateFile = stateFile;
    this.scenario = scenario;
    this.log = log;
    this.frozenClock = frozenClock;
    this.child = null;
    this.out = "";
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts it and waits for "listening on …" (it loads the state file when there is one). */
  async start({ timeoutMs = 60_000 } = {}) {
    if (this.child) return;
    const args = ["--scenario", this.scenario, "--port", String(this.port), "--state", this.stateFile];
    if (this.frozenClock) args.push("--frozen-clock", this.frozenClock);
    const child = spawn(EMULATOR, args, { stdio: [this.frozenClock ? "pipe" : "ignore", "pipe", "pipe"] });
    this.out = "";
    child.stdout.on("data", (d) => (this.out += String(d)));
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

  /** Moves the frozen clock forward by `seconds`; resolves with the emulator's new time. */
  advance(seconds) {
    if (!this.child || !this.frozenClock) throw new Error("advance() needs a running emulator with a frozen clock");
    const seen = this.out.split("\nclock ").length;
    this.child.stdin.write(`advance ${Math.round(seconds)}\n`);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the emulator did not say its new time")), 30_000);
      const check = () => {
        const parts = this.out.split("\nclock ");
        if (parts.length > seen) {
          clearTimeout(timer);
          this.child?.stdout.off("data", check);
          resolve(parts.at(-1).split("\n")[0].trim());
        }
      };
      this.child.stdout.on("data", check);
      check();
    });
  }

  /** A GET of the Platform API with the emulator's token, as JSON. */
  async get(path) {
    const res = await fetch(`${this.url}${path}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
    return res.json();
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
