// A user's first passkey on a new device, with credwasm bundled by Vite:
// the code from a signed-in device fetches the challenge (ahead of the
// click), the click calls createFido2 at once (Safari keeps the user
// activation only without an await before it), and the attestation goes
// to /auth/credentials/code/verify. The Dfns API is the page's origin
// unless ?api=<base URL> says otherwise; ?code=<code> pre-fills the form.
import { load } from "credwasm";

const params = new URLSearchParams(location.search);
const baseUrl = params.get("api") ?? location.origin;
const $ = (id) => document.getElementById(id);

function show(state, text) {
  $("status").dataset.state = state;
  $("status").textContent = text;
}

const ready = load();
let cw, client, challenge;

ready.then(
  (instance) => {
    cw = instance;
    // The code authenticates these calls: no bearer token yet.
    client = cw.client({ baseUrl, authToken: "" });
    show("ready", `credwasm ${cw.version} ready`);
  },
  (err) => show("error", `credwasm did not load (${err.code}): ${err.message}`),
);

$("code").value = params.get("code") ?? "";

$("code-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    await ready;
    challenge = await client.createCredentialChallengeWithCode({ kind: "Fido2", code: $("code").value.trim() });
    $("create").hidden = false;
    show("challenge", `Ready to create a passkey for ${challenge.user.name}`);
  } catch (err) {
    show("error", `${err.code ?? "error"}: ${err.message}`);
  }
});

$("create").addEventListener("click", async () => {
  try {
    // No await before this call: it runs navigator.credentials.create
    // while the click's user activation lasts (cw is set: Continue
    // awaited the load).
    const attestation = await cw.createFido2(challenge);
    const credential = await client.createCredentialWithCode({
      challengeIdentifier: challenge.challengeIdentifier,
      credentialName: navigator.platform || "This device",
      ...attestation,
    });
    $("status").dataset.credentialId = credential.credentialId;
    $("create").hidden = true;
    show("registered", `Registered passkey ${credential.credentialId}`);
  } catch (err) {
    show("error", `${err.code ?? "error"}: ${err.message}`);
  }
});
