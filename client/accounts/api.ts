import type { SessionInfo } from '../../sync/index.ts';
import { NetworkError, request } from '../shared/request.ts';

/** The documents, loaded on first use; offline before that chunk was cached counts as no network. */
const operations = () =>
  import('./operations.ts').catch((e: unknown) => {
    throw new NetworkError(String(e));
  });

export async function signIn(phone: string, password: string): Promise<SessionInfo> {
  const { SIGN_IN, asSessionInfo } = await operations();
  return asSessionInfo((await request(SIGN_IN, { phone, password })).signIn);
}

/** The server's view of this device's session: the person, null when signed out, or 'offline'. */
export async function fetchMe(): Promise<SessionInfo | null | 'offline'> {
  try {
    const { ME, asSessionInfo } = await operations();
    const { me } = await request(ME);
    return me && asSessionInfo(me);
  } catch (e) {
    if (e instanceof NetworkError) return 'offline';
    throw e;
  }
}

export async function signOutOnServer(): Promise<void> {
  const { SIGN_OUT } = await operations();
  await request(SIGN_OUT);
}
