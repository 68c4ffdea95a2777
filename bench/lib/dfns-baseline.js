// The pure-JS baseline: the Dfns registrations written by hand — with a
// code, and signed (user action signing with a passkey) — with plain fetch
// and the byte rules of the official browser signer (see the README,
// "API"): challenges and user.id are the UTF-8 bytes of their strings,
// credential ids are base64url-decoded. No validation beyond what the flow
// needs — the least any page could ship.

const utf8 = new TextEncoder();

export function toCreationOptions(challenge, rp = challenge.rp ?? { id: location.hostname, name: location.hostname }) {
  return {
    publicKey: {
      rp,
      user: { id: utf8.encode(challenge.user.id), name: challenge.user.name, displayName: challenge.user.displayName },
      challenge: utf8.encode(challenge.challenge),
      pubKeyCredParams: challenge.pubKeyCredParams,
      timeout: 60000,
      excludeCredentials: challenge.excludeCredentials.map((c) => ({ type: c.type, id: fromBase64URL(c.id) })),
      authenticatorSelection: challenge.authenticatorSelection,
      attestation: challenge.attestation,
    },
  };
}

export function fromBase64URL(s) {
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "");
  const bin = atob(b64 + "===".slice((b64.length + 3) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function toBase64URL(buf) {
  const bytes = new Uint8Array(buf);
  let bin = "";
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

async function post(baseUrl, path, body, token, userAction) {
  const headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = "Bearer " + token;
  if (userAction) headers["X-DFNS-USERACTION"] = userAction;
  const res = await fetch(baseUrl + path, {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
    credentials: "omit",
    redirect: "error",
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}: ${json?.error?.message ?? json?.message}`);
  return json;
}

export async function registerWithCode(baseUrl, code, credentialName) {
  const challenge = await post(baseUrl, "/auth/credentials/code/init", { credentialKind: "Fido2", code });
  const credential = await navigator.credentials.create(toCreationOptions(challenge));
  return post(baseUrl, "/auth/credentials/code/verify", credentialBody(challenge, credential, credentialName));
}

// credentialBody is the body that registers the credential create() made
// for challenge (code/verify, or /auth/credentials).
function credentialBody(challenge, credential, credentialName) {
  return {
    challengeIdentifier: challenge.challengeIdentifier,
    credentialName,
    credentialKind: "Fido2",
    credentialInfo: {
      credId: credential.id,
      clientData: toBase64URL(credential.response.clientDataJSON),
      attestationData: toBase64URL(credential.response.attestationObject),
    },
  };
}

// createPasskey is the signed registration's first half: the challenge
// (POST /auth/credentials/init, the user's token) and create().
export async function createPasskey(baseUrl, token) {
  const challenge = await post(baseUrl, "/auth/credentials/init", { kind: "Fido2" }, token);
  const credential = await navigator.credentials.create(toCreationOptions(challenge));
  return { challenge, credential };
}

// createCredentialSigned is its second half: POST /auth/credentials with
// the attestation, approved by user action signing with a passkey of the
// user: POST /auth/action/init over the exact body, get(), POST
// /auth/action, then the request with X-DFNS-USERACTION.
export async function createCredentialSigned(baseUrl, token, { challenge, credential }, credentialName) {
  const payload = JSON.stringify(credentialBody(challenge, credential, credentialName));
  const action = await post(baseUrl, "/auth/action/init", {
    userActionPayload: payload, userActionHttpMethod: "POST", userActionHttpPath: "/auth/credentials", userActionServerKind: "Api",
  }, token);
  const a = await navigator.credentials.get({
    publicKey: {
      challenge: utf8.encode(action.challenge),
      allowCredentials: action.allowCredentials.webauthn.map((c) => ({ type: "public-key", id: fromBase64URL(c.id) })),
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
        credId: a.id,
        clientData: toBase64URL(a.response.clientDataJSON),
        authenticatorData: toBase64URL(a.response.authenticatorData),
        signature: toBase64URL(a.response.signature),
        userHandle: a.response.userHandle ? toBase64URL(a.response.userHandle) : undefined,
      },
    },
  }, token);
  return post(baseUrl, "/auth/credentials", payload, token, userAction);
}
