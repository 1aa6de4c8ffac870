import { describe, expect, it } from 'vitest';
import { parseCorsConfiguration } from './parse-cors-configuration.js';
import { serializeCorsConfiguration } from './serialize-cors-configuration.js';
import { expectS3Error } from './testing/expect-s3-error.js';

describe('parseCorsConfiguration / serializeCorsConfiguration', () => {
  it('reads every element of every rule, in order, and writes them back', () => {
    const xml =
      '<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
      '<CORSRule><ID>uploads</ID><AllowedOrigin>https://*.example.com</AllowedOrigin>' +
      '<AllowedOrigin>http://localhost:8080</AllowedOrigin><AllowedMethod>PUT</AllowedMethod>' +
      '<AllowedMethod>POST</AllowedMethod><AllowedHeader>*</AllowedHeader>' +
      '<ExposeHeader>ETag</ExposeHeader><ExposeHeader>x-amz-request-id</ExposeHeader>' +
      '<MaxAgeSeconds> 3000 </MaxAgeSeconds></CORSRule>' +
      '<CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule>' +
      '</CORSConfiguration>';
    const rules = parseCorsConfiguration(xml);
    expect(rules).toEqual([
      {
        id: 'uploads',
        allowedOrigins: ['https://*.example.com', 'http://localhost:8080'],
        allowedMethods: ['PUT', 'POST'],
        allowedHeaders: ['*'],
        exposeHeaders: ['ETag', 'x-amz-request-id'],
        maxAgeSeconds: 3000,
      },
      { allowedOrigins: ['*'], allowedMethods: ['GET'], allowedHeaders: [], exposeHeaders: [] },
    ]);
    expect(parseCorsConfiguration(serializeCorsConfiguration(rules))).toEqual(rules);
  });

  it.each([
    ['not XML', 'cors'],
    ['another root', '<CORS><CORSRule/></CORS>'],
    ['no rule', '<CORSConfiguration></CORSConfiguration>'],
    [
      'a rule without AllowedMethod',
      '<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin></CORSRule></CORSConfiguration>',
    ],
    [
      'a rule without AllowedOrigin',
      '<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>',
    ],
    [
      'a MaxAgeSeconds that is not a number',
      '<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><MaxAgeSeconds>-1</MaxAgeSeconds></CORSRule></CORSConfiguration>',
    ],
    [
      'two IDs',
      '<CORSConfiguration><CORSRule><ID>a</ID><ID>b</ID><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>',
    ],
  ])('rejects %s as MalformedXML', (_name, xml) => {
    expectS3Error(() => parseCorsConfiguration(xml), 'MalformedXML');
  });
});
