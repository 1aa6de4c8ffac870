import { describe, expect, it } from 'vitest';
import { parseNotificationConfiguration } from './parse-notification-configuration.js';
import { serializeNotificationConfiguration } from './serialize-notification-configuration.js';

const wrap = (body: string) =>
  `<NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${body}</NotificationConfiguration>`;

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('parseNotificationConfiguration', () => {
  it('reads every destination kind with its id, events and filter rules, in S3 order', () => {
    const parsed = parseNotificationConfiguration(
      wrap(
        '<QueueConfiguration><Id> q1 </Id><Queue>arn:strata:sqs::hooks:webhook</Queue>' +
          '<Event>s3:ObjectCreated:*</Event><Event>s3:ObjectRemoved:Delete</Event>' +
          '<Filter><S3Key><FilterRule><Name>prefix</Name><Value>logs/ </Value></FilterRule>' +
          '<FilterRule><Name>Suffix</Name><Value>.gz</Value></FilterRule></S3Key></Filter>' +
          '</QueueConfiguration>' +
          '<TopicConfiguration><Topic>arn:t</Topic><Event>s3:ObjectRemoved:*</Event></TopicConfiguration>' +
          '<CloudFunctionConfiguration><CloudFunction>arn:f</CloudFunction><Event>s3:ObjectCreated:Put</Event></CloudFunctionConfiguration>',
      ),
    );
    expect(parsed).toEqual({
      eventBridge: false,
      destinations: [
        { kind: 'topic', arn: 'arn:t', events: ['s3:ObjectRemoved:*'], filterRules: [] },
        {
          kind: 'queue',
          id: 'q1',
          arn: 'arn:strata:sqs::hooks:webhook',
          events: ['s3:ObjectCreated:*', 's3:ObjectRemoved:Delete'],
          filterRules: [
            { name: 'prefix', value: 'logs/ ' },
            { name: 'Suffix', value: '.gz' },
          ],
        },
        { kind: 'function', arn: 'arn:f', events: ['s3:ObjectCreated:Put'], filterRules: [] },
      ],
    });
  });

  it('takes an empty configuration (which removes them all) and notes EventBridge', () => {
    expect(parseNotificationConfiguration(wrap(''))).toEqual({
      destinations: [],
      eventBridge: false,
    });
    expect(parseNotificationConfiguration(wrap('<EventBridgeConfiguration/>')).eventBridge).toBe(
      true,
    );
  });

  it('answers MalformedXML for a destination without an ARN or an event, or a rule without a name', () => {
    for (const body of [
      '<QueueConfiguration><Event>s3:ObjectCreated:*</Event></QueueConfiguration>',
      '<QueueConfiguration><Queue>arn:q</Queue></QueueConfiguration>',
      '<QueueConfiguration><Queue>arn:q</Queue><Queue>arn:r</Queue><Event>e</Event></QueueConfiguration>',
      '<QueueConfiguration><Queue>arn:q</Queue><Event>e</Event><Filter><S3Key><FilterRule><Value>x</Value></FilterRule></S3Key></Filter></QueueConfiguration>',
    ]) {
      expect(codeOf(() => parseNotificationConfiguration(wrap(body)))).toBe('MalformedXML');
    }
    expect(codeOf(() => parseNotificationConfiguration('<Other/>'))).toBe('MalformedXML');
  });
});

describe('serializeNotificationConfiguration', () => {
  it('renders topics, queues and functions with their filters, and an empty document for none', () => {
    expect(
      serializeNotificationConfiguration([
        {
          kind: 'queue',
          id: 'q',
          arn: 'arn:q',
          events: ['s3:ObjectCreated:*'],
          prefix: 'a&b/',
          suffix: '.gz',
        },
        { kind: 'topic', id: 't', arn: 'arn:t', events: ['s3:ObjectRemoved:*'] },
      ]),
    ).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        wrap(
          '<TopicConfiguration><Id>t</Id><Topic>arn:t</Topic><Event>s3:ObjectRemoved:*</Event></TopicConfiguration>' +
            '<QueueConfiguration><Id>q</Id><Queue>arn:q</Queue><Event>s3:ObjectCreated:*</Event>' +
            '<Filter><S3Key><FilterRule><Name>Prefix</Name><Value>a&amp;b/</Value></FilterRule>' +
            '<FilterRule><Name>Suffix</Name><Value>.gz</Value></FilterRule></S3Key></Filter></QueueConfiguration>',
        ),
    );
    expect(serializeNotificationConfiguration([])).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' + wrap(''),
    );
  });
});
