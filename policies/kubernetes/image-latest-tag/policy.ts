import { scalar } from '../../../server/src/engine/core/model';
import { definePolicy } from '../../../server/src/engine/core/policy';
import { NSA_K8S } from '../lib/compliance';
import { WORKLOAD_KINDS, containers, describeContainer, describeWorkload } from '../lib/workload';

/** What an image reference pins: a digest, a tag, or nothing (which pulls `latest`). */
export function imagePin(image: string): { kind: 'digest' } | { kind: 'tag'; tag: string } | { kind: 'none' } {
  if (image.includes('@')) return { kind: 'digest' };
  // The tag follows the last ':' after the last '/'; a ':' before it is a registry port.
  const colon = image.lastIndexOf(':');
  if (colon > image.lastIndexOf('/')) return { kind: 'tag', tag: image.slice(colon + 1) };
  return { kind: 'none' };
}

/** `${IMAGE}`, `{{ .Values.image }}`, `$(IMAGE)`: filled in later by a templating tool. */
function isTemplated(image: string): boolean {
  return /\$\{|\{\{|\$\(/.test(image);
}

export default definePolicy({
  id: 'IAC-K8S-POD-008',
  title: 'Container image not pinned (latest or no tag)',
  severity: 'medium',
  description: 'A container image uses the `latest` tag or no tag at all (which means `latest`), and no digest.',
  rationale:
    '`latest` moves: the image that runs depends on when a node pulled it, so replicas can run different code, a rollback redeploys the new version, ' +
    'and a compromised or broken push to the registry reaches production without any change in the manifest. Scans and approvals of "the image" mean nothing.',
  remediation: 'Reference the image by an immutable version tag (`nginx:1.27.0`) or, better, by digest (`nginx@sha256:...`).',
  compliance: [
    { framework: NSA_K8S, control: 'Supply chain (image provenance)' },
    { framework: 'SOC 2', control: 'CC8.1' },
    { framework: 'PCI DSS 4.0', control: '6.5.1' },
    { framework: 'NIST 800-53', control: 'CM-2' },
    { framework: 'NIST 800-53', control: 'SI-7' },
  ],
  aliases: {
    checkov: ['CKV_K8S_14'],
    kics: ['583053b7-e632-46f0-b989-f81ff8045385'],
    trivy: ['AVD-KSV-0013', 'KSV013'],
  },
  deviations: [
    'A version tag without a digest passes (Checkov CKV_K8S_43 and KICS "Image Without Digest" require a digest; that is a stricter, separate check).',
    'Other moving tags (`stable`, `main`, `edge`) are not recognised: only `latest` and a missing tag are reported.',
    'Templated image references (`${IMAGE}`, `{{ .Values.image }}`, `$(IMAGE)`) are skipped.',
  ],
  formats: ['kubernetes'],
  resourceTypes: { kubernetes: WORKLOAD_KINDS },
  check(resource, ctx) {
    for (const container of containers(resource)) {
      const node = container.node.entries.get('image');
      const value = scalar(node);
      if (typeof value !== 'string') continue;
      const image = value.trim();
      if (!image || isTemplated(image)) continue;
      const pin = imagePin(image);
      if (pin.kind === 'digest' || (pin.kind === 'tag' && pin.tag !== 'latest' && pin.tag !== '')) continue;
      const what = pin.kind === 'none' ? 'has no tag (so it pulls latest)' : 'uses the latest tag';
      ctx.report({
        node,
        message: `${describeWorkload(resource)}: ${describeContainer(container)} image "${image}" ${what}: pin a version tag or a digest (image@sha256:...).`,
      });
    }
  },
});
