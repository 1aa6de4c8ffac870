import type { AccessKey } from '../config/access-keys.js';
import { ownerIdOf } from '../config/access-keys.js';
import type { AccessScope } from '../auth/access-control.js';

/**
 * What a configured key acts as: its tenant's canonical id (the owner of what it creates), its
 * buckets when it is a bucket's own key, and the principal policies name it by, an IAM user of
 * its tenant's account (`arn:aws:iam::<account>:user/<user>`, `aws:username` the user,
 * `aws:userid` the access key id).
 */
export function scopeOfKey(key: AccessKey): AccessScope {
  const owner = ownerIdOf(key.tenant);
  const user = key.user ?? key.accessKeyId;
  return {
    owner,
    tenant: key.tenant,
    buckets: key.buckets,
    principal: {
      type: 'user',
      account: key.account,
      canonicalId: owner,
      arn: `arn:aws:iam::${key.account}:user/${user}`,
      userName: user,
      userId: key.accessKeyId,
    },
  };
}
