// Logging in and out. The session lives in an httpOnly cookie the server sets: the editor never
// sees the token, and socket.io sends the cookie with its handshake.
import type { LoginResponse, MeResponse } from '../../../server/api/contract.ts';
import { ApiError, apiCall } from './rest.ts';

/** Who is logged in, or null when nobody is (the login page shows). */
export async function currentUser(): Promise<MeResponse | null> {
  try {
    return await apiCall<MeResponse>('GET', '/api/auth/me');
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export function logIn(username: string, password: string): Promise<LoginResponse> {
  return apiCall<LoginResponse>('POST', '/api/auth/login', { body: { username, password } });
}

export async function logOut(): Promise<void> {
  await apiCall<unknown>('POST', '/api/auth/logout', { body: {} });
}

/** Sets the logged-in user's password; `current` is needed once one is set. */
export async function changePassword(current: string | undefined, password: string): Promise<void> {
  await apiCall<unknown>('PUT', '/api/auth/password', { body: { current, password } });
}
