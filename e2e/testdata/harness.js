// The e2e harness: the packaged entry loaded exactly as a user's page
// loads it, and the helpers the Go tests call (index.html, journey.html).
import { load, CredwasmError } from "/credwasm/credwasm.js";

// capture runs fn and reports its outcome as JSON-friendly data, so a test
// can assert on an error's name, code, status, message and cause.
window.capture = async (fn) => {
  try {
    return { ok: await fn() };
  } catch (e) {
    return {
      error: {
        name: e?.name, code: e?.code, status: e?.status, message: String(e?.message),
        causeName: e?.cause?.name, isCredwasmError: e instanceof CredwasmError,
      },
    };
  }
};
window.b64url = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
window.bytes = (buf) => Array.from(new Uint8Array(buf));

window.ready = load().then((cw) => {
  window.cw = cw;
  window.CredwasmError = CredwasmError;
  return cw.version;
});
