// Contender: @simplewebauthn/browser's startRegistration (and
// startAuthentication for the user action). They take the JSON forms of
// the options (base64url strings), so the Dfns challenges are converted
// first: challenge and user.id are the base64url of their strings' UTF-8
// bytes; credential ids already are base64url.
import { startAuthentication, startRegistration } from "@simplewebauthn/browser";
import { toBase64URL } from "../lib/dfns-baseline.js";
import { expose } from "../lib/harness.js";

const utf8 = new TextEncoder();
const b64 = (s) => toBase64URL(utf8.encode(s));

function toOptionsJSON(challenge) {
  return {
    rp: challenge.rp ?? { id: location.hostname, name: location.hostname },
    user: { id: b64(challenge.user.id), name: challenge.user.name, displayName: challenge.user.displayName },
    challenge: b64(challenge.challenge),
    pubKeyCredParams: challenge.pubKeyCredParams,
    timeout: 60000,
    excludeCredentials: challenge.excludeCredentials.map((c) => ({ type: c.type, id: c.id })),
    authenticatorSelection: challenge.authenticatorSelection,
    attestation: challenge.attestation,
  };
}

async function post(baseUrl, path, body, token, userAction) {
  const headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = "Bearer " + token;
  if (userAction) headers["X-DFNS-USERACTION"] = userAction;
  const res = await fetch(baseUrl + path, {
    method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}: ${json?.error?.message}`);
  return json;
}

const credentialBody = (challenge, r) => ({
  challengeIdentifier: challenge.challengeIdentifier, credentialName: "bench", credentialKind: "Fido2",
  credentialInfo: { credId: r.id, clientData: r.response.clientDataJSON, attestationData: r.response.attestationObject },
});

let token;
expose({
  ready: Promise.resolve(),
  async ceremony(baseUrl, code) {
    const challenge = await post(baseUrl, "/auth/credentials/code/init", { credentialKind: "Fido2", code });
    const r = await startRegistration({ optionsJSON: toOptionsJSON(challenge) });
    return post(baseUrl, "/auth/credentials/code/verify", credentialBody(challenge, r));
  },
  async create(baseUrl, t) {
    token = t;
    const challenge = await post(baseUrl, "/auth/credentials/init", { kind: "Fido2" }, token);
    return { challenge, r: await startRegistration({ optionsJSON: toOptionsJSON(challenge) }) };
  },
  async approve(baseUrl, { challenge, r }) {
    const payload = JSON.stringify(credentialBody(challenge, r));
    const action = await post(baseUrl, "/auth/action/init", {
      userActionPayload: payload, userActionHttpMethod: "POST", userActionHttpPath: "/auth/credentials", userActionServerKind: "Api",
    }, token);
    const a = await startAuthentication({
      optionsJSON: {
        challenge: b64(action.challenge),
        allowCredentials: action.allowCredentials.webauthn.map((c) => ({ type: "public-key", id: c.id })),
        rpId: action.rp?.id ?? location.hostname,
        userVerification: action.userVerification,
        timeout: 60000,
      },
    });
    const { userAction } = await post(baseUrl, "/auth/action", {
      challengeIdentifier: action.challengeIdentifier,
      firstFactor: {
        kind: "Fido2",
        credentialAssertion: {
          credId: a.id, clientData: a.response.clientDataJSON, authenticatorData: a.response.authenticatorData,
          signature: a.response.signature, userHandle: a.response.userHandle,
        },
      },
    }, token);
    return post(baseUrl, "/auth/credentials", payload, token, userAction);
  },
});
