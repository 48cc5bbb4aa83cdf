// What Pyodide's glue expects of its host, provided inside a bare isolated-vm context (which has
// only the ECMAScript built-ins). Nothing here reaches the judge process: no references, no
// callbacks, only plain functions written here.
//
// - `WorkerGlobalScope` makes Emscripten take its web-worker branch, whose only use here is
//   `crypto.getRandomValues` for entropy (its shell branch would call `os.system`).
// - `read` and `load` make Pyodide's own environment check see a JavaScript shell (its only
//   supported host without a DOM, `process` or `fetch`); neither is ever called, since the wasm
//   module and the standard library are handed over by us.
// - Timers run their callback as a microtask: nothing waits on real time during start-up.
// - TextEncoder and TextDecoder for UTF-8, which Pyodide uses for strings and snapshots.
export const ISOLATE_ENVIRONMENT = `
globalThis.WorkerGlobalScope = function WorkerGlobalScope() {};
globalThis.read = () => { throw new Error("no files in the sandbox"); };
globalThis.load = () => { throw new Error("no scripts in the sandbox"); };
{
  const quiet = () => {};
  globalThis.console = { log: quiet, warn: quiet, error: quiet, info: quiet, debug: quiet, trace: quiet };
  globalThis.print = quiet;
  globalThis.printErr = quiet;
}
globalThis.performance = { now: () => Date.now(), timeOrigin: Date.now() };
globalThis.crypto = {
  getRandomValues(a) {
    const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (Math.random() * 256) | 0;
    return a;
  },
};
globalThis.setTimeout = (f, _ms, ...args) => { Promise.resolve().then(() => f(...args)); return 0; };
globalThis.clearTimeout = () => {};
globalThis.setInterval = () => 0;
globalThis.clearInterval = () => {};
class TextEncoder {
  get encoding() { return "utf-8"; }
  encode(s = "") {
    s = String(s);
    const out = new Uint8Array(s.length * 3);
    return out.subarray(0, this.encodeInto(s, out).written);
  }
  encodeInto(s, dest) {
    let read = 0, w = 0;
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d < 0xe000) c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
      }
      if (c >= 0xd800 && c < 0xe000) c = 0xfffd;
      const n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
      if (w + n > dest.length) break;
      if (n === 1) dest[w++] = c;
      else if (n === 2) { dest[w++] = 0xc0 | (c >> 6); dest[w++] = 0x80 | (c & 63); }
      else if (n === 3) { dest[w++] = 0xe0 | (c >> 12); dest[w++] = 0x80 | ((c >> 6) & 63); dest[w++] = 0x80 | (c & 63); }
      else { dest[w++] = 0xf0 | (c >> 18); dest[w++] = 0x80 | ((c >> 12) & 63); dest[w++] = 0x80 | ((c >> 6) & 63); dest[w++] = 0x80 | (c & 63); i++; read++; }
      read++;
    }
    return { read, written: w };
  }
}
class TextDecoder {
  constructor(label = "utf-8") {
    const name = String(label).toLowerCase();
    if (name === "utf-16le") this.utf16 = true;
    else if (!/^utf-?8$/.test(name)) throw new RangeError("only utf-8 and utf-16le in the sandbox");
  }
  get encoding() { return this.utf16 ? "utf-16le" : "utf-8"; }
  decode(input) {
    if (input === undefined) return "";
    const b = ArrayBuffer.isView(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength) : new Uint8Array(input);
    if (this.utf16) {
      let s = "";
      for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode(b[i] | (b[i + 1] << 8));
      return s;
    }
    let out = "";
    const units = [];
    for (let i = 0; i < b.length; ) {
      const c = b[i];
      let cp = 0xfffd, n = 1;
      if (c < 0x80) cp = c;
      else if (c >= 0xc2 && c < 0xe0 && (b[i + 1] & 0xc0) === 0x80) { cp = ((c & 31) << 6) | (b[i + 1] & 63); n = 2; }
      else if (c >= 0xe0 && c < 0xf0 && (b[i + 1] & 0xc0) === 0x80 && (b[i + 2] & 0xc0) === 0x80) {
        const v = ((c & 15) << 12) | ((b[i + 1] & 63) << 6) | (b[i + 2] & 63);
        if (v >= 0x800 && (v < 0xd800 || v >= 0xe000)) { cp = v; n = 3; }
      } else if (c >= 0xf0 && c < 0xf5 && (b[i + 1] & 0xc0) === 0x80 && (b[i + 2] & 0xc0) === 0x80 && (b[i + 3] & 0xc0) === 0x80) {
        const v = ((c & 7) << 18) | ((b[i + 1] & 63) << 12) | ((b[i + 2] & 63) << 6) | (b[i + 3] & 63);
        if (v >= 0x10000 && v < 0x110000) { cp = v; n = 4; }
      }
      i += n;
      if (cp < 0x10000) units.push(cp);
      else { cp -= 0x10000; units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 1023)); }
      if (units.length >= 4096) { out += String.fromCharCode.apply(null, units); units.length = 0; }
    }
    return out + String.fromCharCode.apply(null, units);
  }
}
globalThis.TextEncoder = TextEncoder;
globalThis.TextDecoder = TextDecoder;
`;
