import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFormBoundary, parsePostObject } from './parse-post-object.js';
import { SigV4Error } from './sigv4-error.js';
import { cuts, fuzzRuns, splitAt, type ValueOf } from './testing/fuzz.js';
import { signPolicy } from './testing/post-form.js';
import { NOW, verifier } from './testing/verifier-fixtures.js';

const numRuns = fuzzRuns(150);
// A parser that waits forever on some input fails the property (and is shrunk) after this.
const timeout = 5_000;
const v = verifier();
const EXPIRES = new Date(NOW.getTime() + 3600_000);

// RFC 2046 `bchars`: what a boundary may be made of.
const BCHARS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=?";
const boundary = fc
  .string({ unit: fc.constantFrom(...BCHARS), minLength: 1, maxLength: 70 })
  .filter((b) => !b.endsWith(' '));

/** Text that looks like framing: CRLFs, dashes, header-ish lines, a boundary's start. */
const FRAMING = [
  '\r\n',
  '\r',
  '\n',
  '--',
  '-',
  '\r\n--',
  '\r\n\r\n',
  'Content-Disposition: form-data',
  '"',
  ';',
];
const fieldValue = fc.string({
  unit: fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
    { weight: 2, arbitrary: fc.constantFrom(...FRAMING) },
  ),
  maxLength: 30,
});
const fileData = fc.oneof(
  fc.uint8Array({ maxLength: 4000, size: 'large' }).map((a) => Buffer.from(a)),
  fc
    .array(fc.oneof(fc.constantFrom(...FRAMING), fc.string({ maxLength: 5 })))
    .map((t) => Buffer.from(t.join(''))),
);

// Names the form builder or the policy owns, or that would change what the form means.
const RESERVED_FIELD =
  /^(file|key|policy|signature|awsaccesskeyid|bucket|x-amz-(credential|algorithm|date|signature|security-token|checksum-.*))$/i;
const fieldName = fc
  .oneof(
    fc.constantFrom(
      'Content-Type',
      'acl',
      'success_action_status',
      'x-amz-meta-tag',
      'X-Amz-Meta-Note',
      'x-ignore-me',
    ),
    fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/),
  )
  .filter((n) => !RESERVED_FIELD.test(n));

/** How the parts are written: header spelling, padding, extra headers. */
const partStyle = fc.record({
  disposition: fc.constantFrom('Content-Disposition', 'content-disposition', 'CONTENT-DISPOSITION'),
  padding: fc.constantFrom('', ' ', '\t '),
  extraHeader: fc.constantFrom('', 'Content-Type: text/plain\r\n', 'X-Other: 1\r\n'),
  quoteName: fc.boolean(),
});

const formModel = fc
  .record({
    boundary,
    fields: fc.uniqueArray(fc.tuple(fieldName, fieldValue), {
      selector: ([n]) => n.toLowerCase(),
      maxLength: 6,
    }),
    key: fc.tuple(fc.constantFrom('', 'user/', 'a b/'), fieldValue, fc.boolean()),
    filename: fc.option(
      fc.oneof(
        fc.constantFrom('cat.jpg', 'C:\\Users\\eric\\a b.png', 'dir/sub/x.txt', ''),
        fc.stringMatching(/^[^"\r\n]{0,12}$/),
      ),
      { nil: undefined },
    ),
    data: fileData,
    after: fc.array(fc.tuple(fieldName, fieldValue), { maxLength: 2 }),
    preamble: fc.constantFrom('', 'This is a preamble.\r\n', '\r\n'),
    epilogue: fc.constantFrom('', '\r\n', 'epilogue bytes'),
    styles: fc.array(partStyle, { minLength: 1, maxLength: 4 }),
    order: fc.array(fc.nat(), { maxLength: 12 }),
  })
  // The form's own delimiter cannot appear inside a value or the file: it would end the part.
  .filter((m) => {
    const delimiter = Buffer.from(`\r\n--${m.boundary}`, 'latin1');
    const values = [...m.fields.map(([, value]) => value), m.key[1]];
    return [...values.map((s) => Buffer.from(s)), m.data].every(
      (b) => Buffer.concat([b, delimiter]).indexOf(delimiter) === b.length,
    );
  });

type FormModel = ValueOf<typeof formModel>;

interface Form {
  body: Buffer;
  contentType: string;
  /** What the upload must report. */
  key: string;
  fields: Map<string, string>;
  filename: string | undefined;
  data: Buffer;
}

function build(m: FormModel): Form {
  const style = (i: number) => m.styles[i % m.styles.length]!;
  const part = (i: number, name: string, filename?: string): string => {
    const s = style(i);
    const quoted = s.quoteName || !/^[A-Za-z0-9_-]+$/.test(name) ? `"${name}"` : name;
    const file = filename === undefined ? '' : `; filename="${filename}"`;
    return `--${m.boundary}${s.padding}\r\n${s.disposition}: form-data; name=${quoted}${file}\r\n${s.extraHeader}\r\n`;
  };
  const key = `${m.key[0]}${m.key[1]}${m.key[2] ? '${filename}' : ''}`;
  const signed = signPolicy(
    [
      { bucket: 'photos' },
      ['starts-with', '$key', ''],
      ...m.fields.map(([name]) => ['starts-with', `$${name}`, '']),
    ],
    { expiration: EXPIRES, date: NOW },
  );
  const all: [string, string][] = [['key', key], ...m.fields, ...signed];
  const rank = all.map((_, i) => m.order[i] ?? i);
  const ordered = all.map((f, i) => [rank[i]!, f] as const).sort((a, b) => a[0] - b[0]);
  const pieces: Buffer[] = [Buffer.from(m.preamble)];
  ordered.forEach(([, [name, value]], i) =>
    pieces.push(Buffer.from(`${part(i, name)}${value}\r\n`)),
  );
  pieces.push(Buffer.from(part(all.length, 'file', m.filename)), m.data, Buffer.from('\r\n'));
  m.after.forEach(([name, value], i) => pieces.push(Buffer.from(`${part(i, name)}${value}\r\n`)));
  pieces.push(Buffer.from(`--${m.boundary}--${m.epilogue}`));
  const base =
    m.filename === undefined
      ? undefined
      : m.filename.slice(Math.max(m.filename.lastIndexOf('/'), m.filename.lastIndexOf('\\')) + 1);
  const fields = new Map(all.map(([n, value]) => [n.toLowerCase(), value]));
  const finalKey = key.replaceAll('${filename}', base ?? '');
  fields.set('key', finalKey);
  return {
    body: Buffer.concat(pieces),
    contentType: `multipart/form-data; boundary=${/[()+,/:=?']/.test(m.boundary) ? `"${m.boundary}"` : m.boundary}`,
    key: finalKey,
    fields,
    filename: base,
    data: m.data,
  };
}

type Outcome =
  | {
      ok: true;
      key: string;
      fields: Map<string, string>;
      filename: string | undefined;
      data: Buffer;
    }
  | { ok: false; error: unknown };

/** Parses `pieces` and reads the file to its end; a failure anywhere is the outcome. */
async function upload(contentType: string, pieces: Buffer[]): Promise<Outcome> {
  try {
    const up = await parsePostObject(Readable.from(pieces), {
      verifier: v,
      bucket: 'photos',
      contentType,
      now: () => NOW,
    });
    const out: Buffer[] = [];
    await pipeline(
      up.file,
      new Writable({
        write(chunk: Buffer, _enc, cb) {
          out.push(chunk);
          cb();
        },
      }),
    );
    return {
      ok: true,
      key: up.key,
      fields: new Map(up.fields),
      filename: up.filename,
      data: Buffer.concat(out),
    };
  } catch (error) {
    return { ok: false, error };
  }
}

function expectSigV4Error(outcome: Outcome): SigV4Error {
  if (outcome.ok) expect.unreachable('expected the form to be rejected');
  expect(SigV4Error.is(outcome.error), `not a SigV4Error: ${String(outcome.error)}`).toBe(true);
  return outcome.error as SigV4Error;
}

const form = formModel.map(build);

describe('parsePostObject (fuzz)', () => {
  it('reads the same fields and file bytes from a valid form split anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(form, cuts, async (f, at) => {
        const outcome = await upload(f.contentType, splitAt(f.body, at));
        if (!outcome.ok) expect.unreachable(`rejected: ${String(outcome.error)}`);
        expect(outcome.key).toBe(f.key);
        expect(outcome.filename).toBe(f.filename);
        expect(outcome.fields).toEqual(f.fields);
        expect(outcome.data.equals(f.data)).toBe(true);
      }),
      { numRuns, timeout },
    );
  });

  it('rejects random bytes with a SigV4Error, never another error, never hanging', async () => {
    const garbage = fc.oneof(
      fc.uint8Array({ maxLength: 500 }).map((a) => Buffer.from(a)),
      fc
        .array(
          fc.constantFrom(
            '--b',
            '--b--',
            '\r\n',
            'Content-Disposition: form-data; name="file"; filename="a"',
            'Content-Disposition: form-data; name="key"',
            'name="x"',
            ';',
            '"',
            ':',
            'x',
          ),
          { maxLength: 30 },
        )
        .map((t) => Buffer.from(t.join(''))),
    );
    await fc.assert(
      fc.asyncProperty(garbage, cuts, async (body, at) => {
        // Unsigned: whatever the bytes, at best a form without a valid policy signature.
        expectSigV4Error(await upload('multipart/form-data; boundary=b', splitAt(body, at)));
      }),
      { numRuns, timeout },
    );
  });

  it('answers every corruption of a valid form with a SigV4Error or a complete upload', async () => {
    const seen = { ok: 0, error: 0 };
    const corrupted = fc
      .tuple(
        form,
        fc.nat(),
        fc.constantFrom('flip', 'truncate', 'insert', 'delete'),
        fc.integer({ min: 1, max: 255 }),
        cuts,
      )
      .map(([f, pos, kind, byte, at]) => {
        const i = pos % Math.max(1, f.body.length);
        const b = f.body;
        const body =
          kind === 'flip'
            ? Buffer.concat([
                b.subarray(0, i),
                Buffer.from([(b[i] ?? 0) ^ byte]),
                b.subarray(i + 1),
              ])
            : kind === 'truncate'
              ? b.subarray(0, i)
              : kind === 'insert'
                ? Buffer.concat([b.subarray(0, i), Buffer.from([byte]), b.subarray(i)])
                : Buffer.concat([b.subarray(0, i), b.subarray(i + 1 + (byte % 8))]);
        return { f, pieces: splitAt(body, at) };
      });
    await fc.assert(
      fc.asyncProperty(corrupted, async ({ f, pieces }) => {
        const outcome = await upload(f.contentType, pieces);
        seen[outcome.ok ? 'ok' : 'error']++;
        if (!outcome.ok) expectSigV4Error(outcome);
      }),
      { numRuns, timeout },
    );
    // Both ends were reached: a changed file byte is no error (the policy does not sign the file).
    expect(seen.error).toBeGreaterThan(0);
    expect(seen.ok).toBeGreaterThan(0);
  });

  it('reads a boundary from any Content-Type or refuses it with a SigV4Error', () => {
    const contentType = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc
        .tuple(
          fc.constantFrom('multipart/form-data', 'Multipart/Form-Data', 'text/plain', ''),
          fc.array(
            fc.tuple(
              fc.constantFrom('boundary', 'Boundary', 'charset', ''),
              fc.string({ maxLength: 80 }),
            ),
          ),
        )
        .map(([type, params]) => [type, ...params.map(([k, val]) => `${k}=${val}`)].join('; ')),
    );
    fc.assert(
      fc.property(contentType, (ct) => {
        try {
          const b = parseFormBoundary(ct);
          expect(b.length).toBeGreaterThanOrEqual(1);
          expect(b.length).toBeLessThanOrEqual(70);
        } catch (err) {
          expect(SigV4Error.is(err), `not a SigV4Error: ${String(err)}`).toBe(true);
        }
      }),
      { numRuns },
    );
  });
});
