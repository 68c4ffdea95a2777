// credwasm: register Dfns credentials from the browser with a Go
// WebAssembly module. This loader fetches and starts the module once per
// page and exposes the API documented in the README and credwasm.d.ts.
// Its only globals are the ones wasm_exec.js (from the Go toolchain)
// defines: the `Go` class and the fs/process/path shims it needs.

// wasm_exec.js is imported dynamically, so that its fetch runs beside the
// .wasm's (see prefetch below) instead of before it: a static import would
// make the .wasm wait for one more request. start() awaits it before it
// needs `Go`. No top-level await: it would hold the importing page's own
// module until wasm_exec.js ran, and bundlers whose target predates ES2022
// (Vite 5 and 6 by default) refuse one. webpack keeps the file in the
// importing chunk ("eager"); Vite and esbuild make it a chunk of its own.
const goRuntime = import(/* webpackMode: "eager" */ "./wasm_exec.js");
goRuntime.catch(() => {}); // load() reports the failure, if it is ever called

/** The one error type: `code` is stable (see the README's table). */
export class CredwasmError extends Error {
  constructor(message, options = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "CredwasmError";
    this.code = options.code ?? "internal";
    if (options.status !== undefined) this.status = options.status;
    if (options.errorId !== undefined) this.errorId = options.errorId;
    if (options.body !== undefined) this.body = options.body;
  }
}

const defaultWasm = () => new URL("./credwasm.wasm", import.meta.url);

// Start-up. Evaluating this module starts fetching and compiling the
// default .wasm (credwasm.wasm beside this file) at once, beside whatever
// the page does before it calls load(), which then finds the module
// compiled or on its way. load() with another
// options.wasm aborts this fetch. Where there is no http(s) URL to fetch
// (a bundle run by Node, say), nothing starts. A page that should not
// download the module until it needs it imports the package then:
// `const { load } = await import("credwasm")`.
let prefetched = prefetch();

function prefetch() {
  try {
    const url = defaultWasm();
    if ((url.protocol !== "https:" && url.protocol !== "http:") || typeof fetch !== "function" || !WebAssembly.compileStreaming) return undefined;
    const abort = new AbortController();
    const module = compile(url, abort.signal);
    module.catch(() => {}); // load() reports the failure, if it is ever called
    return { href: url.href, abort, module };
  } catch {
    return undefined;
  }
}

// compileSource compiles options.wasm, or takes the prefetched module when
// that is what is asked for (only once: a failed load fetches again on
// retry); another source aborts the prefetch.
function compileSource(source) {
  const p = prefetched;
  prefetched = undefined;
  if (p && (source === undefined || hrefOf(source) === p.href)) return p.module;
  p?.abort.abort();
  return compile(source ?? defaultWasm());
}

// hrefOf is the absolute URL fetch() would ask for source (a URL, or a
// string resolved against the document, as fetch resolves it), or
// undefined for any other source.
function hrefOf(source) {
  try {
    if (source instanceof URL) return source.href;
    if (typeof source === "string") return new URL(source, globalThis.document?.baseURI ?? globalThis.location?.href).href;
  } catch {
    // not a URL: compile() reports it
  }
  return undefined;
}

// The Go runtime is a page-wide singleton: a second load() returns the
// same instance, and a failed load may be retried.
let instance;

/**
 * Loads and starts the module.
 * @param {{wasm?: string|URL|Response|BufferSource|WebAssembly.Module}} [options]
 * @returns {Promise<import("./credwasm.d.ts").Credwasm>}
 */
export function load(options = {}) {
  if (options === null || typeof options !== "object") {
    return Promise.reject(new CredwasmError("load: options must be an object", { code: "invalid_argument" }));
  }
  // Read the caller's option once, here: a throwing getter or Proxy trap is
  // a bad argument, not a module that failed to compile.
  let wasm;
  try {
    wasm = options.wasm;
  } catch (cause) {
    return Promise.reject(new CredwasmError("load: options.wasm could not be read", { code: "invalid_argument", cause }));
  }
  if (wasm === "") {
    return Promise.reject(new CredwasmError("load: options.wasm is an empty string: give the module's URL, or leave it out for credwasm.wasm beside credwasm.js", { code: "invalid_argument" }));
  }
  if (!instance) {
    instance = start(wasm).catch((err) => {
      instance = undefined;
      throw err;
    });
  }
  return instance;
}

async function compile(source, signal) {
  if (source instanceof WebAssembly.Module) return source;
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return WebAssembly.compile(source);
  let response = source;
  if (typeof source === "string" || source instanceof URL) {
    try {
      response = await fetch(source, signal && { signal });
    } catch (cause) {
      throw new CredwasmError(`credwasm: could not fetch the module from ${source}: ${cause.message}`, { code: "load_failed", cause });
    }
  }
  if (!(response instanceof Response)) {
    throw new CredwasmError("load: options.wasm must be a URL, a Response, a BufferSource or a WebAssembly.Module", { code: "invalid_argument" });
  }
  if (!response.ok) {
    throw new CredwasmError(`credwasm: could not fetch the module from ${response.url}: HTTP ${response.status}`, { code: "load_failed", status: response.status });
  }
  // Streaming compilation compiles while the bytes arrive (and lets the
  // browser cache the compiled code); it needs Content-Type:
  // application/wasm. The response goes to it as it is: a clone would tee
  // the body and keep a second copy of every byte until the end.
  if (WebAssembly.compileStreaming && (response.headers.get("content-type") || "").startsWith("application/wasm")) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

async function start(wasm) {
  let module;
  try {
    module = await compileSource(wasm);
  } catch (cause) {
    if (cause instanceof CredwasmError) throw cause;
    throw new CredwasmError(`credwasm: could not compile the module: ${cspHint(cause)}${cause.message}`, { code: "load_failed", cause });
  }
  try {
    await goRuntime;
  } catch (cause) {
    throw new CredwasmError(`credwasm: could not load wasm_exec.js beside credwasm.js: ${cause.message}`, { code: "load_failed", cause });
  }
  const go = new Go();
  let inst;
  try {
    inst = await WebAssembly.instantiate(module, go.importObject);
  } catch (cause) {
    throw new CredwasmError(`credwasm: could not instantiate the module (is wasm_exec.js from the same Go version?): ${cspHint(cause)}${cause.message}`, { code: "load_failed", cause });
  }
  const exports = inst.exports;
  goMemory = exports.mem;
  if (typeof exports.credwasmWake !== "function") {
    throw new CredwasmError("credwasm: credwasm.wasm is not this loader's module (it exports no credwasmWake): serve credwasm.js and credwasm.wasm from the same build", { code: "load_failed" });
  }
  const { credwasmWake } = exports;
  wake = (id, fulfilled) => {
    if (go.exited) return; // its calls were rejected when it stopped
    credwasmWake(id, fulfilled);
    go._resume();
  };
  // The ready handshake: Go calls ready(version, bindingVersion, names)
  // once it has its API, the names of the functions credwasmCall takes.
  // The global exists only until then.
  const api = await new Promise((resolve, reject) => {
    globalThis.__credwasmReady = {
      CredwasmError, parseJSONFromGo, parseChallengeFromGo, knownChallenge, stringToGo, jsonToGo, takeToGo, webauthnOptionsFromGo, fetchForGo, fetchTake, byteView, credentialToGo, credentialProblem, attachExtensionResults, webauthnMissing, isA, settle, awaitForGo, take, argv,
      ceremony, jsonWithBytes, delay,
      ready: (version, bindingVersion, names) => resolve({ version, bindingVersion, names }),
    };
    go.run(inst).then(
      () => {
        reject(new CredwasmError("credwasm: the Go runtime exited before it was ready", { code: "load_failed" }));
        failPending();
      },
      (cause) => {
        reject(new CredwasmError(`credwasm: the Go runtime failed: ${cause.message}`, { code: "load_failed", cause }));
        failPending(cause);
      },
    );
  }).finally(() => {
    delete globalThis.__credwasmReady;
  });
  return wrap(api, exports, go);
}

// Calls into Go. Every function of the API is one call of the module's
// credwasmCall(op, id, argc) export, with the arguments in argv: no js.Func
// to make or call, no event object for Go to read (each is a resume of the
// runtime and a dozen boundary crossings). A sync function's result comes
// back in argv[0]. An async function's promise is made here and settled by
// Go through settle(id, ok, value); the goroutine doing its work runs when
// the runtime is resumed, right after the call.
const argv = [];
const settling = new Map();
let lastCall = 0;

// failPending rejects the calls still waiting on a Go runtime that has
// stopped: they would otherwise never settle.
function failPending(cause) {
  for (const [id, p] of settling) {
    settling.delete(id);
    p.reject(new CredwasmError("credwasm: the Go runtime stopped during the call (see the console); reload the page", { code: "internal", cause }));
  }
}

function settle(id, ok, value) {
  const p = settling.get(id);
  settling.delete(id);
  if (p) (ok ? p.resolve : p.reject)(value);
}

// enter calls op with args; trailing undefined arguments are left out (Go
// reads a missing argument as undefined), each argument costs a crossing.
function enter(call, op, id, args) {
  let n = args.length;
  while (n > 0 && args[n - 1] === undefined) n--;
  for (let i = 0; i < n; i++) argv[i] = args[i];
  return call(op, id, n);
}

function syncOp(call, op, go) {
  return (...args) => {
    const r = guarded(go, () => {
      enter(call, op, 0, args);
      return argv[0];
    });
    if (r instanceof CredwasmError) throw r; // Go cannot throw across the boundary
    return r;
  };
}

// guarded runs a call into the module. A Go runtime that has stopped (a
// fatal error such as running out of memory ends it for good) is reported
// as a CredwasmError, not as a trap or as wasm_exec.js's bare Error; the
// page must reload to get a new one.
function guarded(go, fn) {
  if (go.exited) {
    throw new CredwasmError("credwasm: the Go runtime has stopped after a fatal error (see the console); reload the page", { code: "internal" });
  }
  try {
    return fn();
  } catch (cause) {
    throw new CredwasmError(`credwasm: the Go runtime failed: ${describe(cause)}`, { code: "internal", cause });
  } finally {
    argv.length = 0;
  }
}

// Go runs before the promise is returned: createFido2 calls
// navigator.credentials.create within the caller's click.
function asyncOp(call, op, go) {
  return (...args) =>
    new Promise((resolve, reject) => {
      const id = ++lastCall;
      settling.set(id, { resolve, reject });
      try {
        guarded(go, () => {
          if (enter(call, op, id, args)) go._resume();
        });
      } catch (err) {
        settling.delete(id);
        reject(err);
      }
    });
}

// Promises Go awaits (fetch, navigator.credentials, WebCrypto). Once one
// settles, its value waits here, the module's credwasmWake export readies
// the waiting goroutine, and a resume of the runtime with no event (as
// wasm_exec.js's timers do it) runs it; Go takes the value with take(). Two
// crossings per await, where a pair of js.Funcs costs a dozen and the
// event's own reading.
const forGo = new Map();
let wake; // the instance's credwasmWake(id, fulfilled) and its Go, set by start()

function awaitForGo(promise, id) {
  promise.then(
    (v) => {
      forGo.set(id, v);
      wake(id, 1);
    },
    (e) => {
      forGo.set(id, e);
      wake(id, 0);
    },
  );
}

function take(id) {
  const v = forGo.get(id);
  forGo.delete(id);
  return v;
}

// toCreationOptions(challenge) without options, the common call, goes to
// the module's credwasmToCreationOptions export: the challenge's JSON text
// in, the options' JSON text out, through Go's memory, with no syscall/js
// call at all. Anything else, and any challenge Go refuses, takes the
// syscall/js path, whose answer (the options, or the error to throw) is the
// reference.
const utf8 = new TextEncoder();
const fromUTF8 = new TextDecoder();

function fastCreationOptions(exports, slow, go) {
  return (challenge, options) => {
    if (options === undefined || options === null) {
      let text;
      try {
        text = typeof challenge === "string" ? challenge : challenge !== null && typeof challenge === "object" ? JSON.stringify(challenge) : undefined;
      } catch {
        // slow() reports it
      }
      if (typeof text === "string" && text.length <= 1 << 20) {
        const json = guarded(go, () => {
          const room = text.length * 3; // UTF-8 needs at most 3 bytes per UTF-16 unit
          const at = exports.credwasmBuffer(room);
          const { written } = utf8.encodeInto(text, new Uint8Array(exports.mem.buffer, at, room));
          const n = exports.credwasmToCreationOptions(written);
          return n >= 0 ? fromUTF8.decode(new Uint8Array(exports.mem.buffer, exports.credwasmBuffer(0), n)) : undefined;
        });
        if (json !== undefined) return webauthnOptions(json);
      }
    }
    return slow(challenge, options);
  };
}

// cspHint says what to change when a Content-Security-Policy forbids
// WebAssembly: browsers throw a CompileError that names the policy (and
// Chromium's suggests 'unsafe-eval', which allows far more than needed).
function cspHint(cause) {
  return /content.security.policy|\bCSP\b/i.test(cause?.message ?? "")
    ? "the page's Content-Security-Policy blocks WebAssembly: add 'wasm-unsafe-eval' to script-src. "
    : "";
}

// webauthnOptions turns the JSON text Go builds for navigator.credentials
// into the options object, decoding the BufferSource fields (sent as
// base64url) into ArrayBuffers. One string across the Go/JS boundary costs
// far less than one call per property.
function webauthnOptions(json) {
  const options = JSON.parse(json);
  const pk = options.publicKey;
  pk.challenge = fromBase64url(pk.challenge);
  if (pk.user) pk.user.id = fromBase64url(pk.user.id);
  for (const c of pk.excludeCredentials ?? []) c.id = fromBase64url(c.id);
  for (const c of pk.allowCredentials ?? []) c.id = fromBase64url(c.id);
  // The byte inputs of the extensions Go checked (dfns/extensions.go);
  // every other extension is left as it is.
  const { prf, largeBlob } = pk.extensions ?? {};
  const salts = (v) => {
    v.first = fromBase64url(v.first);
    if (v.second !== undefined) v.second = fromBase64url(v.second);
  };
  if (prf?.eval) salts(prf.eval);
  for (const v of Object.values(prf?.evalByCredential ?? {})) salts(v);
  if (largeBlob?.write !== undefined) largeBlob.write = fromBase64url(largeBlob.write);
  return options;
}

// fromBase64url decodes what Go wrote (unpadded base64url): with the
// browser's own decoder where it has one (Uint8Array.fromBase64), else
// with atob.
const fromBase64url = Uint8Array.fromBase64
  ? (s) => Uint8Array.fromBase64(s, { alphabet: "base64url" }).buffer
  : (s) => {
      const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      return bytes.buffer;
    };

function toBase64url(bytes) {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

// Realm-independent readers of bytes. A buffer from an iframe, an extension
// or a polyfill belongs to another realm, where `instanceof ArrayBuffer`
// is false; the built-in getters below check the internal slots instead
// and throw for anything that is not their kind, whatever its realm.
const getter = (proto, key) => Object.getOwnPropertyDescriptor(proto, key).get;
const typedArrayProto = Object.getPrototypeOf(Uint8Array.prototype);
const viewGetters = [typedArrayProto, DataView.prototype].map((p) => [
  getter(p, "buffer"),
  getter(p, "byteOffset"),
  getter(p, "byteLength"),
]);
const objectToString = Object.prototype.toString;
const bufferClasses = [ArrayBuffer, globalThis.SharedArrayBuffer].filter(Boolean);
const bufferByteLength = bufferClasses.map((c) => getter(c.prototype, "byteLength"));

/**
 * A Uint8Array of this realm over the bytes of an ArrayBuffer, a typed array
 * or a DataView of any realm; undefined for anything else (a plain object, an
 * array of numbers, a detached buffer, a Proxy).
 */
function byteView(v) {
  if (v === null || typeof v !== "object") return undefined;
  // ArrayBuffer.isView reads the internal slot too (any realm): the getters
  // that would throw for the other kind are not tried (a throw costs 10-20
  // µs: it captures a stack trace).
  if (ArrayBuffer.isView(v)) {
    for (const [buffer, offset, length] of viewGetters) {
      try {
        return new Uint8Array(buffer.call(v), offset.call(v), length.call(v));
      } catch {}
    }
    return undefined;
  }
  // Nor for what is not tagged as a buffer: the plain objects
  // jsonWithBytes meets at every level (extension results, inputs) cost
  // two throws each otherwise. The tag is only a filter, the getter below
  // still decides: an object that fakes the tag is refused there.
  let maybe;
  try {
    const tag = objectToString.call(v);
    // A buffer of this realm whose tag was redefined is still one.
    maybe = tag === "[object ArrayBuffer]" || tag === "[object SharedArrayBuffer]" || bufferClasses.some((c) => v instanceof c);
  } catch {
    return undefined; // a Proxy whose trap throws
  }
  if (!maybe) return undefined;
  for (const length of bufferByteLength) {
    try {
      length.call(v);
      return new Uint8Array(v);
    } catch {}
  }
  return undefined;
}

/**
 * Reads the byte fields of a PublicKeyCredential ("rawId",
 * "response.clientDataJSON", …; a trailing "?" marks one that may be null)
 * as Uint8Arrays, never trusting its getters: returns the array, or a
 * sentence saying which field is not usable.
 */
function credentialBytes(cred, fields) {
  const out = [];
  for (const field of fields.split(",")) {
    const optional = field.endsWith("?");
    const path = optional ? field.slice(0, -1) : field;
    let v = cred;
    try {
      for (const key of path.split(".")) v = v === null || v === undefined ? undefined : v[key];
    } catch (e) {
      return `a credential whose ${path} threw when read (${describe(e)})`;
    }
    if (optional && (v === null || v === undefined)) {
      out.push(null);
      continue;
    }
    const view = byteView(v);
    if (!view) return `a credential whose ${path} is ${v === null ? "null" : typeof v}, not an ArrayBuffer or ArrayBufferView`;
    if (view.byteLength === 0 && !optional) return `a credential whose ${path} is empty`;
    if (view.byteLength > maxCredentialField) return `a credential whose ${path} is ${view.byteLength} bytes, over the ${maxCredentialField} a WebAuthn field can be`;
    // A copy, made now: the credential's own buffers can still be resized
    // or detached (by its getClientExtensionResults, say) once checked.
    out.push(view.slice());
  }
  return out;
}

// maxCredentialField bounds each byte field of a credential (bytes): an
// attestation with its certificate chain is a few KB; a polyfill's
// hundreds of MB would otherwise be copied into Go and base64url-encoded.
const maxCredentialField = 1 << 18;

// credentialToGo copies a credential's byte fields (credentialFields[set])
// into Go's memory, with its client extension results as JSON text when
// withResults: asked with room -1 it returns the bytes it needs (-1 when
// a field is unusable: Go then asks credentialProblem for the sentence),
// then writes them at ptr as a u32 count, a u32 length per part (all ones
// for a null one), and the parts. Numbers cross, not the parts: each would
// be a js.Value for Go.
const credentialFields = [
  "rawId,response.clientDataJSON,response.attestationObject",
  "rawId,response.clientDataJSON,response.authenticatorData,response.signature,response.userHandle?",
];
// Between the two calls, by credential: Go allocates the buffer in
// between, which may let another goroutine run (a collection's assist
// can park it), and that one may be reading another credential.
const credentialParts = new WeakMap();

function credentialToGo(cred, set, withResults, ptr, room) {
  if (room < 0) {
    // The extension results first: a getClientExtensionResults that
    // changes the credential runs before its bytes are read and copied.
    const results = withResults ? clientExtensionResults(cred) : undefined;
    const parts = credentialBytes(cred, credentialFields[set]);
    if (typeof parts === "string") {
      credentialParts.set(cred, parts); // the sentence, for credentialProblem
      return -1;
    }
    if (withResults) parts.push(results === undefined ? null : utf8.encode(results));
    credentialParts.set(cred, parts);
    return parts.reduce((n, p) => n + 4 + (p ? p.byteLength : 0), 4);
  }
  const parts = credentialParts.get(cred);
  credentialParts.delete(cred);
  const view = new DataView(goMemory.buffer, ptr, room);
  const bytes = new Uint8Array(goMemory.buffer, ptr, room);
  view.setUint32(0, parts.length, true);
  let at = 4 + 4 * parts.length;
  parts.forEach((p, i) => {
    view.setUint32(4 + 4 * i, p ? p.byteLength : 0xffffffff, true);
    if (p) {
      bytes.set(p, at);
      at += p.byteLength;
    }
  });
  return 0;
}

// credentialProblem is the sentence of credentialToGo's refusal of cred
// (its getters are not read twice: a second read may tell another story).
function credentialProblem(cred) {
  const sentence = credentialParts.get(cred);
  credentialParts.delete(cred);
  return sentence;
}

// attachExtensionResults sets result.clientExtensionResults to the JSON
// text at (ptr, len) in Go's memory, not enumerable: a page spreads the
// attestation into the Create Credential body (and an assertion into a
// login), whose schema allows no other field.
function attachExtensionResults(result, ptr, len) {
  Object.defineProperty(result, "clientExtensionResults", { value: parseJSONFromGo(ptr, len), configurable: true });
}

// isA(v, kind) is true for an AbortSignal (kind 0) or a CryptoKey (kind
// 1) of any realm: a built-in getter of the interface checks the object's
// kind, not its prototype chain (an iframe's signal is not instanceof this
// page's AbortSignal, and a Proxy around a CryptoKey is instanceof one but
// no key). It throws for anything else, which is the caller's mistake, not
// the common case.
const kindGetters = [
  [globalThis.AbortSignal, "aborted"],
  [globalThis.CryptoKey, "type"],
].map(([c, key]) => c && Object.getOwnPropertyDescriptor(c.prototype, key)?.get);
function isA(v, kind) {
  try {
    kindGetters[kind].call(v);
    return true;
  } catch {
    return false;
  }
}

// webauthnMissing says, as a number, what a WebAuthn ceremony lacks here:
// 0 nothing, 1 PublicKeyCredential, 2 navigator.credentials, 3 a secure
// context. Read at every ceremony: a page may install a polyfill late.
function webauthnMissing() {
  if (globalThis.PublicKeyCredential === undefined) return 1;
  try {
    const nav = globalThis.navigator;
    if (nav === null || typeof nav !== "object" || nav.credentials === null || typeof nav.credentials !== "object") return 2;
  } catch {
    return 2; // a getter that throws (a hostile or broken polyfill): no usable credentials
  }
  return globalThis.isSecureContext === false ? 3 : 0;
}

/**
 * JSON.stringify that writes every ArrayBuffer, typed array or DataView (of
 * any realm) as base64url: extension inputs and outputs cross to Go as
 * JSON text, bytes included.
 */
function jsonWithBytes(value) {
  return JSON.stringify(value, function (_key, v) {
    const bytes = byteView(v);
    return bytes ? toBase64url(bytes) : v;
  });
}

/**
 * A credential's getClientExtensionResults(), read defensively: the JSON
 * text (bytes as base64url), or undefined when the method is missing,
 * throws (some polyfills' does) or returns something unserializable. A
 * credential the authenticator made must not be lost to its extension
 * results.
 */
function clientExtensionResults(cred) {
  try {
    const get = cred.getClientExtensionResults;
    if (typeof get !== "function") return undefined;
    const results = get.call(cred);
    if (results === null || typeof results !== "object") return undefined;
    const json = jsonWithBytes(results);
    // Bounded as a credential's fields are: the extensions' outputs are
    // bytes, flags and small blobs; more is a polyfill's, not worth copying.
    return json !== undefined && json.length <= maxCredentialField ? json : undefined;
  } catch {
    return undefined;
  }
}

// One WebAuthn ceremony at a time per page, as browsers allow it: a second
// navigator.credentials call while one waits is refused ("A request is
// already pending"), so starting a ceremony aborts the pending one
// (SimpleWebAuthn's WebAuthnAbortService model), and cancelCeremony() ends
// it, e.g. on a route change. The reasons are AbortErrors saying why: Go
// reports such an ending as "aborted", with the reason as cause.
let pendingCeremony; // the AbortController of the ceremony in flight

/**
 * Calls navigator.credentials[method](options) as the page's one ceremony.
 * options.signal fires when the caller's signal does or credwasm aborts the
 * ceremony; which one it was, Go tells by the returned signal (credwasm's).
 * Called by Go synchronously, within the caller's click; the credential
 * (or the exception) waits for Go under id, as awaitForGo leaves it.
 */
function ceremony(method, options, signal, id) {
  pendingCeremony?.abort(new DOMException("a new WebAuthn ceremony started", "AbortError"));
  const own = new AbortController();
  pendingCeremony = own;
  options.signal = signal ? anySignal(signal, own.signal) : own.signal;
  let promise;
  try {
    promise = Promise.resolve(navigator.credentials[method](options));
  } catch (err) {
    promise = Promise.reject(err);
  }
  // Only this ceremony's own end clears it: an aborted ceremony settles
  // after its successor started, and must not clear the successor (else
  // cancelCeremony() could no longer reach it).
  const settled = () => {
    if (pendingCeremony === own) pendingCeremony = undefined;
  };
  promise.then(settled, settled);
  awaitForGo(promise, id);
  return own.signal;
}

/** Aborts the pending WebAuthn ceremony, if any: it rejects with "aborted". */
function cancelCeremony() {
  const own = pendingCeremony;
  pendingCeremony = undefined;
  own?.abort(new DOMException("cancelCeremony() was called", "AbortError"));
}

/**
 * What this browser can do, without a prompt and without throwing: WebAuthn
 * at all (PublicKeyCredential and navigator.credentials in a secure
 * context), a user-verifying platform authenticator, conditional mediation
 * (passkey autofill), and getClientCapabilities() where the browser has it
 * (its boolean members only).
 */
async function support() {
  const out = { webauthn: false, platformAuthenticator: false, conditionalMediation: false, clientCapabilities: {} };
  const ask = async (pkc, name) => {
    try {
      return typeof pkc[name] === "function" ? await pkc[name]() : undefined;
    } catch {
      return undefined;
    }
  };
  try {
    const pkc = globalThis.PublicKeyCredential;
    if (typeof pkc !== "function" || globalThis.isSecureContext === false || typeof navigator?.credentials !== "object") return out;
    out.webauthn = true;
    const [platform, conditional, capabilities] = await Promise.all([
      ask(pkc, "isUserVerifyingPlatformAuthenticatorAvailable"),
      ask(pkc, "isConditionalMediationAvailable"),
      ask(pkc, "getClientCapabilities"),
    ]);
    out.platformAuthenticator = platform === true;
    out.conditionalMediation = conditional === true;
    if (capabilities !== null && typeof capabilities === "object") {
      for (const [name, value] of Object.entries(capabilities)) {
        if (typeof value === "boolean") out.clientCapabilities[name] = value;
      }
    }
  } catch {
    // a hostile PublicKeyCredential (a throwing getter): what is known so far
  }
  return out;
}

function describe(e) {
  try {
    return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  } catch {
    return "an exception";
  }
}

// Go hands JSON text over as where it is in Go's memory: a string Go
// passes becomes a JS value (a reference with a finalizer on the Go side,
// and a lookup by content in wasm_exec.js's table of values).
const fromGo = (ptr, len) => fromUTF8.decode(new Uint8Array(goMemory.buffer, ptr, len));
const parseJSONFromGo = (ptr, len) => JSON.parse(fromGo(ptr, len));

// A caller's string fields and object arguments go to Go as UTF-8 written
// into its memory at ptr (room bytes there), not as JS values for it to
// hold (wasm/tomemory.go). Each returns the bytes written; when they do
// not fit, it keeps them for takeToGo, which Go calls next, and returns
// TO_GO_PENDING - their length: the value is read once, so a getter or a
// toJSON runs once.
const TO_GO_PENDING = -16;
// Bounds, in UTF-16 units: a string field (a token, a password, a code)
// and an object's JSON (a request body). Past them, -9 and an argument
// error: Go makes no buffer for what no Dfns call takes.
const TO_GO_TOO_LONG = -9;
const MAX_STRING_TO_GO = 1 << 20;
const MAX_JSON_TO_GO = 1 << 24;
let toGoPending;
function writeToGo(text, ptr, room, max) {
  toGoPending = undefined;
  if (text.length > max) return TO_GO_TOO_LONG;
  const { read, written } = utf8.encodeInto(text, new Uint8Array(goMemory.buffer, ptr, room));
  if (read === text.length) return written;
  toGoPending = utf8.encode(text);
  return TO_GO_PENDING - toGoPending.length;
}
function takeToGo(ptr, room) {
  const bytes = toGoPending;
  toGoPending = undefined;
  new Uint8Array(goMemory.buffer, ptr, room).set(bytes.subarray(0, room));
}

// stringToGo(obj, key, ptr, room) reads obj[key] (Reflect.get: a getter's
// throw is Go's argument error) and writes it when it is a string. -1:
// undefined or null; -2, -3, …: another type, by OTHER_TYPES (Go names it
// in its error without reading it again); -9: too long.
const OTHER_TYPES = ["number", "boolean", "object", "array", "function", "symbol", "bigint"];
function stringToGo(obj, key, ptr, room) {
  const v = Reflect.get(obj, key);
  if (typeof v === "string") return writeToGo(v, ptr, room, MAX_STRING_TO_GO);
  if (v === undefined || v === null) return -1;
  const type = Array.isArray(v) ? "array" : typeof v;
  return -2 - Math.max(0, OTHER_TYPES.indexOf(type));
}

// jsonToGo(v, ptr, room) writes JSON.stringify(v); -1 when v has no JSON
// text (a function, a symbol), -9 when it is too long. A throw (a cycle, a BigInt, a toJSON's
// own) is Go's argument error. knownChallenge's text of the same object,
// just made, is used instead of serializing it a second time.
let stringified; // { value, text }
function jsonToGo(v, ptr, room) {
  const text = stringified !== undefined && stringified.value === v ? stringified.text : JSON.stringify(v);
  stringified = undefined;
  return typeof text === "string" ? writeToGo(text, ptr, room, MAX_JSON_TO_GO) : -1;
}

// A Create Credential Challenge Go decoded is remembered with Go's number
// for it and the JSON text of the object the page gets, so that passing
// the object back unchanged to createFido2 (or createKey…) spares Go a
// second strict decode (wasm/challenges.go). knownChallenge vouches for an
// object only while it serializes as it did: a changed field, a toJSON or
// a getter answering otherwise, and Go decodes what it is given.
const madeChallenges = new WeakMap();
function parseChallengeFromGo(id, ptr, len) {
  const challenge = parseJSONFromGo(ptr, len);
  if (id > 0) madeChallenges.set(challenge, { id, text: JSON.stringify(challenge) });
  return challenge;
}
function knownChallenge(v) {
  stringified = undefined;
  const made = madeChallenges.get(v);
  if (made === undefined) return 0;
  const text = JSON.stringify(v); // a throw is Go's argument error
  // For jsonToGo, which Go calls next when it has no decode to take (a
  // changed object, or Go no longer keeps it).
  stringified = { value: v, text };
  return text === made.text ? made.id : 0;
}
const webauthnOptionsFromGo = (ptr, len) => webauthnOptions(fromGo(ptr, len));

// fetchForGo is how Go's fetch transport (wasm/fetch.go) calls
// fetchBounded without a JS value per part: Go writes the request into its
// own memory as length-prefixed fields (a u32 count, a u32 length per
// field, then the fields: method, URL, each header's name and value, and
// the body when there is one, so an odd count means a body) and passes
// where; the answer waits here until Go takes it with fetchTake. Both take
// and return numbers only: a string or object handed to Go becomes a
// js.Value, each one a reference with a finalizer on the Go side.
let goMemory; // the instance's memory, set by start()
const fetched = new Map();

function fetchForGo(signal, timeoutMs, max, id, ptr, len) {
  const view = new DataView(goMemory.buffer, ptr, len);
  const n = view.getUint32(0, true);
  const fields = [];
  let at = 4 + 4 * n;
  for (let i = 0; i < n; i++) {
    const size = view.getUint32(4 + 4 * i, true);
    fields.push(new Uint8Array(goMemory.buffer, ptr + at, size));
    at += size;
  }
  const text = (b) => fromUTF8.decode(b);
  const headers = {};
  const last = n % 2 === 1 ? n - 1 : n;
  for (let i = 2; i < last; i += 2) headers[text(fields[i])] = text(fields[i + 1]);
  const body = n % 2 === 1 ? text(fields[n - 1]) : undefined; // a string, as Go's was: fetch's Content-Type rules unchanged
  fetchBounded(text(fields[1]), text(fields[0]), headers, body, signal, timeoutMs, max).then(
    (r) => {
      fetched.set(id, r);
      wake(id, 1);
    },
    (e) => {
      forGo.set(id, e); // Go takes the exception with take()
      wake(id, 0);
    },
  );
}

// fetchTake hands Go the answer of fetchForGo's call id. With room -1 it
// returns the body's length, or how the call ended without one (-2 timed
// out, -3 aborted, -4 too large); then Go makes room and calls again: the
// body is copied to ptr and the status and Retry-After (ms) come back as
// status + 1000 × retryAfter (exact in a double: Retry-After is capped at
// a day).
function fetchTake(id, ptr, room) {
  const r = fetched.get(id);
  if (room < 0) {
    if (r.timedOut) return fetched.delete(id), -2;
    if (r.aborted) return fetched.delete(id), -3;
    if (r.tooLarge) return fetched.delete(id), -4;
    return r.body.byteLength;
  }
  fetched.delete(id);
  if (room > 0) new Uint8Array(goMemory.buffer, ptr, room).set(r.body.subarray(0, room));
  return r.status + 1000 * r.retryAfter;
}

// fetchBounded is the JS half of Go's fetch transport: one call and one
// promise for the whole exchange instead of a dozen boundary crossings and
// an await per chunk. Go decides the URL, headers and limits; here the
// body is read chunk by chunk and the read stops past max bytes (a
// compressed response can decode to far more than its Content-Length
// says). The caller's signal and the timeout (ms) end the call as one
// signal; which of them ended it is reported, not thrown, so Go can say
// "timeout" or "aborted" by the signal's state rather than the exception's
// name.
async function fetchBounded(url, method, headers, body, signal, timeoutMs, max) {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  const stop = signal ? anySignal(signal, deadline.signal) : deadline.signal;
  const ended = () => (signal?.aborted ? { aborted: true } : deadline.signal.aborted ? { timedOut: true } : undefined);
  try {
    const res = await fetch(url, {
      method,
      headers,
      body: body ?? undefined,
      signal: stop,
      redirect: "error", // a redirect could carry the Authorization header elsewhere
      credentials: "omit", // the bearer token authenticates, never the API origin's cookies
      cache: "no-store",
    });
    const retryAfter = retryAfterMs(res.headers.get("retry-after"));
    if (Number(res.headers.get("content-length")) > max) return { status: res.status, tooLarge: true };
    const chunks = [];
    let size = 0;
    if (res.body) {
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > max) {
          reader.cancel();
          return { status: res.status, tooLarge: true };
        }
        chunks.push(value);
      }
    }
    const out = chunks.length === 1 ? chunks[0] : new Uint8Array(size);
    if (chunks.length !== 1) {
      let at = 0;
      for (const c of chunks) {
        out.set(c, at);
        at += c.byteLength;
      }
    }
    return { status: res.status, body: out, retryAfter };
  } catch (err) {
    const end = ended();
    if (end) return end;
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

// retryAfterMs reads Retry-After (delay-seconds or an HTTP date, RFC 9110
// §10.2.3) as milliseconds, capped at a day; 0 when absent, unreadable or
// past. Go's retry policy (dfns/retry.go) decides what to do with it.
// Cross-origin, the browser shows the header only when the API lists it in
// Access-Control-Expose-Headers.
function retryAfterMs(value) {
  if (!value) return 0;
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - Date.now();
  return ms > 0 ? Math.min(ms, 86400000) : 0;
}

// delay is the retry policy's wait (Go's fetchTransport.Wait): fulfilled
// after ms, or rejected with the signal's reason as soon as it fires, the
// timer cleared.
function delay(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const stop = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", stop);
      resolve();
    }, ms);
    signal?.addEventListener("abort", stop, { once: true });
  });
}

// anySignal is AbortSignal.any([a, b]) where the browser lacks it.
function anySignal(a, b) {
  if (AbortSignal.any) return AbortSignal.any([a, b]);
  const both = new AbortController();
  for (const s of [a, b]) {
    if (s.aborted) both.abort(s.reason);
    else s.addEventListener("abort", () => both.abort(s.reason), { once: true });
  }
  return both.signal;
}

// The bindings this loader speaks. Go reports its own in the handshake: a
// stale cached credwasm.js beside a newer .wasm (or the other way round)
// fails to load with a message that says so, instead of failing later.
const BINDING_VERSION = 7;

// The Go side of every DfnsClient: set once, by wrap(). goMethods are its
// methods, each a Go export that takes the client's id first.
let goApi;
const goMethods = new Map();

// A client is an id into Go's table of clients: the token lives only in
// Go. When the page drops the client object, a FinalizationRegistry has Go
// forget it (and its token) too.
const clientIds = new WeakMap();
const clientKey = Symbol("cw.client");
const released = new FinalizationRegistry((id) => goApi.releaseClient(id));

function call(client, method, args) {
  const id = clientIds.get(client);
  if (id === undefined) {
    return Promise.reject(new CredwasmError(`DfnsClient.${method}: call it on a client from cw.client(), as client.${method}(…)`, { code: "invalid_argument" }));
  }
  return goMethods.get(method)(id, ...args);
}

/**
 * A client of the Dfns auth API, made by `cw.client({ baseUrl, authToken })`.
 * Every method returns a Promise and takes an optional last `options` with
 * `signal` (an AbortSignal). Types: credwasm.d.ts.
 */
class DfnsClient {
  /** @param {symbol} key @param {number} id @param {string} baseUrl */
  constructor(key, id, baseUrl) {
    // Only cw.client() makes clients: a forged id must not reach another
    // client's token through client.constructor.
    if (key !== clientKey) throw new CredwasmError("DfnsClient: make clients with cw.client()", { code: "invalid_argument" });
    /** The validated base URL, e.g. "https://api.dfns.io". */
    this.baseUrl = baseUrl;
    // Bound, so a method kept alone (`const { createCredential } = client`)
    // still works, and keeps its client alive.
    for (const name of Object.getOwnPropertyNames(DfnsClient.prototype)) {
      if (name !== "constructor") this[name] = this[name].bind(this);
    }
    clientIds.set(this, id);
    released.register(this, id);
    Object.freeze(this);
  }
  /** POST /auth/credentials/init → the validated challenge. */
  createCredentialChallenge(body, options) { return call(this, "createCredentialChallenge", [body, options]); }
  /** POST /auth/credentials, user action signed: options.userAction or options.signer. */
  createCredential(body, options) { return call(this, "createCredential", [body, options]); }
  /** GET /auth/credentials → the user's credentials. */
  listCredentials(options) { return call(this, "listCredentials", [options]); }
  /** POST /auth/action/init, the signer's signature, POST /auth/action → the token for exactly this request. */
  signUserAction(request, options) { return call(this, "signUserAction", [request, options]); }
  /** POST /auth/action/init → the challenge for exactly this request: fetch it before the click, sign it with cw.getFido2 in the click. */
  createUserActionChallenge(request, options) { return call(this, "createUserActionChallenge", [request, options]); }
  /** POST /auth/action with the assertion getFido2 made over the challenge → the user action token. */
  createUserActionSignature(challenge, assertion, options) { return call(this, "createUserActionSignature", [challenge, assertion, options]); }
  /** POST /auth/credentials/code, user action signed → { code, expiration } for the user's new device. */
  createCredentialCode(body, options) { return call(this, "createCredentialCode", [body, options]); }
  /** POST /auth/credentials/code/init: the code authenticates. */
  createCredentialChallengeWithCode(body, options) { return call(this, "createCredentialChallengeWithCode", [body, options]); }
  /** POST /auth/credentials/code/verify: no user action needed. */
  createCredentialWithCode(body, options) { return call(this, "createCredentialWithCode", [body, options]); }

  // Sign-up. The challenge's temporaryAuthenticationToken authenticates
  // register/registerEndUser; the client needs no authToken.
  /** POST /auth/registration/init with { orgId, username, registrationCode } → the registration challenge. */
  createRegistrationChallenge(body, options) { return call(this, "createRegistrationChallenge", [body, options]); }
  /** POST /auth/registration with { firstFactorCredential, secondFactorCredential?, recoveryCredential? } → { credential, user }. */
  register(challenge, credentials, options) { return call(this, "register", [challenge, credentials, options]); }
  /** POST /auth/registration/enduser: the credentials plus wallets → { credential, user, authentication: { token }, wallets }. */
  registerEndUser(challenge, credentials, options) { return call(this, "registerEndUser", [challenge, credentials, options]); }

  // Sign-in.
  /** POST /auth/login/init with { orgId, username?, loginCode? } → the login challenge (no username: a discoverable passkey). */
  createLoginChallenge(body, options) { return call(this, "createLoginChallenge", [body, options]); }
  /** POST /auth/login with { signer } or { assertion } (from getFido2) → { token } or { ssoClientId }. */
  login(challenge, firstFactor, options) { return call(this, "login", [challenge, firstFactor, options]); }
  /** PUT /auth/logout: the client's token stops working. */
  logout(options) { return call(this, "logout", [options]); }

  // Account recovery with a RecoveryKey.
  /** POST /auth/recover/user/code with { username, orgId }: Dfns e-mails a verification code. */
  sendRecoveryCode(body, options) { return call(this, "sendRecoveryCode", [body, options]); }
  /** POST /auth/recover/user/init with { username, verificationCode, orgId, credentialId } → the recovery challenge. */
  createRecoveryChallenge(body, options) { return call(this, "createRecoveryChallenge", [body, options]); }
  /** POST /auth/recover/user: the old RecoveryKey (unlocked by recoveryCode) signs newCredentials → { credential, user }. */
  recover(challenge, request, options) { return call(this, "recover", [challenge, request, options]); }
}

// checkOptionCase refuses an option spelled in another case ("authtoken",
// "baseURL"): it would be ignored in silence, and the call fail later for a
// reason that names the right one. Other keys are left alone (a page may
// pass a larger object); what Go reads, it checks.
function checkOptionCase(obj, path, names) {
  let keys = [];
  try {
    if (obj !== null && typeof obj === "object") keys = Object.keys(obj);
  } catch {
    // a hostile Proxy: Go's own reading reports it
  }
  for (const key of keys) {
    const want = names.find((n) => n !== key && n.toLowerCase() === key.toLowerCase());
    if (want) throw new CredwasmError(`${path}.${key}: is not an option; did you mean ${want}?`, { code: "invalid_argument" });
  }
}

function wrap({ version, bindingVersion, names }, exports, go) {
  if (bindingVersion !== BINDING_VERSION) {
    throw new CredwasmError(
      `credwasm: credwasm.js (bindings v${BINDING_VERSION}) and credwasm.wasm (bindings v${bindingVersion ?? 1}, build ${version}) come from different releases — a stale cached file? Serve both from the same build and reload`,
      { code: "load_failed" },
    );
  }
  const call = exports.credwasmCall;
  const fns = {};
  // names: "=client,…,createFido2,…,client.createCredential,…"; "=" marks
  // a sync function, "client." a DfnsClient method (its first argument is
  // the client's id).
  names.split(",").forEach((name, op) => {
    const fn = name.startsWith("=") ? syncOp(call, op, go) : asyncOp(call, op, go);
    if (name.startsWith("client.")) goMethods.set(name.slice("client.".length), fn);
    else fns[name.replace("=", "")] = fn;
  });
  goApi = fns;
  return Object.freeze({
    version,
    client: (config) => {
      checkOptionCase(config, "config", ["baseUrl", "authToken", "timeout"]);
      const { id, baseUrl } = fns.client(config);
      return new DfnsClient(clientKey, id, baseUrl);
    },
    toCreationOptions: fastCreationOptions(exports, fns.toCreationOptions, go),
    createFido2: fns.createFido2,
    getFido2: fns.getFido2,
    createKey: fns.createKey,
    createPasswordProtectedKey: fns.createPasswordProtectedKey,
    createRecoveryKey: fns.createRecoveryKey,
    unlockPasswordProtectedKey: fns.unlockPasswordProtectedKey,
    support,
    cancelCeremony,
  });
}
