// Types of the credwasm package. Hand-written: they are the contract
// of the package, and the README documents every function and code.

export interface LoadOptions {
  /** Where the module comes from. Default: the packaged credwasm.wasm, next to this file. */
  wasm?: string | URL | Response | BufferSource | WebAssembly.Module;
}

/** Loads the Go runtime once per page; a second call returns the same instance. */
export function load(options?: LoadOptions): Promise<Credwasm>;

export type CredentialKind = "Fido2" | "Key" | "PasswordProtectedKey" | "RecoveryKey";

export interface RelyingParty {
  id: string;
  name: string;
}

export interface DfnsUser {
  id: string;
  displayName: string;
  name: string;
}

export interface PubKeyCredParam {
  type: "public-key";
  alg: number;
}

export interface CredentialDescriptor {
  type: "public-key";
  id: string; // base64url
  transports?: string[];
}

interface ChallengeBase {
  user: DfnsUser;
  challengeIdentifier: string;
  challenge: string;
  rp?: RelyingParty;
  attestation: "none" | "indirect" | "direct" | "enterprise";
  pubKeyCredParams: PubKeyCredParam[];
  /** @deprecated alias of challengeIdentifier */
  temporaryAuthenticationToken?: string;
  [unknown: string]: unknown;
}

export interface Fido2Challenge extends ChallengeBase {
  kind: "Fido2";
  authenticatorSelection: {
    authenticatorAttachment?: "platform" | "cross-platform";
    residentKey: "discouraged" | "preferred" | "required";
    requireResidentKey: boolean;
    userVerification: "discouraged" | "preferred" | "required";
  };
  excludeCredentials: CredentialDescriptor[];
}

export interface KeyChallenge extends ChallengeBase {
  kind: "Key";
}
export interface PasswordProtectedKeyChallenge extends ChallengeBase {
  kind: "PasswordProtectedKey";
}
export interface RecoveryKeyChallenge extends ChallengeBase {
  kind: "RecoveryKey";
}

export type CredentialChallenge = Fido2Challenge | KeyChallenge | PasswordProtectedKeyChallenge | RecoveryKeyChallenge;

export interface CreateOptions {
  /** Default: challenge.rp, else { id: location.hostname, name: location.hostname }. */
  relyingParty?: RelyingParty;
  /** Ceremony timeout in ms, default 60000. */
  timeout?: number;
  /**
   * Aborts the ceremony: it rejects with code "aborted" and the signal's reason as cause.
   * (toCreationOptions puts it on the options it returns.)
   */
  signal?: AbortSignal;
  /** PublicKeyCredentialHints; replace the challenge's. */
  hints?: PublicKeyCredentialHintName[];
  /** Client extension inputs, merged over the challenge's extension by extension. */
  extensions?: ExtensionInputs;
  /**
   * "conditional": the automatic passkey upgrade after a password sign-in, where the browser
   * offers it (`(await cw.support()).clientCapabilities.conditionalCreate`).
   */
  mediation?: "conditional" | "optional" | "required";
}

/** getFido2's options: mediation "conditional" is the passkey autofill. */
export interface GetOptions extends Omit<CreateOptions, "mediation"> {
  mediation?: "conditional" | "optional" | "required" | "silent";
}

export type PublicKeyCredentialHintName = "security-key" | "client-device" | "hybrid" | (string & {});

/** Bytes: base64url (padded or not), or an ArrayBuffer / typed array / DataView of any realm. */
export type BytesInput = string | BufferSource;

/** A PRF evaluation: one or two salts. */
export interface PRFValuesInput {
  first: BytesInput;
  second?: BytesInput;
}

/**
 * Client extension inputs (WebAuthn §9). The known ones are checked and their bytes converted;
 * any other extension passes to the browser exactly as given.
 */
export interface ExtensionInputs {
  /** https://www.w3.org/TR/webauthn-3/#prf-extension. evalByCredential: getFido2 only, keyed by allowed credential ids (base64url). */
  prf?: { eval?: PRFValuesInput; evalByCredential?: Record<string, PRFValuesInput> };
  /** create: { support }; get: { read } or { write } (write: one allowed credential). */
  largeBlob?: { support?: "required" | "preferred"; read?: boolean; write?: BytesInput };
  /** Reports credProps.rk: whether the new credential is discoverable. */
  credProps?: boolean;
  [extension: string]: unknown;
}

/**
 * getClientExtensionResults(), bytes as base64url (no padding). On a createFido2 or getFido2
 * result it is a non-enumerable property: spreading the attestation into the Create Credential
 * body (or JSON.stringify) leaves it out, as Dfns allows no other field there.
 */
export interface ClientExtensionResults {
  prf?: { enabled?: boolean; results?: { first: string; second?: string } };
  largeBlob?: { supported?: boolean; blob?: string; written?: boolean };
  credProps?: { rk?: boolean };
  [extension: string]: unknown;
}

export interface CredentialInfo {
  credId: string; // base64url, no padding
  clientData: string; // base64url, no padding
  attestationData: string; // base64url, no padding
}

export interface Fido2Attestation {
  credentialKind: "Fido2";
  credentialInfo: CredentialInfo;
  /** Non-enumerable; absent when the credential's getClientExtensionResults() was missing or threw. */
  readonly clientExtensionResults?: ClientExtensionResults;
}

export interface KeyAttestation {
  credentialKind: "Key" | "PasswordProtectedKey" | "RecoveryKey";
  credentialInfo: CredentialInfo;
}

/** The body of POST /auth/credentials and /auth/credentials/code/verify. */
export interface CreateCredentialBody {
  challengeIdentifier: string;
  credentialName: string;
  credentialKind: CredentialKind;
  credentialInfo: CredentialInfo;
  /** Required for PasswordProtectedKey, optional for RecoveryKey. */
  encryptedPrivateKey?: string;
}

export interface Credential {
  kind: CredentialKind;
  credentialId: string;
  credentialUuid: string;
  dateCreated: string;
  isActive: boolean;
  name: string;
  publicKey: string;
  relyingPartyId: string;
  origin: string;
  [unknown: string]: unknown;
}

/**
 * An existing credential of the user that approves a request (user action signing).
 * - Fido2: navigator.credentials.get with one of the user's passkeys.
 * - Key: the CryptoKey createKey returned (kept by the page, e.g. in IndexedDB).
 * - PasswordProtectedKey: the encrypted key Dfns returns in the user action challenge
 *   (allowCredentials.passwordProtectedKey), unlocked with password + username; username is the
 *   user's Dfns username (challenge.user.name when the key was created): the user action
 *   challenge does not carry it. credId picks one when the user has several. Or an already
 *   unlocked key (unlockPasswordProtectedKey) with its credId.
 * A RecoveryKey is not a signer: Dfns accepts it only in account recovery.
 */
export type Signer =
  | { kind: "Fido2"; relyingParty?: RelyingParty; timeout?: number }
  | { kind: "Key"; credId: string; privateKey: CryptoKey }
  | { kind: "PasswordProtectedKey"; password: string; username: string; credId?: string }
  | { kind: "PasswordProtectedKey"; credId: string; privateKey: CryptoKey };

export interface CallOptions {
  signal?: AbortSignal;
}

/**
 * A call Dfns accepts only with user action signing needs exactly one of:
 * `userAction`, a token from signUserAction for exactly this request, or
 * `signer`, a credential that signs the exact request body first.
 */
export type SignedCallOptions = CallOptions & (
  | { userAction: string; signer?: undefined }
  | { signer: Signer; userAction?: undefined }
);

export interface DfnsClient {
  /** The resolved base URL, absolute, without a trailing slash. */
  readonly baseUrl: string;
  /** POST /auth/credentials/init */
  createCredentialChallenge(body: { kind: CredentialKind }, options?: CallOptions): Promise<CredentialChallenge>;
  /** POST /auth/credentials, user action signed (userAction or signer required). */
  createCredential(body: CreateCredentialBody, options: SignedCallOptions): Promise<Credential>;
  /** GET /auth/credentials */
  listCredentials(options?: CallOptions): Promise<Credential[]>;
  /**
   * POST /auth/action/init + the signature + POST /auth/action: the token for exactly this request.
   * Not click-safe on Safari with a Fido2 signer (it awaits the challenge before
   * navigator.credentials.get): use createUserActionChallenge + getFido2 + createUserActionSignature.
   */
  signUserAction(request: { method: string; path: string; body?: unknown }, options: CallOptions & { signer: Signer }): Promise<string>;
  /**
   * POST /auth/action/init for exactly this request, ahead of the click (the Safari-safe split).
   * The payload signed is what credwasm sends: a Create Credential body in its canonical form.
   */
  createUserActionChallenge(request: { method: string; path: string; body?: unknown }, options?: CallOptions): Promise<UserActionChallenge>;
  /** POST /auth/action with getFido2's assertion over the challenge → the user action token. */
  createUserActionSignature(challenge: UserActionChallenge, assertion: Fido2Assertion | KeyAssertion, options?: CallOptions): Promise<string>;
  /**
   * POST /auth/credentials/code, user action signed: a code for the user's new device.
   * expiration: a Date, an ISO-8601 string, or a number of **seconds** since the Unix epoch
   * (as the Dfns API takes it); default: one minute from now.
   */
  createCredentialCode(body: { expiration?: Date | string | number } | undefined, options: SignedCallOptions): Promise<{ code: string; expiration: string }>;
  /** POST /auth/credentials/code/init: the code authenticates (authToken may be ""). */
  createCredentialChallengeWithCode(body: { kind: CredentialKind; code: string }, options?: CallOptions): Promise<CredentialChallenge>;
  /** POST /auth/credentials/code/verify: no user action needed. */
  createCredentialWithCode(body: CreateCredentialBody, options?: CallOptions): Promise<Credential>;

  /** POST /auth/registration/init: the registration code authenticates (no authToken needed). */
  createRegistrationChallenge(body: { orgId: string; username: string; registrationCode: string }, options?: CallOptions): Promise<RegistrationChallenge>;
  /** POST /auth/registration, authenticated by challenge.temporaryAuthenticationToken. */
  register(challenge: RegistrationChallenge, credentials: RegistrationCredentials, options?: CallOptions): Promise<{ credential: unknown; user: unknown }>;
  /** POST /auth/registration/enduser: registers, signs in and creates the wallets in one call. */
  registerEndUser(challenge: RegistrationChallenge, credentials: RegistrationCredentials & { wallets: { network: string; name?: string }[] }, options?: CallOptions):
    Promise<{ credential: unknown; user: unknown; authentication: { token: string }; wallets: unknown[] }>;
  /** POST /auth/login/init; no username: a discoverable-passkey (username-less) sign-in. Fetch it before the click. */
  createLoginChallenge(body: { orgId: string; username?: string; loginCode?: string }, options?: CallOptions): Promise<LoginChallenge>;
  /** POST /auth/login. An SSO user gets { ssoClientId } (not an error). */
  login(challenge: LoginChallenge, firstFactor: { signer: Signer } | { assertion: Fido2Assertion | KeyAssertion }, options?: CallOptions):
    Promise<LoginResult>;
  /** PUT /auth/logout: the client's authToken stops working. */
  logout(options?: CallOptions): Promise<void>;
  /** POST /auth/recover/user/code: Dfns e-mails the user a verification code. */
  sendRecoveryCode(body: { username: string; orgId: string }, options?: CallOptions): Promise<void>;
  /** POST /auth/recover/user/init; credentialId: the RecoveryKey credential's id. */
  createRecoveryChallenge(body: { username: string; verificationCode: string; orgId: string; credentialId: string }, options?: CallOptions): Promise<RecoveryChallenge>;
  /**
   * POST /auth/recover/user, authenticated by challenge.temporaryAuthenticationToken: the old
   * RecoveryKey, unlocked with recoveryCode (salted by challenge.user.name), signs exactly the
   * newCredentials sent. Every earlier credential and token of the user stops working.
   * Include a new recoveryCredential (createRecoveryKey) so the user can recover again.
   */
  recover(challenge: RecoveryChallenge, request: { recoveryCode: string; newCredentials: RegistrationCredentials; credentialId?: string }, options?: CallOptions):
    Promise<{ credential: unknown; user: unknown }>;
}

/**
 * What login resolves with: a token, or for a user who must sign in through SSO the SSO
 * client id. Each member names the other's key as absent, so `result.token` and
 * `result.ssoClientId` narrow without an `in` check.
 */
export type LoginResult = { token: string; ssoClientId?: undefined } | { ssoClientId: string; token?: undefined };

/** A registration challenge: the Fido2 fields plus the token that completes it. */
export interface RegistrationChallenge {
  user: { id: string; displayName: string; name: string };
  challenge: string;
  rp?: RelyingParty;
  /** The bearer of register/registerEndUser/recover: a secret, like authToken. */
  temporaryAuthenticationToken: string;
  supportedCredentialKinds?: { firstFactor: string[]; secondFactor: string[] };
  authenticatorSelection: {
    authenticatorAttachment?: "platform" | "cross-platform";
    residentKey: "discouraged" | "preferred" | "required";
    requireResidentKey: boolean;
    userVerification: "discouraged" | "preferred" | "required";
  };
  attestation: "none" | "indirect" | "direct" | "enterprise";
  pubKeyCredParams: { type: "public-key"; alg: number }[];
  excludeCredentials: { type: "public-key"; id: string; transports?: string[] }[];
  otpUrl?: string;
  [unknown: string]: unknown;
}

/** A recovery challenge: a registration challenge plus the RecoveryKeys that may sign. */
export interface RecoveryChallenge extends RegistrationChallenge {
  allowedRecoveryCredentials: { id: string; encryptedRecoveryKey: string }[];
}

/** A login (or user action) challenge. */
export interface LoginChallenge {
  /** WebAuthn inputs, where Dfns sends them: passed to navigator.credentials.get. */
  hints?: string[];
  extensions?: Record<string, unknown>;
  challenge: string;
  challengeIdentifier: string;
  rp?: RelyingParty;
  userVerification: "discouraged" | "preferred" | "required";
  supportedCredentialKinds: unknown[];
  allowCredentials: {
    webauthn: { type: "public-key"; id: string }[];
    key: { type: "public-key"; id: string }[];
    passwordProtectedKey?: { type: "public-key"; id: string; encryptedPrivateKey: string }[];
  };
  [unknown: string]: unknown;
}

/** What POST /auth/action/init answers (createUserActionChallenge): a login challenge's shape. */
export type UserActionChallenge = LoginChallenge;

/** What this browser can do (cw.support()). */
export interface Support {
  /** PublicKeyCredential and navigator.credentials, in a secure context. */
  webauthn: boolean;
  /** PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable(). */
  platformAuthenticator: boolean;
  /** PublicKeyCredential.isConditionalMediationAvailable(): passkey autofill. */
  conditionalMediation: boolean;
  /** PublicKeyCredential.getClientCapabilities() where the browser has it ({} elsewhere), e.g. conditionalCreate. */
  clientCapabilities: Record<string, boolean>;
}

/** What getFido2 resolves with (base64url, no padding; userHandle when the authenticator returned one). */
export interface Fido2Assertion {
  kind: "Fido2";
  credentialAssertion: { credId: string; clientData: string; authenticatorData: string; signature: string; userHandle?: string };
  /** Non-enumerable (login() and createUserActionSignature() take the assertion as it is). */
  readonly clientExtensionResults?: ClientExtensionResults;
}

/** A key credential's assertion. */
export interface KeyAssertion {
  kind: "Key" | "PasswordProtectedKey";
  credentialAssertion: { credId: string; clientData: string; signature: string };
}

/** One new credential: what createFido2 / createKey / … make, with an optional name. */
export interface RegistrationCredential {
  credentialKind: CredentialKind;
  credentialInfo: CredentialInfo;
  credentialName?: string;
  /** PasswordProtectedKey (required) and RecoveryKey (to keep it with Dfns). */
  encryptedPrivateKey?: string;
}

export interface RegistrationCredentials {
  firstFactorCredential: RegistrationCredential;
  secondFactorCredential?: RegistrationCredential;
  /** A RecoveryKey: the only way back in if every other credential is lost. */
  recoveryCredential?: RegistrationCredential;
}

export interface ClientConfig {
  /**
   * e.g. "https://api.dfns.io", or a path on the page's own origin such as "/dfns" (a proxy
   * like the credwasm Worker), resolved as new URL(baseUrl, location.href). The resolved URL
   * must be https://; http:// only for localhost / 127.0.0.1 / [::1].
   */
  baseUrl: string;
  /**
   * The user's bearer token; never logged, never in an error message. Omit it (or "") for the
   * calls that authenticate otherwise: the with-code calls, sign-up, sign-in and recovery.
   */
  authToken?: string;
  /** ms per HTTP call, default 30000. */
  timeout?: number;
}

export interface Credwasm {
  readonly version: string;
  client(config: ClientConfig): DfnsClient;
  toCreationOptions(challenge: Fido2Challenge, options?: CreateOptions): CredentialCreationOptions;
  /** Also takes a RegistrationChallenge or a RecoveryChallenge (same byte rules). */
  createFido2(challenge: Fido2Challenge | RegistrationChallenge, options?: CreateOptions): Promise<Fido2Attestation>;
  /**
   * navigator.credentials.get for a login or user action challenge (same byte rules as signing),
   * called before it returns, like createFido2. mediation "conditional": passkey autofill in a
   * field with autocomplete="username webauthn".
   */
  getFido2(challenge: LoginChallenge | UserActionChallenge, options?: GetOptions): Promise<Fido2Assertion>;
  /** What this browser can do; never throws, never prompts. */
  support(): Promise<Support>;
  /** Aborts the pending WebAuthn ceremony, if any: it rejects with "aborted" (e.g. on a route change). */
  cancelCeremony(): void;

  /** A WebCrypto ECDSA P-256 key; privateKey is non-extractable, publicKey its PEM (SPKI). */
  createKey(challenge: KeyChallenge | RegistrationChallenge): Promise<{ attestation: KeyAttestation; privateKey: CryptoKey; publicKey: string }>;
  /**
   * A key whose private half is stored with Dfns, encrypted under the password (PBKDF2-SHA-256
   * 100000 iterations salted by challenge.user.name, AES-GCM-256). Pass encryptedPrivateKey in
   * the Create Credential body.
   */
  createPasswordProtectedKey(challenge: PasswordProtectedKeyChallenge | RegistrationChallenge, options: { password: string }):
    Promise<{ attestation: KeyAttestation; encryptedPrivateKey: string }>;
  /** As createPasswordProtectedKey, with a generated recovery code (D1-XXXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXXX) as the password: show it to the user once. */
  createRecoveryKey(challenge: RecoveryKeyChallenge | RegistrationChallenge):
    Promise<{ attestation: KeyAttestation; encryptedPrivateKey: string; recoveryCode: string }>;
  /**
   * Decrypts an encrypted private key (a PasswordProtectedKey's, or a RecoveryKey's with the
   * recovery code as password) into a non-extractable signing CryptoKey. A wrong password or
   * username rejects with code "wrong_password".
   */
  unlockPasswordProtectedKey(key: { encryptedPrivateKey: string; password: string; username: string }): Promise<CryptoKey>;
}

export type CredwasmErrorCode =
  | "invalid_argument"
  | "invalid_challenge"
  | "invalid_response"
  | "not_supported"
  | "http"
  | "policy_pending"
  | "network"
  | "timeout"
  | "aborted"
  | "response_too_large"
  | "insecure_base_url"
  | "load_failed"
  | "not_allowed"
  | "previously_registered"
  | "invalid_rp_id"
  | "invalid_domain"
  | "no_supported_alg"
  | "missing_user_verification"
  | "missing_resident_key"
  | "invalid_user_id"
  | "authenticator_error"
  | "webauthn"
  | "wrong_password"
  | "webcrypto"
  | "internal";

export class CredwasmError extends Error {
  name: "CredwasmError";
  code: CredwasmErrorCode;
  /** HTTP status, for code "http" (and 202 for "policy_pending"). */
  status?: number;
  /** The Dfns error id, when the API sent one. */
  errorId?: string;
  /**
   * What the API answered, parsed, for "http" and "policy_pending" when the
   * body is JSON. For "policy_pending" it is the approval the app follows:
   * `{ id: "ap-…", status: "Pending", … }`
   * (https://docs.dfns.co/api-reference/policies). A bearer token the server
   * echoed is replaced by "[redacted]".
   */
  body?: PolicyApproval | Record<string, unknown>;
  /**
   * The underlying DOMException / TypeError, when there is one. For
   * "aborted" by the caller's AbortSignal: the signal's `reason`, whatever
   * it is (a string, an object, an Error, or the default AbortError).
   */
  cause?: unknown;
}

/** The body of a 202: a Dfns policy holds the request for approval. */
export interface PolicyApproval {
  id: string;
  status: string;
  [field: string]: unknown;
}
