import { strict as assert } from 'node:assert';
import { getPath } from '../../../../server/src/engine/core/model';
import type { MapNode } from '../../../../server/src/engine/core/model';
import { analyzeJsonFile, analyzeYamlFile, containersOf, podSpecOf, WORKLOAD_KINDS } from '../../../../server/src/engine/formats/structured';
import { fixture, lc, plain, slice } from './helpers';

describe('structured: Kubernetes', () => {
  const text = fixture('k8s-multi.yaml');
  const model = analyzeYamlFile('k8s/app.yaml', text);

  it('makes one resource per object document, with addresses and exact ranges', () => {
    assert.equal(model.format, 'kubernetes');
    assert.deepEqual(model.errors, []);
    assert.deepEqual(
      model.resources.map((r) => [r.format, r.kind, r.type, r.name, r.address, r.file]),
      [
        ['kubernetes', 'resource', 'Deployment', 'web', 'Deployment/shop/web', 'k8s/app.yaml'],
        ['kubernetes', 'resource', 'Service', 'web', 'Service/default/web', 'k8s/app.yaml'],
      ],
    );
    const [deployment, service] = model.resources;
    assert.deepEqual(lc(deployment.range), [1, 0, 22, 27]);
    assert.ok(slice(text, deployment.range).startsWith('apiVersion: apps/v1\nkind: Deployment'));
    assert.ok(slice(text, deployment.range).endsWith('- containerPort: 80'));
    assert.deepEqual(lc(deployment.headerRange), [2, 0, 2, 16]);
    assert.equal(slice(text, deployment.headerRange), 'kind: Deployment');
    assert.deepEqual(lc(service.range), [25, 0, 30, 39]);
    assert.equal(slice(text, service.headerRange), 'kind: Service');
    assert.equal(deployment.body.range, deployment.range);
  });

  it('gives nested values their value, key, entry and header ranges', () => {
    const [deployment, service] = model.resources;
    const image = getPath(deployment.body, 'spec', 'template', 'spec', 'containers', 0, 'image')!;
    assert.deepEqual(lc(image.range), [17, 15, 17, 27]);
    assert.equal(slice(text, image.range), 'nginx:latest');
    assert.equal(slice(text, image.keyRange), 'image');
    assert.equal(slice(text, image.entryRange), 'image: nginx:latest');
    assert.equal(image.file, 'k8s/app.yaml');

    const securityContext = getPath(deployment.body, 'spec', 'template', 'spec', 'containers', 0, 'securityContext') as MapNode;
    assert.equal(securityContext.kind, 'map');
    assert.deepEqual(lc(securityContext.headerRange), [18, 8, 18, 23]);
    assert.equal(slice(text, securityContext.range), 'privileged: true\n          runAsNonRoot: "true"');
    assert.equal(slice(text, securityContext.entryRange), 'securityContext:\n          privileged: true\n          runAsNonRoot: "true"');

    const quoted = getPath(deployment.body, 'spec', 'template', 'spec', 'initContainers', 0, 'image')!;
    assert.equal(slice(text, quoted.range), '"migrate:1.2"');

    const ports = getPath(service.body, 'spec', 'ports')!;
    assert.equal(slice(text, ports.range), '[{port: 80, targetPort: 8080}]');
    const port = getPath(ports, 0) as MapNode;
    assert.equal(slice(text, port.range), '{port: 80, targetPort: 8080}');
    assert.equal(slice(text, port.entries.get('targetPort')!.entryRange), 'targetPort: 8080');
  });

  it('keeps YAML 1.2 scalar types (quoted "true" is a string, yes/on are strings)', () => {
    const sc = getPath(model.resources[0].body, 'spec', 'template', 'spec', 'containers', 0, 'securityContext');
    assert.deepEqual(plain(sc), { privileged: true, runAsNonRoot: 'true' });
    const typed = analyzeYamlFile('t.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  a: yes\n  b: on\n  c: 0x1F\n  d: ~\n  e: 1.5\n  f: "1"\n  g: False\n');
    assert.deepEqual(plain(getPath(typed.resources[0].body, 'data')), { a: 'yes', b: 'on', c: 31, d: null, e: 1.5, f: '1', g: false });
  });

  it('exposes metadata.annotations as the resource metadata', () => {
    assert.deepEqual(plain(model.resources[0].metadata), { 'checkov.io/skip1': 'CKV_K8S_8=probes come from the mesh' });
    assert.equal(model.resources[1].metadata, undefined);
  });

  it('finds the pod spec and containers of every workload kind', () => {
    const specs: Record<string, string> = {
      Pod: 'spec:\n  containers: [{name: c, image: i}]',
      Deployment: 'spec:\n  template:\n    spec:\n      containers: [{name: c, image: i}]',
      StatefulSet: 'spec:\n  template:\n    spec:\n      containers: [{name: c, image: i}]',
      DaemonSet: 'spec:\n  template:\n    spec:\n      containers: [{name: c, image: i}]',
      ReplicaSet: 'spec:\n  template:\n    spec:\n      containers: [{name: c, image: i}]',
      ReplicationController: 'spec:\n  template:\n    spec:\n      containers: [{name: c, image: i}]',
      Job: 'spec:\n  template:\n    spec:\n      containers: [{name: c, image: i}]',
      CronJob: 'spec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: c, image: i}]',
    };
    for (const kind of WORKLOAD_KINDS.filter((k) => k !== 'PodTemplate')) {
      const m = analyzeYamlFile('w.yaml', `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: w\n${specs[kind]}\n`);
      const spec = podSpecOf(m.resources[0]);
      assert.ok(spec, kind);
      assert.deepEqual(
        containersOf(m.resources[0]).map((c) => [c.kind, plain(c.container)]),
        [['container', { name: 'c', image: 'i' }]],
        kind,
      );
    }
    const deployment = model.resources[0];
    assert.deepEqual(
      containersOf(deployment).map((c) => [c.kind, plain(c.container.entries.get('name'))]),
      [
        ['container', 'app'],
        ['initContainer', 'migrate'],
      ],
    );
    const eph = analyzeYamlFile('p.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  ephemeralContainers:\n  - name: debug\n');
    assert.deepEqual(containersOf(eph.resources[0]).map((c) => c.kind), ['ephemeralContainer']);
    assert.equal(podSpecOf(model.resources[1]), undefined, 'a Service has no pod spec');
    assert.deepEqual(containersOf(model.resources[1]), []);
  });

  it('expands a List into its items', () => {
    const text = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: one
- apiVersion: v1
  kind: Secret
  metadata: {name: two, namespace: ops}
- not an object
`;
    const m = analyzeYamlFile('list.yaml', text);
    assert.equal(m.format, 'kubernetes');
    assert.deepEqual(m.resources.map((r) => r.address), ['ConfigMap/default/one', 'Secret/ops/two']);
    assert.deepEqual(lc(m.resources[0].range), [3, 2, 6, 13]);
    assert.equal(slice(text, m.resources[1].headerRange), 'kind: Secret');
  });

  it('names objects without metadata.name by their document number', () => {
    const m = analyzeYamlFile('x.yaml', 'apiVersion: v1\nkind: Namespace\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  generateName: job-\n');
    assert.deepEqual(m.resources.map((r) => [r.name, r.address]), [
      ['', 'Namespace/default/unnamed-1'],
      ['job-', 'Pod/default/job-'],
    ]);
  });

  it('reads Kubernetes JSON objects and Lists with ranges', () => {
    const text = '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {"name": "p"},\n  "spec": {"hostNetwork": true, "containers": [{"name": "c", "image": "i"}]}\n}\n';
    const m = analyzeJsonFile('pod.json', text);
    assert.equal(m.format, 'kubernetes');
    assert.deepEqual(m.resources.map((r) => r.address), ['Pod/default/p']);
    assert.equal(slice(text, m.resources[0].headerRange), '"kind": "Pod"');
    const host = getPath(m.resources[0].body, 'spec', 'hostNetwork')!;
    assert.equal(slice(text, host.entryRange), '"hostNetwork": true');
    assert.equal(containersOf(m.resources[0]).length, 1);
    const list = analyzeJsonFile('l.json', '{"apiVersion": "v1", "kind": "List", "items": [{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a"}}]}');
    assert.deepEqual(list.resources.map((r) => r.address), ['Pod/default/a']);
  });

  it('applies << merge keys, the map\'s own keys winning', () => {
    const text = 'base: &base\n  image: a\n  imagePullPolicy: Always\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - <<: *base\n    name: c\n    image: b\n';
    const m = analyzeYamlFile('m.yaml', text);
    const [container] = containersOf(m.resources[0]);
    assert.deepEqual(plain(container.container), { image: 'b', imagePullPolicy: 'Always', name: 'c' });
  });

  it('links resources by literal name for referencing()', () => {
    const text = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: reader}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: rb}\nroleRef: {kind: Role, name: reader}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: other}\nroleRef: {kind: Role, name: writer}\n';
    const m = analyzeYamlFile('rbac.yaml', text);
    assert.deepEqual(m.referencing(m.resources[0], 'RoleBinding', 'roleRef.name').map((r) => r.name), ['rb']);
  });
});
