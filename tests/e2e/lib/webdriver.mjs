// A small W3C WebDriver client over plain HTTP (Node 20 fetch), made for tauri-driver:
// - every call has a timeout (without a display `POST /session` hangs instead of failing);
// - reads are retried when tauri-driver drops a connection without replying;
// - actions are not retried blindly: the caller checks their effect on the page.

const ELEMENT_KEY = "element-6066-11e4-a52e-4f735466cecf";

export class WebDriverError extends Error {
  constructor(message, { status, error, cause } = {}) {
    super(message, { cause });
    this.name = "WebDriverError";
    this.status = status;
    this.error = error;
  }
}

/** True for failures of the connection itself (reset, refused, closed without a reply, timeout). */
export function isConnectionError(err) {
  if (err instanceof WebDriverError) return err.status === undefined;
  return err?.name === "TimeoutError" || err?.name === "AbortError" || err instanceof TypeError;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * One WebDriver command. `timeoutMs` bounds the whole exchange. Throws WebDriverError with
 * `status` set for a WebDriver error reply, without it for a connection failure.
 */
export async function command(baseUrl, method, path, body, { timeoutMs = 15_000 } = {}) {
  let res;
  try {
    res = await fetch(baseUrl + path, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json; charset=utf-8" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (cause) {
    const why = cause?.name === "TimeoutError" ? `no reply within ${timeoutMs} ms` : String(cause?.cause ?? cause);
    throw new WebDriverError(`${method} ${path}: ${why}`, { cause });
  }
  let text;
  try {
    text = await res.text();
  } catch (cause) {
    throw new WebDriverError(`${method} ${path}: connection closed while reading the reply`, { cause });
  }
  let json;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    throw new WebDriverError(`${method} ${path}: HTTP ${res.status}, not JSON: ${text.slice(0, 200)}`, {
      status: res.status,
    });
  }
  if (!res.ok || (json.value && typeof json.value === "object" && json.value.error)) {
    const v = json.value ?? {};
    throw new WebDriverError(`${method} ${path}: ${v.error ?? `HTTP ${res.status}`}: ${v.message ?? text.slice(0, 200)}`, {
      status: res.status,
      error: v.error,
    });
  }
  return json.value;
}

/** Calls `fn` until it resolves, retrying connection errors only (up to `attempts` times). */
export async function withRetry(fn, { attempts = 4, delayMs = 300 } = {}) {
  let last;
  for (let i = 0; i < attempts; i++) {
    try {
      return await fn();
    } catch (err) {
      if (!isConnectionError(err)) throw err;
      last = err;
      await sleep(delayMs * (i + 1));
    }
  }
  throw last;
}

/** Polls `probe` until it returns a truthy value or `timeoutMs` passes; returns that value. */
export async function waitFor(probe, { timeoutMs = 30_000, intervalMs = 250, what = "condition" } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastErr;
  let lastValue;
  while (Date.now() < deadline) {
    try {
      lastValue = await probe();
      if (lastValue) return lastValue;
    } catch (err) {
      lastErr = err;
    }
    await sleep(intervalMs);
  }
  const detail = lastErr ? ` (last error: ${lastErr.message})` : "";
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
}

export class Session {
  constructor(baseUrl, id) {
    this.baseUrl = baseUrl;
    this.id = id;
  }

  /**
   * Opens a session on tauri-driver for the app binary at `application` (an absolute path),
   * started with `args`.
   */
  static async start(baseUrl, application, { timeoutMs = 60_000, args } = {}) {
    const options = args ? { application, args } : { application };
    const value = await command(
      baseUrl,
      "POST",
      "/session",
      { capabilities: { alwaysMatch: { "tauri:options": options } } },
      { timeoutMs },
    );
    if (!value?.sessionId) throw new WebDriverError(`POST /session: no sessionId in ${JSON.stringify(value)}`);
    return new Session(baseUrl, value.sessionId);
  }

  cmd(method, path, body, opts) {
    return command(this.baseUrl, method, `/session/${this.id}${path}`, body, opts);
  }

  /** A read: retried when the connection drops. */
  read(method, path, body, opts) {
    return withRetry(() => this.cmd(method, path, body, opts));
  }

  async delete() {
    await command(this.baseUrl, "DELETE", `/session/${this.id}`, undefined, { timeoutMs: 15_000 });
  }

  /** Element ids matching an XPath expression (may be empty). */
  async findAll(xpath) {
    const found = await this.read("POST", "/elements", { using: "xpath", value: xpath });
    return found.map((e) => e[ELEMENT_KEY] ?? e.ELEMENT);
  }

  isDisplayed(el) {
    return this.read("GET", `/element/${el}/displayed`);
  }

  text(el) {
    return this.read("GET", `/element/${el}/text`);
  }

  /** The page's rendered (visible) text. */
  async bodyText() {
    const [body] = await this.findAll("/html/body");
    if (!body) return "";
    return this.text(body);
  }

  title() {
    return this.read("GET", "/title");
  }

  /** The first displayed element matching `xpath`, waiting up to `timeoutMs` for one. */
  waitForDisplayed(xpath, { timeoutMs = 30_000, what = xpath } = {}) {
    return waitFor(
      async () => {
        for (const el of await this.findAll(xpath)) {
          if (await this.isDisplayed(el)) return el;
        }
        return null;
      },
      { timeoutMs, what: `a visible ${what}` },
    );
  }

  /**
   * Clicks an element. A dropped connection is not an error here: tauri-driver sometimes closes the
   * connection after doing the click, so the caller must check the effect on the page.
   */
  async click(el) {
    try {
      await this.cmd("POST", `/element/${el}/click`, {});
    } catch (err) {
      if (!isConnectionError(err)) throw err;
    }
  }

  /** Runs `script` in the page (WebDriver "Execute Script"); `elements` are passed as arguments[0..]. */
  execute(script, ...elements) {
    return this.cmd("POST", "/execute/sync", { script, args: elements.map((el) => ({ [ELEMENT_KEY]: el })) });
  }

  /**
   * Clicks an element from the page's script. WebKitWebDriver refuses to click an element whose
   * text is clipped by an ellipsis (it calls it not displayed), as a table's run name can be.
   */
  async clickInPage(el) {
    await this.execute("arguments[0].click()", el);
  }

  /** Types into an input (WebDriver "Element Send Keys"). */
  async type(el, text) {
    await this.cmd("POST", `/element/${el}/value`, { text });
  }

  /** A PNG of the window's viewport, as a Buffer. */
  async screenshot() {
    const b64 = await this.read("GET", "/screenshot", undefined, { timeoutMs: 30_000 });
    return Buffer.from(b64, "base64");
  }
}

/** An XPath string literal for any text (XPath 1.0 has no escapes). */
export function xpathLiteral(s) {
  if (!s.includes("'")) return `'${s}'`;
  if (!s.includes('"')) return `"${s}"`;
  return `concat('${s.split("'").join(`', "'", '`)}')`;
}

/** XPath for the innermost elements whose text contains `s` (so a label, not its whole page). */
export function xpathContainingText(s, tag = "*") {
  const lit = xpathLiteral(s);
  return `//${tag}[contains(normalize-space(.), ${lit})][not(.//*[contains(normalize-space(.), ${lit})])]`;
}
