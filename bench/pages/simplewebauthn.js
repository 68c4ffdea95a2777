// Contender: @simplewebauthn/browser's startRegistration. It takes
// PublicKeyCredentialCreationOptionsJSON (base64url strings), so the Dfns
// challenge is converted first: challenge and user.id are the base64url of
// their strings' UTF-8 bytes; excludeCredentials ids already are base64url.
import { startRegistration } from "@simplewebauthn/browser";
import { toBase64URL } from "../lib/dfns-baseline.js";
import { expose } from "../lib/harness.js";

const utf8 = new TextEncoder();

function toOptionsJSON(challenge) {
  return {
    rp: challenge.rp ?? { id: location.hostname, name: location.hostname },
    user: { id: toBase64URL(utf8.encode(challenge.user.id)), name: challenge.user.name, displayName: challenge.user.displayName },
    challenge: toBase64URL(utf8.encode(challenge.challenge)),
    pubKeyCredParams: challenge.pubKeyCredParams,
    timeout: 60000,
    excludeCredentials: challenge.excludeCredentials.map((c) => ({ type: c.type, id: c.id })),
    authenticatorSelection: challenge.authenticatorSelection,
    attestation: challenge.attestation,
  };
}

async function post(baseUrl, path, body) {
  const res = await fetch(baseUrl + path, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}: ${json?.error?.message}`);
  return json;
}

expose({
  ready: Promise.resolve(),
  async ceremony(baseUrl, code) {
    const challenge = await post(baseUrl, "/auth/credentials/code/init", { credentialKind: "Fido2", code });
    const r = await startRegistration({ optionsJSON: toOptionsJSON(challenge) });
    return post(baseUrl, "/auth/credentials/code/verify", {
      challengeIdentifier: challenge.challengeIdentifier, credentialName: "bench", credentialKind: "Fido2",
      credentialInfo: { credId: r.id, clientData: r.response.clientDataJSON, attestationData: r.response.attestationObject },
    });
  },
});
