// The credwasm demo: register Dfns credentials (passkeys and WebCrypto
// keys) from a plain page.
//
// The one rule that shapes this file: the browser opens its passkey prompt
// only while the click's user activation lasts (Safari drops it after any
// await), so everything that needs the network — the credential list, the
// registration code, the challenge — is fetched BEFORE the click. The click
// handler then calls createFido2 synchronously.
import { load, CredwasmError } from "/credwasm/credwasm.js";

const $ = (id) => document.getElementById(id);
const ui = {
  baseUrl: $("baseUrl"),
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

// ---- start ----------------------------------------------------------------

main();

async function main() {
  setStatus("loading", "Loading credwasm…");
  try {
    const [config, module] = await Promise.all([demoConfig(), load()]);
    credwasm = module;
    if (!ui.baseUrl.value) ui.baseUrl.value = config.baseUrl ?? "";
    if (!ui.authToken.value) ui.authToken.value = config.authToken ?? "";
    demoCodeUrl = config.demoCodeUrl ?? "";
  } catch (err) {
    fail(err);
    return;
  }
  for (const input of [ui.baseUrl, ui.authToken, ui.code, ui.kind]) {
    input.addEventListener("change", () => refresh());
  }
  ui.register.addEventListener("click", register);
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

// ---- display ----------------------------------------------------------------

function setStatus(status, message = "") {
  ui.status.textContent = status;
  ui.status.dataset.status = status;
  ui.message.textContent = message;
}

function fail(err) {
  const code = err instanceof CredwasmError ? err.code : err?.name ?? "error";
  const status = err?.status !== undefined ? ` (HTTP ${err.status})` : "";
  const message = err?.message ?? String(err);
  addStep("error", `${code}${status}: ${message}`, {
    code,
    status: err?.status,
    errorId: err?.errorId,
    message,
    cause: err?.cause ? String(err.cause) : undefined,
  });
  setStatus("error", `${code}${status}: ${message}`);
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
