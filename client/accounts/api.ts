import { SESSION_ME_FIELDS, type SessionInfo } from '../../sync/index.ts';
import { fromGraphQLError, NETWORK, type ErrorParams, type UserError } from '../shared/user-error.ts';

/**
 * The server refused: its code and parameters (shown through the catalogs, in the language of the
 * moment); `message` is the server's own wording, for logs.
 */
export class ApiError extends Error implements UserError {
  readonly code: string;
  readonly params: ErrorParams;
  constructor(error: { message: string; extensions?: Record<string, unknown> }) {
    super(error.message);
    const { code, params } = fromGraphQLError(error);
    this.code = code;
    this.params = params;
  }
}

/** The server could not be reached at all. */
export class NetworkError extends Error implements UserError {
  readonly code = NETWORK;
  readonly params: ErrorParams = {};
}

/** One GraphQL request to the API over HTTP; a refusal throws ApiError, no answer NetworkError. */
export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new NetworkError('network');
  }
  const body = (await response.json().catch(() => null)) as {
    data?: T;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  } | null;
  if (!body) throw new NetworkError(`status ${response.status}`);
  const error = body.errors?.[0];
  if (error) throw new ApiError(error);
  return body.data as T;
}

export async function signIn(phone: string, password: string): Promise<SessionInfo> {
  const data = await gql<{ signIn: SessionInfo }>(
    `mutation SignIn($phone: String!, $password: String!) { signIn(phone: $phone, password: $password) { ${SESSION_ME_FIELDS} } }`,
    { phone, password },
  );
  return data.signIn;
}

/** The server's view of this device's session: the person, null when signed out, or 'offline'. */
export async function fetchMe(): Promise<SessionInfo | null | 'offline'> {
  try {
    return (await gql<{ me: SessionInfo | null }>(`query Me { me { ${SESSION_ME_FIELDS} } }`)).me;
  } catch (e) {
    if (e instanceof NetworkError) return 'offline';
    throw e;
  }
}

export async function signOutOnServer(): Promise<void> {
  await gql<{ signOut: boolean }>('mutation SignOut { signOut }');
}
