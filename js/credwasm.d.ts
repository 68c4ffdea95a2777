// Types of the credwasm package. Hand-written: they are the contract
// (shared/contract.md) and the README documents every function and code.

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
  /** createFido2 only. */
  signal?: AbortSignal;
}

export interface CredentialInfo {
  credId: string; // base64url, no padding
  clientData: string; // base64url, no padding
  attestationData: string; // base64url, no padding
}

export interface Fido2Attestation {
  credentialKind: "Fido2";
  credentialInfo: CredentialInfo;
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

export interface SignedCallOptions extends CallOptions {
  /** A token from signUserAction for exactly this request. */
  userAction?: string;
  /** Or: sign the exact request body with this credential first. */
  signer?: Signer;
}

export interface DfnsClient {
  /** The resolved base URL, absolute, without a trailing slash. */
  readonly baseUrl: string;
  /** POST /auth/credentials/init */
  createCredentialChallenge(body: { kind: CredentialKind }, options?: CallOptions): Promise<CredentialChallenge>;
  /** POST /auth/credentials, user action signed (userAction or signer required). */
  createCredential(body: CreateCredentialBody, options?: SignedCallOptions): Promise<Credential>;
  /** GET /auth/credentials */
  listCredentials(options?: CallOptions): Promise<Credential[]>;
  /** POST /auth/action/init + the signature + POST /auth/action: the token for exactly this request. */
  signUserAction(request: { method: string; path: string; body?: unknown }, options: SignedCallOptions & { signer: Signer }): Promise<string>;
  /** POST /auth/credentials/code, user action signed: a code for the user's new device. */
  createCredentialCode(body?: { expiration?: Date | string | number }, options?: SignedCallOptions): Promise<{ code: string; expiration: string }>;
  /** POST /auth/credentials/code/init: the code authenticates (authToken may be ""). */
  createCredentialChallengeWithCode(body: { kind: CredentialKind; code: string }, options?: CallOptions): Promise<CredentialChallenge>;
  /** POST /auth/credentials/code/verify: no user action needed. */
  createCredentialWithCode(body: CreateCredentialBody, options?: CallOptions): Promise<Credential>;
}

export interface ClientConfig {
  /**
   * e.g. "https://api.dfns.io", or a path on the page's own origin such as "/dfns" (a proxy
   * like the credwasm Worker), resolved as new URL(baseUrl, location.href). The resolved URL
   * must be https://; http:// only for localhost / 127.0.0.1 / [::1].
   */
  baseUrl: string;
  /** The user's bearer token; never logged, never in an error message. "" for the with-code calls only. */
  authToken: string;
  /** ms per HTTP call, default 30000. */
  timeout?: number;
}

export interface Credwasm {
  readonly version: string;
  client(config: ClientConfig): DfnsClient;
  toCreationOptions(challenge: Fido2Challenge, options?: CreateOptions): CredentialCreationOptions;
  createFido2(challenge: Fido2Challenge, options?: CreateOptions): Promise<Fido2Attestation>;

  /** A WebCrypto ECDSA P-256 key; privateKey is non-extractable, publicKey its PEM (SPKI). */
  createKey(challenge: KeyChallenge): Promise<{ attestation: KeyAttestation; privateKey: CryptoKey; publicKey: string }>;
  /**
   * A key whose private half is stored with Dfns, encrypted under the password (PBKDF2-SHA-256
   * 100000 iterations salted by challenge.user.name, AES-GCM-256). Pass encryptedPrivateKey in
   * the Create Credential body.
   */
  createPasswordProtectedKey(challenge: PasswordProtectedKeyChallenge, options: { password: string }):
    Promise<{ attestation: KeyAttestation; encryptedPrivateKey: string }>;
  /** As createPasswordProtectedKey, with a generated recovery code (D1-XXXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXXX) as the password: show it to the user once. */
  createRecoveryKey(challenge: RecoveryKeyChallenge):
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
