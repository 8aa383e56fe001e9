import { BlockList, isIP } from 'node:net';

export interface ListenAddress {
  /** Without brackets, as net.Server.listen takes it. */
  host: string;
  /** 0 picks a free port. */
  port: number;
}

export type ParsedListenAddress = { ok: true; address: ListenAddress } | { ok: false; detail: string };

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** True for `localhost` and the loopback ranges 127.0.0.0/8 and ::1; hostnames are never resolved. */
export function isLoopbackHost(host: string): boolean {
  if (host.toLowerCase() === 'localhost') return true;
  const family = isIP(host);
  if (family === 4) return loopback.check(host, 'ipv4');
  if (family === 6)
    return loopback.check(host, 'ipv6') || loopback.check(host.replace(/^::ffff:/i, ''), 'ipv4');
  return false;
}

/** Parses `host:port` or `[ipv6]:port`; `detail` says what is wrong, for a message that names the flag. */
export function parseListenAddress(text: string): ParsedListenAddress {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):([0-9]{1,5})$/.exec(text);
  if (!match) return { ok: false, detail: 'must be host:port (or [ipv6]:port), for example 127.0.0.1:9400' };
  const host = match[1] ?? match[2] ?? '';
  if (match[1] !== undefined && isIP(host) !== 6)
    return { ok: false, detail: `has a bad IPv6 address '${host}'` };
  const port = Number(match[3]);
  if (port > 65_535) return { ok: false, detail: `has port ${port}, above 65535` };
  return { ok: true, address: { host, port } };
}

/** The host name of an HTTP Host header, without its port or IPv6 brackets ('' when absent). */
export function hostnameOf(host: string | undefined): string {
  if (!host) return '';
  const bracketed = /^\[([^\]]+)\]/.exec(host);
  return bracketed?.[1] ?? host.replace(/:[0-9]*$/, '');
}

/** The address as a URL authority (brackets around IPv6). */
export const authorityOf = ({ host, port }: ListenAddress): string =>
  `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;

export type ListenOption = { ok: true; listen?: string } | { ok: false; detail: string };

/**
 * Validates an HTTP listen flag (`--debug-listen`, `--metrics-listen`) and its `-any` companion for the daemon's
 * command line: off when not given; a non-loopback host only with the companion, since neither server has
 * authentication.
 */
export function listenOption(flag: string, value: string | undefined, allowAny: boolean): ListenOption {
  if (value === undefined) {
    return allowAny ? { ok: false, detail: `${flag}-any needs ${flag}` } : { ok: true };
  }
  const parsed = parseListenAddress(value);
  if (!parsed.ok) return { ok: false, detail: `${flag} ${parsed.detail}` };
  if (!allowAny && !isLoopbackHost(parsed.address.host)) {
    return {
      ok: false,
      detail: `${flag} '${value}' is not a loopback address; the server has no authentication, add ${flag}-any to serve it anyway`,
    };
  }
  return { ok: true, listen: authorityOf(parsed.address) };
}
