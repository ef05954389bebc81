// 1. How long creating one tenant takes (Provisioner.provision, sequentially), next to its parts
//    that cannot get faster: the argon2id hash of the admin password and a database round trip.
import { fmt, msSince, now, ratio, stats, table } from '../lib.mjs';

export default {
  id: 'provisioning',
  title: '1. Provisioning time per tenant (sequential)',
  async run(ctx) {
    const n = ctx.opts.provisionCount;
    // One unmeasured tenant first: opens pool connections and warms the JIT.
    const warm = await ctx.provisionTenant();
    const samples = [];
    for (let i = 0; i < n; i++) samples.push((await ctx.provisionTenant()).ms);
    const p = stats(samples);

    const hash = [];
    for (let i = 0; i < n; i++) {
      const t0 = now();
      await ctx.backend.hashPassword('Bench-Passw0rd-1');
      hash.push(msSince(t0));
    }
    const h = stats(hash);
    const rt = [];
    for (let i = 0; i < 200; i++) {
      const t0 = now();
      await ctx.db.knex.raw('SELECT 1');
      rt.push(msSince(t0));
    }
    const r = stats(rt);

    table(
      ['what', 'n', 'mean ms', 'p50 ms', 'p95 ms', 'max ms', 'vs provision'],
      [
        ['provision() one tenant', p.n, fmt(p.mean), fmt(p.p50), fmt(p.p95), fmt(p.max), '1.00×'],
        ['  baseline: argon2id hash alone', h.n, fmt(h.mean), fmt(h.p50), fmt(h.p95), fmt(h.max), ratio(h.mean, p.mean)],
        ['  baseline: SQL round trip (SELECT 1)', r.n, fmt(r.mean, 2), fmt(r.p50, 2), fmt(r.p95, 2), fmt(r.max, 2), ratio(r.mean, p.mean)],
      ],
    );
    console.log(`  (one warm-up tenant first, not counted: ${fmt(warm.ms)} ms; tenants now: ${ctx.state.tenants.length})`);
    ctx.state.provisionMeanMs = p.mean;
  },
};
