import { useState, type FormEvent } from 'react';
import { logIn } from '../../api/auth.ts';
import { errorMessage } from '../../../../server/api/shared.ts';
import './styles.css';

export interface LoginPageProps {
  /** Called once the server accepted the login (the session cookie is set). */
  onLoggedIn(): void;
}

/** Shown instead of the editor until someone logs in. */
export function LoginPage({ onLoggedIn }: LoginPageProps) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await logIn(username, password);
      onLoggedIn();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <main className="login-page">
      <form className="login-form" onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
        <h1 id="login-title">Patchbay</h1>
        <label>
          Username
          <input name="username" autoComplete="username" autoFocus required value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error && <p className="login-error" role="alert">{error}</p>}
        <button type="submit" disabled={busy}>{busy ? 'Logging in…' : 'Log in'}</button>
        <p className="login-hint">First start? Open the one-time <code>login:</code> link Patchbay printed, or start it with <code>PATCHBAY_ADMIN_PASSWORD</code> set.</p>
      </form>
    </main>
  );
}
