// A user's first passkey on a new device, with credwasm bundled by
// webpack 5: the same flow and page states as the Vite app (web/spa), so
// one e2e driver runs both. The code from a signed-in device fetches the
// challenge; the click calls createFido2 at once (no await before it, so
// Safari keeps the user activation); the attestation goes to
// /auth/credentials/code/verify. ?code=<code> pre-fills the form.
import { load } from "credwasm";

const $ = (id) => document.getElementById(id);
const show = (state, text) => {
  $("status").dataset.state = state;
  $("status").textContent = text;
};
const failed = (err) => show("error", `${err.code ?? "error"}: ${err.message}`);

const ready = load();
let cw, client, challenge;
ready.then((instance) => {
  cw = instance;
  // The code authenticates these calls: no bearer token yet.
  client = cw.client({ baseUrl: location.origin, authToken: "" });
  show("ready", `credwasm ${cw.version} ready`);
}, failed);

$("code").value = new URLSearchParams(location.search).get("code") ?? "";

$("code-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    await ready;
    challenge = await client.createCredentialChallengeWithCode({ kind: "Fido2", code: $("code").value.trim() });
    $("create").hidden = false;
    show("challenge", `Ready to create a passkey for ${challenge.user.name}`);
  } catch (err) {
    failed(err);
  }
});

$("create").addEventListener("click", async () => {
  try {
    const attestation = await cw.createFido2(challenge);
    const credential = await client.createCredentialWithCode({
      challengeIdentifier: challenge.challengeIdentifier,
      credentialName: "This device",
      ...attestation,
    });
    $("status").dataset.credentialId = credential.credentialId;
    $("create").hidden = true;
    show("registered", `Registered passkey ${credential.credentialId}`);
  } catch (err) {
    failed(err);
  }
});
