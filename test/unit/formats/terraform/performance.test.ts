import * as assert from 'node:assert/strict';
import { buildTerraformModule, parseTerraformFile } from '../../../../server/src/engine/formats/terraform/index';
import { syntheticModule } from './synthetic';

describe('terraform adapter: performance', () => {
  it('builds a 5,000-line module, every body converted, in a few milliseconds (after parsing)', () => {
    const text = syntheticModule(5000);
    const parse = parseTerraformFile('p/main.tf', text);
    assert.deepEqual(parse.errors, []);
    const request = { dir: 'p', files: [parse], filesOf: () => undefined };
    let entries = 0;
    const full = () => {
      const scope = buildTerraformModule(request);
      // Bodies are converted on first read; a policy run reads them all (the secrets scanner does).
      for (const r of scope.resources) entries += r.body.entries.size;
      scope.referencing(scope.resources[2], 'aws_s3_bucket_server_side_encryption_configuration', 'bucket');
      return scope;
    };
    for (let i = 0; i < 50; i++) full(); // warm-up (JIT)
    const runs = 50;
    // CPU time, not wall time: a loaded CI machine must not make this flaky.
    const cpu = process.cpuUsage();
    const start = performance.now();
    let resources = 0;
    for (let i = 0; i < runs; i++) resources = full().resources.length;
    const wall = (performance.now() - start) / runs;
    const used = process.cpuUsage(cpu);
    const perBuild = (used.user + used.system) / 1000 / runs;
    console.log(`      ${text.split('\n').length} lines, ${resources} entities: build ${perBuild.toFixed(2)} ms CPU (${wall.toFixed(2)} ms wall)`);
    assert.ok(entries > 0);
    // Generous bound; the figure printed above is the real number.
    assert.ok(perBuild < 50, `build took ${perBuild} ms`);
  });
});
