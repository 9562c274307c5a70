// Decodes PNG screenshots (8-bit grey/RGB/RGBA, as WebKit writes them) with Node's zlib only, and
// measures how much is on them: a blank window is one flat color, a real screen has many.
import { inflateSync } from "node:zlib";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS = { 0: 1, 2: 3, 4: 2, 6: 4 }; // grey, RGB, grey+alpha, RGBA

/** Returns { width, height, channels, pixels } with `pixels` the unfiltered bytes, row after row. */
export function decodePng(buf) {
  if (buf.length < 8 || !buf.subarray(0, 8).equals(SIGNATURE)) throw new Error("not a PNG");
  let pos = 8;
  let header;
  const idat = [];
  while (pos + 8 <= buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString("latin1", pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    pos += 12 + len;
    if (type === "IHDR") {
      header = {
        width: data.readUInt32BE(0),
        height: data.readUInt32BE(4),
        depth: data[8],
        colorType: data[9],
        interlace: data[12],
      };
    } else if (type === "IDAT") {
      idat.push(data);
    } else if (type === "IEND") {
      break;
    }
  }
  if (!header) throw new Error("PNG without IHDR");
  const channels = CHANNELS[header.colorType];
  if (header.depth !== 8 || !channels || header.interlace !== 0) {
    throw new Error(`unsupported PNG: depth ${header.depth}, color type ${header.colorType}, interlace ${header.interlace}`);
  }
  const { width, height } = header;
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  if (raw.length < height * (stride + 1)) throw new Error("PNG data is truncated");
  const pixels = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = pixels.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : null;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? row[x - channels] : 0;
      const b = prev ? prev[x] : 0;
      const c = prev && x >= channels ? prev[x - channels] : 0;
      let v;
      switch (filter) {
        case 0: v = src[x]; break;
        case 1: v = src[x] + a; break;
        case 2: v = src[x] + b; break;
        case 3: v = src[x] + ((a + b) >> 1); break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
          v = src[x] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
          break;
        }
        default: throw new Error(`bad PNG filter ${filter} on row ${y}`);
      }
      row[x] = v & 0xff;
    }
  }
  return { width, height, channels, pixels };
}

/**
 * { width, height, distinctColors, stdDev }: the number of distinct RGB colors and the standard
 * deviation of the luminance (0..255) over all pixels.
 */
export function imageStats(buf) {
  const { width, height, channels, pixels } = decodePng(buf);
  const colors = new Set();
  let sum = 0;
  let sumSq = 0;
  const n = width * height;
  for (let i = 0; i < n; i++) {
    const o = i * channels;
    let r, g, b;
    if (channels >= 3) {
      r = pixels[o]; g = pixels[o + 1]; b = pixels[o + 2];
    } else {
      r = g = b = pixels[o];
    }
    colors.add((r << 16) | (g << 8) | b);
    const lum = 0.299 * r + 0.587 * g + 0.114 * b;
    sum += lum;
    sumSq += lum * lum;
  }
  const mean = n ? sum / n : 0;
  const stdDev = n ? Math.sqrt(Math.max(0, sumSq / n - mean * mean)) : 0;
  return { width, height, distinctColors: colors.size, stdDev };
}

/** Throws unless the screenshot shows a rendered screen (not blank, not a single flat color). */
export function assertNotBlank(buf, { minColors = 16, minStdDev = 2, name = "screenshot" } = {}) {
  const s = imageStats(buf);
  if (s.width < 200 || s.height < 150) throw new Error(`${name} is only ${s.width}x${s.height}`);
  if (s.distinctColors < minColors || s.stdDev < minStdDev) {
    throw new Error(
      `${name} looks blank: ${s.distinctColors} distinct colors (want >= ${minColors}), ` +
        `luminance std dev ${s.stdDev.toFixed(2)} (want >= ${minStdDev})`,
    );
  }
  return s;
}
