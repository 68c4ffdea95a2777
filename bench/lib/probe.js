// The bench's probe: a classic script every bench page loads before
// anything else (bundled as an IIFE into out/lib/probe.js). It watches a Go
// WebAssembly module start and run without changing what the page does:
//
//   - milestones of the start (ms since the navigation began, first time
//     each happens): the WebAssembly calls settling (compiled,
//     instantiated), Go's first import call (the runtime is running), its
//     first syscall/js call (package initialisation), main reading the
//     loader's handshake, Go calling back that its API is registered;
//   - with ?count in the page's URL, the Go/JS boundary: calls per
//     syscall/js import, js.Values Go made (each one a reference with a
//     finalizer on the Go side), Go<->JS resumes (go._resume: a JS event
//     handed to Go) and JS timers Go armed.
//
// It wraps WebAssembly.compile*/instantiate* and the importObject's gojs
// functions, so it sees credwasm, the floor and a bundled copy alike.
(() => {
  const marks = {};
  const mark = (name) => {
    if (!(name in marks)) marks[name] = performance.now();
  };
  const params = new URLSearchParams(location.search);
  const counting = params.has("count") || params.has("trace");
  // ?trace also records every call (import and, for named ones, the
  // property or method): benchProbe.trace, for reading where counts come from.
  const tracing = params.has("trace");
  // ?plain: no wrappers at all (no milestones), for timing ceremonies and
  // conversions with nothing of the bench's between Go and JS.
  const plain = params.has("plain");
  const trace = [];
  const counts = { calls: {}, values: 0, resumes: 0 };
  const decoder = new TextDecoder();
  let mem; // the instance's memory, to read the names Go passes
  let watching = true; // until Go has called back with its API

  // name reads a Go string argument (pointer, length) at sp+off.
  const name = (sp, off) => {
    const m = new DataView(mem.buffer);
    const ptr = m.getUint32(sp + off, true);
    const len = m.getUint32(sp + off + 8, true);
    return decoder.decode(new Uint8Array(mem.buffer, ptr, len));
  };

  // observe looks at one import call while Go starts: the milestones.
  function observe(key, sp) {
    mark("goRunning");
    if (!key.startsWith("syscall/js.")) return;
    mark("goInit");
    const s = sp >>> 0;
    if (key === "syscall/js.valueGet" && name(s, 16) === "__credwasmReady") mark("goMain");
    if (key === "syscall/js.valueCall") {
      const m = name(s, 16);
      if (m === "ready" || m === "__floorReady") {
        mark("goMain");
        mark("apiRegistered");
        watching = false;
      }
    }
  }

  // wrapImports wraps each gojs import: while Go starts, to see the
  // milestones; with ?count, for good, to count. Otherwise, once Go has
  // called back, a wrapper is one more JS call and a flag test per import
  // call (some tens of ns; a ceremony makes a few hundred).
  const named = new Set(["syscall/js.valueGet", "syscall/js.valueSet", "syscall/js.valueCall", "syscall/js.valueDelete"]);
  function wrapImports(imports) {
    if (plain || !imports || !imports.gojs) return imports;
    // (the instance is kept even so: benchProbe.exports, for a look at the module's exports)
    const gojs = {};
    for (const [key, fn] of Object.entries(imports.gojs)) {
      if (key === "debug") {
        gojs[key] = fn;
        continue;
      }
      gojs[key] = counting
        ? (sp) => {
            if (watching) observe(key, sp);
            counts.calls[key] = (counts.calls[key] ?? 0) + 1;
            if (!tracing) return fn(sp);
            const label = named.has(key) ? key.slice(11) + " " + name(sp >>> 0, 16) : key.slice(key.indexOf(".") + 1);
            const t = performance.now();
            const r = fn(sp);
            trace.push([label, t, performance.now() - t]);
            return r;
          }
        : (sp) => {
            if (watching) observe(key, sp);
            return fn(sp);
          };
    }
    return { ...imports, gojs };
  }

  const W = WebAssembly;
  const settled = (label, p, onValue) =>
    p.then((v) => {
      mark(label);
      if (onValue) onValue(v);
      return v;
    });
  const keepMemory = (r) => {
    const inst = r instanceof W.Instance ? r : r.instance;
    mem = inst.exports.mem;
    window.benchProbe.exports = inst.exports;
  };
  const compile = W.compile, compileStreaming = W.compileStreaming;
  const instantiate = W.instantiate, instantiateStreaming = W.instantiateStreaming;
  W.compile = function (...a) {
    mark("compileStart");
    return settled("compiled", compile.apply(W, a));
  };
  if (compileStreaming) {
    W.compileStreaming = function (...a) {
      mark("compileStart");
      return settled("compiled", compileStreaming.apply(W, a));
    };
  }
  W.instantiate = function (src, imports) {
    mark("instantiateStart");
    return settled("instantiated", instantiate.call(W, src, wrapImports(imports)), keepMemory);
  };
  if (instantiateStreaming) {
    W.instantiateStreaming = function (src, imports) {
      mark("compileStart");
      mark("instantiateStart");
      return settled("instantiated", instantiateStreaming.call(W, src, wrapImports(imports)), keepMemory);
    };
  }

  // Counting js.Values and resumes needs the Go instance: wasm_exec.js
  // assigns globalThis.Go, and with ?count this accessor swaps in a
  // subclass whose instances count.
  if (counting) {
    let Counted;
    Object.defineProperty(globalThis, "Go", {
      configurable: true,
      get: () => Counted,
      set(Base) {
        Counted = class extends Base {
          _resume() {
            counts.resumes++;
            if (!tracing) return super._resume();
            const t = performance.now();
            const r = super._resume();
            trace.push(["RESUME", t, performance.now() - t]);
            return r;
          }
        };
        // Every value Go gets a reference to (object, string, symbol,
        // function) passes through _ids.get in storeValue; each becomes a
        // js.Value with a finalizer on the Go side.
        Object.defineProperty(Counted.prototype, "_ids", {
          configurable: true,
          set(ids) {
            const get = ids.get.bind(ids);
            ids.get = (v) => {
              const t = typeof v;
              if ((t === "object" && v !== null) || t === "string" || t === "symbol" || t === "function") {
                counts.values++;
                if (tracing) trace.push(["VALUE " + (t === "string" ? JSON.stringify(v.slice(0, 24)) : t === "object" ? v.constructor?.name : t), performance.now(), 0]);
              }
              return get(v);
            };
            Object.defineProperty(this, "_ids", { value: ids, writable: true, configurable: true });
          },
        });
      },
    });
    // JS timers Go arms (runtime.scheduleTimeoutEvent) are counted as calls.
  }

  // ?timeline: every fetch (called, headers in, body read) and WebAuthn
  // call (called, settled) with its time, so a ceremony's time splits into
  // what the network and the authenticator took and what the page's own
  // code took between them (bench -timeline). The wrappers are the same
  // for every contender.
  const timeline = [];
  if (params.has("timeline")) {
    const at = (what) => timeline.push([what, performance.now()]);
    const f = window.fetch;
    window.fetch = function (...a) {
      at("fetch");
      const p = f.apply(this, a);
      at("fetch returned");
      return p.then((res) => {
        at("headers");
        return res;
      });
    };
    for (const m of ["json", "text", "arrayBuffer", "bytes"]) {
      const orig = Response.prototype[m];
      if (orig) Response.prototype[m] = function () { return orig.call(this).then((v) => (at("body"), v)); };
    }
    const read = ReadableStreamDefaultReader.prototype.read;
    ReadableStreamDefaultReader.prototype.read = function () {
      return read.call(this).then((r) => (r.done && at("body"), r));
    };
    for (const m of ["create", "get"]) {
      const orig = navigator.credentials[m].bind(navigator.credentials);
      navigator.credentials[m] = (...a) => {
        at(m);
        const p = orig(...a);
        at(m + " returned");
        return p.then((v) => (at(m + "d"), v));
      };
    }
  }

  const total = () => Object.values(counts.calls).reduce((a, b) => a + b, 0);
  window.benchProbe = {
    marks,
    mark,
    trace,
    timeline,
    counting,
    // snapshot returns the counters now; diff two snapshots for one step.
    snapshot: () => ({ calls: { ...counts.calls }, total: total(), values: counts.values, resumes: counts.resumes }),
  };
})();
