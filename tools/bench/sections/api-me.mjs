// 3. GET /api/me through WorkCloud (Nest + access guard + caches) next to a bare Fastify route in
//    this process that verifies nothing but runs the same SQL, uncached, on the same db.knex pool.
//    The load generator runs in a child process (tools/bench/loadgen.mjs) with a fixed number of
//    connections and a fixed number of requests.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fmt, ratio, runLoad, stats, table } from '../lib.mjs';

/** The SQL of the /api/me path, written out as the backend's query builder emits it. */
const SQL = {
  // TenantContextService.tenant (cached in KV for 60 s by WorkCloud)
  tenant: `select "t"."id", "t"."name", "t"."schema_name" as "schema", "t"."status",
                  array(SELECT module_code FROM platform.tenant_modules tm WHERE tm.tenant_id = t.id ORDER BY 1) AS modules
             from "platform"."tenants" as "t" where "t"."id" = ? limit ?`,
  // TenantContextService.rules (cached in KV for 300 s by WorkCloud)
  rules: (s) => `SELECT m.status, coalesce(jsonb_agg(r.rules) FILTER (WHERE r.id IS NOT NULL), '[]') AS rule_sets
                   FROM platform.memberships m
                   LEFT JOIN ${s}.user_roles ur ON ur.user_id = m.user_id
                   LEFT JOIN ${s}.roles r ON r.id = ur.role_id
                  WHERE m.tenant_id = ? AND m.user_id = ?
                  GROUP BY m.status`,
  // MeController.me
  user: `select "id", "email", "full_name" from "platform"."users" where "id" = ? limit ?`,
  roles: (s) => `select "r"."id", "r"."code", "r"."name" from ${s}."user_roles" as "ur"
                   inner join ${s}."roles" as "r" on "r"."id" = "ur"."role_id"
                  where "ur"."user_id" = ? order by "r"."name" asc`,
  // ModuleCatalogue.uisFor (read on every /api/me by design)
  uis: `select "m"."code", "m"."title", "m"."title_en", "v"."remote_name", "v"."remote_entry", "v"."exposed_module", "v"."version"
          from "platform"."modules" as "m"
          left join "platform"."tenant_modules" as "tm" on "tm"."module_code" = "m"."code" and "tm"."tenant_id" = ?
          left join "platform"."module_ui_versions" as "v" on "v"."module_code" = "m"."code"
               and (v.version = tm.ui_version_pin OR (tm.ui_version_pin IS NULL AND v.is_current))
         where ("tm"."module_code" is not null or "m"."always_included" = ?) and "m"."owner_only" = ?
         order by "m"."sort_order" asc`,
};

export default {
  id: 'api-me',
  title: '3. GET /api/me: WorkCloud vs bare Fastify running the same SQL',
  async run(ctx) {
    const knex = ctx.db.knex;
    const requireRoot = createRequire(path.join(ctx.root, 'package.json'));
    const Fastify = requireRoot('fastify');
    const { packRules } = ctx.requireBackend('@casl/ability/extra');

    if (!ctx.state.tenants.length) await ctx.provisionTenant();
    const tenant = ctx.state.tenants[0];
    const token = await ctx.login(tenant);
    const headers = { authorization: `Bearer ${token}` };
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());

    // The same queries, no verification, no cache. `cacheHit` runs only what WorkCloud still runs
    // once the tenant and the rules are in its KV cache; `floor` runs no SQL at all.
    const bare = Fastify({ logger: false });
    let sample = null;
    const me = async (request, withContextQueries) => {
      const auth = request.headers.authorization ?? '';
      const c = JSON.parse(Buffer.from(auth.slice(7).split('.')[1] ?? '', 'base64url').toString() || '{}');
      const userId = c.sub;
      let t;
      let rules = [];
      if (withContextQueries) {
        t = (await knex.raw(SQL.tenant, [c.tid, 1])).rows[0];
        const s = `"${t.schema}"`;
        const { rows } = await knex.raw(SQL.rules(s), [t.id, userId]);
        rules = rows[0]?.status === 'active' ? rows[0].rule_sets.flat() : null;
      } else {
        t = sample.tenant; // what WorkCloud has from its cache
        rules = sample.rules;
      }
      const s = `"${t.schema}"`;
      const user = (await knex.raw(SQL.user, [userId, 1])).rows[0];
      const roles = (await knex.raw(SQL.roles(s), [userId])).rows;
      const modules = (await knex.raw(SQL.uis, [t.id, true, false])).rows.map((r) => ({
        code: r.code,
        title: r.title,
        titleEn: r.title_en,
        remote: r.remote_entry ? { name: r.remote_name, entry: r.remote_entry, exposedModule: r.exposed_module, version: r.version } : null,
      }));
      return {
        user: { id: user.id, email: user.email, fullName: user.full_name },
        isOwner: c.own === true,
        tenant: { id: t.id, name: t.name, status: t.status },
        roles,
        rules: packRules(rules),
        modules,
      };
    };
    bare.get('/full/api/me', (request) => me(request, true));
    bare.get('/cache-hit/api/me', (request) => me(request, false));
    let floorBody;
    bare.get('/floor/api/me', async () => floorBody);
    await bare.listen({ port: 0, host: '127.0.0.1' });
    let closed = null;
    const closeBare = () => (closed ??= bare.close());
    ctx.cleanups.push(['close bare Fastify', closeBare]);
    const bareUrl = `http://127.0.0.1:${bare.server.address().port}`;
    try {
      // Check both answer, and that they answer the same thing.
      const wcRes = await fetch(`${ctx.baseUrl}/api/me`, { headers });
      const wcBody = await wcRes.json();
      if (wcRes.status !== 200) throw new Error(`WorkCloud /api/me: ${wcRes.status} ${JSON.stringify(wcBody)}`);
      const t = (await knex.raw(SQL.tenant, [claims.tid, 1])).rows[0];
      const r = (await knex.raw(SQL.rules(`"${t.schema}"`), [t.id, claims.sub])).rows[0];
      sample = { tenant: t, rules: r.rule_sets.flat() };
      floorBody = wcBody;
      const bareBody = await (await fetch(`${bareUrl}/full/api/me`, { headers })).json();
      const same = JSON.stringify(bareBody) === JSON.stringify(wcBody);

      // Count SQL statements and KV calls of one warm request on each path.
      const probe = async (url) => {
        let queries = 0;
        const kvCalls = {};
        const onQuery = () => queries++;
        const originals = {};
        for (const m of ['get', 'set', 'del', 'incr']) {
          originals[m] = ctx.kv[m];
          ctx.kv[m] = function (...a) {
            kvCalls[m] = (kvCalls[m] ?? 0) + 1;
            return originals[m].apply(this, a);
          };
        }
        knex.on('query', onQuery);
        try {
          const res = await fetch(url, { headers });
          await res.arrayBuffer();
        } finally {
          knex.removeListener('query', onQuery);
          for (const m of Object.keys(originals)) ctx.kv[m] = originals[m];
        }
        return { queries, kv: Object.entries(kvCalls).map(([k, v]) => `${v} ${k}`).join(', ') || '0' };
      };
      const probes = {
        wc: await probe(`${ctx.baseUrl}/api/me`),
        full: await probe(`${bareUrl}/full/api/me`),
        hit: await probe(`${bareUrl}/cache-hit/api/me`),
        floor: await probe(`${bareUrl}/floor/api/me`),
      };

      const targets = [
        ['WorkCloud GET /api/me (Nest, guard, KV cache)', `${ctx.baseUrl}/api/me`, probes.wc],
        ['bare Fastify, same SQL uncached  ← baseline', `${bareUrl}/full/api/me`, probes.full],
        ['bare Fastify, only SQL WorkCloud runs on cache hit', `${bareUrl}/cache-hit/api/me`, probes.hit],
        ['bare Fastify, no SQL (same JSON body)', `${bareUrl}/floor/api/me`, probes.floor],
      ];
      // Rounds alternate the targets, so a slow moment of the machine does not land on one target only.
      const rounds = Math.max(1, ctx.opts.meRounds);
      const acc = targets.map(([label, , p]) => ({ label, p, requests: 0, seconds: 0, bytes: 0, errors: 0, errorSample: null, latencies: [], roundRps: [], roundP99: [] }));
      for (let round = 0; round < rounds; round++) {
        for (const [i, [, url]] of targets.entries()) {
          const r = await runLoad(url, { headers, connections: ctx.opts.meConnections, requests: ctx.opts.meRequests, warmup: ctx.opts.meWarmup });
          const a = acc[i];
          a.requests += r.requests;
          a.seconds += r.seconds;
          a.bytes += r.bytes;
          a.errors += r.errors + r.warmErrors;
          a.errorSample ??= r.errorSample;
          for (const l of r.latencies) a.latencies.push(l);
          a.roundRps.push(r.requests / r.seconds);
          a.roundP99.push(stats(r.latencies).p99);
        }
      }
      const results = acc.map((a) => ({ ...a, rps: a.requests / a.seconds, s: stats(a.latencies), bytes: a.bytes / a.requests }));
      const base = results[1];
      console.log(
        `  ${ctx.opts.meRounds} round(s) per target of ${ctx.opts.meRequests} requests after ${ctx.opts.meWarmup} warm-up, ${ctx.opts.meConnections} connections in flight, ` +
          `keep-alive, load generator in a child process; tenant has modules [${wcBody.modules.map((m) => m.code).join(', ')}], ` +
          `${wcBody.roles.length} role(s); bare body identical to WorkCloud's: ${same ? 'yes' : 'NO'}`,
      );
      table(
        ['target', 'SQL/req', 'KV/req', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'bytes', 'errors', 'req/s vs base', 'p99 vs base'],
        results.map((r) => [r.label, r.p.queries, r.p.kv, fmt(r.rps, 0), fmt(r.s.p50, 2), fmt(r.s.p99, 2), fmt(r.s.max, 1), fmt(r.bytes, 0), r.errors, ratio(r.rps, base.rps), ratio(r.s.p99, base.s.p99)]),
      );
      const wc = results[0];
      console.log(`\n  WorkCloud / bare (same SQL): req/s ${ratio(wc.rps, base.rps)}, p99 ${ratio(wc.s.p99, base.s.p99)}` +
        (rounds > 1 ? `   (per round: req/s ${wc.roundRps.map((v, i) => ratio(v, base.roundRps[i])).join(' ')}; p99 ${wc.roundP99.map((v, i) => ratio(v, base.roundP99[i])).join(' ')})` : ''));
      console.log(`  WorkCloud / bare running only the SQL WorkCloud runs on a cache hit: req/s ${ratio(wc.rps, results[2].rps)}, p99 ${ratio(wc.s.p99, results[2].s.p99)}`);
      for (const r of results) if (r.errors) console.log(`  ${r.label}: ${r.errors} non-200, e.g. ${r.errorSample}`);
      if (!same) console.log(`  note: bodies differ — WorkCloud ${JSON.stringify(wcBody).slice(0, 300)}… bare ${JSON.stringify(bareBody).slice(0, 300)}…`);
    } finally {
      await closeBare();
    }
  },
};
