import { describe, expect, it } from 'vitest';
import { parseTagging } from './parse-tagging.js';
import { serializeTagging } from './serialize-tagging.js';
import { expectS3Error } from './testing/expect-s3-error.js';

describe('parseTagging / serializeTagging', () => {
  it('reads tags in order, exactly as sent, and writes them back', () => {
    const xml =
      '<?xml version="1.0"?><Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet>' +
      '<Tag><Key> sp ace </Key><Value>a&amp;b</Value></Tag><Tag><Key>k</Key><Value></Value></Tag>' +
      '</TagSet></Tagging>';
    const tags = parseTagging(xml);
    expect(tags).toEqual([
      { key: ' sp ace ', value: 'a&b' },
      { key: 'k', value: '' },
    ]);
    expect(parseTagging(serializeTagging(tags))).toEqual(tags);
    expect(serializeTagging([])).toContain(
      '<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet/></Tagging>',
    );
  });

  it('an empty TagSet is no tags', () => {
    expect(parseTagging('<Tagging><TagSet/></Tagging>')).toEqual([]);
  });

  it.each([
    ['not XML', 'tags'],
    ['another root', '<Tags><TagSet/></Tags>'],
    ['no TagSet', '<Tagging></Tagging>'],
    ['a Tag without Value', '<Tagging><TagSet><Tag><Key>k</Key></Tag></TagSet></Tagging>'],
    ['two Keys', '<Tagging><TagSet><Tag><Key>a</Key><Key>b</Key><Value/></Tag></TagSet></Tagging>'],
    [
      'nested elements in a Key',
      '<Tagging><TagSet><Tag><Key><b/></Key><Value/></Tag></TagSet></Tagging>',
    ],
  ])('rejects %s as MalformedXML', (_name, xml) => {
    expectS3Error(() => parseTagging(xml), 'MalformedXML');
  });
});
