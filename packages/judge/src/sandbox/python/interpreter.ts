// What runs inside an isolate for Python, after the environment and Pyodide's glue. It defines:
//
// - `__codeduelMake(lock, prep)`: starts CPython the way Pyodide's loader does, runs `prep` (the
//   harness and the standard-library imports challenges use), then keeps a memory snapshot that
//   `__codeduelMade()` hands back. Used once per machine (snapshot.ts caches it).
// - `__codeduelStart(snapshot, maxMemory, outputCap)`: a fresh interpreter restored from that
//   snapshot: a new wasm instance and memory, the snapshot copied in, no Python start-up at all.
// - `__codeduelCall(entry, bytes)`: calls the harness's `setup` or `test` through CPython's C API
//   (plain wasm exports), never through Pyodide's JavaScript bridge; answers a `Reply`.
//
// A restored interpreter is cut off from JavaScript: every wasm import through which Python reaches
// JavaScript objects (Pyodide's `js` module and proxies), loads code (dlopen), runs a command or
// opens a socket is replaced by a function that throws. A throw unwinds the wasm stack and leaves
// the interpreter unusable, so the host starts a fresh one before the next test (as for a timeout).
// Growth of the wasm memory is refused beyond the cap (CPython then raises MemoryError); printed
// output is counted at `fd_write` and the run ends once it passes the cap.

/** Printed output kept per test for display; more is counted against the output cap, not kept. */
const SHOWN_OUTPUT_BYTES = 2048;

/** What `__codeduelCall` answers. */
export interface Reply {
  /** r(eturned through the harness: `result` is its answer), m(emory), h(ost call denied), o(utput cap), x (the run broke), i(nternal). */
  k: string;
  result?: Uint8Array;
  message?: string;
  out?: Uint8Array;
  outBytes?: number;
  /** The interpreter's wasm memory, bytes. */
  memoryBytes?: number;
  /** Whether the wasm memory was refused growth past the cap during the call. */
  memoryRefused?: boolean;
}

/** Names of the wasm imports a restored interpreter may not call. */
const GATED_IMPORTS = new RegExp(
  [
    "^_?Js", // JsProxy, JsvObject_*, JsArray_*: Python reaching JavaScript objects
    "^js2python",
    "^_?python2js",
    "^_?pyproxy",
    "^_?_?hiwire",
    "^(raw_call_js|create_once_callable|create_promise_handles|destroy_prox|wrap_|_agen|handle_next_result_js)",
    "^(gc_register_proxies|proxy_cache_|array_to_js|my_dict_converter|pyodide_js_init|set_pyodide_module|new_error)",
    "^(is_comlink_proxy|can_run_sync_js|get_length_|get_async_js|JsException|jslib_init|throw_no_gil)",
    "^(ffi_|_dlopen_js|_emscripten_dlopen_js|_dlsym_js|_emscripten_system|emscripten_promise_)",
    "^(set_suspender|get_suspender|saveState|restoreState|syncifyHandler|emscripten_set_up_async_input)",
    "^(_maybe_|_try_|getaddrinfo|getnameinfo|getprotobyname)",
    "^__syscall_(socket|connect|bind|listen|accept4|sendto|sendmsg|recvfrom|recvmsg|getsockopt|getpeername|getsockname)$",
  ].join("|"),
);

export const INTERPRETER = `(() => {
  "use strict";
  const wasmModule = globalThis.__codeduelWasm;
  const stdlib = new Uint8Array(globalThis.__codeduelStdlib);
  delete globalThis.__codeduelWasm;
  delete globalThis.__codeduelStdlib;
  const create = _createPyodideModule;
  const GATED = new RegExp(${JSON.stringify(GATED_IMPORTS.source)});
  const DENIED = "codeduel: host bridge denied";
  const OUTPUT = "codeduel: output limit";
  const errorMarker = Symbol("error marker");
  const define = (name, value) => Object.defineProperty(globalThis, name, { value });

  /** Emscripten settings as Pyodide's loader makes them, with our own wasm instantiation. */
  function settings(options) {
    const config = {
      jsglobals: {}, args: [], env: { HOME: "/home/pyodide" }, packages: [], indexURL: "/pyodide/",
      packageBaseUrl: "/pyodide/", cdnUrl: "/pyodide/", packageCacheDir: "/pyodide/",
      enableRunUntilComplete: true, checkAPIVersion: true, BUILD_ID: options.buildId, _makeSnapshot: !!options.make,
    };
    if (options.lock) config.lockFileContents = Promise.resolve(options.lock);
    const API = { config, runtimeEnv: { IN_SHELL: true } };
    if (options.lock) API.lockFilePromise = config.lockFileContents;
    const quiet = () => {};
    const s = {
      noImageDecoding: true, noAudioDecoding: true, noWasmDecoding: false, print: quiet, printErr: quiet,
      onExit(code) { s.exitCode = code; }, thisProgram: "python", arguments: [], API,
      locateFile: (path) => "/pyodide/" + path,
      preRun: [(M) => {
        const v = M.HEAPU32[M._Py_Version >>> 2];
        M.API.pyVersionTuple = [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255];
        const [major, minor] = M.API.pyVersionTuple;
        const lib = "/lib/python" + major + "." + minor;
        M.API.sitePackages = lib + "/site-packages";
        M.FS.mkdirTree(M.API.sitePackages);
        M.FS.mkdirTree(lib + "/lib-dynload");
        M.FS.writeFile("/lib/python" + major + minor + ".zip", stdlib);
        M.FS.mkdirTree(config.env.HOME);
        M.FS.chdir(config.env.HOME);
        Object.assign(M.ENV, config.env);
      }],
      instantiateWasm(imports, receive) {
        const env = imports.env;
        env.Jsv_GetError_import = () => errorMarker;
        env.JsvError_Check = (e) => e === errorMarker;
        // Closed once the interpreter is restored: the runtime's own start-up calls some of these.
        const gate = options.gate;
        if (gate) {
          for (const name of Object.keys(env)) {
            const f = env[name];
            if (typeof f !== "function" || !GATED.test(name)) continue;
            const guarded = function (...args) {
              if (gate.closed) throw new Error(DENIED);
              return f.apply(this, args);
            };
            if (f.sig) guarded.sig = f.sig;
            env[name] = guarded;
          }
        }
        const output = options.output;
        if (options.maxMemory) {
          const resize = env.emscripten_resize_heap;
          const capped = (requested) => {
            if ((requested >>> 0) <= options.maxMemory) return resize(requested);
            if (output) output.refused = true;
            return 0;
          };
          capped.sig = resize.sig;
          env.emscripten_resize_heap = capped;
        }
        if (output) {
          const write = env.fd_write;
          const captured = (fd, iov, iovcnt, pnum) => {
            if (fd !== 1 && fd !== 2) return write(fd, iov, iovcnt, pnum);
            const words = new Uint32Array(x.memory.buffer);
            const bytes = new Uint8Array(x.memory.buffer);
            let n = 0;
            for (let i = 0; i < iovcnt; i++) {
              const at = words[(iov >>> 2) + i * 2], len = words[(iov >>> 2) + i * 2 + 1];
              const room = ${SHOWN_OUTPUT_BYTES} - output.shown.length;
              if (room > 0) output.shown.push(...bytes.subarray(at, at + Math.min(len, room)));
              n += len;
            }
            output.total += n;
            if (output.total > output.cap) { output.overflow = true; throw new Error(OUTPUT); }
            words[pnum >>> 2] = n;
            return 0;
          };
          captured.sig = write.sig;
          env.fd_write = captured;
        }
        const instance = new WebAssembly.Instance(wasmModule, imports);
        const x = instance.exports;
        if (options.snapshot) {
          const missing = options.snapshot.length - x.memory.buffer.byteLength;
          if (missing > 0) x.memory.grow(Math.ceil(missing / 65536));
        }
        receive(instance, wasmModule);
        return x;
      },
    };
    if (options.snapshot) s.noInitialRun = true;
    return s;
  }

  let made, makeError;
  define("__codeduelMake", (lock, buildId, prep) => {
    create(settings({ make: true, lock: JSON.parse(lock), buildId }))
      .then((M) => {
        M.locateFile = (path) => { throw new Error("no " + path + " in the sandbox"); };
        const py = M.API.finalizeBootstrap(undefined, undefined);
        return py._api.packageIndexReady.then(() => {
          py.runPython(prep);
          made = py.makeMemorySnapshot();
        });
      })
      .catch((e) => { makeError = String((e && e.stack) || e); });
    return "s";
  });
  define("__codeduelMade", () => (made ? made : makeError ? "error: " + makeError : undefined));

  // The interpreter in use and its harness entry points (CPython object pointers).
  let current;
  let startError;
  define("__codeduelStart", (snapshot, buildId, maxMemory, outputCap) => {
    current = undefined;
    startError = undefined;
    const full = new Uint8Array(snapshot);
    const header = new Uint32Array(full.buffer, 0, 4);
    const body = full.subarray(header[1]);
    const output = { shown: [], total: 0, cap: outputCap, overflow: false };
    const gate = { closed: false };
    create(settings({ snapshot: body, buildId, maxMemory, gate, output }))
      .then((M) => {
        M.HEAP8.set(body);
        gate.closed = true;
        // CPython objects by name, through its C API: \`lookup(name)\` imports a module, \`lookup(name, of)\` reads an attribute.
        const lookup = (name, of) => {
          const at = M._malloc(name.length + 1);
          M.stringToUTF8(name, at, name.length + 1);
          const found = of ? M._PyObject_GetAttrString(of, at) : M._PyImport_ImportModule(at);
          M._free(at);
          if (!found) throw new Error(name + " is missing from the snapshot");
          return found;
        };
        const harness = lookup("__codeduel__");
        const memoryError = lookup("MemoryError", lookup("builtins"));
        current = { M, output, setup: lookup("setup", harness), test: lookup("test", harness), memoryError, sizeAt: M._malloc(8) };
      })
      .catch((e) => { startError = String((e && e.stack) || e); });
    return "s";
  });
  define("__codeduelCall", (entry, bytes) => {
    const state = current;
    if (!state) return { k: "i", message: "Python did not start: " + String(startError).slice(0, 1000) };
    const { M, output } = state;
    output.shown = [];
    output.total = 0;
    output.refused = false;
    const printed = () => ({
      out: new Uint8Array(output.shown),
      outBytes: output.total,
      memoryBytes: M.HEAPU8.length,
      memoryRefused: output.refused,
    });
    try {
      const at = M._malloc(bytes.length + 1);
      M.HEAPU8.set(bytes, at);
      const arg = M._PyUnicode_FromStringAndSize(at, bytes.length);
      M._free(at);
      // The harness catches everything a player raises; only MemoryError (say, while copying the
      // input or the result) should ever escape it.
      const escaped = () => {
        const memory = M._PyErr_ExceptionMatches(state.memoryError);
        M._PyErr_Clear();
        return memory ? { k: "m", ...printed() } : { k: "i", message: "an exception escaped the harness", ...printed() };
      };
      if (!arg) return escaped();
      const res = M._PyObject_CallOneArg(entry === "setup" ? state.setup : state.test, arg);
      M._Py_DecRef(arg);
      if (!res) return escaped();
      const p = M._PyUnicode_AsUTF8AndSize(res, state.sizeAt);
      const n = M.HEAPU32[state.sizeAt >>> 2];
      const result = p ? M.HEAPU8.slice(p, p + n) : undefined;
      M._Py_DecRef(res);
      if (!result) return escaped();
      return { k: "r", result, ...printed() };
    } catch (e) {
      // The run did not return through the harness: this interpreter is done.
      current = undefined;
      const message = e && typeof e.message === "string" ? e.message : String(e);
      if (message === DENIED) return { k: "h", ...printed() };
      if (message === OUTPUT || output.overflow) return { k: "o", ...printed() };
      return { k: "x", message: message.slice(0, 500), ...printed() };
    }
  });
})();
`;
