import type { PolicyPrincipal } from '../policy-request.js';

const ROOT_SUFFIX = ':root';

/** The name in a user ARN (`arn:aws:iam::111122223333:user/division/alice` → `alice`). */
function userNameOf(arn: string): string | undefined {
  const at = arn.indexOf(':user/');
  return at < 0 ? undefined : arn.slice(arn.lastIndexOf('/') + 1);
}

/**
 * The value of a principal condition key for `principal` (AWS global condition context keys):
 * `aws:PrincipalType` (`Anonymous`, `Account` for a root, `User`), `aws:PrincipalAccount`,
 * `aws:PrincipalArn`, `aws:username` (users only) and `aws:userid` (the account id for a root).
 * An anonymous request has only `aws:PrincipalType`.
 */
export function principalValue(principal: PolicyPrincipal, key: string): string | undefined {
  if (principal.type === 'anonymous') {
    return key === 'aws:principaltype' ? 'Anonymous' : undefined;
  }
  const root = principal.arn.endsWith(ROOT_SUFFIX);
  switch (key) {
    case 'aws:principaltype':
      return root ? 'Account' : 'User';
    case 'aws:principalaccount':
      return principal.account;
    case 'aws:principalarn':
      return principal.arn;
    case 'aws:username':
      return root ? undefined : (principal.userName ?? userNameOf(principal.arn));
    case 'aws:userid':
      return principal.userId ?? (root ? principal.account : undefined);
    default:
      return undefined;
  }
}
