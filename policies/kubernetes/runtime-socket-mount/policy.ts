import { getPath, isList, isMap, scalar } from '../../../server/src/engine/core/model';
import { definePolicy } from '../../../server/src/engine/core/policy';
import { CIS_K8S, NIST_LEAST_FUNCTIONALITY, NIST_LEAST_PRIVILEGE, NSA_K8S, PCI_SECURE_CONFIG, SOC2_LOGICAL_ACCESS } from '../lib/compliance';
import { WORKLOAD_KINDS, containers, describeContainer, describeWorkload, podSpec } from '../lib/workload';

/** Sockets of container runtimes (Docker, containerd, CRI-O, cri-dockerd, Podman, k3s, MicroK8s). */
const SOCKETS = new Set([
  '/var/run/docker.sock',
  '/run/docker.sock',
  '/var/run/containerd/containerd.sock',
  '/run/containerd/containerd.sock',
  '/var/run/crio/crio.sock',
  '/run/crio/crio.sock',
  '/var/run/cri-dockerd.sock',
  '/run/cri-dockerd.sock',
  '/var/run/podman/podman.sock',
  '/run/podman/podman.sock',
  '/run/k3s/containerd/containerd.sock',
  '/var/snap/microk8s/common/run/containerd.sock',
]);

/** Directories that hold those sockets: mounting one exposes the socket inside it. */
const SOCKET_DIRECTORIES = new Set(['/var/run', '/run', '/var/run/containerd', '/run/containerd', '/var/run/crio', '/run/crio', '/var/run/docker', '/run/docker', '/run/k3s/containerd']);

/** `/var//run/docker.sock/` is the same path as `/var/run/docker.sock`. */
function normalizePath(path: string): string {
  const collapsed = path.trim().replace(/\/+/g, '/');
  return collapsed.length > 1 ? collapsed.replace(/\/$/, '') : collapsed;
}

export default definePolicy({
  id: 'IAC-K8S-POD-007',
  title: 'Container runtime socket mounted into a pod',
  severity: 'high',
  description:
    'A `hostPath` volume mounts a container runtime socket (`/var/run/docker.sock`, `/run/containerd/containerd.sock`, `/var/run/crio/crio.sock`, ...) or the directory that holds it (`/var/run`, `/run`, ...).',
  rationale:
    'Whoever can talk to the runtime socket can start a privileged container with the host file system mounted, i.e. is root on the node, ' +
    'bypassing every Kubernetes admission control and audit log. Read-only mounts do not help: connecting to a socket is not a write to the file.',
  remediation:
    'Remove the hostPath volume (and its volumeMounts). Build images with a rootless builder (BuildKit rootless, Kaniko, Buildah) and read container ' +
    'metadata through the Kubernetes API or the kubelet instead of the runtime.',
  compliance: [
    { framework: CIS_K8S, control: '5.2.12' },
    { framework: NSA_K8S, control: 'Pod security (host path mounts)' },
    SOC2_LOGICAL_ACCESS,
    PCI_SECURE_CONFIG,
    NIST_LEAST_PRIVILEGE,
    NIST_LEAST_FUNCTIONALITY,
  ],
  aliases: {
    checkov: ['CKV_K8S_27'],
    kics: ['a6f34658-fdfb-4154-9536-56d516f65828'],
    trivy: ['AVD-KSV-0006', 'KSV006'],
  },
  deviations: [
    'Besides /var/run/docker.sock (the only path Checkov, KICS and Trivy check) this covers the containerd, CRI-O, cri-dockerd, Podman, k3s and MicroK8s sockets and the run directories that contain them.',
    'A hostPath of `/` also exposes the sockets but is left to a host-path policy; it is not reported here.',
  ],
  formats: ['kubernetes'],
  resourceTypes: { kubernetes: WORKLOAD_KINDS },
  check(resource, ctx) {
    const spec = podSpec(resource);
    const volumes = spec?.entries.get('volumes');
    if (!isList(volumes)) return;
    for (const volume of volumes.items) {
      if (!isMap(volume)) continue;
      const pathNode = getPath(volume, 'hostPath', 'path');
      const raw = scalar(pathNode);
      if (typeof raw !== 'string') continue;
      const path = normalizePath(raw);
      const socket = SOCKETS.has(path);
      if (!socket && !SOCKET_DIRECTORIES.has(path)) continue;
      const name = scalar(volume.entries.get('name'));
      const volumeName = typeof name === 'string' ? name : '';
      const users = containers(resource).filter((c) => {
        const mounts = c.node.entries.get('volumeMounts');
        return isList(mounts) && mounts.items.some((m) => isMap(m) && scalar(m.entries.get('name')) === volumeName);
      });
      const mountedBy = users.length ? ` (mounted by ${users.map(describeContainer).join(', ')})` : '';
      ctx.report({
        node: pathNode,
        message: socket
          ? `${describeWorkload(resource)}: volume "${volumeName}" mounts the container runtime socket ${path} from the host${mountedBy}, which gives root on the node: remove the hostPath volume.`
          : `${describeWorkload(resource)}: volume "${volumeName}" mounts the host directory ${path}, which holds the container runtime socket${mountedBy} and gives root on the node: remove the hostPath volume.`,
      });
    }
  },
});
