/**
 * Page tracking: the load itself was recorded by the session call; here the time spent on each page
 * is sent when it is hidden for good (pagehide, as a beacon that survives the unload), and every
 * single-page-app navigation (pushState, back/forward) is a new page view. Beacons are text/plain,
 * a simple request, so nothing waits for a CORS preflight while the page goes away. `viewed` gets
 * each new page view with the seconds on it after which to ask for a proactive greeting. Returns the
 * poster, for the trigger calls (text/plain too: no preflight).
 */
export function trackPages(base: string, token: string, firstVisitId: number | null, viewed: (visitId: number, waits: number[]) => void) {
  let visitId = firstVisitId;
  let since = Date.now();
  let url = location.href;
  const left = () => (visitId ? { pageVisitId: visitId, seconds: (Date.now() - since) / 1000 } : undefined);
  // The answer's JSON, or undefined when the call failed (the widget carries on without it).
  const send = (path: string, body: object) =>
    fetch(base + path, { method: 'POST', body: JSON.stringify({ token, ...body }), keepalive: true })
      .then((res) => res.json())
      .catch(() => {});

  /** A new page view; `leaving` reports the time spent on the page before it. */
  const view = (leaving: boolean) => {
    url = location.href;
    const report = { url, title: document.title, left: leaving ? left() : undefined };
    visitId = null;
    since = Date.now();
    send('/api/widget/pages', report).then((b) => b && viewed((visitId = b.pageVisitId), b.triggerWaits));
  };
  const navigated = () => location.href !== url && view(true);
  const push = history.pushState;
  history.pushState = function (...args: Parameters<History['pushState']>) {
    push.apply(this, args);
    // The app usually sets the new title right after pushState.
    setTimeout(navigated, 50);
  };
  addEventListener('popstate', () => setTimeout(navigated, 50));
  addEventListener('pagehide', () => {
    const report = left();
    if (report) navigator.sendBeacon(`${base}/api/widget/pages/leave`, JSON.stringify({ token, ...report }));
  });
  // Back from the back/forward cache: the page is shown again without a load, so it is a page view
  // of its own (its time on page was sent on hide), which also keeps the visitor online: the
  // page-hide beacon started the offline grace.
  addEventListener('pageshow', (ev) => ev.persisted && view(false));
  return send;
}
