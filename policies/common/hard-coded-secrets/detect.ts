/**
 * Recognising hard-coded secrets in a single string value, given the name it is assigned to.
 * Pure functions with no model access, so the rules can be read (and tested) on their own.
 */

export type SecretKind = 'private-key' | 'aws-access-key-id' | 'aws-secret-access-key' | 'url-credentials' | 'named';

export interface Detection {
  kind: SecretKind;
  /** What was found, for messages: `a PEM private key`, `an AWS access key id`. */
  label: string;
  /** The part of the value that is the secret (for redaction). */
  secret: string;
}

/** Words of a key: `MasterUserPassword`, `master_user_password`, `DB-PASSWORD` -> [master, user, password]. */
export function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Last words that name a secret value (`db_password`, `client_secret`, `auth_token`, `apikey`). */
const SECRET_LAST_WORDS = new Set(['password', 'passwd', 'passphrase', 'pwd', 'secret', 'token', 'apikey', 'secretkey', 'accesskey', 'privatekey', 'clientsecret']);
/** Two-word endings that name a secret value (`api_key`, `secret_access_key`, `secret_string`). */
const SECRET_LAST_PAIRS = new Set([
  'api key',
  'access key',
  'secret key',
  'private key',
  'account key',
  'shared key',
  'auth key',
  'signing key',
  'secret string',
  'secret binary',
  'secret value',
]);

/**
 * True when a key names a secret value. Only the ending counts, so `password_length`,
 * `secret_name`, `token_ttl`, `api_key_required` and `manage_master_user_password` (a bool) do not.
 */
export function isSecretKey(key: string): boolean {
  let known = secretKeyMemo.get(key);
  if (known === undefined) {
    // Keys repeat across every resource of a file (`name`, `tags`, `bucket`): split each once.
    if (secretKeyMemo.size >= SECRET_KEY_MEMO_LIMIT) secretKeyMemo.clear();
    secretKeyMemo.set(key, (known = computeIsSecretKey(key)));
  }
  return known;
}

const SECRET_KEY_MEMO_LIMIT = 10_000;
const secretKeyMemo = new Map<string, boolean>();

function computeIsSecretKey(key: string): boolean {
  const words = keyWords(key);
  const last = words[words.length - 1];
  if (!last) return false;
  if (SECRET_LAST_WORDS.has(last)) return true;
  return words.length >= 2 && SECRET_LAST_PAIRS.has(`${words[words.length - 2]} ${last}`);
}

/** True for keys that name an AWS secret access key specifically. */
function isAwsSecretKeyName(key: string): boolean {
  const words = keyWords(key).join(' ');
  return /(^|\s)secret( access)? key$/.test(words) || words.endsWith('secretkey') || words.endsWith('secret accesskey');
}

const PLACEHOLDER_WORDS = new Set([
  'changeme',
  'change_me',
  'change-me',
  'replaceme',
  'replace_me',
  'replace-me',
  'placeholder',
  'password',
  'passwd',
  'secret',
  'token',
  'apikey',
  'api_key',
  'example',
  'sample',
  'dummy',
  'fake',
  'todo',
  'tbd',
  'none',
  'null',
  'nil',
  'undefined',
  'empty',
  'redacted',
  'hidden',
  'masked',
  'notset',
  'not_set',
  'unset',
  'true',
  'false',
  'yes',
  'no',
  'on',
  'off',
  // CloudFormation reference pages show every property's value as its type.
  'string',
]);

/**
 * Values that are not a literal secret: references and templates resolved elsewhere
 * (`{{resolve:ssm-secure:...}}`, `${VAR}`, `$(VAR)`, `<%= ... %>`), secret-store addresses
 * (ARNs, `projects/.../secrets/...`, Key Vault URLs, `vault:` / `ssm:` schemes), file paths, and
 * obvious placeholders (`changeme`, `<your-password>`, `xxxxxxxx`, `your_token_here`).
 */
export function isPlaceholderOrReference(value: string): boolean {
  const v = value.trim();
  if (v.length < 4) return true;
  if (/\$\{|\{\{|\$\(|%\{|<%|#\{/.test(v)) return true;
  if (/^arn:aws[a-z-]*:/i.test(v)) return true;
  if (/^(ssm|secretsmanager|vault|kms|awskms|azurekeyvault|gcpkms|sops|ref|env|file|secret|k8s|keyvault)\s*:/i.test(v)) return true;
  if (/(^|\/)secrets?\/[^/\s]/i.test(v) && !/\s/.test(v)) return true;
  if (/^https?:\/\/[^/\s]*\.(vault\.azure\.net|vault\.azure\.cn)\//i.test(v)) return true;
  if (/^(\/|\.\/|\.\.\/|~\/)[^\s]*$/.test(v)) return true;
  if (/^<[^>]*>$|^\[[^\]]*\]$/.test(v)) return true;
  if (/^(.)\1+$/.test(v)) return true; // xxxxxxxx, ********, 00000000
  const lower = v.toLowerCase();
  if (PLACEHOLDER_WORDS.has(lower)) return true;
  if (/^(your|my|some|insert|enter|put|add|replace|set|fill|type)[-_ ]?.*(here|password|secret|token|key|value)$/i.test(v)) return true;
  if (/(changeme|change[-_]me|replace[-_]?me|placeholder|example|redacted|dummy|mock|not[-_]?a[-_]?real)/i.test(v)) return true;
  // Only letters (and _ - .) around a secret word: a name (`ParentMasterPassword`, `DB_PASSWORD`,
  // `secretsmanager`), not a secret. `Password123!` has more than letters and stays a secret.
  if (/^[A-Za-z_.-]+$/.test(v) && /pass(word|wd|phrase)|secret|token|api[-_]?key|credential/i.test(v)) return true;
  return false;
}

/** The header of any PEM private key: RSA, EC, DSA, OPENSSH, ENCRYPTED, PGP ... */
const PEM_PRIVATE_KEY = /-----BEGIN[ A-Z0-9]*PRIVATE KEY/;
/** `-----BEGIN` in base64, for each of the three byte alignments it can have in the encoded stream. */
const BASE64_PEM_MARKERS = ['LS0tLS1CRUdJT', 'LS0tQkVHSU4', 'LS0tLUJFR0lO'];
const AWS_ACCESS_KEY_ID = /(?<![A-Z0-9])(AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/;
const AWS_SECRET_ACCESS_KEY = /^[A-Za-z0-9/+]{40}$/;
/** `scheme://user:password@host`, anywhere in the value (`--db=postgres://app:pw@db/app`). */
const URL_CREDENTIALS = /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:([^/\s@]+)@[^\s/]/i;

/** A base64 text that decodes to a PEM private key (user data, `*_base64` attributes). */
function base64PrivateKey(value: string): boolean {
  for (const marker of BASE64_PEM_MARKERS) {
    const at = value.indexOf(marker);
    if (at < 0) continue;
    // Decode the whole base64 run around the marker; its quantum boundary is unknown, so try each.
    let start = at;
    while (start > 0 && /[A-Za-z0-9+/]/.test(value[start - 1])) start--;
    const run = (/^[A-Za-z0-9+/=\s]+/.exec(value.slice(start))?.[0] ?? '').replace(/\s+/g, '').replace(/=+$/, '');
    for (let shift = 0; shift < 4; shift++) {
      const chunk = run.slice(shift);
      try {
        const whole = chunk.length % 4 === 1 ? chunk.slice(0, -1) : chunk;
        if (PEM_PRIVATE_KEY.test(atob(whole + '='.repeat((4 - (whole.length % 4)) % 4)))) return true;
      } catch {
        // not base64 at this alignment
      }
    }
  }
  return false;
}

/**
 * The secret in `value`, if any. Private keys and AWS access key ids are recognised wherever
 * they appear; other values only under a key that names a secret.
 */
export function detectSecret(value: string, key: string | undefined): Detection | undefined {
  const pem = PEM_PRIVATE_KEY.exec(value);
  if (pem) return { kind: 'private-key', label: 'a PEM private key', secret: value.slice(pem.index) };
  if (base64PrivateKey(value)) return { kind: 'private-key', label: 'a base64-encoded PEM private key', secret: value };
  const akid = AWS_ACCESS_KEY_ID.exec(value);
  if (akid && !/EXAMPLE/.test(akid[0])) return { kind: 'aws-access-key-id', label: 'an AWS access key id', secret: akid[0] };
  const url = URL_CREDENTIALS.exec(value);
  if (url && !isPlaceholderOrReference(url[1])) return { kind: 'url-credentials', label: 'a password in a URL', secret: url[1] };
  if (key === undefined || !isSecretKey(key)) return undefined;
  if (isPlaceholderOrReference(value)) return undefined;
  // Public material under a secret-sounding name: certificates, public keys, SSH public keys.
  if (/-----BEGIN (CERTIFICATE|PUBLIC KEY|RSA PUBLIC KEY|PGP PUBLIC KEY)|^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-\S+) AAAA/.test(value.trim())) return undefined;
  if (isAwsSecretKeyName(key) && AWS_SECRET_ACCESS_KEY.test(value.trim())) return { kind: 'aws-secret-access-key', label: 'an AWS secret access key', secret: value.trim() };
  return { kind: 'named', label: 'a hard-coded secret', secret: value.trim() };
}

/** Never show a secret: its first 4 characters and an ellipsis (nothing of values shorter than 8). */
export function redact(secret: string): string {
  const flat = secret.replace(/\s+/g, ' ');
  return flat.length >= 8 ? `${flat.slice(0, 4)}…` : '…';
}
