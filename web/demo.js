// The credwasm demo: a Dfns user's journey from a plain page — sign up
// with a passkey and a RecoveryKey, sign in (by username, username-less,
// or from the username field's autofill), add credentials (passkeys and
// WebCrypto keys), sign out, and recover the account with the recovery
// code.
//
// The one rule that shapes this file: the browser opens its passkey prompt
// only while the click's user activation lasts (Safari drops it after any
// await), so everything that needs the network — the credential list, the
// registration code, every challenge — is fetched BEFORE the click. The
// click handlers then call createFido2 / getFido2 synchronously.
import { load, CredwasmError } from "/credwasm/credwasm.js";

const $ = (id) => document.getElementById(id);
const ui = {
  baseUrl: $("baseUrl"),
  orgId: $("orgId"),
  authToken: $("authToken"),
  credentialName: $("credentialName"),
  kind: $("kind"),
  password: $("password"),
  passwordField: $("passwordField"),
  recoveryCodeBox: $("recoveryCodeBox"),
  recoveryCode: $("recoveryCode"),
  code: $("code"),
  codeField: $("codeField"),
  register: $("register"),
  status: $("status"),
  message: $("message"),
  flow: $("flow"),
  log: $("log"),
  credentials: $("credentials"),
};

let credwasm; // the loaded module
let next = null; // what the next click uses: { flow, client, challenge, receivedAt }
let generation = 0; // bumps on every refresh, so a stale prefetch is dropped
let busy = false; // a registration is running
let registrations = 0;
let demoCodeUrl = ""; // where the dev server's mock issues codes; "" elsewhere
let demoSignupUrl = ""; // where the dev server, as the app's server, starts a delegated sign-up
let demoInboxUrl = ""; // where the dev server shows the mock's recovery e-mail

// ---- start ----------------------------------------------------------------

main();

async function main() {
  setStatus("loading", "Loading credwasm…");
  try {
    const [config, module] = await Promise.all([demoConfig(), load()]);
    credwasm = module;
    if (!ui.baseUrl.value) ui.baseUrl.value = config.baseUrl ?? "";
    if (!ui.authToken.value) ui.authToken.value = config.authToken ?? "";
    if (!ui.orgId.value) ui.orgId.value = config.orgId ?? "";
    demoCodeUrl = config.demoCodeUrl ?? "";
    demoSignupUrl = config.demoSignupUrl ?? "";
    demoInboxUrl = config.demoInboxUrl ?? "";
  } catch (err) {
    fail(err);
    return;
  }
  for (const input of [ui.baseUrl, ui.authToken, ui.code, ui.kind]) {
    input.addEventListener("change", () => refresh());
  }
  ui.register.addEventListener("click", register);
  startJourney();
  await refresh();
}

// The server says where the API is (and, with the dev server's mock, the
// demo user's token and where codes come from).
async function demoConfig() {
  try {
    const r = await fetch("/demo-config.json", { cache: "no-store" });
    return r.ok ? await r.json() : {};
  } catch {
    return {};
  }
}

// ---- prefetch: everything the click needs ----------------------------------

// refresh lists the user's credentials and prefetches the challenge of the
// next registration. keepStatus leaves "registered" / "error" visible for
// whoever watches #status; the enabled button (and
// #status[data-prefetched=true]) says a challenge is ready either way.
async function refresh({ keepStatus = false } = {}) {
  const gen = ++generation;
  setNext(null);
  const kind = ui.kind.value;
  ui.passwordField.hidden = kind !== "PasswordProtectedKey";
  ui.register.textContent = kind === "Fido2" ? "Register passkey" : `Register ${kind}`;
  const baseUrl = ui.baseUrl.value.trim();
  const authToken = ui.authToken.value.trim();
  if (!baseUrl) {
    setStatus("idle", "Enter the Dfns API base URL.");
    return;
  }
  if (!keepStatus) setStatus("loading", "Fetching your credentials and a challenge…");
  try {
    const client = credwasm.client({ baseUrl, authToken });
    // Without a token only the with-code calls work: a code authenticates.
    const credentials = authToken ? await client.listCredentials() : [];
    if (gen !== generation) return;
    showCredentials(credentials, authToken ? "none yet" : "enter a bearer token to list your credentials");

    let flow, challenge;
    if (credentials.length === 0) {
      flow = "code";
      const code = await registrationCode(baseUrl);
      if (gen !== generation) return;
      if (!code) {
        ui.codeField.hidden = false;
        ui.flow.textContent = "No credential yet: paste a registration code (create one on a device that has a credential).";
        if (keepStatus) ui.message.textContent += " Paste a new registration code to register another passkey.";
        else setStatus("need-code", "Waiting for a registration code.");
        return;
      }
      challenge = await client.createCredentialChallengeWithCode({ kind, code });
    } else {
      flow = "signed";
      challenge = await client.createCredentialChallenge({ kind });
    }
    if (gen !== generation) return;
    ui.codeField.hidden = true;
    ui.flow.textContent =
      flow === "code"
        ? `No credential yet: the next ${kind} is registered with a one-time code (no signature needed).`
        : `You have ${credentials.length} credential(s): the next ${kind} is approved by signing with a passkey you already have.`;
    setNext({ flow, client, challenge, receivedAt: new Date() });
    if (keepStatus) ui.message.textContent += " A new challenge is ready: click to register another passkey.";
    else setStatus("ready", "Challenge prefetched: click the button.");
  } catch (err) {
    if (gen === generation) fail(err);
  }
}

// registrationCode returns the code the user pasted (single use: it is
// cleared), else one from the dev server's demo-only endpoint, else "".
// /demo-config.json names that endpoint only beside the dev server's
// embedded mock (the Worker and `devserver -api` have none), and its codes
// are good only for that mock, on this page's origin.
async function registrationCode(baseUrl) {
  const pasted = ui.code.value.trim();
  if (pasted) {
    ui.code.value = "";
    return pasted;
  }
  if (!demoCodeUrl || new URL(baseUrl, location.href).origin !== location.origin) return "";
  try {
    const r = await fetch(demoCodeUrl, { method: "GET", cache: "no-store" });
    if (r.ok) return (await r.json()).code ?? "";
  } catch {
    // the mock is gone: the user pastes a code
  }
  return "";
}

function setNext(plan) {
  next = plan;
  ui.register.disabled = !plan || busy;
  ui.status.dataset.prefetched = String(Boolean(plan));
}

// ---- the click --------------------------------------------------------------

function register() {
  const plan = next;
  if (!plan || busy) return;
  busy = true;
  setNext(null);
  registrations++;
  setStatus("registering", "Follow your browser's passkey prompt…");
  const credentialName = ui.credentialName.value.trim() || "Passkey";

  let attestation;
  try {
    // First thing in the handler: navigator.credentials.create runs now.
    // The key kinds need no user activation: WebCrypto runs any time.
    attestation =
      plan.challenge.kind === "Fido2"
        ? credwasm.createFido2(plan.challenge).then((a) => ({ attestation: a }))
        : createKeyCredential(plan.challenge);
  } catch (err) {
    return finish(err);
  }
  addStep("challenge", `Registration #${registrations} — challenge ${plan.challenge.challengeIdentifier} ` +
    `(${plan.flow === "code" ? "from a registration code" : "Create Credential Challenge"}, ` +
    `prefetched at ${plan.receivedAt.toLocaleTimeString()})`, plan.challenge);
  if (plan.challenge.kind === "Fido2") {
    addStep("options", "navigator.credentials.create options (binary fields shown as base64url)",
      credwasm.toCreationOptions(plan.challenge));
  }

  attestation
    .then(async ({ attestation: att, encryptedPrivateKey }) => {
      addStep("attestation", `${att.credentialKind} created: credId ${att.credentialInfo.credId}`, att);
      const body = { challengeIdentifier: plan.challenge.challengeIdentifier, credentialName, ...att };
      if (encryptedPrivateKey) body.encryptedPrivateKey = encryptedPrivateKey;
      const credential =
        plan.flow === "code"
          ? await plan.client.createCredentialWithCode(body)
          : await plan.client.createCredential(body, { signer: { kind: "Fido2" } });
      addStep("credential", `Verified by the server: "${credential.name}" ${credential.credentialId} ` +
        `(${plan.flow === "code" ? "with code" : "signed with an existing passkey"})`, credential);
      setStatus("registered", `Registered "${credential.name}".`);
      finish();
    })
    .catch(finish);
}

// keysMadeHere keeps the private keys createKey returned, by credId: a
// real app would store them (IndexedDB keeps a CryptoKey without exposing
// its bytes) to sign later with { kind: "Key", credId, privateKey }.
const keysMadeHere = new Map();

// createKeyCredential makes a Key, PasswordProtectedKey or RecoveryKey and
// resolves like createFido2 wrapped: { attestation, encryptedPrivateKey? }.
async function createKeyCredential(challenge) {
  ui.recoveryCodeBox.hidden = true;
  switch (challenge.kind) {
    case "Key": {
      const made = await credwasm.createKey(challenge);
      keysMadeHere.set(made.attestation.credentialInfo.credId, made.privateKey);
      addStep("key", "Key pair generated in WebCrypto (the private key is not extractable)", { publicKey: made.publicKey });
      return made;
    }
    case "PasswordProtectedKey":
      return credwasm.createPasswordProtectedKey(challenge, { password: ui.password.value });
    case "RecoveryKey": {
      const made = await credwasm.createRecoveryKey(challenge);
      ui.recoveryCode.textContent = made.recoveryCode;
      ui.recoveryCodeBox.hidden = false;
      return made;
    }
  }
  throw new Error(`unknown credential kind ${challenge.kind}`);
}

function finish(err) {
  busy = false;
  if (err) fail(err);
  refresh({ keepStatus: true }); // a fresh challenge for the next click
}

// ---- the user's journey: sign-up, sign-in, recovery -------------------------
//
// Each panel prefetches its challenge as soon as its fields allow (the
// registration challenge when the e-mail is entered, the login challenge
// for the username typed, the recovery challenge once the verification
// code and the recovery credential id are in), so that its button's click
// handler calls navigator.credentials first thing. The calls need no
// bearer token: the registration and recovery challenges carry the
// temporary token that completes them, and a login earns one.

const journey = {
  signupEmail: $("signupEmail"),
  signupCode: $("signupCode"),
  signinUsername: $("signinUsername"),
  recoverUsername: $("recoverUsername"),
  recoverSend: $("recoverSend"),
  recoverVerification: $("recoverVerification"),
  recoverCredentialId: $("recoverCredentialId"),
  recoverCode: $("recoverCode"),
  inbox: $("inbox"),
  inboxBox: $("inboxBox"),
  session: $("session"),
  signout: $("signout"),
  kit: $("kit"),
  kitCode: $("kitCode"),
  kitCredentialId: $("kitCredentialId"),
};
const plans = { signup: null, signin: null, recover: null }; // each panel's prefetched challenge
const generations = { signup: 0, signin: 0, recover: 0 }; // a stale prefetch is dropped
let session = null; // { who, token }: the signed-in user; the token is also #authToken
let autofill = null; // the AbortController of the pending passkey-autofill request

function startJourney() {
  journey.signupEmail.addEventListener("change", prefetchSignup);
  journey.signupCode.addEventListener("change", prefetchSignup);
  journey.signinUsername.addEventListener("change", prefetchSignin);
  // Passkey autofill: offered when the page loads, and again whenever the
  // person comes back to the username field after it ended (a sign-in,
  // a sign-out, or an authenticator that had nothing to offer).
  journey.signinUsername.addEventListener("focus", startAutofill);
  journey.recoverUsername.addEventListener("change", () => panel("recover").idle());
  journey.recoverVerification.addEventListener("change", prefetchRecovery);
  journey.recoverCredentialId.addEventListener("change", prefetchRecovery);
  for (const input of [ui.baseUrl, ui.orgId]) {
    input.addEventListener("change", () => {
      stopAutofill();
      prefetchSignup();
      prefetchSignin();
      prefetchRecovery();
    });
  }
  $("signup").addEventListener("click", signUp);
  $("signin").addEventListener("click", signIn);
  $("recover").addEventListener("click", recover);
  journey.recoverSend.addEventListener("click", sendRecoveryCode);
  journey.signout.addEventListener("click", signOut);
  journey.recoverSend.disabled = false;
  if (ui.authToken.value) journey.session.textContent = "Not signed in here: the Connection's bearer token is used as is";
  prefetchSignup();
  prefetchSignin();
  panel("recover").idle();
  startAutofill();
}

// A client without a bearer token: what authenticates each journey call is
// in its body or its challenge.
function anonymous() {
  return credwasm.client({ baseUrl: ui.baseUrl.value.trim() });
}

function orgId() {
  const id = ui.orgId.value.trim();
  if (!id) throw new Error("Enter the organization id (Connection).");
  return id;
}

// panel is the status, the message, the button and the prefetched plan of
// one journey panel (#NAMEStatus, #NAMEMessage, #NAME).
function panel(name) {
  const status = $(name + "Status");
  const set = (s, message = "") => {
    status.textContent = s;
    status.dataset.status = s;
    $(name + "Message").textContent = message;
  };
  return {
    set,
    plan(p) {
      plans[name] = p;
      $(name).disabled = !p;
      status.dataset.prefetched = String(Boolean(p));
    },
    take() {
      const p = plans[name];
      this.plan(null);
      return p;
    },
    idle() {
      if (name === "recover") set("idle", "Enter your username and ask for a verification code.");
    },
    fail(err) {
      const text = describe(err);
      addStep("error", `${name}: ${text}`, errorDetails(err));
      set("error", text);
    },
  };
}

// A registration or recovery challenge as logged: its temporary token is a
// secret, like a bearer token.
function redacted(challenge) {
  return { ...challenge, temporaryAuthenticationToken: "[redacted]" };
}

// appServer calls the dev server's demo endpoints (the app's server of a
// delegated sign-up, the mock's e-mail inbox).
async function appServer(url, body) {
  const r = await fetch(url, {
    method: "POST", cache: "no-store", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  });
  const data = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(`the app's server answered ${r.status}: ${data?.error?.message ?? r.statusText}`);
  return data;
}

// ---- sign-up

async function prefetchSignup() {
  const gen = ++generations.signup;
  const p = panel("signup");
  p.plan(null);
  const email = journey.signupEmail.value.trim();
  const code = journey.signupCode.value.trim();
  if (!email) return p.set("idle", "Enter your e-mail address.");
  if (!code && !demoSignupUrl) {
    return p.set("need-code", "Enter the registration code of your invitation (or have your app's server start the sign-up).");
  }
  p.set("loading", "Getting a registration challenge…");
  try {
    const challenge = code
      ? await anonymous().createRegistrationChallenge({ orgId: orgId(), username: email, registrationCode: code })
      : await appServer(demoSignupUrl, { email });
    if (gen !== generations.signup) return;
    p.plan({ challenge, email, delegated: !code, receivedAt: new Date() });
    p.set("ready", "Registration challenge prefetched: click to create your passkey and recovery kit.");
  } catch (err) {
    if (gen === generations.signup) p.fail(err);
  }
}

function signUp() {
  const p = panel("signup");
  const plan = p.take();
  if (!plan) return;
  stopAutofill();
  let passkey;
  try {
    passkey = credwasm.createFido2(plan.challenge); // navigator.credentials.create, now
  } catch (err) {
    return p.fail(err);
  }
  p.set("working", "Follow your browser's passkey prompt…");
  addStep("registration", `Sign-up of ${plan.email}: registration challenge ` +
    `(${plan.delegated ? "delegated, from the app's server" : "with a registration code"}, prefetched at ` +
    `${plan.receivedAt.toLocaleTimeString()})`, redacted(plan.challenge));
  (async () => {
    const attestation = await passkey;
    addStep("attestation", `Passkey created: credId ${attestation.credentialInfo.credId}`, attestation);
    const rk = await credwasm.createRecoveryKey(plan.challenge);
    addStep("recovery-key", `RecoveryKey created: credId ${rk.attestation.credentialInfo.credId} (its key encrypted under the recovery code)`,
      rk.attestation);
    const credentials = {
      firstFactorCredential: { ...attestation, credentialName: "First passkey" },
      recoveryCredential: { ...rk.attestation, credentialName: "Recovery key", encryptedPrivateKey: rk.encryptedPrivateKey },
    };
    const client = anonymous();
    if (plan.delegated) {
      // One call registers the end user, signs them in and makes their wallet.
      const r = await client.registerEndUser(plan.challenge, { ...credentials, wallets: [{ network: "EthereumSepolia", name: "Demo wallet" }] });
      addStep("signed-up", `Registered ${r.user.username} (${r.user.id}), signed in, ${r.wallets.length} wallet(s) created`,
        { credential: r.credential, user: r.user, wallets: r.wallets });
      showKit(rk);
      startSession(r.user.username, r.authentication.token);
      p.set("signed-up", `Welcome, ${r.user.username}: you are signed in. Write down your recovery kit.`);
    } else {
      const r = await client.register(plan.challenge, credentials);
      addStep("signed-up", `Registered ${r.user.username} (${r.user.id}): sign in now`, r);
      showKit(rk);
      journey.signinUsername.value = r.user.username;
      prefetchSignin();
      p.set("signed-up", `Welcome, ${r.user.username}: sign in with your new passkey. Write down your recovery kit.`);
    }
  })().catch((err) => p.fail(err));
}

function showKit(rk) {
  journey.kitCode.textContent = rk.recoveryCode;
  journey.kitCredentialId.textContent = rk.attestation.credentialInfo.credId;
  journey.kit.hidden = false;
  addStep("recovery-kit", "Recovery kit shown once: the recovery code and the RecoveryKey's credential id (not logged)");
}

// ---- sign-in

// prefetchSignin gets the login challenge of the next click. keepStatus
// leaves the last verdict ("signed-in", "error") visible; the enabled
// button (and #signinStatus[data-prefetched=true]) says a challenge is
// ready either way.
async function prefetchSignin({ keepStatus = false } = {}) {
  const gen = ++generations.signin;
  const p = panel("signin");
  p.plan(null);
  const username = journey.signinUsername.value.trim();
  if (!ui.orgId.value.trim()) return p.set("idle", "Enter the organization id (Connection).");
  if (!keepStatus) p.set("loading", "Getting a login challenge…");
  try {
    // No username: the challenge allows any passkey of this site, and the
    // one the person picks names them (username-less sign-in).
    const challenge = await anonymous().createLoginChallenge(username ? { orgId: orgId(), username } : { orgId: orgId() });
    if (gen !== generations.signin) return;
    p.plan({ challenge, username });
    if (!keepStatus) p.set("ready", username ? `Click to sign in as ${username}.` : "Click and pick a passkey (or type your username).");
  } catch (err) {
    if (gen === generations.signin) p.fail(err);
  }
}

function signIn() {
  const p = panel("signin");
  const plan = p.take();
  if (!plan) return;
  // The autofill request ends before the button's ceremony begins.
  stopAutofill();
  let assertion;
  try {
    // Safari-safe: navigator.credentials.get in the click, login after.
    assertion = credwasm.getFido2(plan.challenge);
  } catch (err) {
    return p.fail(err);
  }
  p.set("working", "Follow your browser's passkey prompt…");
  assertion
    .then((a) => completeSignIn(plan.challenge, a, plan.username, plan.username ? "by username" : "with a passkey, no username"))
    .catch((err) => p.fail(err))
    .finally(() => prefetchSignin({ keepStatus: true }));
}

// completeSignIn exchanges the assertion for a session. username is ""
// when the person did not type one: the passkey's user handle names them.
async function completeSignIn(challenge, assertion, username, how) {
  const p = panel("signin");
  addStep("assertion", `Passkey ${assertion.credentialAssertion.credId} signed the login challenge ${challenge.challengeIdentifier}`, assertion);
  const r = await anonymous().login(challenge, { assertion });
  if (r.ssoClientId) {
    addStep("sso", `This user signs in through SSO (client ${r.ssoClientId})`, r);
    return p.set("sso", `This user signs in through SSO (client ${r.ssoClientId}).`);
  }
  const who = username || userOf(assertion);
  addStep("signed-in", `Signed in ${how} as ${who}: a bearer token for this session`);
  startSession(who, r.token);
  p.set("signed-in", `Signed in ${how} as ${who}.`);
}

// userOf reads the user handle of a passkey assertion: the Dfns user id.
function userOf(assertion) {
  const h = assertion.credentialAssertion.userHandle;
  if (!h) return "a user";
  return new TextDecoder().decode(Uint8Array.from(atob(h.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0)));
}

// startAutofill offers the site's passkeys in the username field's
// autofill (autocomplete="username webauthn"): a username-less challenge
// and getFido2 with mediation "conditional", which resolves when the
// person picks a passkey there. It runs while nobody is signed in and no
// other ceremony needs the authenticator.
async function startAutofill() {
  if (autofill || session || !credwasm || !ui.orgId.value.trim() || !ui.baseUrl.value.trim()) return;
  const ac = new AbortController();
  autofill = ac;
  try {
    const challenge = await anonymous().createLoginChallenge({ orgId: orgId() });
    if (ac.signal.aborted) return;
    const assertion = await credwasm.getFido2(challenge, { mediation: "conditional", signal: ac.signal });
    autofill = null;
    panel("signin").set("working", "Signing in with the passkey from the autofill…");
    await completeSignIn(challenge, assertion, "", "from the username field's autofill");
  } catch (err) {
    // Aborted (a button's ceremony, a sign-in) or nothing to offer: the
    // field simply stops offering passkeys until it gets focus again.
    if (err?.code === "aborted" || err?.code === "not_allowed") {
      addStep("autofill", `Passkey autofill ended (${err.code})`);
    } else {
      panel("signin").fail(err);
    }
  } finally {
    if (autofill === ac) autofill = null;
  }
}

function stopAutofill() {
  autofill?.abort();
  autofill = null;
}

// ---- the session

// startSession makes token the page's bearer token: the "Add a credential"
// panel lists and adds this user's credentials with it.
function startSession(who, token) {
  stopAutofill();
  session = { who, token };
  journey.session.textContent = `Signed in as ${who}`;
  journey.session.dataset.signedIn = "true";
  journey.session.dataset.user = who;
  journey.signout.disabled = false;
  ui.authToken.value = token;
  refresh();
}

function endSession() {
  session = null;
  journey.session.textContent = "Signed out";
  journey.session.dataset.signedIn = "false";
  journey.session.dataset.user = "";
  journey.signout.disabled = true;
  ui.authToken.value = "";
  refresh();
}

async function signOut() {
  const s = session;
  if (!s) return;
  journey.signout.disabled = true;
  try {
    await credwasm.client({ baseUrl: ui.baseUrl.value.trim(), authToken: s.token }).logout();
    addStep("signed-out", `Signed out ${s.who}: this session's token no longer works`);
    endSession();
  } catch (err) {
    journey.signout.disabled = false;
    panel("signin").fail(err);
  }
}

// ---- recovery

async function sendRecoveryCode() {
  const p = panel("recover");
  const username = journey.recoverUsername.value.trim();
  if (!username) return p.set("idle", "Enter your username.");
  journey.recoverSend.disabled = true;
  p.set("working", "Asking Dfns to e-mail you a verification code…");
  try {
    await anonymous().sendRecoveryCode({ username, orgId: orgId() });
    addStep("verification-code", `Dfns e-mailed ${username} a verification code`);
    if (demoInboxUrl) {
      const { code } = await appServer(demoInboxUrl, { username });
      journey.inbox.textContent = code;
      journey.inboxBox.hidden = false;
    }
    p.set("need-code", "Enter the verification code from the e-mail and your recovery kit.");
  } catch (err) {
    p.fail(err);
  } finally {
    journey.recoverSend.disabled = false;
  }
}

async function prefetchRecovery() {
  const gen = ++generations.recover;
  const p = panel("recover");
  p.plan(null);
  const username = journey.recoverUsername.value.trim();
  const verificationCode = journey.recoverVerification.value.trim();
  const credentialId = journey.recoverCredentialId.value.trim();
  if (!username || !verificationCode || !credentialId) return;
  p.set("loading", "Getting a recovery challenge…");
  try {
    // The verification code is single use: this challenge is the one the
    // recovery completes, whatever the recovery code typed.
    const challenge = await anonymous().createRecoveryChallenge({ username, verificationCode, orgId: orgId(), credentialId });
    if (gen !== generations.recover) return;
    journey.recoverVerification.value = "";
    p.plan({ challenge, username });
    p.set("ready", "Recovery challenge prefetched: enter your recovery code and click to make a new passkey.");
  } catch (err) {
    if (gen === generations.recover) p.fail(err);
  }
}

function recover() {
  const p = panel("recover");
  const recoveryCode = journey.recoverCode.value.trim();
  if (!recoveryCode) return p.set("ready", "Enter your recovery code first.");
  const plan = p.take();
  if (!plan) return;
  stopAutofill();
  let passkey;
  try {
    passkey = credwasm.createFido2(plan.challenge); // navigator.credentials.create, now
  } catch (err) {
    return p.fail(err);
  }
  p.set("working", "Follow your browser's passkey prompt…");
  addStep("recovery", `Recovery of ${plan.username}: the RecoveryKey ${plan.challenge.allowedRecoveryCredentials[0]?.id} will sign`,
    redacted(plan.challenge));
  (async () => {
    const attestation = await passkey;
    addStep("attestation", `New passkey created: credId ${attestation.credentialInfo.credId}`, attestation);
    // A new RecoveryKey: the old one stops working with every other
    // credential.
    const rk = await credwasm.createRecoveryKey(plan.challenge);
    const newCredentials = {
      firstFactorCredential: { ...attestation, credentialName: "Recovered passkey" },
      recoveryCredential: { ...rk.attestation, credentialName: "Recovery key", encryptedPrivateKey: rk.encryptedPrivateKey },
    };
    let r;
    try {
      r = await anonymous().recover(plan.challenge, { recoveryCode, newCredentials });
    } catch (err) {
      // A recovery code that does not unlock the key sent nothing: the
      // challenge still stands for another try.
      if (err?.code === "wrong_password") p.plan(plan);
      throw err;
    }
    journey.recoverCode.value = "";
    addStep("recovered", `Recovered ${r.user.username}: every earlier credential and session is revoked; new passkey ` +
      `${attestation.credentialInfo.credId}`, r);
    showKit(rk);
    if (session) endSession();
    journey.signinUsername.value = r.user.username;
    prefetchSignin();
    p.set("recovered", "Recovered: sign in with your new passkey, and write down your new recovery kit.");
  })().catch((err) => p.fail(err));
}

// ---- display ----------------------------------------------------------------

function setStatus(status, message = "") {
  ui.status.textContent = status;
  ui.status.dataset.status = status;
  ui.message.textContent = message;
}

function fail(err) {
  addStep("error", describe(err), errorDetails(err));
  setStatus("error", describe(err));
}

// describe is an error as the page shows it: "code (HTTP status): message".
function describe(err) {
  const code = err instanceof CredwasmError ? err.code : err?.name ?? "error";
  const status = err?.status !== undefined ? ` (HTTP ${err.status})` : "";
  return `${code}${status}: ${err?.message ?? String(err)}`;
}

function errorDetails(err) {
  return {
    code: err instanceof CredwasmError ? err.code : err?.name ?? "error",
    status: err?.status,
    errorId: err?.errorId,
    message: err?.message ?? String(err),
    cause: err?.cause ? String(err.cause) : undefined,
  };
}

function addStep(step, summary, data) {
  const li = document.createElement("li");
  li.dataset.step = step;
  const details = document.createElement("details");
  const head = document.createElement("summary");
  const time = document.createElement("time");
  time.textContent = new Date().toLocaleTimeString();
  const label = document.createElement("b");
  label.textContent = step;
  const text = document.createElement("span");
  text.className = "summary";
  text.textContent = summary;
  head.append(time, " ", label, " ", text);
  const pre = document.createElement("pre");
  pre.textContent = toJSON(data);
  details.append(head, pre);
  li.append(details);
  ui.log.append(li);
  li.scrollIntoView({ block: "nearest" });
}

function showCredentials(list, empty) {
  const rows = list.map((c) => {
    const tr = document.createElement("tr");
    tr.dataset.credentialId = c.credentialId;
    for (const v of [c.name, c.kind, c.credentialId, c.dateCreated, c.isActive ? "yes" : "no"]) {
      const td = document.createElement("td");
      td.textContent = v ?? "";
      tr.append(td);
    }
    return tr;
  });
  if (rows.length === 0) {
    const tr = document.createElement("tr");
    tr.className = "empty";
    const td = document.createElement("td");
    td.colSpan = 5;
    td.textContent = empty;
    tr.append(td);
    rows.push(tr);
  }
  ui.credentials.replaceChildren(...rows);
}

// toJSON pretty-prints, with ArrayBuffers as base64url (that is how the
// Dfns API spells them).
function toJSON(value) {
  return JSON.stringify(
    value,
    (_, v) => (v instanceof ArrayBuffer || ArrayBuffer.isView(v) ? `<${v.byteLength} bytes> ${base64url(v)}` : v),
    2,
  );
}

function base64url(buf) {
  const bytes = buf instanceof ArrayBuffer ? new Uint8Array(buf) : new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
