// Compiled (not run) by `make spa` with tsc --noEmit: the hand-written
// js/credwasm.d.ts must describe the API as a TypeScript user calls it.
import { load, CredwasmError, type Credwasm, type DfnsClient, type Fido2Challenge, type Credential,
  type RegistrationChallenge, type RegistrationCredentials, type RecoveryChallenge, type Fido2Assertion,
  type Support, type ClientExtensionResults, type UserActionChallenge } from "credwasm";

async function register(button: HTMLButtonElement, token: string): Promise<Credential> {
  const cw: Credwasm = await load({ wasm: new URL("credwasm.wasm", import.meta.url) });
  const client: DfnsClient = cw.client({ baseUrl: "https://api.dfns.io", authToken: token, timeout: 10000 });
  const challenge = await client.createCredentialChallenge({ kind: "Fido2" });
  if (challenge.kind !== "Fido2") throw new Error("expected a Fido2 challenge");
  const fido2: Fido2Challenge = challenge;
  const options: CredentialCreationOptions = cw.toCreationOptions(fido2, { relyingParty: { id: "example.com", name: "Example" } });
  void options;
  return new Promise((resolve, reject) => {
    button.onclick = async () => {
      try {
        const attestation = await cw.createFido2(fido2, { timeout: 60000, signal: AbortSignal.timeout(60000) });
        resolve(await client.createCredential(
          { challengeIdentifier: fido2.challengeIdentifier, credentialName: "laptop", ...attestation },
          { signer: { kind: "Fido2" } },
        ));
      } catch (e) {
        if (e instanceof CredwasmError && e.code === "previously_registered") console.warn(e.message, e.cause);
        reject(e);
      }
    };
  });
}

async function keys(cw: Credwasm, client: DfnsClient): Promise<void> {
  const key = await client.createCredentialChallenge({ kind: "Key" });
  if (key.kind === "Key") {
    const { attestation, privateKey, publicKey } = await cw.createKey(key);
    const body = { challengeIdentifier: key.challengeIdentifier, credentialName: "device key", ...attestation };
    const cred = await client.createCredential(body, { signer: { kind: "Fido2" } });
    await client.createCredentialCode({ expiration: new Date() }, { signer: { kind: "Key", credId: cred.credentialId, privateKey } });
    void publicKey;
  }
  const ppk = await client.createCredentialChallenge({ kind: "PasswordProtectedKey" });
  if (ppk.kind === "PasswordProtectedKey") {
    const { attestation, encryptedPrivateKey } = await cw.createPasswordProtectedKey(ppk, { password: "correct horse" });
    await client.createCredential(
      { challengeIdentifier: ppk.challengeIdentifier, credentialName: "password", ...attestation, encryptedPrivateKey },
      { signer: { kind: "Fido2" } },
    );
    const unlocked: CryptoKey = await cw.unlockPasswordProtectedKey({ encryptedPrivateKey, password: "correct horse", username: ppk.user.name });
    void unlocked;
  }
  const rk = await client.createCredentialChallenge({ kind: "RecoveryKey" });
  if (rk.kind === "RecoveryKey") {
    const { recoveryCode }: { recoveryCode: string } = await cw.createRecoveryKey(rk);
    void recoveryCode;
  }
  const token: string = await client.signUserAction({ method: "POST", path: "/auth/credentials", body: {} }, { signer: { kind: "Fido2" } });
  const list: Credential[] = await client.listCredentials({ signal: new AbortController().signal });
  void token;
  void list;
}

void register;
void keys;

// The user's journey, as the README shows it.
async function journey(cw: Credwasm, delegated: RegistrationChallenge): Promise<string> {
  const anon = cw.client({ baseUrl: "https://api.dfns.io" });
  const passkey = await cw.createFido2(delegated);
  const recovery = await cw.createRecoveryKey(delegated);
  const credentials: RegistrationCredentials = {
    firstFactorCredential: { ...passkey, credentialName: "laptop" },
    recoveryCredential: { ...recovery.attestation, credentialName: "recovery", encryptedPrivateKey: recovery.encryptedPrivateKey },
  };
  const { authentication } = await anon.registerEndUser(delegated, { ...credentials, wallets: [{ network: "Ethereum" }] });
  const signedUp = cw.client({ baseUrl: "https://api.dfns.io", authToken: authentication.token });
  await signedUp.logout();

  const login = await anon.createLoginChallenge({ orgId: "or-1", username: "alice@example.com" });
  const assertion: Fido2Assertion = await cw.getFido2(login, { mediation: "conditional" });
  const session = await anon.login(login, { assertion });
  if (session.ssoClientId !== undefined) return session.ssoClientId;

  await anon.sendRecoveryCode({ username: "alice@example.com", orgId: "or-1" });
  const rc: RecoveryChallenge = await anon.createRecoveryChallenge({ username: "alice@example.com", verificationCode: "1234", orgId: "or-1", credentialId: "cr" });
  const again = await cw.createFido2(rc);
  await anon.recover(rc, { recoveryCode: recovery.recoveryCode, newCredentials: { firstFactorCredential: again } });
  // @ts-expect-error createCredential needs userAction or signer
  await signedUp.createCredential({ challengeIdentifier: "ci", credentialName: "n", ...again }, {});
  return session.token;
}
void journey;

// The README's sign-in snippets, as written there.
declare function redirectToSSO(id: string): void;
declare function startSession(token: string | undefined): void;
async function readmeSignIn(cw: Credwasm, client: DfnsClient, orgId: string, usernameField: HTMLInputElement): Promise<void> {
  const loginChallenge = await client.createLoginChallenge({ orgId, username: usernameField.value });
  const assertion = cw.getFido2(loginChallenge);
  const result = await client.login(loginChallenge, { assertion: await assertion });
  if (result.ssoClientId) return redirectToSSO(result.ssoClientId);
  const session = cw.client({ baseUrl: "https://api.dfns.io", authToken: result.token });
  const anyPasskey = await client.createLoginChallenge({ orgId });
  const { token } = await client.login(anyPasskey, { assertion: await cw.getFido2(anyPasskey) });
  startSession(token);
  const autofill = new AbortController();
  const offered = await client.createLoginChallenge({ orgId });
  cw.getFido2(offered, { mediation: "conditional", signal: autofill.signal })
    .then((a) => client.login(offered, { assertion: a }))
    .then(({ token }) => startSession(token));
  await session.logout();
}
void readmeSignIn;

// Issue 12: support detection, one ceremony at a time, the Safari-safe
// split, hints and extensions with their results.
async function everything(cw: Credwasm, client: DfnsClient, fido2: Fido2Challenge, button: HTMLButtonElement): Promise<void> {
  const s: Support = await cw.support();
  if (!s.webauthn) return;
  const autofill = s.conditionalMediation;
  const upgrade: boolean | undefined = s.clientCapabilities.conditionalCreate;
  void autofill;
  void upgrade;

  const attestation = await cw.createFido2(fido2, {
    hints: ["client-device"],
    extensions: { prf: { eval: { first: new Uint8Array(32) } }, credProps: true, "example.vendor": { any: 1 } },
    mediation: "conditional",
  });
  const results: ClientExtensionResults | undefined = attestation.clientExtensionResults;
  const rk: boolean | undefined = results?.credProps?.rk;
  const prf: string | undefined = results?.prf?.results?.first;
  void rk;
  void prf;

  const body = { challengeIdentifier: fido2.challengeIdentifier, credentialName: "laptop", ...attestation };
  const challenge: UserActionChallenge = await client.createUserActionChallenge({ method: "POST", path: "/auth/credentials", body });
  button.onclick = async () => {
    const assertion = await cw.getFido2(challenge, { extensions: { prf: { eval: { first: "c2FsdA" } } }, mediation: "optional" });
    const token: string = await client.createUserActionSignature(challenge, assertion);
    await client.createCredential(body, { userAction: token });
  };
  window.addEventListener("popstate", () => cw.cancelCeremony());
}
void everything;
