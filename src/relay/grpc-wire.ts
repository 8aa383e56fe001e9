/**
 * The little of gRPC's HTTP/2 mapping the relay needs to forward calls without decoding them: the status codes it
 * acts on, the `grpc-timeout` header, and an answer carrying only a status (a "trailers-only" response).
 * The wire rules are gRPC's PROTOCOL-HTTP2 document; grpc-js and grpc-go implement the same.
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http2';

export const GrpcCode = {
  OK: 0,
  CANCELLED: 1,
  DEADLINE_EXCEEDED: 4,
  RESOURCE_EXHAUSTED: 8,
  UNAVAILABLE: 14,
} as const;

const UNIT_MS: Record<string, number> = { H: 3_600_000, M: 60_000, S: 1_000, m: 1, u: 1e-3, n: 1e-6 };

/** Milliseconds a `grpc-timeout` value allows (`100m`, `5S`, ...); undefined when absent or malformed. */
export function parseGrpcTimeout(value: string | string[] | undefined): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{1,8})([HMSmun])$/.exec(value);
  if (!match) return undefined;
  return Number(match[1]) * (UNIT_MS[match[2] as string] as number);
}

/** A `grpc-timeout` value for `ms` milliseconds: at most 8 digits, so long deadlines are written in coarser units. */
export function formatGrpcTimeout(ms: number): string {
  const whole = Math.max(0, Math.ceil(ms));
  if (whole < 1e8) return `${whole}m`;
  if (whole / 1_000 < 1e8) return `${Math.ceil(whole / 1_000)}S`;
  if (whole / 60_000 < 1e8) return `${Math.ceil(whole / 60_000)}M`;
  return `${Math.min(99_999_999, Math.ceil(whole / 3_600_000))}H`;
}

/** The status a response carries: in its trailers, or in its headers when it had no body ("trailers-only"). */
export function grpcStatusOf(headers: IncomingHttpHeaders | undefined): number | undefined {
  const value = headers?.['grpc-status'];
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

/** The headers of an answer that is only a status and its message (percent-encoded, as gRPC requires). */
export function statusOnlyHeaders(code: number, message: string): OutgoingHttpHeaders {
  return {
    ':status': 200,
    'content-type': 'application/grpc',
    'grpc-status': String(code),
    'grpc-message': percentEncoded(message),
  };
}

/** gRPC's percent-encoding of grpc-message: printable ASCII stays, every other byte (and `%`) becomes `%XX`. */
export function percentEncoded(message: string): string {
  let encoded = '';
  for (const byte of Buffer.from(message, 'utf8')) {
    encoded +=
      byte >= 0x20 && byte <= 0x7e && byte !== 0x25
        ? String.fromCharCode(byte)
        : '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return encoded;
}

const NONE: ReadonlySet<string> = new Set();

/** A copy for the next HTTP/2 hop: without pseudo-headers, which belong to one hop, nor the names in `except`. */
export function withoutPseudoHeaders(
  headers: IncomingHttpHeaders,
  except: ReadonlySet<string> = NONE,
): OutgoingHttpHeaders {
  const copy: OutgoingHttpHeaders = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined && !name.startsWith(':') && !except.has(name)) copy[name] = value;
  }
  return copy;
}
