/**
 * Calls `onOrphaned` once when the process that started this one has exited (this process was
 * handed to init or a subreaper). npm (npx, `npm start`) runs livechat through `sh -c`: a SIGTERM
 * to npm reaches the shell, which dies without passing it on, and the server would keep serving
 * with its pid file. Checking the parent id is the portable way to notice (Linux's
 * PR_SET_PDEATHSIG is not reachable from Node). The timer does not keep the process alive.
 */
export function followParent(onOrphaned: () => void, intervalMs = 500): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onOrphaned();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
