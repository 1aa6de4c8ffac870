import { describe, expect, it } from 'vitest';
import {
  parseLifecycleConfiguration,
  type LifecycleRuleXml,
} from './parse-lifecycle-configuration.js';
import {
  serializeLifecycleConfiguration,
  type LifecycleRuleOutput,
} from './serialize-lifecycle-configuration.js';
import { expectS3Error } from './testing/expect-s3-error.js';

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** A body of `rules`, each already XML. */
const doc = (...rules: string[]) =>
  `<LifecycleConfiguration xmlns="${NS}">${rules.map((r) => `<Rule>${r}</Rule>`).join('')}</LifecycleConfiguration>`;

/** The one rule of a body of one rule. */
function onlyRule(rule: string): LifecycleRuleXml {
  const [first, ...rest] = parseLifecycleConfiguration(doc(rule));
  expect(rest).toEqual([]);
  return first!;
}

/** What a caller would store for a parsed rule: tags as a record, no transitions. */
function toOutput(rule: LifecycleRuleXml): LifecycleRuleOutput {
  const { transitions: _t, noncurrentVersionTransitions: _n, filter, ...rest } = rule;
  const { tags, ...conditions } = filter!;
  return {
    ...rest,
    filter: {
      ...conditions,
      ...(tags === undefined
        ? {}
        : { tags: Object.fromEntries(tags.map((t) => [t.key, t.value])) }),
    },
  };
}

const noTransitions = { transitions: [], noncurrentVersionTransitions: [] };

describe('parseLifecycleConfiguration', () => {
  // PutBucketLifecycleConfiguration, S3 API reference, "Example 1: Add lifecycle configuration".
  it('reads the API reference example: an And filter with a tag, a transition, an expiration', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<LifecycleConfiguration xmlns="${NS}">
  <Rule>
    <ID>id1</ID>
    <Filter>
       <And>
          <Prefix>documents/</Prefix>
          <Tag>
             <Key>key1</Key>
             <Value>value1</Value>
          </Tag>
       </And>
    </Filter>
    <Status>Enabled</Status>
    <Transition>
      <Days>30</Days>
      <StorageClass>GLACIER</StorageClass>
    </Transition>
  </Rule>
  <Rule>
    <ID>id2</ID>
    <Filter>
       <Prefix>logs/</Prefix>
    </Filter>
    <Status>Enabled</Status>
    <Expiration>
      <Days>365</Days>
    </Expiration>
  </Rule>
</LifecycleConfiguration>`;
    expect(parseLifecycleConfiguration(xml)).toEqual([
      {
        id: 'id1',
        status: 'Enabled',
        filter: { form: 'and', prefix: 'documents/', tags: [{ key: 'key1', value: 'value1' }] },
        transitions: [{ days: 30, storageClass: 'GLACIER' }],
        noncurrentVersionTransitions: [],
      },
      {
        id: 'id2',
        status: 'Enabled',
        filter: { form: 'filter', prefix: 'logs/' },
        expiration: { days: 365 },
        ...noTransitions,
      },
    ]);
  });

  // S3 User Guide, "Examples of S3 Lifecycle configurations": delete markers, incomplete
  // uploads, size ranges, and the legacy rule-level prefix.
  it('reads the user guide examples', () => {
    expect(
      onlyRule(
        '<ID>ExampleRule</ID><Filter><Prefix>logs/</Prefix></Filter><Status>Enabled</Status>' +
          '<Expiration><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration>' +
          '<NoncurrentVersionExpiration><NoncurrentDays>30</NoncurrentDays>' +
          '<NewerNoncurrentVersions>2</NewerNoncurrentVersions></NoncurrentVersionExpiration>',
      ),
    ).toEqual({
      id: 'ExampleRule',
      status: 'Enabled',
      filter: { form: 'filter', prefix: 'logs/' },
      expiration: { expiredObjectDeleteMarker: true },
      noncurrentVersionExpiration: { noncurrentDays: 30, newerNoncurrentVersions: 2 },
      ...noTransitions,
    });
    expect(
      onlyRule(
        '<ID>sample-rule</ID><Filter><Prefix>SomeKeyPrefix/</Prefix></Filter>' +
          '<Status>Enabled</Status><AbortIncompleteMultipartUpload>' +
          '<DaysAfterInitiation>7</DaysAfterInitiation></AbortIncompleteMultipartUpload>',
      ),
    ).toMatchObject({ abortIncompleteMultipartUploadDays: 7 });
    expect(
      onlyRule(
        '<ID>Transition with a prefix and based on size</ID><Filter><And><Prefix>tax/</Prefix>' +
          '<ObjectSizeGreaterThan>500</ObjectSizeGreaterThan>' +
          '<ObjectSizeLessThan>64000</ObjectSizeLessThan></And></Filter><Status>Enabled</Status>' +
          '<Transition><Date>2023-12-31T00:00:00.000Z</Date><StorageClass>GLACIER</StorageClass>' +
          '</Transition><NoncurrentVersionTransition><NoncurrentDays>30</NoncurrentDays>' +
          '<StorageClass>STANDARD_IA</StorageClass></NoncurrentVersionTransition>',
      ),
    ).toMatchObject({
      filter: {
        form: 'and',
        prefix: 'tax/',
        objectSizeGreaterThan: 500,
        objectSizeLessThan: 64000,
      },
      transitions: [{ date: '2023-12-31T00:00:00.000Z', storageClass: 'GLACIER' }],
      noncurrentVersionTransitions: [{ noncurrentDays: 30, storageClass: 'STANDARD_IA' }],
    });
    expect(
      onlyRule('<ID>r</ID><Prefix>projectdocs/</Prefix><Status>Disabled</Status>'),
    ).toMatchObject({ filter: { form: 'rule-prefix', prefix: 'projectdocs/' } });
  });

  it.each([
    ['<Filter/>', { form: 'filter' }],
    ['<Filter></Filter>', { form: 'filter' }],
    ['<Filter> </Filter>', { form: 'filter' }],
    ['<Filter><Prefix/></Filter>', { form: 'filter', prefix: '' }],
    ['<Prefix></Prefix>', { form: 'rule-prefix', prefix: '' }],
    [
      '<Filter><Tag><Key>k</Key><Value>v</Value></Tag></Filter>',
      { form: 'filter', tags: [{ key: 'k', value: 'v' }] },
    ],
    // "If you specify only a Key element and no Value element…" (user guide): the empty value.
    [
      '<Filter><Tag><Key>k</Key></Tag></Filter>',
      { form: 'filter', tags: [{ key: 'k', value: '' }] },
    ],
    [
      '<Filter><ObjectSizeGreaterThan>0</ObjectSizeGreaterThan></Filter>',
      { form: 'filter', objectSizeGreaterThan: 0 },
    ],
    [
      '<Filter><ObjectSizeLessThan> 10 </ObjectSizeLessThan></Filter>',
      { form: 'filter', objectSizeLessThan: 10 },
    ],
    ['<Filter><And/></Filter>', { form: 'and' }],
    [
      '<Filter><And><Tag><Key>a</Key><Value>1</Value></Tag><Tag><Key>a</Key><Value>2</Value></Tag></And></Filter>',
      {
        form: 'and',
        tags: [
          { key: 'a', value: '1' },
          { key: 'a', value: '2' },
        ],
      },
    ],
    ['', undefined],
  ])('reads the filter %s', (filter, expected) => {
    expect(onlyRule(`${filter}<Status>Enabled</Status>`).filter).toEqual(expected);
  });

  it('keeps IDs, prefixes and tags byte for byte, and values the semantic checks judge', () => {
    expect(
      onlyRule(
        '<ID> a&amp;b </ID><Status> Enabledish </Status><Filter><And><Prefix> p&lt;/</Prefix>' +
          '<Tag><Key> k </Key><Value><![CDATA[ <v> ]]></Value></Tag></And></Filter>' +
          '<Expiration><Days>-3</Days><Date> 2024-01-01T12:00:00Z </Date>' +
          '<ExpiredObjectDeleteMarker>false</ExpiredObjectDeleteMarker></Expiration>' +
          '<NoncurrentVersionExpiration><NoncurrentDays>+0</NoncurrentDays>' +
          '<NewerNoncurrentVersions>500</NewerNoncurrentVersions></NoncurrentVersionExpiration>',
      ),
    ).toEqual({
      id: ' a&b ',
      status: 'Enabledish',
      filter: { form: 'and', prefix: ' p</', tags: [{ key: ' k ', value: ' <v> ' }] },
      expiration: { days: -3, date: '2024-01-01T12:00:00Z', expiredObjectDeleteMarker: false },
      noncurrentVersionExpiration: { noncurrentDays: 0, newerNoncurrentVersions: 500 },
      ...noTransitions,
    });
  });

  it('accepts namespace prefixes on every element', () => {
    expect(
      parseLifecycleConfiguration(
        `<s3:LifecycleConfiguration xmlns:s3="${NS}"><s3:Rule><s3:Status>Enabled</s3:Status>` +
          '<s3:Filter><s3:Prefix>x</s3:Prefix></s3:Filter></s3:Rule></s3:LifecycleConfiguration>',
      ),
    ).toEqual([{ status: 'Enabled', filter: { form: 'filter', prefix: 'x' }, ...noTransitions }]);
  });

  const ok = '<Status>Enabled</Status><Filter/>';
  it.each([
    ['not XML', 'lifecycle'],
    ['another root', '<LifecycleRules><Rule><Status>Enabled</Status></Rule></LifecycleRules>'],
    ['no rule', '<LifecycleConfiguration></LifecycleConfiguration>'],
    [
      'text in the root',
      '<LifecycleConfiguration>x<Rule><Status>Enabled</Status></Rule></LifecycleConfiguration>',
    ],
    [
      'an unknown element in the root',
      doc(ok).replace('</LifecycleConfiguration>', '<Foo/></LifecycleConfiguration>'),
    ],
    ['a DOCTYPE', `<!DOCTYPE x [<!ENTITY e "x">]>${doc(ok)}`],
    ['a rule without Status', doc('<ID>a</ID><Filter/>')],
    ['two Status', doc(`${ok}<Status>Enabled</Status>`)],
    ['two IDs', doc(`<ID>a</ID><ID>b</ID>${ok}`)],
    ['an unknown rule element', doc(`${ok}<Tag><Key>k</Key></Tag>`)],
    ['a misspelt rule element', doc(`${ok}<Expirations><Days>1</Days></Expirations>`)],
    ['an ID with child elements', doc(`<ID><x/></ID>${ok}`)],
    ['both Filter and Prefix', doc('<Status>Enabled</Status><Filter/><Prefix>a</Prefix>')],
    ['two Filters', doc(`${ok}<Filter/>`)],
    [
      'two rule-level Prefixes',
      doc('<Status>Enabled</Status><Prefix>a</Prefix><Prefix>b</Prefix>'),
    ],
    [
      'Prefix and Tag under Filter',
      doc(
        '<Status>Enabled</Status><Filter><Prefix>a</Prefix><Tag><Key>k</Key><Value>v</Value></Tag></Filter>',
      ),
    ],
    [
      'two Tags under Filter',
      doc(
        '<Status>Enabled</Status><Filter><Tag><Key>a</Key></Tag><Tag><Key>b</Key></Tag></Filter>',
      ),
    ],
    [
      'both sizes under Filter',
      doc(
        '<Status>Enabled</Status><Filter><ObjectSizeGreaterThan>1</ObjectSizeGreaterThan><ObjectSizeLessThan>9</ObjectSizeLessThan></Filter>',
      ),
    ],
    [
      'And beside a Prefix',
      doc('<Status>Enabled</Status><Filter><And/><Prefix>a</Prefix></Filter>'),
    ],
    ['two Ands', doc('<Status>Enabled</Status><Filter><And/><And/></Filter>')],
    [
      'an unknown Filter element',
      doc('<Status>Enabled</Status><Filter><Suffix>a</Suffix></Filter>'),
    ],
    ['text in a Filter', doc('<Status>Enabled</Status><Filter>logs/</Filter>')],
    ['an And in an And', doc('<Status>Enabled</Status><Filter><And><And/></And></Filter>')],
    [
      'two Prefixes in And',
      doc(
        '<Status>Enabled</Status><Filter><And><Prefix>a</Prefix><Prefix>b</Prefix></And></Filter>',
      ),
    ],
    [
      'a Tag without Key',
      doc('<Status>Enabled</Status><Filter><Tag><Value>v</Value></Tag></Filter>'),
    ],
    [
      'a Tag with two Keys',
      doc('<Status>Enabled</Status><Filter><Tag><Key>a</Key><Key>b</Key></Tag></Filter>'),
    ],
    [
      'an unknown Tag element',
      doc('<Status>Enabled</Status><Filter><Tag><Key>a</Key><Name>b</Name></Tag></Filter>'),
    ],
    [
      'a size that is not an integer',
      doc('<Status>Enabled</Status><Filter><ObjectSizeLessThan>1.5</ObjectSizeLessThan></Filter>'),
    ],
    [
      'a size beyond a long',
      doc(
        '<Status>Enabled</Status><Filter><ObjectSizeLessThan>99999999999999999999</ObjectSizeLessThan></Filter>',
      ),
    ],
    [
      'two Expirations',
      doc(`${ok}<Expiration><Days>1</Days></Expiration><Expiration><Days>2</Days></Expiration>`),
    ],
    ['two Days', doc(`${ok}<Expiration><Days>1</Days><Days>2</Days></Expiration>`)],
    ['Days that are not an integer', doc(`${ok}<Expiration><Days>1d</Days></Expiration>`)],
    ['empty Days', doc(`${ok}<Expiration><Days></Days></Expiration>`)],
    ['Days beyond an int', doc(`${ok}<Expiration><Days>2147483648</Days></Expiration>`)],
    ['an unknown Expiration element', doc(`${ok}<Expiration><Weeks>1</Weeks></Expiration>`)],
    [
      'ExpiredObjectDeleteMarker other than true/false',
      doc(`${ok}<Expiration><ExpiredObjectDeleteMarker>1</ExpiredObjectDeleteMarker></Expiration>`),
    ],
    [
      'ExpiredObjectDeleteMarker in capitals',
      doc(
        `${ok}<Expiration><ExpiredObjectDeleteMarker>TRUE</ExpiredObjectDeleteMarker></Expiration>`,
      ),
    ],
    [
      'NoncurrentVersionExpiration without NoncurrentDays',
      doc(
        `${ok}<NoncurrentVersionExpiration><NewerNoncurrentVersions>1</NewerNoncurrentVersions></NoncurrentVersionExpiration>`,
      ),
    ],
    [
      'NoncurrentDays that are not an integer',
      doc(
        `${ok}<NoncurrentVersionExpiration><NoncurrentDays>x</NoncurrentDays></NoncurrentVersionExpiration>`,
      ),
    ],
    [
      'NewerNoncurrentVersions that are not an integer',
      doc(
        `${ok}<NoncurrentVersionExpiration><NoncurrentDays>1</NoncurrentDays><NewerNoncurrentVersions>1e2</NewerNoncurrentVersions></NoncurrentVersionExpiration>`,
      ),
    ],
    [
      'AbortIncompleteMultipartUpload without DaysAfterInitiation',
      doc(`${ok}<AbortIncompleteMultipartUpload/>`),
    ],
    [
      'two AbortIncompleteMultipartUpload',
      doc(
        `${ok}<AbortIncompleteMultipartUpload><DaysAfterInitiation>1</DaysAfterInitiation></AbortIncompleteMultipartUpload><AbortIncompleteMultipartUpload><DaysAfterInitiation>1</DaysAfterInitiation></AbortIncompleteMultipartUpload>`,
      ),
    ],
    [
      'DaysAfterInitiation that is not an integer',
      doc(
        `${ok}<AbortIncompleteMultipartUpload><DaysAfterInitiation>seven</DaysAfterInitiation></AbortIncompleteMultipartUpload>`,
      ),
    ],
    [
      'a Transition with an unknown element',
      doc(`${ok}<Transition><Days>1</Days><Class>GLACIER</Class></Transition>`),
    ],
    [
      'Transition Days that are not an integer',
      doc(`${ok}<Transition><Days>one</Days><StorageClass>GLACIER</StorageClass></Transition>`),
    ],
    [
      'a NoncurrentVersionTransition with two StorageClasses',
      doc(
        `${ok}<NoncurrentVersionTransition><NoncurrentDays>1</NoncurrentDays><StorageClass>GLACIER</StorageClass><StorageClass>GLACIER</StorageClass></NoncurrentVersionTransition>`,
      ),
    ],
  ])('rejects %s as MalformedXML', (_name, xml) => {
    expectS3Error(() => parseLifecycleConfiguration(xml), 'MalformedXML');
  });
});

describe('serializeLifecycleConfiguration', () => {
  it("writes each rule's elements in the order S3 answers them, text escaped", () => {
    expect(
      serializeLifecycleConfiguration([
        {
          id: 'a&b',
          status: 'Enabled',
          filter: {
            form: 'and',
            prefix: 'p<',
            tags: { k: 'v"', k2: '' },
            objectSizeGreaterThan: 1,
          },
          expiration: { days: 30 },
          noncurrentVersionExpiration: { noncurrentDays: 7, newerNoncurrentVersions: 3 },
        },
        {
          id: 'm',
          status: 'Disabled',
          filter: { form: 'rule-prefix', prefix: 'logs/' },
          expiration: { expiredObjectDeleteMarker: true },
          abortIncompleteMultipartUploadDays: 2,
        },
        {
          id: 'd',
          status: 'Enabled',
          filter: { form: 'filter' },
          expiration: { date: '2030-01-01T00:00:00.000Z' },
        },
      ]),
    ).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n<LifecycleConfiguration xmlns="${NS}">` +
        '<Rule><Expiration><Days>30</Days></Expiration><ID>a&amp;b</ID>' +
        '<Filter><And><Prefix>p&lt;</Prefix><Tag><Key>k</Key><Value>v&quot;</Value></Tag>' +
        '<Tag><Key>k2</Key><Value></Value></Tag><ObjectSizeGreaterThan>1</ObjectSizeGreaterThan>' +
        '</And></Filter><Status>Enabled</Status><NoncurrentVersionExpiration>' +
        '<NoncurrentDays>7</NoncurrentDays><NewerNoncurrentVersions>3</NewerNoncurrentVersions>' +
        '</NoncurrentVersionExpiration></Rule>' +
        '<Rule><Expiration><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration>' +
        '<ID>m</ID><Prefix>logs/</Prefix><Status>Disabled</Status><AbortIncompleteMultipartUpload>' +
        '<DaysAfterInitiation>2</DaysAfterInitiation></AbortIncompleteMultipartUpload></Rule>' +
        '<Rule><Expiration><Date>2030-01-01T00:00:00.000Z</Date></Expiration><ID>d</ID>' +
        '<Filter></Filter><Status>Enabled</Status></Rule></LifecycleConfiguration>',
    );
  });

  it.each([
    ['an empty filter', '<Filter/>'],
    ['a filter prefix', '<Filter><Prefix>a/</Prefix></Filter>'],
    ['an empty filter prefix', '<Filter><Prefix></Prefix></Filter>'],
    ['a filter tag', '<Filter><Tag><Key>k</Key><Value>v</Value></Tag></Filter>'],
    ['a lower size bound', '<Filter><ObjectSizeGreaterThan>5</ObjectSizeGreaterThan></Filter>'],
    ['an upper size bound', '<Filter><ObjectSizeLessThan>5</ObjectSizeLessThan></Filter>'],
    [
      'an And of everything',
      '<Filter><And><Prefix>x</Prefix><Tag><Key>a</Key><Value>1</Value></Tag><Tag><Key>b</Key><Value>2</Value></Tag><ObjectSizeGreaterThan>1</ObjectSizeGreaterThan><ObjectSizeLessThan>9</ObjectSizeLessThan></And></Filter>',
    ],
    ['a rule-level prefix', '<Prefix>a/</Prefix>'],
    ['an empty rule-level prefix', '<Prefix/>'],
  ])('round-trips %s through parse and serialize', (_name, filter) => {
    const rules = parseLifecycleConfiguration(
      doc(
        `<ID>r</ID>${filter}<Status>Enabled</Status><Expiration><Days>1</Days></Expiration>` +
          '<NoncurrentVersionExpiration><NoncurrentDays>2</NoncurrentDays></NoncurrentVersionExpiration>' +
          '<AbortIncompleteMultipartUpload><DaysAfterInitiation>3</DaysAfterInitiation></AbortIncompleteMultipartUpload>',
        '<ID>s</ID><Filter/><Status>Disabled</Status><Expiration><ExpiredObjectDeleteMarker>false</ExpiredObjectDeleteMarker></Expiration>',
        '<ID>t</ID><Filter/><Status>Enabled</Status><Expiration><Date>2030-01-01T00:00:00.000Z</Date></Expiration>',
      ),
    );
    const output = rules.map(toOutput);
    expect(
      parseLifecycleConfiguration(serializeLifecycleConfiguration(output)).map(toOutput),
    ).toEqual(output);
  });
});
