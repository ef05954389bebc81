/** «Chrome, Windows»: what a person recognises in a list of their sessions (the full User-Agent is kept beside it). */
export function describeUserAgent(ua: string | null | undefined): string {
  if (!ua) return 'Неизвестное устройство';
  const browser =
    /YaBrowser\//.test(ua) ? 'Яндекс Браузер'
    : /Edg\//.test(ua) ? 'Edge'
    : /OPR\//.test(ua) ? 'Opera'
    : /Firefox\//.test(ua) ? 'Firefox'
    : /Chrom(e|ium)\//.test(ua) ? 'Chrome'
    : /Safari\//.test(ua) ? 'Safari'
    : /^curl\//.test(ua) ? 'curl'
    : /node|undici/i.test(ua) ? 'Скрипт (Node.js)'
    : ua.split(/[\s/]/)[0];
  const system =
    /Android/.test(ua) ? 'Android'
    : /iPhone|iPad/.test(ua) ? 'iOS'
    : /Windows/.test(ua) ? 'Windows'
    : /Mac OS X/.test(ua) ? 'macOS'
    : /Linux/.test(ua) ? 'Linux'
    : '';
  return system ? `${browser}, ${system}` : browser;
}
