// 4. UI bundle sizes: runs tools/ui-budget.mjs (owned by the UI work) when it exists and prints its output.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export default {
  id: 'ui-budget',
  title: '4. UI bundle sizes (tools/ui-budget.mjs)',
  async run(ctx) {
    const script = path.join(ctx.root, 'tools', 'ui-budget.mjs');
    if (!existsSync(script)) {
      console.log('  skipped: tools/ui-budget.mjs does not exist yet');
      return;
    }
    const { code, out } = await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [script], { cwd: ctx.root, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      const timer = setTimeout(() => child.kill('SIGTERM'), 120_000);
      child.on('error', reject);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code: signal ? `killed (${signal}, 120 s limit)` : code, out });
      });
    });
    console.log(out.trimEnd().split('\n').map((l) => '  ' + l).join('\n'));
    if (code !== 0) throw new Error(`tools/ui-budget.mjs exited with ${code}`);
  },
};
