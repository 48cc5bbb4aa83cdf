// The Python side of judging, run once when the snapshot is made (snapshot.ts), so every restored
// interpreter starts with it loaded and the standard library challenges use already imported.
//
// Module `__codeduel__` offers two calls, each taking and returning one string:
// - `setup(request)`: compiles the player's code once, as "solution.py" so tracebacks and syntax
//   errors carry the player's own line numbers; answers "r" (ready) or "c" + [type, message, line, column].
// - `test(input)`: runs the player's module again in a fresh globals dict, calls the function with
//   the JSON arguments, and answers with a one-letter kind: v(alue, JSON), n(o such function),
//   e(xception: [type, message, traceback]), m(emory), o(utput too large). Afterwards builtins,
//   sys.modules, sys.path, sys.meta_path, __main__, the recursion limit and the standard streams are put back,
//   so what one test leaves there is gone in the next (hidden tests also run in a fresh random order
//   and their expected values never enter the isolate).
//
// Modules that reach JavaScript, load native code, run commands or open sockets are refused at
// import with ModuleNotFoundError, and removed from sys.modules. Bypassing that (say, by removing the
// finder) only reaches the wasm imports behind them, which a restored interpreter refuses
// (interpreter.ts). `os` functions that would start processes are removed.

/** Import names (and their submodules) a submission may not import. */
export const BLOCKED_MODULES = [
  "js",
  "pyodide_js",
  "pyodide",
  "_pyodide",
  "_pyodide_core",
  "micropip",
  "ctypes",
  "_ctypes",
  "socket",
  "_socket",
  "ssl",
  "_ssl",
  "select",
  "selectors",
  "subprocess",
  "_posixsubprocess",
  "multiprocessing",
  "_multiprocessing",
  "asyncio",
  "webbrowser",
  "urllib.request",
  "http.client",
  "ftplib",
  "smtplib",
  "pty",
  "signal",
];

/** Imported before the snapshot: a player's `import` of these costs nothing. */
const PRELOADED = [
  "collections",
  "collections.abc",
  "itertools",
  "functools",
  "heapq",
  "bisect",
  "math",
  "cmath",
  "re",
  "string",
  "dataclasses",
  "typing",
  "fractions",
  "decimal",
  "statistics",
  "copy",
  "operator",
  "enum",
  "random",
  "array",
  "datetime",
  "textwrap",
  "traceback",
  "json",
  "io",
  "contextlib",
  "abc",
  "numbers",
  "graphlib",
  "unicodedata",
];

/** Deepest Python recursion a submission may use (CPython's default is 1,000). */
export const RECURSION_LIMIT = 3000;

export const HARNESS = `
import sys, builtins, json, os, traceback, types, importlib.abc
import ${PRELOADED.join(", ")}

_BLOCKED = frozenset(${JSON.stringify(BLOCKED_MODULES)})

def _blocked(name):
    parts = name.split(".")
    return any(".".join(parts[: i + 1]) in _BLOCKED for i in range(len(parts)))

class _Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if _blocked(name):
            raise ModuleNotFoundError(f"No module named '{name}' (not available to submissions)", name=name)
        return None

for _name in [n for n in sys.modules if _blocked(n)]:
    del sys.modules[_name]
sys.meta_path[:] = [_Refuse()] + [f for f in sys.meta_path if "JsFinder" not in type(f).__name__]
for _name in ("system", "popen", "fork", "forkpty", "execv", "execve", "execvp", "execvpe", "execl", "execle",
              "execlp", "execlpe", "spawnv", "spawnve", "spawnl", "spawnle", "kill", "killpg", "posix_spawn", "posix_spawnp"):
    os.__dict__.pop(_name, None)
sys.setrecursionlimit(${RECURSION_LIMIT})

_state = types.SimpleNamespace(code=None, name=None, max=0)
_MAX_MESSAGE = 2000

def _describe(e):
    try:
        t = type(e).__name__
    except BaseException:
        t = "Exception"
    try:
        m = str(e)[:_MAX_MESSAGE]
    except BaseException:
        m = "(an exception that cannot be printed)"
    try:
        tb = "".join(traceback.format_exception(e, limit=-40))[-8000:]
    except BaseException:
        tb = ""
    return json.dumps([t, m, tb])

def setup(request):
    r = json.loads(request)
    try:
        _state.code = compile(r["code"], "solution.py", "exec")
    except MemoryError:
        return "m"
    except (SyntaxError, ValueError) as e:
        line = getattr(e, "lineno", None)
        column = getattr(e, "offset", None)
        return "c" + json.dumps([type(e).__name__, getattr(e, "msg", None) or str(e), line, column])
    _state.name = r["name"]
    _state.max = r["max"]
    return "r"

def _run(text):
    g = {"__name__": "__main__", "__builtins__": builtins}
    try:
        exec(_state.code, g)
        f = g.get(_state.name)
        if not callable(f):
            return "n"
        r = f(*json.loads(text))
        if isinstance(r, str) and len(r) > _state.max:
            return "o"
        t = json.dumps(r, separators=(",", ":"), allow_nan=False)
    except MemoryError:
        return "m"
    except BaseException as e:
        try:
            return "e" + _describe(e)
        except MemoryError:
            return "m"
    if len(t) > _state.max:
        return "o"
    return "v" + t

_keep_builtins = dict(builtins.__dict__)
_keep_modules = dict(sys.modules)
_keep_path = list(sys.path)
_keep_meta = list(sys.meta_path)
_main = sys.modules["__main__"]

def test(text):
    try:
        return _run(text)
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:
                pass
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
        sys.modules.clear()
        sys.modules.update(_keep_modules)
        sys.path[:] = _keep_path
        sys.meta_path[:] = _keep_meta
        builtins.__dict__.clear()
        builtins.__dict__.update(_keep_builtins)
        sys.setrecursionlimit(${RECURSION_LIMIT})
        # Last, through locals only: this very function's globals are __main__'s.
        main, keep = _main.__dict__, _keep_main
        main.clear()
        main.update(keep)

_harness = types.ModuleType("__codeduel__")
_harness.setup = setup
_harness.test = test
sys.modules["__codeduel__"] = _harness
_keep_modules["__codeduel__"] = _harness
# Last, so it holds every name above: what \`import __main__\` gives a player is put back after each test.
_keep_main = dict(_main.__dict__)
_keep_main["_keep_main"] = _keep_main
`;
