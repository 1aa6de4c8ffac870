// Test support (excluded from the build): every signed part of a request with one byte changed
// in place, each with the S3 error code AWS answers for that change, worked out here from the
// rules of SigV4 (not from the verifier's code), so the tests check codes rather than echo them.
import type { SigV4ErrorCode } from '../sigv4-error.js';
import type { VerifiableRequest } from '../verifiable-request.js';

/** One mutated copy: what was changed, the request, and the code it must fail with. */
export interface Mutation {
  readonly part: string;
  readonly request: VerifiableRequest;
  /** `undefined`: the part is not signed, so the request must still verify. */
  readonly expected: SigV4ErrorCode | undefined;
}

const MISMATCH = 'SignatureDoesNotMatch';
const MAX_SKEW_MS = 15 * 60 * 1000;
const MAX_EXPIRES = 604_800;
const PAYLOAD_LITERALS = new Set([
  'UNSIGNED-PAYLOAD',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
]);

/**
 * Change the byte at `at` by flipping its lowest bit: never a change of letter case (bit 0x20),
 * which some parts legitimately ignore, and never `&` or `=` from the characters a wire query
 * holds, which would re-split it.
 */
export function flipAt(text: string, at: number): string {
  return text.slice(0, at) + String.fromCharCode(text.charCodeAt(at) ^ 1) + text.slice(at + 1);
}

/** A random index of a non-space character of `text` (undefined when there is none). */
function position(text: string, rand: () => number): number | undefined {
  const candidates: number[] = [];
  for (let i = 0; i < text.length; i++) if (text[i] !== ' ' && text[i] !== '\t') candidates.push(i);
  return candidates[Math.floor(rand() * candidates.length)];
}

/** `20130524T000000Z` → epoch ms, strictly (calendar-checked); undefined when invalid. */
function amzDateMs(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  const sane =
    back.getUTCMonth() === mo - 1 && back.getUTCDate() === d && h < 24 && mi < 60 && s < 60;
  return sane ? ms : undefined;
}

function isPayloadHash(value: string): boolean {
  return PAYLOAD_LITERALS.has(value) || /^[0-9a-fA-F]{64}$/.test(value);
}

function decode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

interface QueryPart {
  name: string;
  nameStart: number;
  nameEnd: number;
  valueStart: number;
  end: number;
}

function queryParts(query: string): QueryPart[] {
  const parts: QueryPart[] = [];
  let start = 0;
  for (const piece of query === '' ? [] : query.split('&')) {
    const eq = piece.indexOf('=');
    const nameEnd = eq < 0 ? piece.length : eq;
    parts.push({
      name: decode(piece.slice(0, nameEnd)),
      nameStart: start,
      nameEnd: start + nameEnd,
      valueStart: eq < 0 ? start + piece.length : start + eq + 1,
      end: start + piece.length,
    });
    start += piece.length + 1;
  }
  return parts;
}

/** What a server clock and key set the mutations are judged against. */
export interface MutationContext {
  readonly now: number;
  readonly accessKeyId: string;
  readonly rand: () => number;
}

/** Every one-byte mutation of a request signed with an `Authorization` header. */
export function headerAuthMutations(req: VerifiableRequest, ctx: MutationContext): Mutation[] {
  const out: Mutation[] = [];
  const auth = String(req.headers.authorization);
  const signedList = /SignedHeaders=([^,\s]+)/.exec(auth)?.[1]?.split(';') ?? [];
  const scopeDate = /Credential=[^/]+\/(\d{8})\//.exec(auth)?.[1] ?? '';
  const flipIn = (text: string): string | undefined => {
    const at = position(text, ctx.rand);
    return at === undefined ? undefined : flipAt(text, at);
  };
  const withHeader = (name: string, value: string): VerifiableRequest => ({
    ...req,
    headers: { ...req.headers, [name]: value },
  });

  out.push({
    part: 'method',
    request: { ...req, method: flipIn(req.method)! },
    expected: MISMATCH,
  });
  out.push({ part: 'path', request: { ...req, path: flipIn(req.path)! }, expected: MISMATCH });
  for (const p of queryParts(req.query)) {
    for (const [what, from, to] of [
      ['name', p.nameStart, p.nameEnd],
      ['value', p.valueStart, p.end],
    ] as const) {
      if (to <= from) continue;
      const at = from + Math.floor(ctx.rand() * (to - from));
      const query = flipAt(req.query, at);
      // A name turned into a presign parameter would make it a request with two mechanisms.
      const twoMechanisms = /(?:^|&)(?:X-Amz-Algorithm|Signature|AWSAccessKeyId)=/.test(query);
      out.push({
        part: `query ${what} of ${p.name}`,
        request: { ...req, query },
        expected: twoMechanisms ? 'InvalidArgument' : MISMATCH,
      });
    }
  }
  for (const name of Object.keys(req.headers)) {
    if (name === 'authorization') continue;
    const value = String(req.headers[name]);
    const flipped = flipIn(value);
    if (flipped === undefined) continue;
    let expected: SigV4ErrorCode | undefined = signedList.includes(name) ? MISMATCH : undefined;
    if (name === 'x-amz-date') expected = headerDateCode(flipped, scopeDate, ctx.now);
    if (name === 'x-amz-content-sha256' && !isPayloadHash(flipped)) expected = 'InvalidArgument';
    out.push({ part: `header ${name}`, request: withHeader(name, flipped), expected });
  }
  const sigAt = auth.indexOf('Signature=') + 10 + Math.floor(ctx.rand() * 64);
  out.push({
    part: 'signature',
    request: withHeader('authorization', flipAt(auth, sigAt)),
    expected: MISMATCH,
  });
  const idAt = auth.indexOf('Credential=') + 11 + Math.floor(ctx.rand() * ctx.accessKeyId.length);
  out.push({
    part: 'access key id',
    request: withHeader('authorization', flipAt(auth, idAt)),
    expected: 'InvalidAccessKeyId',
  });
  return out;
}

/** x-amz-date checks, in the order AWS makes them: format, credential day, clock skew. */
function headerDateCode(value: string, scopeDate: string, now: number): SigV4ErrorCode {
  const ms = amzDateMs(value);
  if (ms === undefined) return 'AccessDenied';
  if (value.slice(0, 8) !== scopeDate) return 'AuthorizationHeaderMalformed';
  if (Math.abs(ms - now) > MAX_SKEW_MS) return 'RequestTimeTooSkewed';
  return MISMATCH;
}

const REQUIRED_PRESIGN = new Set([
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Signature',
]);

/** Every one-byte mutation of a presigned URL (method, path, Host, each parameter). */
export function presignedMutations(req: VerifiableRequest, ctx: MutationContext): Mutation[] {
  const out: Mutation[] = [];
  const parts = queryParts(req.query);
  const valueOf = (name: string): string =>
    decode(
      (() => {
        const p = parts.find((q) => q.name === name);
        return p === undefined ? '' : req.query.slice(p.valueStart, p.end);
      })(),
    );
  const date = valueOf('X-Amz-Date');
  const expires = Number(valueOf('X-Amz-Expires'));
  const scopeDate = valueOf('X-Amz-Credential').split('/').at(-4) ?? '';
  const rand = (from: number, to: number): number => from + Math.floor(ctx.rand() * (to - from));

  out.push({
    part: 'method',
    request: { ...req, method: flipAt(req.method, 0) },
    expected: MISMATCH,
  });
  out.push({
    part: 'path',
    request: { ...req, path: flipAt(req.path, rand(0, req.path.length)) },
    expected: MISMATCH,
  });
  const host = String(req.headers.host);
  out.push({
    part: 'header host',
    request: { ...req, headers: { ...req.headers, host: flipAt(host, rand(0, host.length)) } },
    expected: MISMATCH,
  });
  for (const p of parts) {
    const nameCode: SigV4ErrorCode =
      p.name === 'X-Amz-Algorithm'
        ? 'AccessDenied' // no longer recognisably presigned: an anonymous request
        : REQUIRED_PRESIGN.has(p.name)
          ? 'AuthorizationQueryParametersError'
          : MISMATCH;
    out.push({
      part: `query name ${p.name}`,
      request: { ...req, query: flipAt(req.query, rand(p.nameStart, p.nameEnd)) },
      expected: nameCode,
    });
    if (p.end <= p.valueStart) continue;
    const at = rand(p.valueStart, p.end);
    const query = flipAt(req.query, at);
    const mutated = decode(query.slice(p.valueStart, p.end));
    out.push({
      part: `query value ${p.name}`,
      request: { ...req, query },
      expected: presignValueCode(p.name, mutated, {
        now: ctx.now,
        date,
        expires,
        scopeDate,
        inAccessKeyId: at - p.valueStart < ctx.accessKeyId.length,
      }),
    });
  }
  return out;
}

function presignValueCode(
  name: string,
  value: string,
  at: { now: number; date: string; expires: number; scopeDate: string; inAccessKeyId: boolean },
): SigV4ErrorCode {
  switch (name) {
    case 'X-Amz-Algorithm':
      return 'AuthorizationQueryParametersError';
    case 'X-Amz-Credential':
      return at.inAccessKeyId ? 'InvalidAccessKeyId' : 'AuthorizationQueryParametersError';
    case 'X-Amz-SignedHeaders': {
      const names = value.split(';');
      const ok = !names.includes('') && value === value.toLowerCase() && names.includes('host');
      return ok ? MISMATCH : 'AuthorizationQueryParametersError';
    }
    case 'X-Amz-Date': {
      const ms = amzDateMs(value);
      if (ms === undefined || value.slice(0, 8) !== at.scopeDate) {
        return 'AuthorizationQueryParametersError';
      }
      return validity(ms, at.expires, at.now);
    }
    case 'X-Amz-Expires': {
      // An integer from 0 to a week; 0 is well-formed and simply already expired.
      if (!/^-?\d+$/.test(value)) return 'AuthorizationQueryParametersError';
      const seconds = Number(value);
      if (seconds < 0 || seconds > MAX_EXPIRES) return 'AuthorizationQueryParametersError';
      return validity(amzDateMs(at.date) ?? 0, seconds, at.now);
    }
    case 'X-Amz-Content-Sha256':
      return isPayloadHash(value) ? MISMATCH : 'InvalidArgument';
    default:
      return MISMATCH;
  }
}

/** Expired, or dated beyond the allowed skew into the future: AccessDenied; else a mismatch. */
function validity(requestMs: number, expires: number, now: number): SigV4ErrorCode {
  if (expires === 0 || now > requestMs + expires * 1000) return 'AccessDenied';
  if (requestMs - now > MAX_SKEW_MS) return 'AccessDenied';
  return MISMATCH;
}
