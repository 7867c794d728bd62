/** The accounts operations, loaded on first use by ./api.ts (gql.tada's parser stays off the first load). */
import type { SessionInfo } from '../../sync/index.ts';
import { graphql, type ResultOf } from '../shared/graphql.ts';

const ME_FIELDS = graphql(`
  fragment MeFields on Me @_unmask {
    userId lastName firstName patronymic
    roles { schoolId role classId }
    diaryStudents { id lastName firstName classId className }
    school { id name timeZone }
  }
`);

export const SIGN_IN = graphql(
  `mutation SignIn($phone: String!, $password: String!) { signIn(phone: $phone, password: $password) { ...MeFields } }`,
  [ME_FIELDS],
);
export const ME = graphql(`query Me { me { ...MeFields } }`, [ME_FIELDS]);
export const SIGN_OUT = graphql(`mutation SignOut { signOut }`);

/** The schema's `Me` is what the device keeps as SessionInfo: this fails to compile if they part. */
export const asSessionInfo = (me: ResultOf<typeof ME_FIELDS>): SessionInfo => me;
