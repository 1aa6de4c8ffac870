import type { NotificationDestinationXml } from '@strata/s3-xml';
import { describe, expect, it } from 'vitest';
import { toNotificationRules } from './notification-rules.js';

const ARN = 'arn:strata:sqs::hooks:webhook';
const resolve = (arn: string) => (arn === ARN ? 'hooks' : undefined);
const dest = (partial: Partial<NotificationDestinationXml>): NotificationDestinationXml => ({
  kind: 'queue',
  arn: ARN,
  events: ['s3:ObjectCreated:*'],
  filterRules: [],
  ...partial,
});
const rules = (...destinations: NotificationDestinationXml[]) =>
  toNotificationRules({ destinations, eventBridge: false }, resolve);

function errorOf(fn: () => unknown): { code?: string; message?: string } | undefined {
  try {
    fn();
  } catch (error) {
    return error as { code?: string; message?: string };
  }
  return undefined;
}

describe('toNotificationRules', () => {
  it('resolves targets, lower-cases filter names and makes up a missing id', () => {
    const [rule] = rules(
      dest({
        filterRules: [
          { name: 'Prefix', value: 'logs/' },
          { name: 'SUFFIX', value: '.gz' },
        ],
        events: ['s3:ObjectCreated:Put', 's3:ObjectCreated:Put', 's3:ObjectRemoved:*'],
      }),
    );
    expect(rule).toMatchObject({
      kind: 'queue',
      arn: ARN,
      target: 'hooks',
      events: ['s3:ObjectCreated:Put', 's3:ObjectRemoved:*'],
      prefix: 'logs/',
      suffix: '.gz',
    });
    expect(rule?.id).toMatch(/^[A-Za-z0-9+/=]{20,}$/);
    expect(rules(dest({ id: 'a' }))[0]?.id).toBe('a');
  });

  it('answers InvalidArgument as S3 does for bad events, filters, destinations and ids', () => {
    const cases: [NotificationDestinationXml[], string][] = [
      [
        [dest({ events: ['s3:ObjectCreated:Bogus'] })],
        'The event is not supported for notifications',
      ],
      [[dest({ events: ['ObjectCreated:*'] })], 'The event is not supported for notifications'],
      [[dest({ arn: 'arn:other' })], 'Unable to validate the following destination configurations'],
      [
        [dest({ filterRules: [{ name: 'infix', value: 'x' }] })],
        'filter rule name must be either prefix or suffix',
      ],
      [
        [
          dest({
            filterRules: [
              { name: 'prefix', value: 'a' },
              { name: 'Prefix', value: 'b' },
            ],
          }),
        ],
        'Cannot specify more than one prefix rule in a filter.',
      ],
      [
        [dest({ id: 'x' }), dest({ id: 'x', events: ['s3:ObjectRemoved:*'] })],
        'Configuration ID must be unique',
      ],
    ];
    for (const [destinations, message] of cases) {
      expect(errorOf(() => rules(...destinations))).toMatchObject({
        code: 'InvalidArgument',
        message,
      });
    }
  });

  it('refuses configurations sharing an event type for keys both can match, and allows disjoint ones', () => {
    const overlap =
      'Configurations overlap. Configurations on the same bucket cannot share a common event type.';
    const p = (prefix: string, suffix?: string) => [
      { name: 'prefix', value: prefix },
      ...(suffix === undefined ? [] : [{ name: 'suffix', value: suffix }]),
    ];
    expect(
      errorOf(() => rules(dest({}), dest({ events: ['s3:ObjectCreated:Put'] }))),
    ).toMatchObject({
      message: overlap,
    });
    expect(
      errorOf(() => rules(dest({ filterRules: p('a/') }), dest({ filterRules: p('a/b') }))),
    ).toMatchObject({
      message: overlap,
    });
    expect(rules(dest({ filterRules: p('a/') }), dest({ filterRules: p('b/') }))).toHaveLength(2);
    expect(
      rules(dest({ filterRules: p('a/', '.gz') }), dest({ filterRules: p('a/', '.txt') })),
    ).toHaveLength(2);
    expect(rules(dest({}), dest({ events: ['s3:ObjectRemoved:*'] }))).toHaveLength(2);
  });

  it('answers 501 for EventBridge and for S3 events Strata never reports', () => {
    expect(
      errorOf(() => toNotificationRules({ destinations: [], eventBridge: true }, resolve)),
    ).toMatchObject({ code: 'NotImplemented' });
    for (const event of [
      's3:ObjectRestore:*',
      's3:Replication:OperationFailedReplication',
      's3:ObjectAcl:Put',
    ]) {
      expect(errorOf(() => rules(dest({ events: [event] })))).toMatchObject({
        code: 'NotImplemented',
        message: `Strata does not report ${event} events.`,
      });
    }
    expect(rules()).toEqual([]);
  });

  it('takes up to 1000 configurations and refuses more', () => {
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        dest({ id: `c${i}`, filterRules: [{ name: 'prefix', value: `p${i}/` }] }),
      );
    expect(rules(...many(1000))).toHaveLength(1000);
    expect(errorOf(() => rules(...many(1001)))).toMatchObject({
      code: 'InvalidArgument',
      message: 'A bucket takes at most 1000 notification configurations',
    });
  });
});
