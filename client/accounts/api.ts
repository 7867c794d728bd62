import type { SessionInfo } from '../../sync/index.ts';
import { graphql, NetworkError, request, type ResultOf } from '../shared/graphql.ts';

const ME_FIELDS = graphql(`
  fragment MeFields on Me @_unmask {
    userId lastName firstName patronymic
    roles { schoolId role classId }
    diaryStudents { id lastName firstName classId className }
    school { id name timeZone }
  }
`);

const SIGN_IN = graphql(
  `mutation SignIn($phone: String!, $password: String!) { signIn(phone: $phone, password: $password) { ...MeFields } }`,
  [ME_FIELDS],
);
const ME = graphql(`query Me { me { ...MeFields } }`, [ME_FIELDS]);
const SIGN_OUT = graphql(`mutation SignOut { signOut }`);

/** The schema's `Me` is what the device keeps as SessionInfo: this fails to compile if they part. */
const sameShape = (me: ResultOf<typeof ME_FIELDS>): SessionInfo => me;

export async function signIn(phone: string, password: string): Promise<SessionInfo> {
  return sameShape((await request(SIGN_IN, { phone, password })).signIn);
}

/** The server's view of this device's session: the person, null when signed out, or 'offline'. */
export async function fetchMe(): Promise<SessionInfo | null | 'offline'> {
  try {
    const { me } = await request(ME);
    return me && sameShape(me);
  } catch (e) {
    if (e instanceof NetworkError) return 'offline';
    throw e;
  }
}

export async function signOutOnServer(): Promise<void> {
  await request(SIGN_OUT);
}
