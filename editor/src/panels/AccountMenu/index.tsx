import { useState, type FormEvent } from 'react';
import type { MeResponse } from '../../../../server/api/contract.ts';
import { errorMessage } from '../../../../server/api/shared.ts';
import { changePassword, logOut } from '../../api/auth.ts';
import { Dialog } from '../Dialog/index.tsx';
import './styles.css';

export interface AccountMenuProps {
  me: MeResponse;
}

/** Who is logged in, a way to set or change the password, and Log out. Nothing when login is off. */
export function AccountMenu({ me }: AccountMenuProps) {
  const [changing, setChanging] = useState(!me.passwordSet);
  if (!me.authEnabled) return null;
  const leave = async () => {
    await logOut();
    location.reload();
  };
  return (
    <span className="account-menu">
      <span className="account-user" title={`Logged in as ${me.user} (${me.role})`}>{me.user}{me.role === 'viewer' ? ' (viewer)' : ''}</span>
      <button type="button" onClick={() => setChanging(true)}>Password</button>
      <button type="button" onClick={() => void leave()}>Log out</button>
      {changing && <PasswordDialog needsCurrent={me.passwordSet} onClose={() => setChanging(false)} />}
    </span>
  );
}

function PasswordDialog({ needsCurrent, onClose }: { needsCurrent: boolean; onClose(): void }) {
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (password !== repeated) return setError('The two passwords differ.');
    try {
      await changePassword(needsCurrent ? current : undefined, password);
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <Dialog title={needsCurrent ? 'Change your password' : 'Set a password'} onClose={onClose}>
      <form className="password-form" onSubmit={(e) => void submit(e)}>
        {!needsCurrent && <p>You logged in with the one-time link. Set a password to log in next time.</p>}
        {needsCurrent && (
          <label>Current password<input type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} /></label>
        )}
        <label>New password<input type="password" autoComplete="new-password" minLength={8} required value={password} onChange={(e) => setPassword(e.target.value)} /></label>
        <label>Repeat it<input type="password" autoComplete="new-password" required value={repeated} onChange={(e) => setRepeated(e.target.value)} /></label>
        {error && <p className="password-error" role="alert">{error}</p>}
        <button type="submit">Save password</button>
      </form>
    </Dialog>
  );
}
