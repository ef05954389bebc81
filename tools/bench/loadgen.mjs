// A bounded HTTP load generator, run as a child process (so it does not share the event loop with
// the server under test). It keeps `connections` requests in flight over keep-alive sockets until
// `requests` responses have arrived (after `warmup` unmeasured ones), then prints one JSON line.
//
//   node tools/bench/loadgen.mjs '{"url":"http://127.0.0.1:1234/api/me","headers":{...},"connections":16,"requests":5000,"warmup":300}'
import http from 'node:http';

const opts = JSON.parse(process.argv[2]);
const url = new URL(opts.url);
if (url.hostname !== '127.0.0.1') throw new Error('loadgen: loopback (127.0.0.1) only');
const connections = opts.connections ?? 16;
const agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });

function once() {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const req = http.request({ agent, host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'GET', headers: opts.headers ?? {} }, (res) => {
      let bytes = 0;
      let sample = '';
      res.on('data', (c) => {
        bytes += c.length;
        if (sample.length < 300) sample += c.toString('utf8', 0, 300);
      });
      res.on('end', () => resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, status: res.statusCode, bytes, sample }));
    });
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, status: 0, bytes: 0, sample: String(e.message) }));
    req.end();
  });
}

async function run(total, record) {
  let issued = 0;
  const worker = async () => {
    while (issued < total) {
      issued++;
      record(await once());
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
}

let warmErrors = 0;
await run(opts.warmup ?? 0, (r) => {
  if (r.status !== 200) warmErrors++;
});
const latencies = new Float64Array(opts.requests);
let n = 0;
let errors = 0;
let bytes = 0;
let errorSample = null;
const started = process.hrtime.bigint();
await run(opts.requests, (r) => {
  latencies[n++] = r.ms;
  bytes += r.bytes;
  if (r.status !== 200) {
    errors++;
    errorSample ??= `${r.status} ${r.sample}`;
  }
});
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
agent.destroy();
process.stdout.write(JSON.stringify({ requests: n, seconds, errors, warmErrors, errorSample, bytes, latencies: Array.from(latencies.subarray(0, n)) }) + '\n');
