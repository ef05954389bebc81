import { lookup as lookupCallback, type LookupAddress, type LookupOptions } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { Problem } from '../http/problem';

/** Networks a webhook must not reach (SSRF): loopback, private, link-local, carrier NAT, multicast, reserved. */
const privateNetworks = new BlockList();
for (const [net, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 3]] as const)
  privateNetworks.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) privateNetworks.addSubnet(net, prefix, 'ipv6');

function isPrivate(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return privateNetworks.check(mapped[1], 'ipv4');
  return privateNetworks.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/**
 * Refuses a webhook URL that is not http(s) or whose host resolves to a private or loopback address
 * (checked when the webhook is saved and again before each delivery, since DNS may change).
 */
export async function assertDeliverableUrl(url: string, allowPrivate: boolean): Promise<URL> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw Problem.badRequest('Адрес вебхука — полный URL, например https://example.ru/workcloud/events');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw Problem.badRequest('Адрес вебхука должен начинаться с https:// (или http://)');
  if (parsed.username || parsed.password) throw Problem.badRequest('Уберите логин и пароль из адреса вебхука: запросы подписываются секретом');
  if (allowPrivate) return parsed;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  } catch {
    throw Problem.unprocessable(`Не удалось найти адрес сервера «${host}». Проверьте имя в адресе вебхука.`);
  }
  if (addresses.some(isPrivate))
    throw Problem.unprocessable(`Адрес «${host}» ведёт во внутреннюю сеть или на этот же сервер: такие вебхуки запрещены. Укажите адрес, доступный из интернета.`);
  return parsed;
}

const REFUSED = 'Адрес вебхука ведёт во внутреннюю сеть или на этот же сервер: такие вебхуки запрещены';

/**
 * A dns.lookup for the delivery's connection that refuses private and loopback answers: the name is checked
 * when the socket connects, so a DNS answer changed after assertDeliverableUrl (rebinding) cannot redirect it.
 */
export function publicOnlyLookup(hostname: string, options: LookupOptions, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void): void {
  lookupCallback(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '');
    const found = addresses as LookupAddress[];
    if (!found.length || found.some((a) => isPrivate(a.address))) return callback(Object.assign(new Error(REFUSED), { code: 'EPRIVATE' }), '');
    if (options.all) return callback(null, found);
    callback(null, found[0].address, found[0].family);
  });
}
