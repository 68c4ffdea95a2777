// The CPU a with-code ceremony costs each side, without the network or an
// authenticator: fetch and navigator.credentials.create are stubs that
// answer at once (the mock's challenge and credential), so what is timed
// is the contender's own code. Run under Node (no browser needed), after
// make build:
//
//   node bench/cpu.mjs            credwasm (js/credwasm.js + its .wasm)
//   node bench/cpu.mjs baseline   the pure-JS baseline (bench/lib/dfns-baseline.js)
//
// N=2000 ceremonies are timed after WARM=300 (every function optimized by
// then); WARM=5 N=150 is the regime of make bench's pages, where most of
// Go's code still runs as V8's baseline (Liftoff) compiled it.
//
// PROFILE=file.cpuprofile profiles the timed ceremonies only (not the
// load or the warm-up) with V8's sampling profiler; with a .wasm built
// without -ldflags=-s (names kept: CREDWASM_WASM=path) it names the Go
// functions. A tool for working on the ceremony's cost; make bench
// measures the real thing.
import { readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";

const root = new URL("..", import.meta.url);
const which = process.argv[2] ?? "credwasm";
const n = Number(process.env.N ?? 2000);
const warm = Number(process.env.WARM ?? 300);
const challengeJSON = readFileSync(new URL("dfns/testdata/challenge-fido2.json", root), "utf8").replace("app.example.com", "localhost");
const credentialJSON = JSON.stringify({
  kind: "Fido2", credentialId: "Q0xUcml6RA", credentialUuid: "cr-1", dateCreated: "2026-11-30T00:00:00Z",
  isActive: true, name: "bench", publicKey: "pk", relyingPartyId: "localhost", origin: "http://localhost:8080",
});
globalThis.fetch = async (url) =>
  new Response(new URL(url).pathname.endsWith("/code/init") ? challengeJSON : credentialJSON, {
    status: 200,
    headers: { "content-type": "application/json" },
  });
globalThis.location = new URL("http://localhost:8080/");
globalThis.isSecureContext = true;
globalThis.PublicKeyCredential = function PublicKeyCredential() {};
const rawId = new Uint8Array(32).fill(7).buffer;
const clientDataJSON = new TextEncoder().encode(JSON.stringify({ type: "webauthn.create", challenge: "Y2g", origin: "http://localhost:8080" })).buffer;
const attestationObject = new Uint8Array(300).fill(9).buffer;
const credential = () =>
  Object.assign(Object.create(PublicKeyCredential.prototype), {
    id: "BwcH", rawId, type: "public-key",
    response: { clientDataJSON, attestationObject, getTransports: () => ["internal"] },
    getClientExtensionResults: () => ({}),
  });
Object.defineProperty(globalThis, "navigator", { value: { credentials: { create: async () => credential() } }, configurable: true });

const base = "http://localhost:8080";
let ceremony;
if (which === "baseline") {
  const b = await import(new URL("bench/lib/dfns-baseline.js", root));
  ceremony = (code) => b.registerWithCode(base, code, "bench");
} else {
  const { load } = await import(new URL("js/credwasm.js", root));
  const cw = await load({ wasm: readFileSync(process.env.CREDWASM_WASM ?? new URL("js/credwasm.wasm", root)) });
  ceremony = async (code) => {
    const client = cw.client({ baseUrl: base, authToken: "" });
    const challenge = await client.createCredentialChallengeWithCode({ kind: "Fido2", code });
    const attestation = await cw.createFido2(challenge);
    return client.createCredentialWithCode({ challengeIdentifier: challenge.challengeIdentifier, credentialName: "bench", ...attestation });
  };
}
for (let i = 0; i < warm; i++) await ceremony("D1-ABCDE-FGHIJ");
const profiler = process.env.PROFILE ? new Session() : null;
if (profiler) {
  profiler.connect();
  await profiler.post("Profiler.enable");
  await profiler.post("Profiler.setSamplingInterval", { interval: 50 });
  await profiler.post("Profiler.start");
}
const perCeremony = [];
for (let k = 0; k < 5; k++) {
  const t = performance.now();
  for (let i = 0; i < n / 5; i++) await ceremony("D1-ABCDE-FGHIJ");
  perCeremony.push(((performance.now() - t) / (n / 5)) * 1000);
}
if (profiler) {
  const { profile } = await profiler.post("Profiler.stop");
  writeFileSync(process.env.PROFILE, JSON.stringify(profile));
}
perCeremony.sort((a, b) => a - b);
console.log(`${which}: ${perCeremony[2].toFixed(0)} µs per with-code ceremony (median of 5 runs of ${n / 5} after ${warm}; stubbed network and authenticator)`);
