/**
 * The ceiling peer: a raw `node:http` server that streams a PUT body to a file and a file back
 * on GET, with no auth, no metadata store, no XML. Whatever Strata loses against it is the cost
 * of being an S3 server on this runtime and disk. Run as its own process:
 *
 *   node --import tsx raw-file-server.ts DIR PORT [md5|plain]
 *
 * With `md5` every PUT body is also hashed (what an S3 ETag costs) and the hex digest returned
 * as the ETag. Keys map to flat file names (encodeURIComponent of the path).
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { stat, unlink } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const [dir = '.', port = '0', mode = 'plain'] = process.argv.slice(2);
const withMd5 = mode === 'md5';

function fileOf(url: string): string {
  return join(dir, encodeURIComponent(url.split('?')[0] ?? '/'));
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = req.url ?? '/';
  const isBucket = url.split('?')[0]?.split('/').filter(Boolean).length === 1;
  if (url === '/' || (isBucket && req.method === 'PUT')) {
    req.resume();
    res.end();
    return;
  }
  const file = fileOf(url);
  switch (req.method) {
    case 'PUT': {
      const hash = createHash('md5');
      const tap = new Transform({
        transform(chunk: Buffer, _enc, done) {
          if (withMd5) hash.update(chunk);
          done(null, chunk);
        },
      });
      await pipeline(req, tap, createWriteStream(file));
      res.setHeader('etag', withMd5 ? `"${hash.digest('hex')}"` : '"raw"');
      res.end();
      return;
    }
    case 'GET':
    case 'HEAD': {
      const info = await stat(file);
      res.setHeader('content-length', info.size);
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      await pipeline(createReadStream(file, { highWaterMark: 256 * 1024 }), res);
      return;
    }
    case 'DELETE':
      await unlink(file).catch(() => undefined);
      res.statusCode = 204;
      res.end();
      return;
    default:
      res.statusCode = 405;
      res.end();
  }
}

const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
  handle(req, res).catch(() => {
    if (!res.headersSent) res.statusCode = 404;
    res.end();
  });
});
server.listen(Number(port), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
