// Contender: the official Dfns browser signer (@dfns/sdk-browser
// WebAuthnSigner) with @dfns/sdk's DfnsApiClient, as Dfns documents it.
// Its client sends its own extra headers (x-dfns-appid, x-dfns-nonce,
// x-dfns-sdk-version) on the same calls; with a signer, its createCredential
// runs the user action signing itself.
import { DfnsApiClient } from "@dfns/sdk";
import { WebAuthnSigner } from "@dfns/sdk-browser";
import { expose } from "../lib/harness.js";

const rp = () => ({ id: location.hostname, name: location.hostname });
let api;
expose({
  ready: Promise.resolve(),
  async ceremony(baseUrl, code) {
    const api = new DfnsApiClient({ baseUrl, appId: "", signer: new WebAuthnSigner({ relyingParty: rp() }) });
    const challenge = await api.auth.createCredentialChallengeWithCode({ body: { credentialKind: "Fido2", code } });
    const attestation = await new WebAuthnSigner({ relyingParty: rp() }).create(challenge);
    return api.auth.createCredentialWithCode({
      body: { challengeIdentifier: challenge.challengeIdentifier, credentialName: "bench", ...attestation },
    });
  },
  async create(baseUrl, authToken) {
    api = new DfnsApiClient({ baseUrl, appId: "", authToken, signer: new WebAuthnSigner({ relyingParty: rp() }) });
    const challenge = await api.auth.createCredentialChallenge({ body: { kind: "Fido2" } });
    return { challenge, attestation: await new WebAuthnSigner({ relyingParty: rp() }).create(challenge) };
  },
  approve: (baseUrl, { challenge, attestation }) =>
    api.auth.createCredential({
      body: { challengeIdentifier: challenge.challengeIdentifier, credentialName: "bench", ...attestation },
    }),
});
