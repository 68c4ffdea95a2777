// The pure-JS baseline: the Dfns with-code registration written by hand,
// with plain fetch and the byte rules of the official browser signer (see
// the README, "API"): challenge and user.id are the UTF-8 bytes of
// their strings, excludeCredentials ids are base64url-decoded. No
// validation beyond what the flow needs — the least any page could ship.

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

async function post(baseUrl, path, body) {
  const res = await fetch(baseUrl + path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
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
  return post(baseUrl, "/auth/credentials/code/verify", {
    challengeIdentifier: challenge.challengeIdentifier,
    credentialName,
    credentialKind: "Fido2",
    credentialInfo: {
      credId: credential.id,
      clientData: toBase64URL(credential.response.clientDataJSON),
      attestationData: toBase64URL(credential.response.attestationObject),
    },
  });
}
