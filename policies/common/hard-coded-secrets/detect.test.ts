/**
 * The secret recognisers on their own, and the cases the fixture markers cannot express
 * (a finding that starts on a heredoc line cannot carry a trailing `# expect:` comment).
 */
import * as assert from 'node:assert/strict';
import { MemoryFileHost } from '../../../server/src/engine/core/memory-host';
import { Project } from '../../../server/src/engine/project';
import policy from './policy';
import { detectSecret, isPlaceholderOrReference, isSecretKey, keyWords, redact } from './detect';

describe('IAC-SECRET-001 recognisers', () => {
  it('splits keys into words whatever their style', () => {
    assert.deepEqual(keyWords('MasterUserPassword'), ['master', 'user', 'password']);
    assert.deepEqual(keyWords('DBPassword'), ['db', 'password']);
    assert.deepEqual(keyWords('AWS_SECRET_ACCESS_KEY'), ['aws', 'secret', 'access', 'key']);
    assert.deepEqual(keyWords('client-secret'), ['client', 'secret']);
  });

  it('names a secret by the ending of the key only', () => {
    for (const key of ['password', 'master_password', 'MasterUserPassword', 'db_passwd', 'client_secret', 'auth_token', 'api_key', 'apiKey', 'secret_access_key', 'shared_key', 'secret_string', 'sas_token'])
      assert.equal(isSecretKey(key), true, key);
    for (const key of ['password_length', 'minimum_password_length', 'secret_name', 'secret_arn', 'token_ttl', 'api_key_required', 'kms_key_id', 'public_key', 'key_name', 'POSTGRES_PASSWORD_FILE', 'username'])
      assert.equal(isSecretKey(key), false, key);
  });

  it('treats references, templates and placeholders as no secret', () => {
    for (const value of ['{{resolve:secretsmanager:db:SecretString:password}}', '${DB_PASSWORD}', '$(DB_PASSWORD)', 'arn:aws:secretsmanager:eu-west-1:1:secret:x', 'projects/p/secrets/db/versions/1', 'https://kv.vault.azure.net/secrets/db', '/run/secrets/db', 'changeme', 'CHANGE_ME', '<password>', 'xxxxxxxx', '********', 'your-password-here', 'String', 'ParentMasterPassword', 'abc'])
      assert.equal(isPlaceholderOrReference(value), true, value);
    for (const value of ['hunter22', 'Tr0ub4dor&3', 'Password123!', '1234'])
      assert.equal(isPlaceholderOrReference(value), false, value);
  });

  it('finds private keys and AWS key ids under any key, and secrets under secret names', () => {
    assert.equal(detectSecret('-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n-----END OPENSSH PRIVATE KEY-----', 'description')?.kind, 'private-key');
    assert.equal(detectSecret('-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----', 'private_key'), undefined);
    // base64 of a PEM header at each of the three byte alignments
    assert.equal(detectSecret('LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpzb21lS2V5', 'user_data_base64')?.kind, 'private-key');
    assert.equal(detectSecret('eC0tLS0tQkVHSU4gUlNBIFBSSVZBVEUgS0VZLS0tLS0=', 'x')?.kind, 'private-key');
    assert.equal(detectSecret('eHgtLS0tLUJFR0lOIFJTQSBQUklWQVRFIEtFWS0tLS0t', 'x')?.kind, 'private-key');
    assert.equal(detectSecret('dGVzdA==', 'user_data_base64'), undefined);
    assert.equal(detectSecret('AKIAQ3EGRDXKCR7MWN5Z', 'foo')?.kind, 'aws-access-key-id');
    assert.equal(detectSecret('AKIAIOSFODNN7EXAMPLE', 'access_key'), undefined, 'the documentation example key');
    assert.equal(detectSecret('wJalrXUtnFEMI/K7MDENG/bPxRfiCY8Jx3Zq2Lm4', 'secret_key')?.kind, 'aws-secret-access-key');
    assert.equal(detectSecret('wJalrXUtnFEMI/K7MDENG/bPxRfiCY8Jx3Zq2Lm4', 'checksum'), undefined);
    assert.equal(detectSecret('--db=mysql://api:Xq7pL2mN9vR4@mysql:3306/api', 'args')?.kind, 'url-credentials');
    assert.equal(detectSecret('postgres://app:$(DB_PASSWORD)@db/app', 'DB_URL'), undefined);
    assert.equal(detectSecret('hunter22', 'admin_password')?.kind, 'named');
    assert.equal(detectSecret('hunter22', 'admin_user'), undefined);
  });

  it('never shows more than the first 4 characters', () => {
    assert.equal(redact('Tr0ub4dor&3xyz'), 'Tr0u…');
    assert.equal(redact('short7'), '…');
  });
});

describe('IAC-SECRET-001 on heredocs and messages', () => {
  async function scan(files: Record<string, string>) {
    const project = new Project(new MemoryFileHost(files), { policies: [policy], today: () => '2026-11-26' });
    return (await project.scan(Object.keys(files))).findings;
  }

  it('reports a private key in a heredoc on the attribute line, with the value redacted', async () => {
    const tf = [
      'resource "aws_instance" "bastion" {',
      '  ami           = "ami-0c55b159cbfafe1f0"',
      '  instance_type = "t3.micro"',
      '  user_data     = <<-EOT',
      '    #!/bin/bash',
      "    cat > /root/.ssh/id_rsa <<'KEY'",
      '    -----BEGIN RSA PRIVATE KEY-----',
      '    MIIEowIBAAKCAQEA1c3Ulmh4E0aLqPBLn3dT0q7Qn0J8w2t9d0kWb6l0M0sYd1Yl',
      '    -----END RSA PRIVATE KEY-----',
      '    KEY',
      '  EOT',
      '}',
      '',
    ].join('\n');
    const findings = await scan({ 'main.tf': tf });
    assert.deepEqual(
      findings.map((f) => [f.policyId, f.file, f.range.start.line + 1, f.resource]),
      [['IAC-SECRET-001', 'main.tf', 4, 'aws_instance.bastion']],
    );
    assert.match(findings[0].message, /^aws_instance\.bastion: user_data holds a PEM private key \(----…\): /);
    assert.doesNotMatch(findings[0].message, /MIIE/);
  });

  it('never puts the secret in the message', async () => {
    const findings = await scan({ 'main.tf': 'resource "aws_db_instance" "db" {\n  password = "Tr0ub4dor&3xyz"\n}\n' });
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /\(Tr0u…\)/);
    assert.doesNotMatch(findings[0].message, /Tr0ub4dor/);
  });

  it('does not report a variable without a default, however it is named', async () => {
    const findings = await scan({
      'main.tf': 'variable "db_password" {\n  type      = string\n  sensitive = true\n}\n\nresource "aws_db_instance" "db" {\n  password = var.db_password\n}\n',
    });
    assert.deepEqual(findings, []);
  });
});
