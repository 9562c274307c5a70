// Tests of the e2e harness itself (no app needed): PNG decoding and the blank-screen check, and the
// WebDriver client's timeouts and retries against a fake server on 127.0.0.1.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { deflateSync } from "node:zlib";
import { decodePng, imageStats, assertNotBlank } from "../lib/png.mjs";
import { command, withRetry, waitFor, isConnectionError, Session, xpathLiteral } from "../lib/webdriver.mjs";

function crc32(buf) {
  let c, crc = 0xffffffff;
  for (const byte of buf) {
    c = (crc ^ byte) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** An unfiltered (filter 0) RGB PNG built from a pixel function. */
function encodeRgb(width, height, pixel) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.alloc(height * (width * 3 + 1));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      const o = y * (width * 3 + 1) + 1 + x * 3;
      raw[o] = r; raw[o + 1] = g; raw[o + 2] = b;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

test("a flat white screen is reported blank", () => {
  const png = encodeRgb(400, 300, () => [255, 255, 255]);
  const s = imageStats(png);
  assert.equal(s.distinctColors, 1);
  assert.equal(s.stdDev, 0);
  assert.throws(() => assertNotBlank(png), /looks blank: 1 distinct colors/);
});

test("a window with a few shapes on it is not blank", () => {
  const png = encodeRgb(400, 300, (x, y) => (x < 80 ? [30, 40, 60] : y < 40 ? [240, 240, 245] : [(x * 7) & 255, (y * 5) & 255, 128]));
  const s = assertNotBlank(png);
  assert.ok(s.distinctColors > 100);
});

test("decodes ImageMagick's filtered PNGs byte for byte (RGB and RGBA)", () => {
  for (const [args, map] of [
    [["-size", "257x131", "gradient:#204060-#f0c080", "-swirl", "180"], "rgb"],
    [["-size", "300x200", "plasma:fractal", "-alpha", "set", "-channel", "A", "-evaluate", "set", "60%", "+channel"], "rgba"],
  ]) {
    const png = execFileSync("convert", [...args, "-define", "png:compression-filter=5", `PNG${map === "rgba" ? "32" : "24"}:-`]);
    const raw = execFileSync("convert", ["png:-", "-depth", "8", `${map}:-`], { input: png });
    const { width, height, channels, pixels } = decodePng(png);
    assert.equal(channels, map.length);
    assert.equal(pixels.length, width * height * channels);
    assert.ok(pixels.equals(raw), `decoded pixels differ from ImageMagick's for ${args.join(" ")}`);
  }
});

test("rejects what is not a PNG", () => {
  assert.throws(() => decodePng(Buffer.from("hello world")), /not a PNG/);
});

function fakeDriver(handler) {
  return new Promise((resolve) => {
    const server = createServer(handler);
    server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${server.address().port}` }));
  });
}

test("a WebDriver call that gets no reply times out instead of hanging", async () => {
  const { server, url } = await fakeDriver(() => {}); // never answers
  try {
    const t0 = Date.now();
    await assert.rejects(command(url, "POST", "/session", {}, { timeoutMs: 300 }), (err) => {
      assert.match(err.message, /no reply within 300 ms/);
      assert.ok(isConnectionError(err));
      return true;
    });
    assert.ok(Date.now() - t0 < 5000);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test("reads are retried when the driver drops the connection", async () => {
  let calls = 0;
  const { server, url } = await fakeDriver((req, res) => {
    calls++;
    if (calls < 3) return req.socket.destroy();
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ value: [{ "element-6066-11e4-a52e-4f735466cecf": "el-1" }] }));
  });
  try {
    const s = new Session(url, "abc");
    assert.deepEqual(await s.findAll("//button"), ["el-1"]);
    assert.equal(calls, 3);
  } finally {
    server.close();
  }
});

test("WebDriver errors are not retried and say what the driver said", async () => {
  let calls = 0;
  const { server, url } = await fakeDriver((req, res) => {
    calls++;
    res.statusCode = 404;
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ value: { error: "no such element", message: "Unable to locate element" } }));
  });
  try {
    await assert.rejects(
      withRetry(() => command(url, "GET", "/session/x/element/y/text")),
      /no such element: Unable to locate element/,
    );
    assert.equal(calls, 1);
  } finally {
    server.close();
  }
});

test("waitFor gives up with what it was waiting for", async () => {
  await assert.rejects(waitFor(async () => false, { timeoutMs: 200, intervalMs: 20, what: "the demo" }), /waiting for the demo/);
});

test("xpath literals quote any text", () => {
  assert.equal(xpathLiteral("Open the demo"), "'Open the demo'");
  assert.equal(xpathLiteral("it's"), `"it's"`);
  assert.equal(xpathLiteral(`it's "x"`), `concat('it', "'", 's "x"')`);
});
